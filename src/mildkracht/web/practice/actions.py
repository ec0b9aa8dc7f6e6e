"""Practice workflows shared by views, the API and commands."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mildkracht.core.practices.library import library
from mildkracht.core.practices.model import Mode
from mildkracht.web.accounts.models import User
from mildkracht.web.practice.models import (
    Moment,
    MomentArea,
    MomentKind,
    PracticeKind,
    PracticeSession,
    PracticeSettings,
    SessionSource,
)


def log_practice(user: User, exercise_id: str, seconds: int) -> PracticeSession:
    """Log a practice that ends now and lasted ``seconds``: guided, or with the timer.

    An informal exercise counts as practice in daily life; everything else as time set aside.
    """
    exercise = library().get(exercise_id) if exercise_id else None
    kind = (
        PracticeKind.INFORMAL
        if exercise and exercise.mode is Mode.INFORMAL
        else PracticeKind.FORMAL
    )
    return PracticeSession.objects.create(
        owner=user,
        exercise_id=exercise.id if exercise else "",
        exercise_version=exercise.version if exercise else "",
        kind=kind,
        source=SessionSource.PLAYER if exercise else SessionSource.TIMER,
        started_at=timezone.now() - timedelta(seconds=seconds),
        seconds=seconds,
    )


def record_moment(user: User, area: MomentArea | str, kind: MomentKind | str) -> Moment:
    return Moment.objects.create(owner=user, area=area, kind=kind, at=timezone.now())


# A moment noted with one tap can be undone for this long; later, the list of moments can
# still delete it, after asking.
UNDO_WINDOW = timedelta(minutes=10)
# The message tag of a moment noted with one tap, and the session key of that moment.
MOMENT_NOTED = "moment-noted"
MOMENT_TO_UNDO = "practice_moment_to_undo"


def can_undo_moment(moment: Moment) -> bool:
    return moment.created_at >= timezone.now() - UNDO_WINDOW


def undo_moment(user: User, pk: int) -> bool:
    """Delete the person's moment ``pk`` if it was noted within the undo window."""
    since = timezone.now() - UNDO_WINDOW
    deleted, _counts = Moment.objects.filter(owner=user, pk=pk, created_at__gte=since).delete()
    return deleted > 0


@transaction.atomic
def set_daily_goal(user: User, minutes: int) -> PracticeSettings:
    practice_settings, _created = PracticeSettings.objects.select_for_update().get_or_create(
        owner=user
    )
    practice_settings.daily_goal_minutes = minutes
    practice_settings.save(update_fields=["daily_goal_minutes"])
    return practice_settings
