"""The figures a course may show: which people stand behind each, and its numbers.

Each figure is a *candidate* until releases.py decides, by the rule of
mildkracht.core.group_privacy, whether it may be shown. Its numbers are computed by the
core only when it is released; a figure shown before is shown again as it was.

Figures, and the columns of per-person values each is computed from:

- ``attendance:N``: of the members who had joined by session N, how many say they were
  there; column ``attendance:N``.
- ``practice:W``: minutes practised in program week W by the members who had joined by its
  end (median, quartiles, how many practised); column ``practice:W``.
- ``scores:I:P``: questionnaire I at assessment point P: n, mean, SD of every score;
  column ``I:P``.
- ``change:I:P``: from the start to point P, for the people with both: every statistic of
  mildkracht.core.stats.group_change; columns ``I:baseline``, ``I:P`` and ``change:I:P``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.practices import schedule
from mildkracht.core.stats.describe import describe, quartiles
from mildkracht.core.stats.group_change import ReliableChangeReference, group_change
from mildkracht.research.change_job import as_plain_data, reliable_change_reference
from mildkracht.web.courses.group_data import PROGRAM_WEEKS, GroupData
from mildkracht.web.program.clock import zone_of

Numbers = dict[str, Any]


@dataclass(frozen=True)
class Candidate:
    """A figure that could be shown now: its key, columns, people and how to compute it."""

    figure: str
    columns: tuple[str, ...]
    people: frozenset[int]
    compute: Callable[[], Numbers]


def candidates(data: GroupData) -> list[Candidate]:
    return [
        *_attendance(data),
        *_practice(data),
        *_scores(data),
        *_changes(data),
    ]


def _joined_by(data: GroupData, moment: datetime) -> frozenset[int]:
    return frozenset(pk for pk, member in data.members.items() if member.joined_at <= moment)


def _attendance(data: GroupData) -> list[Candidate]:
    found = []
    for session in data.course.sessions.all():
        if session.starts_at > data.now:
            continue
        people = _joined_by(data, session.starts_at + timedelta(days=1))
        there = data.attended.get(session.number, set())

        def compute(people: frozenset[int] = people, there: set[int] = there) -> Numbers:
            return {"n": len(people), "present": len(people & there)}

        key = f"attendance:{session.number}"
        found.append(Candidate(key, (key,), people, compute))
    return found


def _practice(data: GroupData) -> list[Candidate]:
    found = []
    zone = zone_of(data.course.teacher)
    for week in range(1, PROGRAM_WEEKS + 1):
        end = data.course.start + timedelta(weeks=week)
        if end > data.today:
            break
        people = _joined_by(data, datetime.combine(end, time.min, zone))

        def compute(people: frozenset[int] = people, week: int = week) -> Numbers:
            values = [data.weekly_minutes.get(pk, {}).get(week, 0.0) for pk in people]
            spread = quartiles(values)
            return {
                "n": spread.n,
                "practising": sum(1 for value in values if value > 0),
                "lower": spread.lower,
                "median": spread.median,
                "upper": spread.upper,
            }

        key = f"practice:{week}"
        found.append(Candidate(key, (key,), people, compute))
    return found


def _scores(data: GroupData) -> list[Candidate]:
    found = []
    for point in data.reached():
        for instrument_id in data.course.questionnaires_at(point):
            column = data.scores.get((instrument_id, point), {})
            people = frozenset(column)

            def compute(
                instrument_id: str = instrument_id, column: dict[int, Any] = column
            ) -> Numbers:
                return _described(instrument_id, column)

            key = f"{instrument_id}:{point}"
            found.append(Candidate(f"scores:{key}", (key,), people, compute))
    return found


def _described(instrument_id: str, column: dict[int, Any]) -> Numbers:
    numbers: Numbers = {"n": len(column), "scores": {}}
    for score in get_instrument(instrument_id).default_scores():
        values = [
            scores[score.id] for scores in column.values() if scores.get(score.id) is not None
        ]
        if len(values) >= 2:
            found = describe(values)
            numbers["scores"][score.id] = {"n": found.n, "mean": found.mean, "sd": found.sd}
    return numbers


def _changes(data: GroupData) -> list[Candidate]:
    found = []
    dates = data.dates
    for point in data.reached():
        if point == schedule.BASELINE:
            continue
        for instrument_id in data.course.questionnaires_at(point):
            if instrument_id not in data.course.questionnaires_at(schedule.BASELINE):
                continue
            before = data.scores.get((instrument_id, schedule.BASELINE), {})
            after = data.scores.get((instrument_id, point), {})
            people = frozenset(before) & frozenset(after)

            def compute(
                instrument_id: str = instrument_id,
                pairs: tuple[dict[int, Any], dict[int, Any]] = (before, after),
                people: frozenset[int] = people,
                until: date = dates[point],
            ) -> Numbers:
                minutes = {pk: data.minutes_until(pk, until) for pk in people}
                return _change(instrument_id, pairs[0], pairs[1], minutes)

            columns = (
                f"{instrument_id}:{schedule.BASELINE}",
                f"{instrument_id}:{point}",
                f"change:{instrument_id}:{point}",
            )
            found.append(Candidate(f"change:{instrument_id}:{point}", columns, people, compute))
    return found


def _change(
    instrument_id: str, before: dict[int, Any], after: dict[int, Any], minutes: dict[int, float]
) -> Numbers:
    instrument = get_instrument(instrument_id)
    people = sorted(minutes)
    numbers: Numbers = {"n": len(people), "scores": {}}
    for score in instrument.default_scores():
        both = [
            pk
            for pk in people
            if before[pk].get(score.id) is not None and after[pk].get(score.id) is not None
        ]
        if len(both) < 2:
            continue
        published = reliable_change_reference(instrument, score)
        reference = (
            ReliableChangeReference(published.sd, published.reliability) if published else None
        )
        change = group_change(
            [before[pk][score.id] for pk in both],
            [after[pk][score.id] for pk in both],
            reference=reference,
            minutes=[minutes[pk] for pk in both],
        )
        numbers["scores"][score.id] = as_plain_data(change)
    return numbers
