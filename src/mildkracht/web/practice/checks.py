"""Before and after a practice: the State Self-Compassion Scale, short form (SSCS-S).

Each check is an Assessment of the assessments app (context ``practice_before`` or
``practice_after``) holding the raw answers; totals are always recomputed by the core.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from django import forms

from mildkracht.core.instruments.model import Instrument
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.assessments.models import PRACTICE_AFTER, PRACTICE_BEFORE, Assessment
from mildkracht.web.practice.exercises import exercise_title, language
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.validation import parse_id

INSTRUMENT_ID = "sscs_s"
BEFORE = PRACTICE_BEFORE
AFTER = PRACTICE_AFTER
# Below this many practices with both checks, an average is only a hint (the page says so).
FEW = 5


def available() -> bool:
    return True


def instrument() -> Instrument:
    return get_instrument(INSTRUMENT_ID)


class CheckForm(forms.Form):
    """The SSCS-S items as radio rows, generated from the core instrument."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = instrument()
        lang = language()
        values = [(str(value), str(value)) for value in source.scale.values]
        for item in source.items:
            self.fields[f"item_{item.number}"] = forms.ChoiceField(
                label=item.text.get(lang), choices=values, widget=forms.RadioSelect
            )

    def answers(self) -> dict[int, int]:
        return {int(name.removeprefix("item_")): int(v) for name, v in self.cleaned_data.items()}


@dataclass(frozen=True)
class ScaleText:
    instructions: str
    low: str
    high: str
    minimum: int
    maximum: int


def scale_text() -> ScaleText:
    source = instrument()
    lang = language()
    labels = source.scale.labels
    low, high = source.scale.minimum, source.scale.maximum
    return ScaleText(
        instructions=source.instructions.get(lang),
        low=labels[low].get(lang) if low in labels else "",
        high=labels[high].get(lang) if high in labels else "",
        minimum=low,
        maximum=high,
    )


def record(user: User, answers: dict[int, int], context: str) -> Assessment:
    """Store a complete, submitted check through the assessments app's own workflow."""
    assessment, missing = record_assessment(user, INSTRUMENT_ID, answers, context=context)
    if missing:
        raise ValueError(f"the check is incomplete: items {missing} are unanswered")
    return assessment


def own_check(user: User, pk: int | str | None, context: str) -> Assessment | None:
    """The person's own submitted check ``pk`` for ``context``; None for anything else.

    A ``pk`` that is not a number at all raises BadRequest (a 400 page).
    """
    number = parse_id(None if pk is None else str(pk))
    if number is None:
        return None
    return (
        Assessment.objects.owned_by(user)
        .submitted()
        .filter(pk=number, instrument_id=INSTRUMENT_ID, context=context)
        .first()
    )


def attach(session: PracticeSession, **checks: Assessment) -> None:
    fields = []
    for moment, check in checks.items():
        setattr(session, f"{moment}_check", check)
        fields.append(f"{moment}_check")
    session.save(update_fields=[*fields, "updated_at"])


def total(check: Assessment | None) -> float | None:
    if check is None:
        return None
    return score_response(instrument(), check.item_answers).values.get("total")


@dataclass(frozen=True)
class Shift:
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def shift_of(session: PracticeSession) -> Shift | None:
    before, after = total(session.before_check), total(session.after_check)
    if before is None or after is None:
        return None
    return Shift(before, after)


@dataclass(frozen=True)
class ExerciseShift:
    exercise_id: str
    title: str
    count: int
    mean_change: float

    @property
    def few(self) -> bool:
        return self.count < FEW


def exercise_shifts(user: User) -> list[ExerciseShift]:
    """Per exercise: how many practices had both checks, and the average shift (after − before)."""
    sessions = PracticeSession.objects.filter(
        owner=user, before_check__isnull=False, after_check__isnull=False
    ).select_related("before_check", "after_check")
    changes: dict[str, list[float]] = {}
    for session in sessions:
        shift = shift_of(session)
        if shift is not None:
            changes.setdefault(session.exercise_id, []).append(shift.change)
    rows = [
        ExerciseShift(
            exercise_id, exercise_title(exercise_id), len(values), statistics.fmean(values)
        )
        for exercise_id, values in changes.items()
    ]
    return sorted(rows, key=lambda row: (-row.mean_change, -row.count, row.title))
