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


@transaction.atomic
def set_daily_goal(user: User, minutes: int) -> PracticeSettings:
    practice_settings, _created = PracticeSettings.objects.select_for_update().get_or_create(
        owner=user
    )
    practice_settings.daily_goal_minutes = minutes
    practice_settings.save(update_fields=["daily_goal_minutes"])
    return practice_settings
