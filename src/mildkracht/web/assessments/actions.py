"""Assessment workflows shared by the pages, the API and commands; each in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from mildkracht.core.instruments.model import Instrument
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import ResponseScores, score_response
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.answers import CheckedAnswers, check_answers, unanswered
from mildkracht.web.assessments.catalogue import offered_instrument
from mildkracht.web.assessments.models import Assessment


class AlreadySubmitted(Exception):
    """A submitted assessment is a record: its answers no longer change."""


def start_assessment(user: User, instrument_id: str, context: str = "") -> Assessment:
    """A new, empty draft of ``instrument_id`` (UnknownInstrumentError if not offered)."""
    instrument = offered_instrument(instrument_id)
    with transaction.atomic():
        return Assessment.objects.create(
            owner=user,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            context=context,
        )


def save_answers(
    assessment: Assessment,
    answers: Mapping[str, object] | Mapping[int, object],
    extra_answers: Mapping[str, object] | None = None,
) -> Assessment:
    """Merge these answers into a draft: given items change, ``None`` clears, others stay.

    Raises InvalidAnswers naming every problem (nothing is saved then), AlreadySubmitted
    for a submitted assessment.
    """
    instrument = get_instrument(assessment.instrument_id)
    keyed = {str(key): value for key, value in answers.items()}
    checked = check_answers(instrument, keyed, extra_answers)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.is_submitted:
            raise AlreadySubmitted
        current.answers = _merged(current.answers, checked.answers)
        current.extra_answers = _merged(current.extra_answers, checked.extra_answers)
        current.save(update_fields=["answers", "extra_answers"])
    assessment.answers, assessment.extra_answers = current.answers, current.extra_answers
    return assessment


def _merged(stored: Mapping[str, int], given: Mapping[Any, int | None]) -> dict[str, int]:
    merged = dict(stored)
    for key, value in given.items():
        if value is None:
            merged.pop(str(key), None)
        else:
            merged[str(key)] = value
    # Item numbers in order, so the stored record reads naturally.
    return dict(sorted(merged.items(), key=lambda pair: _sort_key(pair[0])))


def _sort_key(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdecimal() else (1, key)


def submit(assessment: Assessment) -> list[int]:
    """Submit a complete draft; return the unanswered item numbers (empty when submitted).

    An incomplete draft stays a draft with every answer it has.
    """
    instrument = get_instrument(assessment.instrument_id)
    with transaction.atomic():
        current = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if current.is_submitted:
            return []
        missing = unanswered(instrument, current.item_answers)
        if missing:
            return missing
        current.submitted_at = timezone.now()
        current.save(update_fields=["submitted_at"])
    assessment.submitted_at = current.submitted_at
    return []


def record_assessment(
    user: User,
    instrument_id: str,
    answers: Mapping[str, object] | Mapping[int, object],
    extra_answers: Mapping[str, object] | None = None,
    *,
    submit_now: bool = True,
    context: str = "",
) -> tuple[Assessment, list[int]]:
    """A new assessment with these answers, submitted when complete and ``submit_now``.

    Returns the assessment and its unanswered items (an incomplete one stays a draft).
    Raises InvalidAnswers, or UnknownInstrumentError, before anything is stored.
    """
    instrument = offered_instrument(instrument_id)
    keyed = {str(key): value for key, value in answers.items()}
    checked = check_answers(instrument, keyed, extra_answers)
    return record_checked(user, instrument, checked, submit_now=submit_now, context=context)


def record_checked(
    user: User,
    instrument: Instrument,
    checked: CheckedAnswers,
    *,
    submit_now: bool = True,
    context: str = "",
) -> tuple[Assessment, list[int]]:
    """:func:`record_assessment` for answers that :func:`check_answers` has already checked."""
    missing = unanswered(instrument, checked.answers)
    now = timezone.now()
    assessment = Assessment.objects.create(
        owner=user,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        context=context,
        created_at=now,
        submitted_at=now if submit_now and not missing else None,
        # Item numbers in order, without the cleared ones (as _merged({}, …) gives them).
        answers={
            str(n): checked.answers[n]
            for n in sorted(checked.answers)
            if checked.answers[n] is not None
        },
        extra_answers=_merged({}, checked.extra_answers),
    )
    return assessment, missing if submit_now else []


def delete_assessment(assessment: Assessment) -> None:
    with transaction.atomic():
        assessment.delete()


def scores_of(assessment: Assessment) -> ResponseScores:
    """The scores of an assessment, computed by the core from its raw answers."""
    instrument = get_instrument(assessment.instrument_id)
    return score_response(instrument, assessment.item_answers)
