"""Reliability statistics, checked against R's psych package.

The reference values in reference/psych_reference.json come from
reference/make_reference.R (psych on the very CSV files stored next to it); these tests
need no R.
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
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from mildkracht.core.stats.errors import (
    InvalidInputError,
    NotConvergedError,
    NotEnoughDataError,
    NoVarianceError,
    StatisticsError,
)
from mildkracht.core.stats.reliability import (
    ReliabilityResult,
    cronbach_alpha,
    omega_total,
    reliability,
    standardised_alpha,
)

REFERENCE_DIR = Path(__file__).parent / "reference"

# Closed-form statistics agree with psych to rounding error (about 1e-15); this leaves room
# for a different BLAS, and is far tighter than the 1e-6 we promise.
CLOSED_FORM_TOLERANCE = 1e-12
# psych's omega.tot is only as exact as its optimiser (L-BFGS-B, factr = 1e7).
OMEGA_PSYCH_TOLERANCE = 1e-6
# An independent, tightly converged minres fit in R (BFGS over the loadings).
OMEGA_TIGHT_TOLERANCE = 1e-9
# In a Heywood case psych's optimiser stops well short of its bound-constrained solution.
OMEGA_HEYWOOD_TOLERANCE = 1e-4


@cache
def _reference() -> dict[str, Any]:
    with (REFERENCE_DIR / "psych_reference.json").open(encoding="utf-8") as file:
        cases: dict[str, Any] = json.load(file)["cases"]
    return cases


def _case(name: str) -> dict[str, Any]:
    case: dict[str, Any] = _reference()[name]
    return case


@cache
def _read_csv(file_name: str) -> tuple[tuple[str, ...], np.ndarray]:
    with (REFERENCE_DIR / file_name).open(encoding="utf-8", newline="") as file:
        header, *rows = list(csv.reader(file))
    values = [[math.nan if cell == "NA" else float(cell) for cell in row] for row in rows]
    return tuple(header), np.array(values, dtype=np.float64)


def _case_data(name: str) -> np.ndarray:
    """The case's items, in its order, with its reversed items as 6 − x (as in the R script)."""
    case = _case(name)
    header, data = _read_csv(case["csv"])
    items = data[:, [header.index(item) for item in case["items"]]]
    for item in case["reverse_6_minus"]:
        column = case["items"].index(item)
        items[:, column] = 6 - items[:, column]
    return items


@cache
def _result(name: str) -> ReliabilityResult:
    return reliability(_case_data(name), _case(name)["items"])


ALL_CASES = sorted(_reference())
HEYWOOD_CASES = ["heywood"]
WELL_FITTING_CASES = [name for name in ALL_CASES if name not in HEYWOOD_CASES]


def _largest_difference(ours: list[float], theirs: list[float]) -> float:
    return float(np.max(np.abs(np.array(ours) - np.array(theirs))))


@pytest.mark.parametrize("name", ALL_CASES)
def test_alpha_equals_psych(name: str) -> None:
    expected = _case(name)["raw_alpha"]
    assert _result(name).alpha == pytest.approx(expected, abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("name", ALL_CASES)
def test_standardised_alpha_and_average_r_equal_psych(name: str) -> None:
    result, case = _result(name), _case(name)
    assert result.std_alpha == pytest.approx(case["std_alpha"], abs=CLOSED_FORM_TOLERANCE)
    assert result.average_r == pytest.approx(case["average_r"], abs=CLOSED_FORM_TOLERANCE)


@pytest.mark.parametrize("name", ALL_CASES)
def test_corrected_item_total_correlations_equal_psych_r_drop(name: str) -> None:
    ours = [item.r_drop for item in _result(name).items]
    assert _largest_difference(ours, _case(name)["r_drop"]) < CLOSED_FORM_TOLERANCE


@pytest.mark.parametrize("name", ALL_CASES)
def test_alpha_if_item_deleted_equals_psych_alpha_drop(name: str) -> None:
    items, case = _result(name).items, _case(name)
    raw = [item.alpha_if_deleted for item in items]
    standardised = [item.std_alpha_if_deleted for item in items]
    assert _largest_difference(raw, case["alpha_drop_raw_alpha"]) < CLOSED_FORM_TOLERANCE
    assert _largest_difference(standardised, case["alpha_drop_std_alpha"]) < CLOSED_FORM_TOLERANCE


@pytest.mark.parametrize("name", ALL_CASES)
def test_item_statistics_keep_the_item_names_in_order(name: str) -> None:
    assert [item.item for item in _result(name).items] == _case(name)["items"]


@pytest.mark.parametrize("name", WELL_FITTING_CASES)
def test_omega_total_equals_psych_to_six_decimals(name: str) -> None:
    expected = _case(name)["omega_total"]
    assert _result(name).omega_total == pytest.approx(expected, abs=OMEGA_PSYCH_TOLERANCE)


@pytest.mark.parametrize("name", WELL_FITTING_CASES)
def test_omega_total_equals_a_tightly_converged_minres_fit_to_nine_decimals(name: str) -> None:
    expected = _case(name)["omega_total_tight"]
    assert _result(name).omega_total == pytest.approx(expected, abs=OMEGA_TIGHT_TOLERANCE)


@pytest.mark.parametrize("name", HEYWOOD_CASES)
def test_omega_total_in_a_heywood_case_equals_psych_to_four_decimals(name: str) -> None:
    case = _case(name)
    assert max(case["communalities"]) > 0.995  # the reference really is a Heywood case
    assert _result(name).omega_total == pytest.approx(
        case["omega_total"], abs=OMEGA_HEYWOOD_TOLERANCE
    )


def test_omega_describes_the_score_as_given_where_psych_would_reflect_an_item() -> None:
    # q5 runs against the other items: psych's default flip = TRUE reverses it first.
    case = _case("five_items")
    omega = _result("five_items").omega_total
    assert omega == pytest.approx(case["omega_total"], abs=OMEGA_PSYCH_TOLERANCE)
    assert case["omega_total_psych_default_flip"] - omega > 0.1


def test_the_scs_total_alpha_with_negative_items_reversed_is_much_higher_than_unreversed() -> None:
    reversed_alpha = _result("scs_total_reversed").alpha
    expected = _case("scs_total_reversed")["raw_alpha"]
    assert reversed_alpha == pytest.approx(expected, abs=CLOSED_FORM_TOLERANCE)
    assert reversed_alpha - _result("scs_unreversed").alpha > 0.3


@pytest.mark.parametrize(
    "subscale",
    ["self_judgment", "isolation", "over_identification"],
)
def test_reversing_a_whole_subscale_leaves_its_alpha_unchanged(subscale: str) -> None:
    case = _case(f"scs_{subscale}")
    answers = _case_data(f"scs_{subscale}")
    reversed_alpha = reliability(6 - answers, case["items"]).alpha
    assert reversed_alpha == pytest.approx(case["raw_alpha"], abs=CLOSED_FORM_TOLERANCE)


def test_rows_with_a_missing_answer_are_left_out() -> None:
    case = _case("with_missing")
    answers = _case_data("with_missing")
    complete = answers[~np.isnan(answers).any(axis=1)]
    result = _result("with_missing")
    assert result.n == case["n_complete"] == len(complete) < case["n_rows"]
    assert result == reliability(complete, case["items"])


def test_listwise_alpha_differs_from_psych_pairwise_alpha() -> None:
    # Documents the choice: psych's alpha() on data with NA uses pairwise covariances.
    pairwise = _case("with_missing")["pairwise_for_information"]["raw_alpha"]
    assert abs(_result("with_missing").alpha - pairwise) > 1e-4


def test_alpha_of_a_small_example_equals_the_hand_computed_value() -> None:
    # Item variances 5/3 each; totals 4, 6, 9, 11 have variance 29/3.
    # alpha = 3/2 · (1 − 5 / (29/3)) = 21/29.
    answers = np.array([[1, 2, 1], [2, 1, 3], [3, 4, 2], [4, 3, 4]], dtype=np.float64)
    assert reliability(answers, ["a", "b", "c"]).alpha == pytest.approx(21 / 29, abs=1e-15)


def test_a_two_item_scale_has_no_alpha_if_deleted_and_no_omega() -> None:
    answers = np.array([[1, 2], [2, 2], [3, 4], [4, 5], [5, 3]], dtype=np.float64)
    result = reliability(answers, ["a", "b"])
    correlation = float(np.corrcoef(answers[:, 0], answers[:, 1])[0, 1])
    assert [item.r_drop for item in result.items] == pytest.approx([correlation] * 2)
    assert all(math.isnan(item.alpha_if_deleted) for item in result.items)
    assert math.isnan(result.omega_total)
    assert result.to_dict()["omega_total"] is None


def test_to_dict_is_plain_json() -> None:
    as_dict = _result("scs_self_kindness").to_dict()
    decoded = json.loads(json.dumps(as_dict, allow_nan=False))
    assert decoded["n"] == 240
    assert decoded["k"] == 5
    assert decoded["alpha"] == _result("scs_self_kindness").alpha
    assert decoded["items"][0]["item"] == "scs5"


def test_omega_is_undefined_when_the_items_share_no_common_factor() -> None:
    # Correlations 0, -0.05 and 0.02: no one-factor solution is identified.
    answers = np.array(
        [[1, 1, 5], [2, 3, 2], [4, 3, 5], [3, 2, 4], [1, 5, 4], [2, 5, 5], [4, 4, 4], [3, 3, 2]],
        dtype=np.float64,
    )
    result = reliability(answers, ["a", "b", "c"])
    assert math.isnan(result.omega_total)
    assert not math.isnan(result.alpha)
    with pytest.raises(NotConvergedError, match="did not converge"):
        omega_total(np.asarray(np.corrcoef(answers, rowvar=False)))


def test_one_item_is_not_enough() -> None:
    with pytest.raises(NotEnoughDataError, match="at least 2 items"):
        reliability(np.ones((10, 1)), ["a"])


def test_fewer_than_three_complete_rows_is_not_enough() -> None:
    answers = np.array([[1, 2], [2, math.nan], [3, 4], [math.nan, 1]], dtype=np.float64)
    with pytest.raises(NotEnoughDataError, match="only 2 respondent"):
        reliability(answers, ["a", "b"])


def test_an_item_without_variance_is_named_in_the_error() -> None:
    answers = np.array([[1, 3, 2], [2, 3, 1], [3, 3, 5], [4, 3, 4]], dtype=np.float64)
    with pytest.raises(NoVarianceError, match="b got the same answer") as caught:
        reliability(answers, ["a", "b", "c"])
    assert caught.value.items == ("b",)


def test_variance_is_judged_on_the_complete_rows_only() -> None:
    # b varies only thanks to the last row, which is incomplete.
    answers = np.array([[1, 3], [2, 3], [3, 3], [math.nan, 1]], dtype=np.float64)
    with pytest.raises(NoVarianceError):
        reliability(answers, ["a", "b"])


@pytest.mark.parametrize(
    ("answers", "names", "message"),
    [
        (np.ones((5, 3)), ["a", "b"], "expected respondents × 2 items"),
        (np.ones(5), ["a", "b"], "expected respondents × 2 items"),
        (np.array([[1.0, 2.0], [2.0, math.inf], [3.0, 1.0]]), ["a", "b"], "infinite"),
        (np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 1.0]]), ["a", "a"], "unique"),
    ],
)
def test_malformed_input_is_refused_with_a_reason(
    answers: np.ndarray, names: list[str], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        reliability(answers, names)


def test_every_error_is_a_statistics_error() -> None:
    for error in (InvalidInputError, NotConvergedError, NotEnoughDataError, NoVarianceError):
        assert issubclass(error, StatisticsError)


def test_omega_needs_three_items() -> None:
    with pytest.raises(NotEnoughDataError, match="at least 3 items"):
        omega_total(np.array([[1.0, 0.5], [0.5, 1.0]]))


def test_a_matrix_helper_refuses_a_matrix_that_is_not_square() -> None:
    with pytest.raises(InvalidInputError, match="square"):
        cronbach_alpha(np.ones((2, 3)))


def test_alpha_is_undefined_when_the_total_score_has_no_variance() -> None:
    # Two items that mirror each other exactly: the total is the same for everyone.
    assert math.isnan(cronbach_alpha(np.array([[1.0, -1.0], [-1.0, 1.0]])))


_answers = st.integers(min_value=3, max_value=25).flatmap(
    lambda rows: st.integers(min_value=2, max_value=6).flatmap(
        lambda items: hnp.arrays(
            np.float64, (rows, items), elements=st.integers(min_value=1, max_value=5)
        )
    )
)


# No deadline: random answers without a common factor can make omega's iteration run long.
@settings(deadline=None)
@given(answers=_answers, data=st.data())
def test_alpha_does_not_depend_on_the_order_of_the_items(
    answers: np.ndarray, data: st.DataObject
) -> None:
    assume(bool(np.all(np.ptp(answers, axis=0) > 0)))
    names = [f"item{index}" for index in range(answers.shape[1])]
    order = data.draw(st.permutations(range(answers.shape[1])))
    original = reliability(answers, names)
    shuffled = reliability(answers[:, order], [names[index] for index in order])
    assert shuffled.alpha == pytest.approx(original.alpha, rel=1e-9, abs=1e-12, nan_ok=True)
    assert shuffled.std_alpha == pytest.approx(original.std_alpha, rel=1e-9, abs=1e-12, nan_ok=True)
    by_name = {item.item: item for item in original.items}
    for item in shuffled.items:
        assert item.r_drop == pytest.approx(
            by_name[item.item].r_drop, rel=1e-9, abs=1e-12, nan_ok=True
        )


@given(answers=_answers)
def test_standardised_alpha_is_the_alpha_of_standardised_items(answers: np.ndarray) -> None:
    assume(bool(np.all(np.ptp(answers, axis=0) > 0)))
    standardised = (answers - answers.mean(axis=0)) / answers.std(axis=0, ddof=1)
    covariance = np.cov(standardised, rowvar=False)
    correlation = np.corrcoef(answers, rowvar=False)
    assert cronbach_alpha(covariance) == pytest.approx(
        standardised_alpha(correlation), rel=1e-9, abs=1e-12, nan_ok=True
    )
