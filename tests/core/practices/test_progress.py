"""Kind progress: minutes per day and week, consistency without streaks, encouragement."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.practices.errors import ProgressError
from mildkracht.core.practices.progress import (
    NO_GOAL,
    DayMinutes,
    Entry,
    consistency,
    daily_minutes,
    encouragement,
    week_view,
)

TODAY = date(2025, 5, 20)
GOAL = 20


def days_ago(count: int) -> date:
    return TODAY - timedelta(days=count)


def full_practice(days: int, ending: date = TODAY) -> dict[date, float]:
    """Minutes at the goal on ``days`` days up to and including ``ending``."""
    return {ending - timedelta(days=n): float(GOAL) for n in range(days)}


# --- minutes per day and week --------------------------------------------------------------


def test_minutes_are_summed_per_day_formal_and_informal_apart() -> None:
    entries = [
        Entry(days_ago(1), 15, True),
        Entry(days_ago(1), 5, True),
        Entry(days_ago(1), 2, False),
        (days_ago(0), 3.5, False),
    ]
    assert daily_minutes(entries) == {
        days_ago(1): DayMinutes(formal=20, informal=2),
        days_ago(0): (0, 3.5),
    }
    assert daily_minutes(entries)[days_ago(1)].total == 22


def test_the_week_view_shows_seven_days_and_sums_them() -> None:
    monday = date(2025, 5, 19)
    entries = [
        Entry(monday, 25, True),
        Entry(monday + timedelta(days=2), 6, True),
        Entry(monday + timedelta(days=2), 4, False),
        Entry(monday + timedelta(days=6), 1, False),
        Entry(monday - timedelta(days=1), 60, True),  # the week before: left out
        Entry(monday + timedelta(days=7), 60, True),  # the week after: left out
    ]
    view = week_view(entries, monday, goal_minutes=20)
    assert [d.day for d in view.days] == [monday + timedelta(days=n) for n in range(7)]
    assert [d.total for d in view.days] == [25, 0, 10, 0, 0, 0, 1]
    assert [d.fraction for d in view.days] == [1.0, 0, 0.5, 0, 0, 0, 0.05]
    assert (view.formal, view.informal, view.total) == (31, 5, 36)
    assert view.days_at_goal == 1


def test_negative_minutes_are_refused_with_the_day() -> None:
    with pytest.raises(ProgressError, match=str(TODAY)):
        daily_minutes([Entry(TODAY, -5, True)])


def test_a_negative_goal_is_refused() -> None:
    with pytest.raises(ProgressError, match="goal"):
        week_view([], TODAY, goal_minutes=-5)


# --- no goal -------------------------------------------------------------------------------


def test_without_a_goal_the_week_counts_days_practised_and_no_day_at_the_goal() -> None:
    monday = date(2025, 5, 19)
    entries = [Entry(monday, 3, True), Entry(monday + timedelta(days=3), 40, False)]
    view = week_view(entries, monday, goal_minutes=NO_GOAL)
    assert view.days_at_goal == 0
    assert view.days_practised == 2
    assert view.total == 43
    assert [day.fraction for day in view.days] == [1, 0, 0, 1, 0, 0, 0]


def test_without_a_goal_steadiness_is_how_steadily_one_practised_at_all() -> None:
    one_minute_a_day = {days_ago(n): 1.0 for n in range(14)}
    with_goal = consistency(one_minute_a_day, TODAY, GOAL)
    without = consistency(one_minute_a_day, TODAY, NO_GOAL)
    assert without == pytest.approx(consistency(full_practice(14), TODAY, GOAL))
    assert without == pytest.approx(0.5)  # half after the half-life of 14 days
    assert with_goal == pytest.approx(without / GOAL)


def test_without_a_goal_nothing_is_ever_reached() -> None:
    assert encouragement(0.0, 90, NO_GOAL, "en") == "Every minute counts. Good to have you here."
    assert encouragement(0.0, 0, NO_GOAL, "en").startswith("Welcome.")


# --- consistency ---------------------------------------------------------------------------


def test_consistency_is_zero_without_any_practice() -> None:
    assert consistency({}, TODAY, GOAL) == 0


def test_consistency_grows_with_every_day_of_practice() -> None:
    values = [consistency(full_practice(n), TODAY, GOAL) for n in range(1, 60)]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[13] == pytest.approx(0.5)  # 14 days: one half-life


def test_a_missed_day_after_twenty_full_days_keeps_most_of_it() -> None:
    yesterday = days_ago(1)
    before = consistency(full_practice(20, yesterday), yesterday, GOAL)
    after = consistency(full_practice(20, yesterday), TODAY, GOAL)
    assert 0.9 * before < after < before


def test_consistency_fades_slowly_and_halves_in_one_half_life() -> None:
    practised = full_practice(56, days_ago(1))
    last = consistency(practised, days_ago(1), GOAL)
    faded = [consistency(practised, days_ago(1) + timedelta(days=n), GOAL) for n in range(15)]
    assert faded == sorted(faded, reverse=True)
    assert faded[14] == pytest.approx(last / 2)
    assert faded[14] > 0


def test_practice_beyond_the_goal_counts_as_the_goal() -> None:
    double = {day: 2.0 * GOAL for day in full_practice(10)}
    assert consistency(double, TODAY, GOAL) == consistency(full_practice(10), TODAY, GOAL)


def test_days_after_today_are_ignored() -> None:
    future = {TODAY + timedelta(days=1): 60.0}
    assert consistency(future, TODAY, GOAL) == 0


@given(
    minutes=st.dictionaries(
        st.integers(-30, 400).map(days_ago),
        st.floats(0, 600, allow_nan=False),
        max_size=60,
    ),
    half_life=st.floats(0.5, 90),
)
def test_consistency_stays_between_zero_and_one(
    minutes: dict[date, float], half_life: float
) -> None:
    assert 0 <= consistency(minutes, TODAY, GOAL, half_life) <= 1


@given(
    minutes=st.dictionaries(
        st.integers(1, 200).map(days_ago), st.floats(0, 100, allow_nan=False), max_size=40
    ),
    today_minutes=st.floats(0, 100, allow_nan=False),
)
def test_practising_today_never_lowers_consistency(
    minutes: dict[date, float], today_minutes: float
) -> None:
    without = consistency(minutes, TODAY, GOAL)
    with_today = consistency({**minutes, TODAY: today_minutes}, TODAY, GOAL)
    assert with_today >= without


@given(minutes=st.dictionaries(st.integers(0, 200).map(days_ago), st.floats(0, 100), max_size=40))
def test_one_missed_day_never_costs_more_than_a_twentieth(minutes: dict[date, float]) -> None:
    yesterday = days_ago(1)
    past = {day: value for day, value in minutes.items() if day <= yesterday}
    before = consistency(past, yesterday, GOAL)
    assert consistency(past, TODAY, GOAL) >= 0.95 * before


# --- encouragement -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "minutes_today", "expected_nl"),
    [
        (0.0, 0, "Welkom."),
        (0.3, 5, "Elke minuut telt. Fijn dat je er bent."),
        (0.3, 0, "Een dag overslaan hoort erbij."),
        (0.8, 0, "Een rustige dag hoort daar ook bij."),
        (0.8, 25, "je oefentijd gehaald"),
    ],
)
def test_encouragement_follows_simple_thresholds(
    level: float, minutes_today: float, expected_nl: str
) -> None:
    assert expected_nl in encouragement(level, minutes_today, GOAL, "nl")


def test_encouragement_speaks_english_and_defaults_to_dutch() -> None:
    assert encouragement(0.3, 5, GOAL, "en") == "Every minute counts. Good to have you here."
    assert encouragement(0.3, 5, GOAL, "fr") == encouragement(0.3, 5, GOAL, "nl")


@given(
    level=st.floats(0, 1),
    minutes_today=st.floats(0, 120, allow_nan=False),
    lang=st.sampled_from(["nl", "en"]),
)
def test_encouragement_never_blames(level: float, minutes_today: float, lang: str) -> None:
    message = encouragement(level, minutes_today, GOAL, lang).lower()
    assert message and len(message) < 120
    for word in ("streak", "reeks", "failed", "mislukt", "should", "moet", "only", "maar "):
        assert word not in message
