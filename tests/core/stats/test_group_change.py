"""A group's change between two time points, checked against R.

The reference values in reference/change_reference.json come from
reference/make_change_reference.R (base R's t.test, cor.test and pt with ncp, on the very
CSV files stored next to it); these tests need no R.
"""

from __future__ import annotations

import csv
import json
import math
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.progress_report import SCS_TOTAL_REFERENCE
from mildkracht.core.stats.correlation import spearman
from mildkracht.core.stats.errors import InvalidInputError, NotEnoughDataError
from mildkracht.core.stats.group_change import (
    GroupChange,
    ReliableChangeReference,
    cohens_d_z,
    group_change,
    paired_t_test,
    reliable_change_counts,
)

REFERENCE_DIR = Path(__file__).parent / "reference"
TOLERANCE = 1e-6
DATA_SETS = sorted(path.name for path in REFERENCE_DIR.glob("change_*.csv"))
SCS_TOTAL = ReliableChangeReference(SCS_TOTAL_REFERENCE.sd, SCS_TOTAL_REFERENCE.reliability)


@cache
def r_reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE_DIR / "change_reference.json").read_text())
    return data


def read_data_set(name: str) -> tuple[list[float], list[float], list[float]]:
    with (REFERENCE_DIR / name).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    minutes = [float(row["minutes"]) if row["minutes"] else math.nan for row in rows]
    return [float(row["from"]) for row in rows], [float(row["to"]) for row in rows], minutes


@cache
def computed(name: str) -> GroupChange:
    before, after, minutes = read_data_set(name)
    return group_change(before, after, reference=SCS_TOTAL, minutes=minutes)


def as_r_names(change: GroupChange) -> dict[str, Any]:
    assert change.test is not None and change.effect_size is not None
    assert change.reliable is not None and change.practice is not None
    assert change.practice.rho is not None and change.practice.interval is not None
    return {
        "n": change.n,
        "mean_from": change.mean_from,
        "mean_to": change.mean_to,
        "mean_change": change.mean_change,
        "mean_change_ci": [change.mean_change_interval.lower, change.mean_change_interval.upper],
        "percent_change": change.percent_change,
        "t": change.test.t,
        "df": change.test.df,
        "p": change.test.p,
        "d_z": change.effect_size.d_z,
        "d_z_ci": [change.effect_size.interval.lower, change.effect_size.interval.upper],
        "improved": change.reliable.improved,
        "unchanged": change.reliable.unchanged,
        "declined": change.reliable.declined,
        "spearman_rho": change.practice.rho,
        "spearman_ci": [change.practice.interval.lower, change.practice.interval.upper],
        "spearman_n": change.practice.n,
    }


def test_there_are_four_reference_data_sets_and_r_described_each() -> None:
    assert len(DATA_SETS) == 4
    assert set(DATA_SETS) <= set(r_reference())


@pytest.mark.parametrize("name", DATA_SETS)
@pytest.mark.parametrize(
    "statistic",
    [
        "n",
        "mean_from",
        "mean_to",
        "mean_change",
        "mean_change_ci",
        "percent_change",
        "t",
        "df",
        "p",
        "d_z",
        "d_z_ci",
        "improved",
        "unchanged",
        "declined",
        "spearman_rho",
        "spearman_ci",
        "spearman_n",
    ],
)
def test_every_statistic_agrees_with_r_to_a_millionth(name: str, statistic: str) -> None:
    expected = r_reference()[name][statistic]
    actual = as_r_names(computed(name))[statistic]
    assert actual == pytest.approx(expected, abs=TOLERANCE, rel=0)


def test_the_reference_data_have_ties_in_the_minutes_and_missing_minutes() -> None:
    _, _, minutes = read_data_set("change_twelve_with_ties.csv")
    assert len(set(minutes)) < len(minutes)
    _, _, minutes = read_data_set("change_eight_declining.csv")
    assert computed("change_eight_declining.csv").practice.n == 6  # type: ignore[union-attr]
    assert sum(math.isnan(value) for value in minutes) == 2


def test_the_change_of_a_hand_computed_group() -> None:
    # d = 1, 2, 3: mean 2, SD 1, t = 2 / (1 / √3) = 2√3, d_z = 2; percent 100 · 2 / 2 = 100.
    change = group_change([1.0, 2.0, 3.0], [2.0, 4.0, 6.0])
    assert change.mean_change == pytest.approx(2.0)
    assert change.percent_change == pytest.approx(100.0)
    assert change.test is not None and change.test.t == pytest.approx(2 * math.sqrt(3))
    assert change.test.df == 2
    assert change.effect_size is not None and change.effect_size.d_z == pytest.approx(2.0)
    assert change.reliable is None
    assert change.practice is None


def test_the_d_z_interval_holds_the_estimate_and_is_wider_below_for_a_positive_effect() -> None:
    effect = cohens_d_z([0.2, 0.5, 0.9, 0.4, 0.7, 0.1])
    assert effect.interval.lower < effect.d_z < effect.interval.upper
    # Not d_z ± a margin: the noncentral t's interval reaches further towards 0.
    assert effect.d_z - effect.interval.lower > effect.interval.upper - effect.d_z


@given(
    st.lists(st.floats(min_value=-3, max_value=3, allow_nan=False), min_size=3, max_size=40).filter(
        lambda values: np.std(values) > 1e-3
    )
)
def test_turning_every_change_around_mirrors_t_and_the_d_z_interval(values: list[float]) -> None:
    forward, backward = cohens_d_z(values), cohens_d_z([-value for value in values])
    assert backward.d_z == pytest.approx(-forward.d_z)
    assert backward.interval.lower == pytest.approx(-forward.interval.upper, abs=1e-7)
    assert backward.interval.upper == pytest.approx(-forward.interval.lower, abs=1e-7)
    assert paired_t_test(values).p == pytest.approx(paired_t_test([-v for v in values]).p)


def test_when_everyone_changed_alike_t_and_d_z_are_left_out_not_infinite() -> None:
    # 3.4 − 3.3 and 4.4 − 4.3 differ in their last bits only: as R, that is no variation.
    change = group_change([3.3, 4.3, 2.0], [3.4, 4.4, 2.1])
    assert change.test is None
    assert change.effect_size is None
    assert change.mean_change == pytest.approx(0.1)
    with pytest.raises(InvalidInputError, match="same amount"):
        paired_t_test([0.5, 0.5, 0.5])


def test_fewer_than_two_pairs_is_not_enough() -> None:
    with pytest.raises(NotEnoughDataError, match="at least 2"):
        group_change([3.0], [3.5])


@pytest.mark.parametrize(
    ("before", "after"),
    [([3.0, 2.0], [3.5]), ([3.0, math.nan], [3.5, 2.5]), ([3.0, 2.0], [math.inf, 2.5])],
)
def test_unequal_or_unfinished_pairs_are_refused(before: list[float], after: list[float]) -> None:
    with pytest.raises(InvalidInputError):
        group_change(before, after)


def test_percent_change_is_left_out_when_the_first_mean_is_zero() -> None:
    assert group_change([0.0, 0.0, 0.0], [1.0, 2.0, 4.0]).percent_change is None


@pytest.mark.parametrize(
    ("higher_is_better", "expected"),
    [(True, (1, 2, 1)), (False, (1, 2, 1))],
)
def test_reliable_change_counts_go_by_which_way_is_better(
    higher_is_better: bool, expected: tuple[int, int, int]
) -> None:
    # SD 1, r 0.5: S_diff = 1, so a change counts when it is more than 1.96.
    reference = ReliableChangeReference(1.0, 0.5, higher_is_better=higher_is_better)
    counts = reliable_change_counts([0.0, 0.0, 0.0, 0.0], [2.0, 1.9, -1.9, -2.0], reference)
    assert (counts.improved, counts.unchanged, counts.declined) == expected


def test_a_decrease_is_an_improvement_where_lower_is_better() -> None:
    reference = ReliableChangeReference(1.0, 0.5, higher_is_better=False)
    counts = reliable_change_counts([5.0, 5.0, 5.0], [2.0, 2.5, 5.0], reference)
    assert (counts.improved, counts.unchanged, counts.declined) == (2, 1, 0)


def test_spearman_of_tied_ranks_is_pearson_of_the_mean_ranks() -> None:
    # ranks of x: 1, 2.5, 2.5, 4; of y: 1, 2, 3, 4.
    result = spearman([1.0, 5.0, 5.0, 9.0], [1.0, 2.0, 3.0, 4.0])
    expected = float(np.corrcoef([1, 2.5, 2.5, 4], [1, 2, 3, 4])[0, 1])
    assert result.rho == pytest.approx(expected)
    assert result.n == 4


def test_spearman_has_no_interval_below_four_pairs_and_no_rho_without_variation() -> None:
    assert spearman([1.0, 2.0, 3.0], [3.0, 1.0, 2.0]).interval is None
    constant = spearman([60.0, 60.0, 60.0, 60.0], [0.1, 0.2, 0.3, 0.4])
    assert constant.rho is None and constant.n == 4


def test_a_perfect_rank_correlation_has_a_point_interval() -> None:
    result = spearman([1.0, 2.0, 3.0, 4.0, 5.0], [0.1, 0.3, 0.2 + 0.2, 0.9, 1.0])
    assert result.rho == pytest.approx(1.0)
    assert result.interval is not None and result.interval.lower == pytest.approx(1.0)
