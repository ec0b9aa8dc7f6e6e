"""The practice router of the JSON API (practice/api.py), tested on its own."""

import pytest
from django.db import connection
from ninja import NinjaAPI
from ninja.security import SessionAuth
from ninja.testing import TestClient

from mildkracht.core.practices.library import library
from mildkracht.web.practice.api import router
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api():
    """The router mounted as web/api.py mounts it: every operation needs a person."""
    mounted = NinjaAPI(urls_namespace="practice-api-test", auth=[SessionAuth()])
    mounted.add_router("/", router)
    return TestClient(mounted)


def test_the_exercises_can_be_listed_and_filtered(api, owner):
    everything = api.get("/practice/exercises", user=owner).json()
    assert len(everything) == len(library())
    fierce = api.get("/practice/exercises?side=fierce&lang=en", user=owner).json()
    assert fierce and {e["side"] for e in fierce} == {"fierce"}
    assert fierce[0]["title"] == library()[fierce[0]["id"]].title.en
    assert api.get("/practice/exercises?side=grumpy", user=owner).status_code == 422


def test_a_session_is_logged_listed_and_deleted(api, owner):
    response = api.post(
        "/practice/sessions",
        json={
            "exercise_id": "kind-letter",
            "started_at": "2026-05-01T08:00:00+02:00",
            "seconds": 900,
            "note": "brief",
        },
        user=owner,
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["exercise_id"], created["seconds"], created["note"]) == (
        "kind-letter",
        900,
        "brief",
    )
    assert [s["id"] for s in api.get("/practice/sessions", user=owner).json()] == [created["id"]]
    assert api.delete(f"/practice/sessions/{created['id']}", user=owner).status_code == 204
    assert not PracticeSession.objects.exists()


def test_a_moment_and_the_week(api, owner):
    response = api.post("/practice/moments", json={"kind": "boundary", "area": "work"}, user=owner)
    assert response.status_code == 201
    week = api.get("/practice/week", user=owner).json()
    assert sum(day["moments"] for day in week["days"]) == 1
    assert week["goal_minutes"] == 20
    assert week["encouragement"]


def test_a_journal_entry_is_stored_encrypted_and_read_back(api, owner):
    response = api.post(
        "/journal/entries", json={"text": "alleen voor mij", "prompt": "need"}, user=owner
    )
    assert response.status_code == 201
    entry_id = response.json()["id"]
    assert api.get(f"/journal/entries/{entry_id}", user=owner).json()["text"] == "alleen voor mij"
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM practice_journalentry")
        assert "alleen" not in cursor.fetchone()[0]
    api.put(f"/journal/entries/{entry_id}", json={"text": "anders"}, user=owner)
    assert JournalEntry.objects.get().text == "anders"
    assert (
        api.post("/journal/entries", json={"text": "x", "prompt": "??"}, user=owner).status_code
        == 422
    )


def test_another_persons_things_are_not_found_in_the_api(
    api, owner_client, owners_things, outsider
):
    session, moment, entry = owners_things
    for method, path in [
        ("get", f"/practice/sessions/{session.pk}"),
        ("delete", f"/practice/sessions/{session.pk}"),
        ("delete", f"/practice/moments/{moment.pk}"),
        ("get", f"/journal/entries/{entry.pk}"),
        ("delete", f"/journal/entries/{entry.pk}"),
    ]:
        assert getattr(api, method)(path, user=outsider).status_code == 404, path
    response = api.put(f"/journal/entries/{entry.pk}", json={"text": "mine now"}, user=outsider)
    assert response.status_code == 404
    for path in ("/practice/sessions", "/practice/moments", "/journal/entries"):
        assert api.get(path, user=outsider).json() == [], path
    linked = api.post(
        "/journal/entries",
        json={"text": "x", "session": session.pk, "moment": moment.pk},
        user=outsider,
    ).json()
    assert (linked["session"], linked["moment"]) == (None, None)
    assert JournalEntry.objects.get(pk=entry.pk).text == "dear diary"
    assert Moment.objects.filter(pk=moment.pk).exists()


def test_a_token_brings_its_persons_time_zone(owner, monkeypatch):
    from datetime import UTC, datetime

    from django.test import Client

    from mildkracht.web.assessments import tokens

    owner.time_zone = "Pacific/Kiritimati"  # UTC+14: already Monday there
    owner.save()
    _record, token = tokens.create_token(owner, "script")
    sunday_noon_utc = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)  # Sunday in Amsterdam
    monkeypatch.setattr("django.utils.timezone.now", lambda: sunday_noon_utc)
    week = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/practice/week").json()
    assert week["week_start"] == "2026-03-16"  # the person's Monday, not Amsterdam's
