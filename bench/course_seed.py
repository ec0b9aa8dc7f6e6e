"""Courses with a year behind them, for bench/course_benchmark.py: made before the server starts.

Each course has a teacher (two-step sign-in set up, with recovery codes for the benchmark's
logins) and its participants, who joined a few days before the start, answered the SCS at
the start, in week 8 and after 3, 6 and 12 months (scores drifting upwards, differently for
each person), practised on about two days in three since the start, and say they were at
about four in five sessions. One participant in ten has withdrawn consent to the figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PASSWORD = "a calm lake at dawn, slowly"
RECOVERY_CODES = 8
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}


@dataclass(frozen=True)
class Seeded:
    #: course id → the teacher's username and recovery codes (each works once)
    teachers: dict[int, tuple[str, list[str]]]
    #: course id → its participants' usernames
    participants: dict[int, list[str]]


def recovery_code(course: int, number: int) -> str:
    return f"bench{course:03d}{number:03d}"


def seed(data_dir: Path | None, courses: int, people: int) -> Seeded:
    """Prepare the database and make ``courses`` courses of ``people`` participants each."""
    from mildkracht.web.runtime import prepare

    prepare(data_dir, collect_static=True)
    from django.contrib.auth.hashers import make_password

    password = make_password(PASSWORD)
    today = datetime.now(AMSTERDAM).date()
    seeded = Seeded({}, {})
    for number in range(courses):
        # A year and a few weeks ago: every assessment point, month 12 included, has come.
        start = today - timedelta(days=372 + 7 * number)
        course_id, teacher, codes = _course(number, start, password)
        seeded.teachers[course_id] = (teacher, codes)
        seeded.participants[course_id] = _participants(
            course_id, number, people, start, today, password
        )
    return seeded


def _course(number: int, start: date, password: str) -> tuple[int, str, list[str]]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mildkracht.web.accounts.models import User
    from mildkracht.web.courses import actions
    from mildkracht.web.courses.teachers import make_teacher

    teacher = User.objects.create(username=f"teacher{number}", password=password)
    make_teacher(teacher)
    TOTPDevice.objects.create(user=teacher, name="phone", confirmed=True)
    static = StaticDevice.objects.create(user=teacher, name="recovery codes", confirmed=True)
    codes = [recovery_code(number, n) for n in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    details = actions.CourseDetails(
        name=f"Course {number}", language="nl", start=start, session_time=time(19, 30)
    )
    course = actions.create_course(teacher, details)
    return course.pk, teacher.username, codes


def _participants(
    course_id: int, number: int, people: int, start: date, today: date, password: str
) -> list[str]:
    from mildkracht.web.accounts.models import User
    from mildkracht.web.courses import actions
    from mildkracht.web.courses.models import Course

    course = Course.objects.get(pk=course_id)
    joined_at = datetime.combine(start - timedelta(days=3), time(12), AMSTERDAM)
    invitation = actions.new_invitation(course, joined_at - timedelta(days=4))
    generator = random.Random(number)
    names = []
    for person_number in range(people):
        name = f"c{number}p{person_number}"
        person = User.objects.create(username=name, password=password)
        membership = actions.join(person, invitation, joined_at)
        if person_number % 10 == 9:
            actions.set_consent(membership, figures=False, research=False)
        _assessments(person, course, generator)
        _practice(person, start, today, generator)
        names.append(name)
    _attendance(course, generator)
    return names


def _assessments(person: object, course: object, generator: random.Random) -> None:
    from mildkracht.core.practices import schedule
    from mildkracht.web.assessments.actions import record_assessment
    from mildkracht.web.assessments.models import Assessment

    kind, harsh = generator.randint(1, 3), generator.randint(3, 5)
    for step, (point, day) in enumerate(schedule.retest_dates(course.schedule()).items()):
        lift = min(step, generator.randint(0, 2))
        answers = {
            n: max(1, min(5, (harsh - lift) if n in SCS_NEGATIVE else (kind + lift)))
            for n in range(1, 27)
        }
        assessment, _ = record_assessment(person, "scs", answers, context=point)
        when = datetime.combine(day, time(20), AMSTERDAM)
        Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when, created_at=when)


def _practice(person: object, start: date, today: date, generator: random.Random) -> None:
    from mildkracht.web.practice.models import PracticeSession

    days = (today - start).days
    PracticeSession.objects.bulk_create(
        PracticeSession(
            owner=person,
            exercise_id="soothing-touch",
            kind="formal",
            source="player",
            started_at=datetime.combine(start + timedelta(days=day), time(7, 30), AMSTERDAM),
            seconds=60 * generator.randint(5, 30),
        )
        for day in range(days)
        if generator.random() < 0.65
    )


def _attendance(course: object, generator: random.Random) -> None:
    from mildkracht.web.courses.models import Attendance

    members = list(course.memberships.all())
    Attendance.objects.bulk_create(
        Attendance(membership=membership, session=session)
        for session in course.sessions.all()
        for membership in members
        if generator.random() < 0.8
    )
