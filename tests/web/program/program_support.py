"""A person with a history: assessments and practice at chosen moments, and a movable clock."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.models import PracticeSession

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# The SCS items of the three negative components (self-judgment, isolation, over-identification)
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}


def scs_answers(positive: int, negative: int) -> dict[int, int]:
    """Every positive item ``positive``, every negative item ``negative``.

    Total = mean(positive three times, 6 − negative three times).
    """
    return {n: (negative if n in SCS_NEGATIVE else positive) for n in range(1, 27)}


def local(*parts: int, zone: zoneinfo.ZoneInfo = AMSTERDAM) -> datetime:
    return datetime(*parts, tzinfo=zone)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` makes ``timezone.now()`` return ``moment`` from then on."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_now


@pytest.fixture
def person(db) -> User:
    user = User(username="anna", language="nl", time_zone="Europe/Amsterdam", email="a@example.org")
    user.set_password("a calm lake at dawn")
    user.save()
    return user


@pytest.fixture
def person_client(client, person):
    client.force_login(person)
    return client


@pytest.fixture
def outsider_client(client, db):
    other = User.objects.create_user("bram", password="another calm lake")
    client.force_login(other)
    return client


def take(user: User, instrument_id: str, answers: dict, when: datetime, context: str = ""):
    assessment, missing = record_assessment(user, instrument_id, answers, context=context)
    assert missing == []
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when, created_at=when)
    return assessment


def practise(user: User, when: datetime, minutes: int, formal: bool = True, exercise: str = ""):
    return PracticeSession.objects.create(
        owner=user,
        exercise_id=exercise,
        kind="formal" if formal else "informal",
        source="manual",
        started_at=when,
        seconds=minutes * 60,
    )
