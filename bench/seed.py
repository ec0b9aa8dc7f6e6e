"""People with a realistic history, for the benchmarks: made before the server starts.

Each person has taken the SCS three times over six months and three well-being
questionnaires, practised twice a day for two months, logged a moment a day, and is in
week 3 of the 8-week program. One more person owns the API token that submits answers.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

PASSWORD = "a calm lake at dawn, slowly"
HISTORY_DAYS = 60
SCS_ANSWERS = {str(number): number % 5 + 1 for number in range(1, 27)}
SUBMISSION = json.dumps({"instrument": "scs", "answers": SCS_ANSWERS})


def seed(data_dir: Path | None, people: int) -> str:
    """Prepare the database, make ``people`` people (person0, person1, ...); return a token.

    Their passwords are hashed with the app's own hasher (Argon2), as they would be."""
    from mildkracht.web.runtime import prepare

    prepare(data_dir, collect_static=True)
    from django.contrib.auth.hashers import make_password

    from mildkracht.web.accounts.models import User
    from mildkracht.web.assessments import tokens

    password = make_password(PASSWORD)
    for number in range(people):
        _history(User.objects.create(username=f"person{number}", password=password))
    submitter = User.objects.create(username="submitter", password=password)
    return tokens.create_token(submitter, "benchmark")[1]


def _history(person: object) -> None:
    from django.utils import timezone

    from mildkracht.core.instruments.registry import get_instrument
    from mildkracht.web.assessments import actions
    from mildkracht.web.assessments.models import Assessment
    from mildkracht.web.practice.models import Moment, PracticeSession
    from mildkracht.web.program.actions import enrol

    now = timezone.now()
    answers = {int(n): v for n, v in SCS_ANSWERS.items()}
    for months_ago, shift in ((6, -1), (4, 0), (0, 1)):
        varied = {n: min(5, max(1, v + shift)) for n, v in answers.items()}
        assessment, _ = actions.record_assessment(person, "scs", varied)
        when = now - timedelta(days=30 * months_ago)
        Assessment.objects.filter(pk=assessment.pk).update(created_at=when, submitted_at=when)
    for instrument_id, value in (("phq9", 1), ("swls", 5), ("shs", 5)):
        numbers = get_instrument(instrument_id).item_numbers
        actions.record_assessment(person, instrument_id, dict.fromkeys(numbers, value))
    PracticeSession.objects.bulk_create(
        PracticeSession(
            owner=person,
            exercise_id="soothing-touch",
            kind="formal" if repeat == 0 else "informal",
            source="player",
            started_at=now - timedelta(days=day, hours=3 * repeat),
            seconds=600 + 60 * repeat,
        )
        for day in range(HISTORY_DAYS)
        for repeat in range(2)
    )
    Moment.objects.bulk_create(
        Moment(owner=person, area="self", kind="break", at=now - timedelta(days=day))
        for day in range(HISTORY_DAYS)
    )
    enrol(person, (now - timedelta(days=15)).date())


def signed_in_sessions(people: int) -> list[str]:
    """A session key for each person, as a login would make it (without its Argon2 check:
    the benchmarks measure the pages, not 200 password checks at once)."""
    from django.test import Client

    from mildkracht.web.accounts.models import User

    keys = []
    for number in range(people):
        browser = Client()
        browser.force_login(User.objects.get(username=f"person{number}"))
        keys.append(browser.cookies["sessionid"].value)
    return keys
