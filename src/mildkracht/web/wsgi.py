"""The WSGI application that `mildkracht serve` hands to granian (or any WSGI server).

Behind a reverse proxy (settings.TRUSTED_PROXIES), the client's address and the scheme it
used come from the proxy's X-Forwarded-For and X-Forwarded-Proto, through granian's own
helper; from any other address those headers are ignored.
"""

import os
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mildkracht.web.settings")
django_application = get_wsgi_application()


def _behind_trusted_proxies(app: Any) -> Any:
    if not settings.TRUSTED_PROXIES:
        return app
    from granian.utils.proxies import wrap_wsgi_with_proxy_headers

    return wrap_wsgi_with_proxy_headers(app, trusted_hosts=list(settings.TRUSTED_PROXIES))


application = _behind_trusted_proxies(django_application)
