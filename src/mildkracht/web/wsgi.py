"""The WSGI application that `mildkracht serve` hands to waitress."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mildkracht.web.settings")
application = get_wsgi_application()
