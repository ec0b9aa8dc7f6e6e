"""The app plus one bare view, as granian's workers load it for the benchmarks only."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mildkracht.web.settings")

from django.conf import settings

settings.ROOT_URLCONF = "web_benchmark_urls"

from mildkracht.web.wsgi import application  # noqa: E402

__all__ = ["application"]
