"""Kept parts of a person's pages: always their own, and new as soon as their data changes."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mildkracht.web import personal_cache
from mildkracht.web.accounts.models import User
from mildkracht.web.practice.models import Moment, PracticeSession


def _week_minutes(page: str) -> str:
    return re.search(r"(\d+) minuten geoefend deze week", page).group(1)


def _practise(person: User, minutes: int) -> PracticeSession:
    return PracticeSession.objects.create(
        owner=person, kind="formal", source="timer", started_at=timezone.now(), seconds=60 * minutes
    )


@pytest.fixture
def other(db, password) -> User:
    return User.objects.create_user("other", password=password)


def test_the_week_view_follows_a_new_an_edited_and_a_deleted_practice(owner_client, owner):
    session = _practise(owner, 12)
    assert _week_minutes(owner_client.get(reverse("practice:week")).content.decode()) == "12"
    session.seconds = 20 * 60
    session.save()
    assert _week_minutes(owner_client.get(reverse("practice:week")).content.decode()) == "20"
    _practise(owner, 5)
    assert _week_minutes(owner_client.get(reverse("practice:week")).content.decode()) == "25"
    session.delete()
    assert _week_minutes(owner_client.get(reverse("practice:week")).content.decode()) == "5"


def test_a_kept_part_is_never_another_persons(owner_client, owner, other):
    _practise(owner, 33)
    assert "33 minuten" in owner_client.get(reverse("practice:week")).content.decode()
    stranger = Client()
    stranger.force_login(other)
    page = stranger.get(reverse("practice:week")).content.decode()
    assert "33 minuten" not in page


def test_a_change_gives_a_new_version_and_another_persons_stays(owner, other):
    mine, theirs = personal_cache.data_version(owner.pk), personal_cache.data_version(other.pk)
    assert personal_cache.data_version(owner.pk) == mine  # kept while nothing changes
    Moment.objects.create(owner=owner, area="self", kind="break", at=timezone.now())
    assert personal_cache.data_version(owner.pk) != mine
    assert personal_cache.data_version(other.pk) == theirs


def test_a_forgotten_version_never_meets_an_old_part(owner):
    first = personal_cache.data_version(owner.pk)
    cache.clear()
    assert personal_cache.data_version(owner.pk) != first


def test_the_kept_part_speaks_the_language_chosen_now(owner_client, owner):
    _practise(owner, 7)
    assert "minuten geoefend" in owner_client.get(reverse("practice:week")).content.decode()
    owner.language = "en"
    owner.save()
    assert "minutes" in owner_client.get(reverse("practice:week")).content.decode()


def test_a_kept_part_is_kept_encrypted(owner_client, owner):
    from django.db import connection

    _practise(owner, 47)
    assert "47 minuten" in owner_client.get(reverse("practice:week")).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM mildkracht_shared_cache")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored
    import base64
    import pickle

    for value in stored:
        kept = pickle.loads(base64.b64decode(value))
        assert "minuten" not in str(kept)
