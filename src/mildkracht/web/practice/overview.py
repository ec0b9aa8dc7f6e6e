"""A person's practice in days and weeks, counted by the core (core.practices.progress).

Days are the person's own calendar days, in their time zone (activated per request by
the middleware). Weeks start on Monday.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any

from django.db import connection, models
from django.utils import timezone

from mildkracht.core.practices.progress import (
    NO_GOAL,
    DayView,
    Entry,
    WeekView,
    consistency,
    daily_minutes,
    encouragement,
    week_view,
)
from mildkracht.web.accounts.models import User
from mildkracht.web.practice.exercises import language
from mildkracht.web.practice.models import (
    DEFAULT_DAILY_GOAL_MINUTES,
    Moment,
    PracticeKind,
    PracticeSession,
    PracticeSettings,
)

# With the core's 14-day half-life, a day this long ago weighs 0.3 % of today: enough.
LOOKBACK_DAYS = 120


def daily_goal(user: User) -> int:
    sql = (
        f"SELECT {_column(PracticeSettings, 'daily_goal_minutes')} "
        f"FROM {_table(PracticeSettings)} WHERE {_column(PracticeSettings, 'owner')} = %s"
    )
    with connection.cursor() as cursor:  # one row at most (one settings row per person)
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    # 0 is a goal of its own: no goal (core.practices.progress.NO_GOAL).
    return int(row[0]) if row and row[0] is not None else DEFAULT_DAILY_GOAL_MINUTES


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def practice_entries(user: User, first_day: date, last_day: date) -> list[Entry]:
    """The person's practice from the start of ``first_day`` to the end of ``last_day``."""
    days, edges = _days_and_edges(first_day, last_day)
    rows = _rows_between(PracticeSession, ("started_at", "seconds", "kind"), user, edges)
    if not rows:
        return []
    # Each time falls on the day whose local midnight last passed: found by bisection among
    # the midnights (in UTC, naive where the database gives naive UTC times, as SQLite does).
    marks = edges.utc if rows[0][0].tzinfo is not None else edges.naive_utc
    return [
        Entry(days[bisect_right(marks, started_at) - 1], seconds / 60, kind == PracticeKind.FORMAL)
        for started_at, seconds, kind in rows
    ]


def moments_per_day(user: User, first_day: date, last_day: date) -> Counter[date]:
    """The person's moments per day, counted by the database (days with none left out).

    One count per day, between the day's local midnights (computed here, so a day with a
    change of summer time is counted right on every database). Each count is a range of the
    (owner, at) index, so the database counts index entries instead of testing every moment
    of the week against every day.
    """
    days, edges = _days_and_edges(first_day, last_day)
    at = _column(Moment, "at")
    count = (
        f"SELECT COUNT(*) FROM {_table(Moment)} "
        f"WHERE {_column(Moment, 'owner')} = %s AND {at} >= %s AND {at} < %s"
    )
    sql = "SELECT " + ", ".join(f"({count})" for _ in days)
    params: list[Any] = []
    for start, end in pairwise(edges.params):
        params += [user.pk, start, end]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return Counter({day: int(n) for day, n in zip(days, row, strict=True) if n})


@dataclass(frozen=True)
class Edges:
    """Local midnights: of each day, and one more for the end of the last."""

    utc: tuple[datetime, ...]
    naive_utc: tuple[datetime, ...]
    params: tuple[Any, ...]  # the same, as the database compares them in a query


def _days_and_edges(first_day: date, last_day: date) -> tuple[tuple[date, ...], Edges]:
    return _edges(timezone.get_current_timezone(), connection.vendor, first_day, last_day)


@functools.lru_cache(maxsize=256)  # the same few ranges, day after day, per time zone
def _edges(
    zone: tzinfo, vendor: str, first_day: date, last_day: date
) -> tuple[tuple[date, ...], Edges]:
    days = tuple(first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1))
    midnights = tuple(
        timezone.make_aware(datetime.combine(day, time.min), zone)
        for day in (*days, last_day + timedelta(days=1))
    )
    utc = tuple(midnight.astimezone(UTC) for midnight in midnights)
    adapt = connection.ops.adapt_datetimefield_value
    return days, Edges(
        utc=utc,
        naive_utc=tuple(midnight.replace(tzinfo=None) for midnight in utc),
        params=tuple(adapt(midnight) for midnight in midnights),
    )


def _rows_between(
    model: type[PracticeSession] | type[Moment],
    fields: tuple[str, ...],
    user: User,
    edges: Edges,
) -> list[tuple[Any, ...]]:
    """``fields`` of the person's rows whose first field falls between the first and last
    of ``edges``, in one plain query, as the database gives them.

    The week view reads up to 120 days of practice on every visit and needs a few values
    of each row: making a model instance of every row would cost far more than the query.
    """
    when = _column(model, fields[0])
    sql = (
        f"SELECT {', '.join(_column(model, name) for name in fields)} FROM {_table(model)} "
        f"WHERE {_column(model, 'owner')} = %s AND {when} >= %s AND {when} < %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, edges.params[0], edges.params[-1]])
        return list(cursor.fetchall())


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[models.Model], name: str) -> str:
    """The quoted column of one of the model's fields, for the plain queries above."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise LookupError(f"{model.__name__}.{name} has no column of its own")
    return connection.ops.quote_name(field.column)


@dataclass(frozen=True)
class Progress:
    """Today and the kind consistency measure, with a line of encouragement."""

    today: date
    goal: int
    minutes_today: float
    consistency: float
    encouragement: str
    days_practised: int  # in the last LOOKBACK_DAYS, today included

    @property
    def consistency_percent(self) -> int:
        return int(self.consistency * 100 + 0.5)

    @property
    def has_goal(self) -> bool:
        return self.goal != NO_GOAL

    @property
    def shows_steadiness(self) -> bool:
        """A ratio only once there is a path to read it from: from the second day of practice
        on, and never as 0 %; before that the page says what was done."""
        return self.days_practised >= 2 and self.consistency_percent > 0


def progress_and_week(
    user: User, today: date, goal: int, week_start: date
) -> tuple[Progress, Week]:
    """Today's progress and one week, from a single query for both."""
    first_day = min(today - timedelta(days=LOOKBACK_DAYS), week_start)
    last_day = max(today, week_start + timedelta(days=6))
    entries = practice_entries(user, first_day, last_day)
    return progress(user, today, goal, entries), week(user, week_start, goal, today, entries)


def progress(user: User, today: date, goal: int, entries: list[Entry] | None = None) -> Progress:
    if entries is None:
        entries = practice_entries(user, today - timedelta(days=LOOKBACK_DAYS), today)
    by_day = {day: minutes.total for day, minutes in daily_minutes(entries).items()}
    steadiness = consistency(by_day, today, goal)
    minutes_today = by_day.get(today, 0.0)
    return Progress(
        today=today,
        goal=goal,
        minutes_today=minutes_today,
        consistency=steadiness,
        encouragement=encouragement(steadiness, minutes_today, goal, language()),
        days_practised=sum(1 for day, minutes in by_day.items() if day <= today and minutes > 0),
    )


@dataclass(frozen=True)
class DayRow:
    """One day of the week view, with its bar in the chart (SVG user units)."""

    view: DayView
    moments: int
    is_today: bool
    is_future: bool
    x: float
    formal_y: float
    formal_height: float
    informal_y: float
    informal_height: float

    @property
    def label_x(self) -> float:
        return self.x + BAR_WIDTH / 2


@dataclass(frozen=True)
class Week:
    view: WeekView
    rows: tuple[DayRow, ...]
    moments: int
    goal_y: float | None  # no line without a goal
    previous_start: date
    next_start: date | None

    @property
    def end(self) -> date:
        return self.view.week_start + timedelta(days=6)


# The chart's drawing area in SVG user units: seven slots of SLOT wide.
CHART_TOP = 12.0
CHART_BOTTOM = 150.0
SLOT = 50.0
BAR_WIDTH = 30.0


def week(
    user: User, week_start: date, goal: int, today: date, entries: list[Entry] | None = None
) -> Week:
    """The week from ``week_start``; ``entries`` may cover more days (the rest is ignored)."""
    last_day = week_start + timedelta(days=6)
    if entries is None:
        entries = practice_entries(user, week_start, last_day)
    else:  # only the week's own days are summed (the rest of up to 120 days is left out)
        entries = [entry for entry in entries if week_start <= entry.day <= last_day]
    view = week_view(entries, week_start, goal)
    moments = moments_per_day(user, week_start, last_day)
    # Without a goal the bars keep the scale of the default goal, so that a few minutes do
    # not fill the chart.
    top = max([float(goal or DEFAULT_DAILY_GOAL_MINUTES), *(day.total for day in view.days)])
    scale = (CHART_BOTTOM - CHART_TOP) / top
    rows = []
    for index, day in enumerate(view.days):
        formal_height = day.formal * scale
        informal_height = day.informal * scale
        rows.append(
            DayRow(
                view=day,
                moments=moments.get(day.day, 0),
                is_today=day.day == today,
                is_future=day.day > today,
                x=index * SLOT + (SLOT - BAR_WIDTH) / 2,
                formal_y=CHART_BOTTOM - formal_height,
                formal_height=formal_height,
                informal_y=CHART_BOTTOM - formal_height - informal_height,
                informal_height=informal_height,
            )
        )
    return Week(
        view=view,
        rows=tuple(rows),
        moments=sum(row.moments for row in rows),
        goal_y=CHART_BOTTOM - goal * scale if goal != NO_GOAL else None,
        previous_start=week_start - timedelta(days=7),
        next_start=week_start + timedelta(days=7) if last_day < today else None,
    )
