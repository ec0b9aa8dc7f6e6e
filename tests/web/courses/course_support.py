"""A course with a teacher (signed in with a second factor), participants and their answers."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.courses import actions
from mildkracht.web.courses.actions import CourseDetails
from mildkracht.web.courses.teachers import make_teacher
from mildkracht.web.practice.models import PracticeSession

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}
START = date(2026, 3, 2)


def scs_answers(positive: int, negative: int) -> dict[int, int]:
    return {n: (negative if n in SCS_NEGATIVE else positive) for n in range(1, 27)}


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), AMSTERDAM)


def take(user: User, instrument_id: str, answers: dict, when: datetime) -> Assessment:
    assessment, missing = record_assessment(user, instrument_id, answers)
    assert missing == []
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when, created_at=when)
    return assessment


def practise(user: User, when: datetime, minutes: float) -> PracticeSession:
    return PracticeSession.objects.create(
        owner=user, kind="formal", source="manual", started_at=when, seconds=int(minutes * 60)
    )


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` makes ``timezone.now()`` return ``moment`` from then on."""

    def set_now(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return set_now


@pytest.fixture
def teacher(db) -> User:
    user = User.objects.create_user("juf", password="a calm lake at dawn")
    make_teacher(user)
    return user


@pytest.fixture
def verified_teacher_client(client, teacher):
    """A teacher's browser, signed in with password and a confirmed TOTP device."""
    device = TOTPDevice.objects.create(user=teacher, name="phone", confirmed=True)
    client.force_login(teacher)
    response = client.post("/courses/two-factor/", {"token": totp_now(device), "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def course(teacher):
    details = CourseDetails(name="Voorjaar", language="nl", start=START, session_time=time(19, 30))
    return actions.create_course(teacher, details)


def join_people(course, count: int, prefix: str = "p") -> list[User]:
    invitation = actions.new_invitation(course, at(START - timedelta(days=7)))
    people = []
    for number in range(count):
        person = User.objects.create_user(f"{prefix}{number}", password="a calm lake at dawn")
        actions.join(person, invitation, at(START - timedelta(days=3)))
        people.append(person)
    return people
