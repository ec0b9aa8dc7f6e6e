"""Reliable change (Jacobson & Truax 1991) and percent change."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.stats.change import (
    Direction,
    ReliableChange,
    percent_change,
    reliable_change,
)
from mildkracht.core.stats.errors import InvalidInputError, StatisticsError


def test_reliable_change_of_a_hand_computed_example() -> None:
    # S_diff = √2 · 0.6 · √(1 − 0.92) = 0.6 · √0.16 = 0.24; RCI = (3.4 − 2.5) / 0.24 = 3.75.
    change = reliable_change(before=2.5, after=3.4, sd=0.6, reliability=0.92)
    assert change.difference == pytest.approx(0.9, abs=1e-12)
    assert change.s_diff == pytest.approx(0.24, abs=1e-12)
    assert change.rci == pytest.approx(3.75, abs=1e-12)
    assert change.beyond_error is True
    assert change.direction is Direction.INCREASE


@pytest.mark.parametrize(
    ("before", "after", "rci", "beyond_error", "direction"),
    [
        (3.0, 3.4, 0.4 / 0.24, False, Direction.INCREASE),
        (3.4, 2.5, -0.9 / 0.24, True, Direction.DECREASE),
        (3.0, 2.6, -0.4 / 0.24, False, Direction.DECREASE),
        (3.0, 3.0, 0.0, False, Direction.UNCHANGED),
    ],
)
def test_reliable_change_table(
    before: float, after: float, rci: float, beyond_error: bool, direction: Direction
) -> None:
    change = reliable_change(before=before, after=after, sd=0.6, reliability=0.92)
    assert change.rci == pytest.approx(rci, abs=1e-12)
    assert change.beyond_error is beyond_error
    assert change.direction is direction


def test_a_change_is_beyond_error_only_when_its_rci_exceeds_1_96() -> None:
    # r = 0.5, SD = 1: S_diff = √2 · √0.5 = 1, so the RCI is the difference itself.
    assert reliable_change(0.0, 1.95, sd=1.0, reliability=0.5).beyond_error is False
    assert reliable_change(0.0, 1.97, sd=1.0, reliability=0.5).beyond_error is True
    assert reliable_change(0.0, -1.97, sd=1.0, reliability=0.5).beyond_error is True


def test_reliable_change_with_zero_reliability_uses_the_whole_sd() -> None:
    change = reliable_change(before=10.0, after=12.0, sd=2.0, reliability=0.0)
    assert change.s_diff == pytest.approx(2.0 * math.sqrt(2.0))


def test_reliable_change_is_a_frozen_value() -> None:
    change = reliable_change(1.0, 2.0, sd=1.0, reliability=0.8)
    assert isinstance(change, ReliableChange)
    with pytest.raises(AttributeError):
        change.rci = 0.0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sd": 0.0, "reliability": 0.8}, "standard deviation must be positive"),
        ({"sd": -1.0, "reliability": 0.8}, "standard deviation must be positive"),
        ({"sd": 1.0, "reliability": 1.0}, "below 1"),
        ({"sd": 1.0, "reliability": -0.1}, "at least 0"),
        ({"sd": math.nan, "reliability": 0.8}, "sd must be a finite number"),
        ({"sd": 1.0, "reliability": math.inf}, "reliability must be a finite number"),
    ],
)
def test_reliable_change_refuses_an_impossible_sd_or_reliability(
    arguments: dict[str, float], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        reliable_change(before=1.0, after=2.0, **arguments)


def test_reliable_change_refuses_a_missing_score() -> None:
    with pytest.raises(StatisticsError, match="after must be a finite number"):
        reliable_change(before=1.0, after=math.nan, sd=1.0, reliability=0.8)


def test_percent_change_of_a_43_percent_rise() -> None:
    assert percent_change(before=2.5, after=3.575) == pytest.approx(43.0, abs=1e-12)


def test_percent_change_of_a_fall_is_negative() -> None:
    assert percent_change(before=12.0, after=9.0) == pytest.approx(-25.0, abs=1e-12)


@pytest.mark.parametrize("before", [0.0, -2.0, math.nan])
def test_percent_change_needs_a_positive_first_score(before: float) -> None:
    with pytest.raises(InvalidInputError):
        percent_change(before=before, after=3.0)


@given(
    before=st.floats(min_value=-100, max_value=100),
    after=st.floats(min_value=-100, max_value=100),
    sd=st.floats(min_value=0.01, max_value=50),
    reliability=st.floats(min_value=0, max_value=0.99),
)
def test_swapping_the_two_scores_only_flips_the_sign_of_the_rci(
    before: float, after: float, sd: float, reliability: float
) -> None:
    forward = reliable_change(before, after, sd, reliability)
    backward = reliable_change(after, before, sd, reliability)
    assert backward.rci == -forward.rci
    assert backward.beyond_error is forward.beyond_error
