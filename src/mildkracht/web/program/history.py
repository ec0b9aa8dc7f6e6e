"""A person's history from the other apps, turned into the core's values.

Assessments (raw answers, rescored by the core) and practice sessions are read here, and
only here, so that the rest of the program app speaks the core's language: Measurement,
Entry, dates in the person's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from mildkracht.core.instruments.errors import InstrumentError
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import ResponseScores, score_response
from mildkracht.core.practices import schedule
from mildkracht.core.practices.progress import Entry
from mildkracht.core.progress_report import Measurement
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.models import PracticeKind, PracticeSession
from mildkracht.web.program.clock import local_date, zone_of

SCS = "scs"
# Well-being measures offered in the app (PSS-10 and DASS-21 are for research only).
WELLBEING = ("phq9", "gad7", "swls", "shs")
# A recent SCS counts as the baseline when it was taken at most this long before the start.
RECENT_BASELINE_DAYS = 30


@dataclass(frozen=True)
class Scored:
    """One submitted assessment, scored by the core, with its local date."""

    pk: int
    instrument_id: str
    context: str
    submitted_at: datetime
    taken: date
    scores: ResponseScores


def scored_assessments(user: User, instrument_id: str) -> list[Scored]:
    """The person's complete submitted assessments of one instrument, oldest first."""
    return scored_by_instrument(user, [instrument_id])[instrument_id]


def scored_by_instrument(user: User, instrument_ids: Sequence[str]) -> dict[str, list[Scored]]:
    """:func:`scored_assessments` for several instruments, read in one query."""
    rows = (
        Assessment.objects.owned_by(user)
        .submitted()
        .filter(instrument_id__in=instrument_ids)
        .order_by("submitted_at", "pk")
    )
    found: dict[str, list[Scored]] = {instrument_id: [] for instrument_id in instrument_ids}
    for row in rows:
        scored = _scored(user, row)
        if scored is not None:
            found[row.instrument_id].append(scored)
    return found


def _scored(user: User, row: Assessment) -> Scored | None:
    """One submitted assessment scored by the core; None for an incomplete one, or one that
    no longer fits its instrument (left out, not guessed)."""
    if row.submitted_at is None:  # never so after submitted(), but the field may be empty
        return None
    try:
        scores = score_response(get_instrument(row.instrument_id), row.item_answers)
    except (InstrumentError, ValueError):
        return None
    if not scores.complete:
        return None
    return Scored(
        pk=row.pk,
        instrument_id=row.instrument_id,
        context=row.context,
        submitted_at=row.submitted_at,
        taken=local_date(user, row.submitted_at),
        scores=scores,
    )


def measurements(scored: Sequence[Scored], score_id: str = "total") -> list[Measurement]:
    return [
        Measurement(taken=item.taken, score=value, context=item.context)
        for item in scored
        if (value := item.scores.values.get(score_id)) is not None
    ]


def practice_entries(user: User) -> list[Entry]:
    """Every practice session as (local day, minutes, formal)."""
    zone = zone_of(user)
    rows = PracticeSession.objects.filter(owner=user).values_list("started_at", "seconds", "kind")
    return [
        Entry(
            day=timezone.localtime(started_at, zone).date(),
            minutes=seconds / 60,
            formal=kind == PracticeKind.FORMAL,
        )
        for started_at, seconds, kind in rows
    ]


def program_scs(scs: Sequence[Scored], enrolment: schedule.Enrolment) -> dict[str, Scored]:
    """The SCS assessment that counts for each assessment of the program.

    baseline: the one taken with context "baseline"; else the latest taken from 30 days before
    the start up to the week-8 date. A re-test: the one taken with its context; else the first
    taken on or after its date and before the next re-test's date.
    """
    dates = schedule.retest_dates(enrolment)
    found: dict[str, Scored] = {}
    for name in schedule.ASSESSMENTS:
        tagged = [item for item in scs if item.context == name]
        if tagged:
            found[name] = tagged[-1]
            continue
        window = _window(name, dates)
        if window is None:
            continue
        first, last = window
        inside = [
            item
            for item in scs
            if item.context not in schedule.ASSESSMENTS and first <= item.taken < last
        ]
        if inside:
            found[name] = inside[-1] if name == schedule.BASELINE else inside[0]
    return found


def _window(name: str, dates: dict[str, date]) -> tuple[date, date] | None:
    if name not in dates:
        return None
    ordered = [n for n in schedule.ASSESSMENTS if n in dates]
    following = ordered[ordered.index(name) + 1 :]
    end = dates[following[0]] if following else date.max
    if name == schedule.BASELINE:
        return dates[name] - timedelta(days=RECENT_BASELINE_DAYS), end
    return dates[name], end
