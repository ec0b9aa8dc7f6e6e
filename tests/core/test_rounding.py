"""One rounding rule for every number a person reads: half away from zero, two decimals."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.rounding import round_half_away, rounded_float


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3.875, "3.88"),  # round() and numpy give 3.87 or 3.88 depending on the binary value
        (3.865, "3.87"),
        (2.125, "2.13"),
        (-0.125, "-0.13"),
        (1.005, "1.01"),
        (-0.001, "0.00"),  # no "−0,00"
        (4.0, "4.00"),
    ],
)
def test_it_rounds_half_away_from_zero_to_two_decimals(value: float, expected: str) -> None:
    assert str(round_half_away(value)) == expected


def test_it_rounds_to_other_places_by_the_same_rule() -> None:
    assert str(round_half_away(42.5, 0)) == "43"
    assert str(round_half_away(0.45, 1)) == "0.5"


def test_a_missing_score_has_no_rounded_value() -> None:
    with pytest.raises(ValueError, match="finite"):
        round_half_away(math.nan)


@given(st.integers(min_value=-50_000, max_value=50_000))
def test_every_half_goes_away_from_zero(thousandths: int) -> None:
    value = thousandths / 1000
    exact = Decimal(thousandths) / 1000
    expected = (abs(exact) * 100 + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR") / 100
    assert abs(round_half_away(value)) == expected
    assert rounded_float(value) == float(round_half_away(value))
