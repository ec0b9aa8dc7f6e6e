"""A practice or moment made offline is sent with an id of its own, and kept once."""

import uuid

import pytest
from ninja import NinjaAPI
from ninja.security import SessionAuth
from ninja.testing import TestClient

from mildkracht.web.practice.api import router
from mildkracht.web.practice.models import Moment, PracticeSession

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api():
    mounted = NinjaAPI(urls_namespace="practice-client-id-test", auth=[SessionAuth()])
    mounted.add_router("/", router)
    return TestClient(mounted)


def _practice(client_id: str) -> dict[str, object]:
    return {
        "client_id": client_id,
        "exercise_id": "soothing-touch",
        "source": "player",
        "started_at": "2026-05-01T08:00:00+02:00",
        "seconds": 300,
    }


def test_a_practice_sent_twice_is_logged_once(api, owner):
    client_id = str(uuid.uuid4())
    first = api.post("/practice/sessions", json=_practice(client_id), user=owner)
    again = api.post("/practice/sessions", json=_practice(client_id), user=owner)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    session = PracticeSession.objects.get()
    assert (session.source, session.seconds, str(session.client_id)) == ("player", 300, client_id)


def test_a_moment_sent_twice_is_noted_once(api, owner):
    moment = {"client_id": str(uuid.uuid4()), "kind": "break", "at": "2026-05-01T09:00:00Z"}
    first = api.post("/practice/moments", json=moment, user=owner)
    again = api.post("/practice/moments", json=moment, user=owner)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Moment.objects.count() == 1


def test_two_practices_with_their_own_ids_are_both_logged(api, owner):
    for _ in range(2):
        api.post("/practice/sessions", json=_practice(str(uuid.uuid4())), user=owner)
    assert PracticeSession.objects.count() == 2


def test_another_persons_id_makes_a_row_of_ones_own(api, owner, outsider):
    client_id = str(uuid.uuid4())
    api.post("/practice/moments", json={"client_id": client_id, "kind": "need"}, user=owner)
    response = api.post(
        "/practice/moments", json={"client_id": client_id, "kind": "touch"}, user=outsider
    )
    assert response.status_code == 201
    assert Moment.objects.get(owner=outsider).kind == "touch"
    assert Moment.objects.get(owner=owner).kind == "need"


def test_an_id_that_is_not_a_uuid_is_refused(api, owner):
    response = api.post("/practice/moments", json={"client_id": "1", "kind": "need"}, user=owner)
    assert response.status_code == 422
    assert not Moment.objects.exists()
