"""What a person does with the program, shared by views, commands and tests."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, time

from django.db import transaction

from mildkracht.core.practices import schedule
from mildkracht.core.practices.errors import ScheduleError
from mildkracht.web.accounts.models import User
from mildkracht.web.program.models import CalendarFeed, Enrolment, Pause, ReminderSettings


class ProgramActionError(Exception):
    """Something a person asked that the program cannot do; the message can be shown."""


@transaction.atomic
def enrol(user: User, start: date) -> Enrolment:
    """Enrol ``user`` from ``start``; enrolling again starts afresh (pauses are cleared)."""
    enrolment, created = Enrolment.objects.get_or_create(owner=user, defaults={"start": start})
    if not created:
        enrolment.pauses.all().delete()
        enrolment.start = start
        enrolment.save(update_fields=["start"])
    return enrolment


@transaction.atomic
def pause(enrolment: Enrolment, today: date) -> Enrolment:
    """Put the program on hold from ``today``."""
    try:
        schedule.pause(enrolment.schedule(), today)
    except ScheduleError as error:
        raise ProgramActionError(str(error)) from error
    Pause.objects.create(enrolment=enrolment, start=today)
    return enrolment


@transaction.atomic
def resume(enrolment: Enrolment, today: date) -> Enrolment:
    """End the open pause: ``today`` counts as a program day again."""
    open_pause = enrolment.pauses.filter(end__isnull=True).first()
    if open_pause is None:
        raise ProgramActionError("the program is not paused")
    if today <= open_pause.start:
        # Resumed on the day it was paused: the pause had no paused day at all.
        open_pause.delete()
        return enrolment
    open_pause.end = today
    open_pause.save(update_fields=["end"])
    return enrolment


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@transaction.atomic
def renew_calendar_feed(user: User) -> str:
    """A new secret feed token for ``user``; the old address stops working at once.

    Only the token's hash is kept, so the token is returned once, to be shown once.
    """
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(owner=user, defaults={"token_hash": hash_token(token)})
    return token


def stop_calendar_feed(user: User) -> None:
    CalendarFeed.objects.filter(owner=user).delete()


def save_reminder_settings(
    user: User, practice_time: time | None, email_reminders: bool
) -> ReminderSettings:
    found, _ = ReminderSettings.objects.update_or_create(
        owner=user,
        defaults={"practice_time": practice_time, "email_reminders": email_reminders},
    )
    return found
