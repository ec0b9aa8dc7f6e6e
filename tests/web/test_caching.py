"""Sessions, people and API tokens cached in the process (SQLite): never a stale answer here.

Every change made through this process shows at once; a change made behind its back (another
process on the same data) shows within the cache's minute.
"""

import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments import tokens

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.CACHE_PEOPLE, reason="only with SQLite: one process"),
]


def _signed_in(client: Client) -> bool:
    return client.get(reverse("assessments:profile")).status_code == 200


def test_entries_live_at_most_a_minute_whatever_is_asked():
    cache = caches["people"]
    now = time.time()
    assert cache.get_backend_timeout(3600) <= now + 61
    assert cache.get_backend_timeout(None) <= now + 61
    assert cache.get_backend_timeout(5) <= now + 6


def test_logging_out_ends_the_session_at_once(owner_client):
    assert _signed_in(owner_client)
    owner_client.post(reverse("accounts:logout"))
    assert not _signed_in(owner_client)


def test_a_new_language_shows_on_the_next_page(owner_client, owner):
    assert "Instellingen" in owner_client.get(reverse("pages:help")).content.decode()
    owner_client.post(reverse("accounts:language"), {"language": "en", "next": "/help/"})
    assert ">Settings</a>" in owner_client.get(reverse("pages:help")).content.decode()


def test_a_deactivated_person_is_signed_out_at_once(owner_client, owner):
    assert _signed_in(owner_client)
    owner.is_active = False
    owner.save()
    assert not _signed_in(owner_client)


def test_a_new_password_ends_the_other_sessions_at_once(owner_client, owner):
    assert _signed_in(owner_client)
    owner.set_password("another calm lake, later")
    owner.save()
    assert not _signed_in(owner_client)


def test_a_change_behind_the_process_shows_within_a_minute(owner_client, owner, monkeypatch):
    assert _signed_in(owner_client)
    # As another process would: straight to the database, no signal here.
    User.objects.filter(pk=owner.pk).update(is_active=False)
    assert _signed_in(owner_client)  # the cached copy, for now
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert not _signed_in(owner_client)


def _api_status(token: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/assessments").status_code


def test_a_revoked_token_stops_working_at_once(owner):
    record, token = tokens.create_token(owner, "script")
    assert _api_status(token) == 200
    assert tokens.revoke_token(owner, record.pk)
    assert _api_status(token) == 401


def test_a_token_of_a_deactivated_person_stops_working_at_once(owner):
    _record, token = tokens.create_token(owner, "script")
    assert _api_status(token) == 200
    owner.is_active = False
    owner.save()
    assert _api_status(token) == 401


def test_a_token_of_an_erased_person_stops_working_at_once(owner):
    _record, token = tokens.create_token(owner, "script")
    assert _api_status(token) == 200
    owner.delete()
    assert _api_status(token) == 401


def test_a_token_records_its_use_once_a_minute(owner, monkeypatch):
    record, token = tokens.create_token(owner, "script")
    assert _api_status(token) == 200
    record.refresh_from_db()
    first = record.last_used_at
    assert first is not None
    assert _api_status(token) == 200
    record.refresh_from_db()
    assert record.last_used_at == first


def test_a_change_announced_by_another_process_shows_at_once(owner_client, owner):
    from mildkracht.web import caching

    assert _signed_in(owner_client)
    User.objects.filter(pk=owner.pk).update(is_active=False)  # in "another process"
    assert _signed_in(owner_client)
    caching._announce()  # what that process does after its commit
    assert not _signed_in(owner_client)


@pytest.mark.parametrize("change", ["log out", "new password", "revoke token", "erase"])
def test_every_ending_is_announced_to_the_other_processes(
    owner_client, owner, settings, django_capture_on_commit_callbacks, change
):
    from pathlib import Path

    record, _token = tokens.create_token(owner, "script")
    generation = Path(settings.DATA_DIR) / "people.generation"
    before = generation.stat().st_size if generation.exists() else 0
    with django_capture_on_commit_callbacks(execute=True):
        if change == "log out":
            owner_client.post(reverse("accounts:logout"))
        elif change == "new password":
            owner.set_password("another calm lake, later")
            owner.save()
        elif change == "revoke token":
            tokens.revoke_token(owner, record.pk)
        else:
            owner.delete()
    assert generation.stat().st_size > before


def test_a_kept_person_is_handed_out_as_a_copy_of_its_own(owner):
    owner = User.objects.get(pk=owner.pk)  # as the backend reads a person
    cache = caches["people"]
    cache.set("person:test", owner)
    assert type(cache._cache[cache.make_key("person:test")]).__name__ == "_Kept"
    first, second = cache.get("person:test"), cache.get("person:test")
    assert first is not second and first is not owner
    assert (first.pk, first.username, first.language) == (owner.pk, "owner", owner.language)
    assert first._state.db == "default" and not first._state.adding
    first.language = "en"  # a request that changes its copy changes no one else's
    first._state.fields_cache["anything"] = object()
    assert cache.get("person:test").language == owner.language
    assert "anything" not in cache.get("person:test")._state.fields_cache
    owner.language = "xx"  # nor does the one who kept it, afterwards
    assert cache.get("person:test").language != "xx"
    first.save()  # a copy is a full instance: it saves as the person
    assert User.objects.get(pk=owner.pk).language == "en"


def test_a_tokens_record_is_kept_as_it_is_and_anything_else_is_pickled():
    from datetime import UTC, datetime

    cache = caches["people"]
    record = (1, 2, datetime(2026, 11, 28, tzinfo=UTC))
    cache.set("token:test", record)
    assert cache.get("token:test") == record
    session = {"_auth_user_id": "1", "list": [1, 2]}
    cache.set("session:test", session)
    read = cache.get("session:test")
    read["list"].append(3)
    assert cache.get("session:test") == {"_auth_user_id": "1", "list": [1, 2]}
    cache.set("mixed:test", (1, [2]))  # a tuple holding a list: pickled, never shared
    cache.get("mixed:test")[1].append(3)
    assert cache.get("mixed:test") == (1, [2])


def test_kept_values_expire_with_the_cache(owner, monkeypatch):
    cache = caches["people"]
    cache.set("person:test", owner)
    cache.set("token:test", (1, 2, None))
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert cache.get("person:test") is None and cache.get("token:test") is None


def test_new_cache_settings_are_followed(owner, settings):
    from mildkracht.web import caching

    caching.remember("person:test", owner)
    assert caching.remembered("person:test") is not None
    settings.CACHES = {
        **settings.CACHES,
        "people": {**settings.CACHES["people"], "LOCATION": "people-elsewhere"},
    }
    assert caching.remembered("person:test") is None  # a cache of its own, empty


def test_a_person_holding_something_a_copy_would_share_is_pickled(owner):
    cache = caches["people"]
    owner = User.objects.get(pk=owner.pk)  # plain, as the backend reads a person
    owner.notes = {"kept": [1]}  # and a value that can change in place
    cache.set("person:test", owner)
    cache.get("person:test").notes["kept"].append(2)
    assert cache.get("person:test").notes == {"kept": [1]}


def test_a_plain_person_and_a_tokens_record_are_kept_unpickled(owner):
    from mildkracht.web.caching import _Kept

    cache = caches["people"]
    cache.set("person:test", User.objects.get(pk=owner.pk))  # as the backend reads a person
    cache.set("token:test", (1, 2, None))
    cache.set("session:test", {"a": 1})
    stored = {k: cache._cache[cache.make_key(f"{k}:test")] for k in ("person", "token", "session")}
    assert type(stored["person"]) is _Kept and type(stored["token"]) is _Kept
    assert type(stored["session"]) is bytes  # pickled, as Django keeps it
