"""The app's URLs plus one bare view, for bench/web_benchmark.py only (never served otherwise).

The bare view goes through the same middleware and server as every page, and returns a
short string: the floor that the real pages are compared with.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from mildkracht.web.urls import handler404, handler500
from mildkracht.web.urls import urlpatterns as app_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *app_urlpatterns]
