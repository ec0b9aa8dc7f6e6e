"""The calendar of the 8-week program: program days, weeks, pauses and re-test dates.

Every function takes the date it is asked about. Time zones are the caller's concern: the
web converts "now" to the person's local date (in the person's own time zone) and passes
that ``date`` in; nothing here reads the clock.

Decisions, in one place:

- A program day is a calendar day from the start date on that is not paused. The start
  date is program day 0; days 0-6 are week 1, day 7 begins week 2, days 49-55 are week 8,
  and from day 56 on the program is finished (the current week stays 8, so the last week
  can always be revisited).
- A :class:`Pause` runs from its ``start`` (the first paused day) up to its ``end``, the day
  practice resumes, which is itself not paused. ``end=None`` is a pause that is still going
  on. Paused days do not count, so a pause moves every later week, and the week-8 re-test,
  later by its length.
- Follow-ups are 3, 6 and 12 calendar months after the start date, not moved by pauses
  (the issue asks for "months after the start"). A day that does not exist in the target
  month is clamped to its last day: 31 January + 1 month = 28 (or 29) February.
- An assessment is offered from its date onward, and stays offered until it is done.
  Re-tests replace each other: only the latest re-test whose date has come is offered, so a
  person who missed the 3-month follow-up is not asked to fill in the same questionnaire
  twice at month 6. The baseline is offered from the start until it is done, because change
  is measured from it.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mildkracht.core.practices.errors import ScheduleError
from mildkracht.core.practices.model import PROGRAM_WEEKS

PROGRAM_DAYS = PROGRAM_WEEKS * 7

BASELINE = "baseline"
WEEK_8 = "week8"
FOLLOW_UP_MONTHS: dict[str, int] = {"month3": 3, "month6": 6, "month12": 12}
# every assessment of the program, in the order of their intended dates
ASSESSMENTS: tuple[str, ...] = (BASELINE, WEEK_8, *FOLLOW_UP_MONTHS)
_RETESTS: tuple[str, ...] = ASSESSMENTS[1:]


@dataclass(frozen=True)
class Pause:
    """The program on hold from ``start`` until ``end`` (the day it resumes, not paused).

    ``end=None``: the pause is still going on. ``end == start`` is an empty pause.
    """

    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ScheduleError(
                f"a pause cannot end ({self.end}) before it starts ({self.start}); "
                "check the dates of the pause"
            )

    def covers(self, day: date) -> bool:
        """True when ``day`` is a paused day."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Enrolment:
    """One person's place in the program: its start date and its pauses, in any order.

    Raises ScheduleError for a pause before the start or pauses that overlap.
    """

    start: date
    pauses: tuple[Pause, ...] = ()

    def __post_init__(self) -> None:
        for pause in self.pauses:
            if pause.start < self.start:
                raise ScheduleError(
                    f"a pause cannot start ({pause.start}) before the program starts ({self.start})"
                )
        ordered = self.ordered_pauses()
        for earlier, later in itertools.pairwise(ordered):
            if earlier.end is None or earlier.end > later.start:
                raise ScheduleError(
                    f"the pause from {earlier.start} overlaps the pause from {later.start}; "
                    "a pause must end before the next one starts"
                )

    def ordered_pauses(self) -> tuple[Pause, ...]:
        """The pauses from the earliest to the latest."""
        return tuple(sorted(self.pauses, key=lambda pause: pause.start))


def pause(enrolment: Enrolment, day: date) -> Enrolment:
    """The enrolment with a pause that begins on ``day`` and has no end yet.

    ScheduleError when the program is already paused on ``day``, when a pause starts later,
    or when ``day`` is before the start.
    """
    if is_paused(enrolment, day):
        raise ScheduleError(f"the program is already paused on {day}")
    return replace(enrolment, pauses=(*enrolment.pauses, Pause(start=day)))


def resume(enrolment: Enrolment, day: date) -> Enrolment:
    """The enrolment with its open pause ended on ``day`` (``day`` is active again).

    ScheduleError when there is no open pause, or ``day`` is before it began.
    """
    open_pauses = [p for p in enrolment.pauses if p.end is None]
    if not open_pauses:
        raise ScheduleError("the program is not paused, so it cannot be resumed")
    others = tuple(p for p in enrolment.pauses if p.end is not None)
    return replace(enrolment, pauses=(*others, Pause(start=open_pauses[0].start, end=day)))


def program_day(enrolment: Enrolment, today: date) -> int:
    """The number of program days before ``today``: today's day number, from 0.

    program_day = (today - start) - (paused days between start and today). On the start
    date it is 0; during a pause it stands still. Before the start it is negative: minus the
    number of days until the start.
    """
    elapsed = (today - enrolment.start).days
    if elapsed <= 0:
        return elapsed
    return elapsed - sum(_paused_days_before(pause, today) for pause in enrolment.pauses)


def _paused_days_before(pause: Pause, today: date) -> int:
    end = today if pause.end is None else min(pause.end, today)
    return max(0, (end - pause.start).days)


def current_week(enrolment: Enrolment, today: date) -> int | None:
    """The program week of ``today``, 1 to 8; None before the start.

    week = program_day // 7 + 1, at most 8: after the program it stays 8 (see is_finished).
    """
    if today < enrolment.start:
        return None
    return min(PROGRAM_WEEKS, program_day(enrolment, today) // 7 + 1)


def is_finished(enrolment: Enrolment, today: date) -> bool:
    """True from program day 56 on: all eight weeks have passed."""
    return program_day(enrolment, today) >= PROGRAM_DAYS


def is_paused(enrolment: Enrolment, today: date) -> bool:
    """True when ``today`` falls in one of the enrolment's pauses."""
    return any(pause.covers(today) for pause in enrolment.pauses)


def program_date(enrolment: Enrolment, day: int) -> date | None:
    """The first active date with program day ``day`` (the inverse of program_day).

    None when a pause without an end holds the program before that day comes.
    """
    if day < 0:
        raise ScheduleError(f"a program day counts from 0, not {day}")
    current, remaining = enrolment.start, day
    for pause in enrolment.ordered_pauses():
        active_before_pause = (pause.start - current).days
        if remaining < active_before_pause:
            break
        remaining -= active_before_pause
        if pause.end is None:
            return None
        current = pause.end
    return current + timedelta(days=remaining)


def week_start(enrolment: Enrolment, week: int) -> date | None:
    """The date week ``week`` (1 to 8) begins, moved by pauses; None if not yet known."""
    if not 1 <= week <= PROGRAM_WEEKS:
        raise ScheduleError(f"the program has weeks 1 to {PROGRAM_WEEKS}, not {week}")
    return program_date(enrolment, (week - 1) * 7)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, clamped to the end of a shorter month."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def retest_dates(enrolment: Enrolment) -> dict[str, date]:
    """The date each assessment is first offered, keyed by the names in ASSESSMENTS.

    baseline = the start date; week8 = the first day of week 8, moved by pauses (left out
    while a pause without an end holds the program before week 8); month3, month6 and
    month12 = 3, 6 and 12 calendar months after the start, clamped (see the module notes).
    """
    dates = {BASELINE: enrolment.start}
    week_8 = week_start(enrolment, PROGRAM_WEEKS)
    if week_8 is not None:
        dates[WEEK_8] = week_8
    for name, months in FOLLOW_UP_MONTHS.items():
        dates[name] = add_months(enrolment.start, months)
    return dates


def due_assessments(enrolment: Enrolment, today: date, done: Collection[str]) -> list[str]:
    """The assessments to offer on ``today``, given the names of those already ``done``.

    The baseline until it is done; and the latest re-test whose date has come, unless it is
    done (earlier re-tests that were missed are replaced by it; see the module notes).
    """
    dates = retest_dates(enrolment)
    due = []
    if today >= enrolment.start and BASELINE not in done:
        due.append(BASELINE)
    reached = [name for name in _RETESTS if name in dates and dates[name] <= today]
    if reached:
        latest = max(reached, key=lambda name: (dates[name], _RETESTS.index(name)))
        if latest not in done:
            due.append(latest)
    return due
