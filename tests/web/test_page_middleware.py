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
