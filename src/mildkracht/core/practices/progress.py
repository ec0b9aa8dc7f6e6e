"""Kind progress: minutes per day and per week, a consistency that never resets, and
encouragement.

No streaks and no guilt (DESIGN.md, "Kind"): a missed day lowers consistency a little,
practice raises it again, and nothing ever drops to zero in one go.

A daily goal of 0 minutes means no goal (:data:`NO_GOAL`): a day then counts fully as soon
as there is any practice in it, and nothing is ever "reached".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from mildkracht.core.practices.errors import ProgressError
from mildkracht.core.text import Text


class Entry(NamedTuple):
    """One logged practice: its day, its minutes and whether it was formal."""

    day: date
    minutes: float
    formal: bool


class DayMinutes(NamedTuple):
    """Minutes of one day, formal and informal (a tuple: ``formal, informal = ...``)."""

    formal: float
    informal: float

    @property
    def total(self) -> float:
        return self.formal + self.informal


#: The daily goal of a person who chose to practise without one.
NO_GOAL = 0


@dataclass(frozen=True)
class DayView:
    day: date
    formal: float
    informal: float
    total: float
    fraction: float  # of the daily goal, at most 1; without a goal 1 for any practice


@dataclass(frozen=True)
class WeekView:
    """Seven days from ``week_start`` with their minutes against the daily goal."""

    week_start: date
    goal_minutes: int
    days: tuple[DayView, ...]
    formal: float
    informal: float
    total: float
    days_at_goal: int  # 0 without a goal
    days_practised: int


def daily_minutes(entries: Iterable[tuple[date, float, bool]]) -> dict[date, DayMinutes]:
    """The formal and informal minutes of each day that has entries, summed per day.

    ``entries`` are (day, minutes, formal) tuples, such as :class:`Entry`. Negative or
    non-finite minutes raise ProgressError.
    """
    formal: dict[date, float] = {}
    informal: dict[date, float] = {}
    for day, minutes, is_formal in entries:
        _check_minutes(minutes, day)
        target = formal if is_formal else informal
        target[day] = target.get(day, 0.0) + minutes
    days = sorted(formal.keys() | informal.keys())
    return {day: DayMinutes(formal.get(day, 0.0), informal.get(day, 0.0)) for day in days}


def week_view(
    entries: Iterable[tuple[date, float, bool]], week_start: date, goal_minutes: int
) -> WeekView:
    """The seven days from ``week_start`` with formal, informal and total minutes.

    fraction = min(1, total / goal_minutes) per day (see :func:`day_share`); entries outside
    the week are ignored. Without a goal no day is counted as "at the goal".
    """
    _check_goal(goal_minutes)
    by_day = daily_minutes(entries)
    days = tuple(
        _day_view(week_start + timedelta(days=offset), by_day, goal_minutes) for offset in range(7)
    )
    return WeekView(
        week_start=week_start,
        goal_minutes=goal_minutes,
        days=days,
        formal=sum(day.formal for day in days),
        informal=sum(day.informal for day in days),
        total=sum(day.total for day in days),
        days_at_goal=sum(1 for day in days if day.fraction >= 1) if goal_minutes else 0,
        days_practised=sum(1 for day in days if day.total > 0),
    )


def _day_view(day: date, by_day: Mapping[date, DayMinutes], goal_minutes: int) -> DayView:
    minutes = by_day.get(day, DayMinutes(0.0, 0.0))
    return DayView(
        day=day,
        formal=minutes.formal,
        informal=minutes.informal,
        total=minutes.total,
        fraction=day_share(minutes.total, goal_minutes),
    )


def day_share(minutes: float, goal: int) -> float:
    """How much of a day's goal was practised: min(1, minutes / goal).

    Without a goal (``goal`` = 0) any practice counts as the whole day: 1, else 0.
    """
    if goal == NO_GOAL:
        return 1.0 if minutes > 0 else 0.0
    return min(1.0, minutes / goal)


def consistency(
    minutes_by_day: Mapping[date, float],
    today: date,
    goal: int,
    half_life_days: float = 14,
) -> float:
    """How steadily a person has practised lately, from 0 to 1.

    An exponentially weighted average over every day up to and including ``today``:

        consistency = (1 - r) * sum over k >= 0 of r**k * min(1, minutes(today - k) / goal)
        with r = 0.5 ** (1 / half_life_days)

    Without a goal (0) a day counts 1 when it has any practice (:func:`day_share`), so
    consistency is then how steadily a person practised at all.

    A day without practice counts as 0; days after ``today`` are ignored. The weights
    (1 - r) r**k add up to 1, so the result stays between 0 and 1. Equivalently, each day
    consistency becomes r * yesterday's + (1 - r) * today's share of the goal. So:

    - it grows with practice: meeting the goal every day from scratch gives 1 - r**n after
      n days (one half after ``half_life_days`` days, about 0.94 after eight weeks);
    - it fades slowly: a missed day multiplies it by r (about 0.95 with the 14-day default),
      and it halves only after ``half_life_days`` days without practice;
    - nothing resets: one missed day never brings it to 0, and there is no streak to lose.
    """
    _check_goal(goal)
    if not (half_life_days > 0 and math.isfinite(half_life_days)):
        raise ProgressError(f"the half-life must be a number of days above 0, not {half_life_days}")
    ratio = math.pow(0.5, 1 / half_life_days)
    total = 0.0
    for day, minutes in minutes_by_day.items():
        _check_minutes(minutes, day)
        days_ago = (today - day).days
        if days_ago >= 0:
            total += math.pow(ratio, days_ago) * day_share(minutes, goal)
    return min(1.0, max(0.0, (1 - ratio) * total))


# Thresholds of encouragement(): a steady practice, and having practised at all lately.
_STEADY = 0.5
_STARTED = 0.0

_GOAL_REACHED = Text(
    nl="Je hebt vandaag je oefentijd gehaald. Mooi dat je zo voor jezelf zorgt.",
    en="You've reached today's practice time. It's good to see you caring for yourself.",
)
_PRACTISED_TODAY = Text(
    nl="Elke minuut telt. Fijn dat je er bent.",
    en="Every minute counts. Good to have you here.",
)
_STEADY_REST = Text(
    nl="Je oefent al een tijd met zorg. Een rustige dag hoort daar ook bij.",
    en="You've been practising with care for a while. A quiet day is part of that too.",
)
_MISSED_SOME = Text(
    nl="Een dag overslaan hoort erbij. Eén vriendelijke minuut is genoeg om weer te beginnen.",
    en="Skipping a day is part of it. One kind minute is enough to begin again.",
)
_WELCOME = Text(
    nl="Welkom. Je hoeft niets te kunnen; een paar minuten aandacht is een goed begin.",
    en="Welcome. You don't need to be good at this; a few minutes of attention is a fine start.",
)


def encouragement(consistency: float, minutes_today: float, goal: int, lang: str) -> str:
    """A short, warm line for the progress page, in ``lang`` (nl, or en; Dutch otherwise).

    Chosen by simple thresholds, never with guilt: the goal reached today (never without a
    goal); some practice today; no practice yet today after steady practice (consistency at
    least 0.5); after some practice; or a welcome when there is no practice at all yet.
    """
    _check_goal(goal)
    if goal != NO_GOAL and minutes_today >= goal:
        message = _GOAL_REACHED
    elif minutes_today > 0:
        message = _PRACTISED_TODAY
    elif consistency >= _STEADY:
        message = _STEADY_REST
    elif consistency > _STARTED:
        message = _MISSED_SOME
    else:
        message = _WELCOME
    return message.get(lang)


def _check_minutes(minutes: float, day: date) -> None:
    if not (math.isfinite(minutes) and minutes >= 0):
        raise ProgressError(f"minutes must be 0 or more, not {minutes!r} (on {day})")


def _check_goal(goal: int) -> None:
    if not goal >= 0:
        raise ProgressError(f"the daily goal must be 0 (no goal) or more minutes, not {goal!r}")
