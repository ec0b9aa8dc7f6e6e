"""Django's locale, common and message middleware run for pages; the API goes past them."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from mildkracht.web.assessments import tokens
from mildkracht.web.middleware import (
    API_PREFIX,
    PageLocaleMiddleware,
    PageMessageMiddleware,
)


def _seen_by_the_view(middleware_class: type, path: str) -> dict[str, object]:
    seen: dict[str, object] = {}

    def view(request):
        seen["messages"] = hasattr(request, "_messages")
        seen["language"] = getattr(request, "LANGUAGE_CODE", None)
        return HttpResponse("ok")

    request = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="en")
    request.session = {}
    seen["response"] = middleware_class(view)(request)
    return seen


def test_the_api_is_mounted_where_the_middleware_looks_for_it(client, db):
    assert API_PREFIX == "/api/"
    assert client.get("/api/openapi.json").status_code == 200


@pytest.mark.parametrize("path", ["/help/", "/accounts/settings/", "/apiary/"])
def test_pages_get_messages_and_a_language_from_the_middleware(path):
    assert _seen_by_the_view(PageMessageMiddleware, path)["messages"] is True
    assert _seen_by_the_view(PageLocaleMiddleware, path)["language"] == "en"


@pytest.mark.parametrize("path", ["/api/assessments", "/api/practice/moments"])
def test_the_api_goes_past_them(path):
    assert _seen_by_the_view(PageMessageMiddleware, path)["messages"] is False
    seen = _seen_by_the_view(PageLocaleMiddleware, path)
    assert seen["language"] is None
    assert "Vary" not in seen["response"]


def test_a_page_without_its_slash_is_still_redirected(client, db):
    response = client.get("/help")
    assert response.status_code == 301
    assert response["Location"] == "/help/"


def test_an_api_answer_says_its_language_the_persons_not_the_browsers(owner, db):
    owner.language = "en"
    owner.save()
    _record, token = tokens.create_token(owner, "script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="nl")
    response = client.get("/api/instruments/scs")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert response.json()["language"] == "en"
    assert "Accept-Language" not in response.get("Vary", "")
    # Its length is given (else the server would send the answer in chunks).
    assert response["Content-Length"] == str(len(response.content))


def test_every_kind_of_api_answer_gives_its_length(client, db):
    for response in (client.get("/api/openapi.json"), client.get("/api/assessments")):
        assert response["Content-Length"] == str(len(response.content)), response.status_code


def test_a_session_brings_its_persons_language_and_zone_to_the_api(
    owner_client, owner, monkeypatch
):
    from datetime import UTC, datetime

    owner.language, owner.time_zone = "en", "Pacific/Kiritimati"  # UTC+14
    owner.save()
    sunday_noon_utc = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # already Monday there
    monkeypatch.setattr("django.utils.timezone.now", lambda: sunday_noon_utc)
    owner_client.cookies["django_language"] = "nl"
    week = owner_client.get("/api/practice/week")
    assert week.json()["week_start"] == "2026-03-16"
    assert week["Content-Language"] == "en"
    assert owner_client.get("/api/instruments/scs").json()["language"] == "en"


def test_a_token_call_reads_no_session_and_every_api_answer_is_kept_private(owner, db):
    _record, token = tokens.create_token(owner, "script")
    answered = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/assessments")
    assert answered.status_code == 200
    assert "Cookie" not in answered.get("Vary", "")  # the session was never looked at
    refused = Client().get("/api/assessments")
    assert refused.status_code == 401
    for response in (answered, refused):
        assert response["Cache-Control"] == "no-store"


@pytest.fixture
def sessions_opened(monkeypatch):
    """How many session stores requests open (for this test's requests)."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore  # ours, or Django's (PG)
    opened: list[str | None] = []
    original = store.__init__

    def counting(self, session_key=None):
        opened.append(session_key)
        original(self, session_key)

    monkeypatch.setattr(store, "__init__", counting)
    return opened


def test_a_call_with_a_token_opens_no_session(owner, sessions_opened):
    _record, token = tokens.create_token(owner, "script")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post(
        "/api/assessments",
        {"instrument": "swls", "answers": {str(n): 5 for n in range(1, 6)}},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert sessions_opened == []
    assert "Cookie" not in response.get("Vary", "") and not response.cookies


def test_a_call_known_by_its_session_still_opens_it(owner_client, sessions_opened):
    assert owner_client.get("/api/assessments").status_code == 200
    assert len(sessions_opened) == 1 and sessions_opened[0] is not None


def test_a_call_with_a_session_that_no_longer_holds_ends_it(owner_client, owner):
    session_key = owner_client.cookies["sessionid"].value
    owner.set_password("another calm lake, at dusk")  # sessions made before end
    owner.save()
    response = owner_client.get("/api/assessments")
    assert response.status_code == 401
    assert response.cookies["sessionid"].value == ""  # the session cookie is removed
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()


def test_a_page_opens_its_session_as_django_does(client, db, sessions_opened):
    assert client.get("/bench-less-page-that-is-not-there/").status_code == 404
    assert client.get("/help/").status_code == 200
    assert len(sessions_opened) == 2
