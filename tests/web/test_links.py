"""Every address the app hands out: from MILDKRACHT_BASE_URL, else from the request's host."""

import pytest
from django.test import RequestFactory

from mildkracht.web.links import PublicAddressError, normalise_base_url, public_url


def test_without_a_public_address_the_request_s_own_host_is_used(settings):
    settings.MILDKRACHT_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    request = RequestFactory().get("/", HTTP_HOST="192.168.1.20:8000")
    assert public_url(request, "/program/") == "http://192.168.1.20:8000/program/"


def test_the_public_address_wins_over_the_request_s_host(settings):
    settings.MILDKRACHT_BASE_URL = "https://mildkracht.example.org/course"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    url = public_url(request, "/program/calendar/abc.ics")
    assert url == "https://mildkracht.example.org/course/program/calendar/abc.ics"


def test_without_a_request_only_the_public_address_will_do(settings):
    settings.MILDKRACHT_BASE_URL = "https://mildkracht.example.org"
    assert public_url(None, "/") == "https://mildkracht.example.org/"
    settings.MILDKRACHT_BASE_URL = ""
    with pytest.raises(PublicAddressError, match="MILDKRACHT_BASE_URL"):
        public_url(None, "/")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://mildkracht.example.org/", "https://mildkracht.example.org"),
        (" http://192.168.1.20:8000 ", "http://192.168.1.20:8000"),
        ("https://example.org/mildkracht/", "https://example.org/mildkracht"),
    ],
)
def test_a_public_address_is_kept_without_its_trailing_slash(given, kept):
    assert normalise_base_url(given) == kept


@pytest.mark.parametrize(
    "given", ["mildkracht.example.org", "ftp://example.org", "https://", "https://x.org/?a=1"]
)
def test_something_that_is_no_address_is_refused_with_an_example(given):
    with pytest.raises(ValueError, match=r"https://mildkracht\.example\.org|no query"):
        normalise_base_url(given)
