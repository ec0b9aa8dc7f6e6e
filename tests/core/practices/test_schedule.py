"""The program calendar: weeks, pauses and re-test dates, with the date passed in."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.practices.errors import ScheduleError
from mildkracht.core.practices.schedule import (
    Enrolment,
    Pause,
    add_months,
    current_week,
    due_assessments,
    is_finished,
    is_paused,
    pause,
    program_date,
    program_day,
    resume,
    retest_dates,
    week_start,
)

START = date(2025, 3, 3)  # a Monday
PLAIN = Enrolment(start=START)


def day(number: int) -> date:
    return START + timedelta(days=number)


@pytest.mark.parametrize(
    ("days_after_start", "week", "finished"),
    [
        (0, 1, False),
        (6, 1, False),
        (7, 2, False),
        (13, 2, False),
        (14, 3, False),
        (48, 7, False),
        (49, 8, False),
        (55, 8, False),
        (56, 8, True),
        (400, 8, True),
    ],
)
def test_week_boundaries_fall_every_seven_days(
    days_after_start: int, week: int, finished: bool
) -> None:
    today = day(days_after_start)
    assert program_day(PLAIN, today) == days_after_start
    assert current_week(PLAIN, today) == week
    assert is_finished(PLAIN, today) is finished


def test_there_is_no_week_before_the_start() -> None:
    assert current_week(PLAIN, day(-1)) is None
    assert program_day(PLAIN, day(-3)) == -3
    assert not is_finished(PLAIN, day(-1))


def test_a_pause_moves_the_following_weeks_by_its_length() -> None:
    # ten days paused during week 2: days 10..19 after the start
    enrolment = Enrolment(start=START, pauses=(Pause(start=day(10), end=day(20)),))
    assert current_week(enrolment, day(9)) == 2
    assert is_paused(enrolment, day(10)) and is_paused(enrolment, day(19))
    assert not is_paused(enrolment, day(20))
    assert program_day(enrolment, day(19)) == 10  # the program stood still
    assert current_week(enrolment, day(20)) == 2
    assert current_week(enrolment, day(24)) == 3  # day 14 of the program: 10 days late
    assert week_start(enrolment, 3) == day(24)
    assert not is_finished(enrolment, day(65))
    assert is_finished(enrolment, day(66))


def test_an_open_pause_holds_the_program_until_it_is_resumed() -> None:
    paused = pause(PLAIN, day(30))
    assert program_day(paused, day(90)) == 30
    assert current_week(paused, day(90)) == 5
    assert is_paused(paused, day(90))
    resumed = resume(paused, day(40))
    assert resumed.pauses == (Pause(start=day(30), end=day(40)),)
    assert program_day(resumed, day(41)) == 31


def test_the_week_8_retest_moves_with_pauses_but_follow_ups_do_not() -> None:
    enrolment = Enrolment(start=START, pauses=(Pause(day(3), day(10)), Pause(day(60), day(61))))
    dates = retest_dates(enrolment)
    assert dates["baseline"] == START
    assert dates["week8"] == day(49 + 7)  # the second pause comes after week 8 begins
    assert dates["month3"] == date(2025, 6, 3)
    assert dates["month6"] == date(2025, 9, 3)
    assert dates["month12"] == date(2026, 3, 3)


def test_week_8_has_no_date_while_an_open_pause_holds_the_program() -> None:
    assert "week8" not in retest_dates(pause(PLAIN, day(20)))
    assert retest_dates(pause(PLAIN, day(50)))["week8"] == day(49)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 10, 15), 3, date(2026, 1, 15)),
    ],
)
def test_follow_ups_use_calendar_months_clamped_to_the_month_end(
    start: date, months: int, expected: date
) -> None:
    assert add_months(start, months) == expected


def test_follow_up_dates_of_a_start_on_the_31st_are_clamped() -> None:
    dates = retest_dates(Enrolment(start=date(2025, 8, 31)))
    assert (dates["month3"], dates["month6"], dates["month12"]) == (
        date(2025, 11, 30),
        date(2026, 2, 28),
        date(2026, 8, 31),
    )


@pytest.mark.parametrize(
    ("pauses", "words"),
    [
        ((Pause(day(-2), day(5)),), "before the program starts"),
        ((Pause(day(5), day(15)), Pause(day(10), day(20))), "overlaps"),
        ((Pause(day(30), day(40)), Pause(day(5))), "overlaps"),
    ],
)
def test_impossible_pauses_are_refused_with_a_reason(pauses: tuple[Pause, ...], words: str) -> None:
    with pytest.raises(ScheduleError, match=words):
        Enrolment(start=START, pauses=pauses)


def test_a_pause_cannot_end_before_it_starts() -> None:
    with pytest.raises(ScheduleError, match="before it starts"):
        Pause(start=day(10), end=day(9))


def test_pausing_twice_or_resuming_without_a_pause_is_refused() -> None:
    with pytest.raises(ScheduleError, match="already paused"):
        pause(pause(PLAIN, day(5)), day(6))
    with pytest.raises(ScheduleError, match="not paused"):
        resume(PLAIN, day(6))


@pytest.mark.parametrize(
    ("today", "done", "due"),
    [
        (day(-1), set(), []),
        (day(0), set(), ["baseline"]),
        (day(48), {"baseline"}, []),
        (day(49), {"baseline"}, ["week8"]),
        (day(70), set(), ["baseline", "week8"]),
        (day(70), {"baseline", "week8"}, []),
        (date(2025, 6, 3), {"baseline", "week8"}, ["month3"]),
        # a missed re-test is replaced by the next one, not asked twice
        (date(2025, 9, 3), {"baseline", "week8"}, ["month6"]),
        (date(2025, 9, 3), {"baseline", "month6"}, []),
        (date(2027, 1, 1), {"baseline"}, ["month12"]),
        (date(2027, 1, 1), {"baseline", "month12"}, []),
    ],
)
def test_due_assessments_follow_their_dates(today: date, done: set[str], due: list[str]) -> None:
    assert due_assessments(PLAIN, today, done) == due


def test_a_pause_postpones_the_week_8_retest() -> None:
    enrolment = Enrolment(start=START, pauses=(Pause(day(14), day(21)),))
    assert due_assessments(enrolment, day(49), {"baseline"}) == []
    assert due_assessments(enrolment, day(56), {"baseline"}) == ["week8"]


def pauses_after(gaps_and_lengths: list[tuple[int, int]]) -> tuple[Pause, ...]:
    """Pauses one after another: each ``gap`` active days after the previous one."""
    pauses, cursor = [], START
    for gap, length in gaps_and_lengths:
        begin = cursor + timedelta(days=gap)
        cursor = begin + timedelta(days=length)
        pauses.append(Pause(start=begin, end=cursor))
    return tuple(pauses)


pauses_strategy = st.lists(st.tuples(st.integers(0, 120), st.integers(0, 30)), max_size=4).map(
    pauses_after
)


@given(pauses=pauses_strategy, program_days=st.integers(0, 200))
def test_program_date_is_the_active_day_with_that_program_day(
    pauses: tuple[Pause, ...], program_days: int
) -> None:
    enrolment = Enrolment(start=START, pauses=pauses)
    found = program_date(enrolment, program_days)
    assert found is not None
    assert program_day(enrolment, found) == program_days
    assert not is_paused(enrolment, found)


@given(pauses=pauses_strategy, first=st.integers(-10, 400), later=st.integers(0, 400))
def test_program_days_never_go_backwards(pauses: tuple[Pause, ...], first: int, later: int) -> None:
    enrolment = Enrolment(start=START, pauses=pauses)
    assert program_day(enrolment, day(first)) <= program_day(enrolment, day(first + later))
