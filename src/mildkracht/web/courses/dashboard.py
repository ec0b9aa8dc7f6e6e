"""A course's group figures as a page, the PDF and the API present them.

Everything shown comes from releases.resolve: a released figure's numbers, or the reason it
is withheld. Nothing here reads a person's own value.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.practices import schedule
from mildkracht.web.courses.figures import candidates
from mildkracht.web.courses.group_data import group_data
from mildkracht.web.courses.models import Course
from mildkracht.web.courses.releases import Shown, resolve

#: The assessment points as a group's figures name them (after "SCS:" and "from the start
#: to"), not as a person's own pages do ("Your starting point").
POINT_LABELS: dict[str, Promise] = {
    schedule.BASELINE: _("at the start"),
    schedule.WEEK_8: _("week 8"),
    "month3": _("three months after the start"),
    "month6": _("six months after the start"),
    "month12": _("a year after the start"),
}


@dataclass(frozen=True)
class Table:
    """One questionnaire at one point (or its change to that point): a row per score."""

    instrument_id: str
    name: str
    point: str
    label: Promise
    shown: Shown
    rows: list[dict[str, Any]]


@dataclass
class Dashboard:
    course: Course
    today: date
    members: int
    attendance: list[tuple[int, datetime, Shown]] = field(default_factory=list)
    practice: list[tuple[int, Shown]] = field(default_factory=list)
    scores: list[Table] = field(default_factory=list)
    changes: list[Table] = field(default_factory=list)

    @property
    def version(self) -> str:
        """Everything the figures' page part shows, as a key: a release's numbers never
        change, so its id stands for them."""
        shown = [s for _, _, s in self.attendance] + [s for _, s in self.practice]
        shown += [t.shown for t in self.scores] + [t.shown for t in self.changes]
        states = sorted((s.figure, s.state, s.release or 0, s.waiting) for s in shown)
        sessions = [(number, starts.isoformat()) for number, starts, _ in self.attendance]
        found = repr((self.course.pk, self.members, states, sessions))
        return hashlib.sha256(found.encode()).hexdigest()

    @property
    def shows_scores(self) -> bool:
        return any(table.shown.visible for table in self.scores)

    @property
    def has_any_figure(self) -> bool:
        every = [s for _, _, s in self.attendance] + [s for _, s in self.practice]
        every += [t.shown for t in self.scores] + [t.shown for t in self.changes]
        return any(shown.visible for shown in every)


def dashboard(
    course: Course, now: datetime, today: date, lang: str, only: Collection[str] | None = None
) -> Dashboard:
    """The course's figures as of ``now``: released, shown again, or withheld (``only``:
    just the figures with these keys, e.g. ``change:scs:week8``)."""
    data = group_data(course, now, today)
    found = [c for c in candidates(data) if only is None or c.figure in only]
    shown = resolve(course, found, data.members)
    board = Dashboard(course=course, today=today, members=len(data.members))
    sessions = {session.number: session.starts_at for session in course.sessions.all()}
    for figure, result in shown.items():
        kind, _, rest = figure.partition(":")
        if kind == "attendance":
            board.attendance.append((int(rest), sessions[int(rest)], result))
        elif kind == "practice":
            board.practice.append((int(rest), result))
        elif kind == "scores":
            board.scores.append(_score_table(rest, result, lang))
        elif kind == "change":
            board.changes.append(_score_table(rest, result, lang))
    return board


def _names(instrument_id: str, lang: str) -> tuple[Any, dict[str, str]]:
    instrument = get_instrument(instrument_id)
    names = {score.id: score.names.get(lang) for score in instrument.default_scores()}
    return instrument, names


def _score_table(key: str, shown: Shown, lang: str) -> Table:
    instrument_id, point = key.split(":")
    instrument, names = _names(instrument_id, lang)
    rows = []
    if shown.numbers is not None:
        # In the instrument's order: PostgreSQL's jsonb keeps a release's keys in its own.
        numbers = shown.numbers["scores"]
        for score_id in [*names, *(key for key in numbers if key not in names)]:
            if score_id in numbers:
                values = numbers[score_id]
                rows.append({"id": score_id, "name": names.get(score_id, score_id), **values})
    return Table(
        instrument_id,
        instrument.short_names.get(lang) or instrument.names.get(lang),
        point,
        POINT_LABELS[point],
        shown,
        rows,
    )


def week8_reached(course: Course, today: date) -> bool:
    return schedule.retest_dates(course.schedule())[schedule.WEEK_8] <= today
