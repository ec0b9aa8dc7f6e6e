"""Scoring against independent references: R (written from docs/scoring-keys.md alone) and
hand-computed cases."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mildkracht.core.instruments.errors import AnswerError
from mildkracht.core.instruments.registry import all_instruments, get_instrument
from mildkracht.core.instruments.scoring import find_invalid, score_matrix, score_response

REFERENCE = Path(__file__).parent / "reference"
SCS = get_instrument("scs")


def read_answers() -> tuple[list[str], np.ndarray]:
    with (REFERENCE / "scs_answers.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    matrix = np.array(
        [
            [float(row[f"scs_{n}"]) if row[f"scs_{n}"] else np.nan for n in range(1, 27)]
            for row in rows
        ]
    )
    return [row["id"] for row in rows], matrix


def read_r_scores() -> list[dict[str, str]]:
    with (REFERENCE / "scs_scored_by_r.csv").open() as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def as_number(text: str) -> float:
    return math.nan if text in ("", "NA") else float(text)


def test_every_scs_score_equals_the_independent_r_scoring() -> None:
    ids, matrix = read_answers()
    result = score_matrix(SCS, matrix)
    expected = read_r_scores()
    assert [row["id"] for row in expected] == ids
    for key, values in result.scores.items():
        wanted = np.array([as_number(row[f"scs_{key}"]) for row in expected])
        assert np.array_equal(np.isnan(values), np.isnan(wanted)), key
        assert np.allclose(values, wanted, atol=1e-12, equal_nan=True), key


def test_bands_equal_the_independent_r_scoring_including_the_boundaries() -> None:
    _, matrix = read_answers()
    band = SCS.bands[0]
    indices = score_matrix(SCS, matrix).bands["band"]
    ours = [band.ranges[i].id if i >= 0 else "NA" for i in indices]
    assert ours == [row["scs_band"] or "NA" for row in read_r_scores()]
    assert ours[3:5] == ["moderate", "high"]  # totals of exactly 2.5 and 3.5


SCS_CASES = [
    # answers (by item), expected total, total_sum, band
    ({n: 1 for n in range(1, 27)}, 3.0, 78, "moderate"),
    (
        {
            n: 5 if n in (5, 12, 19, 23, 26, 3, 7, 10, 15, 9, 14, 17, 22) else 1
            for n in range(1, 27)
        },
        5.0,
        130,
        "high",
    ),
    (
        {
            n: 1 if n in (5, 12, 19, 23, 26, 3, 7, 10, 15, 9, 14, 17, 22) else 5
            for n in range(1, 27)
        },
        1.0,
        26,
        "low",
    ),
]


@pytest.mark.parametrize(("answers", "total", "total_sum", "band"), SCS_CASES)
def test_it_reverses_negative_items_for_the_total(
    answers: dict[int, int], total: float, total_sum: float, band: str
) -> None:
    scores = score_response(SCS, answers)
    assert scores.values["total"] == total
    assert scores.values["total_sum"] == total_sum
    assert scores.bands["band"] is not None and scores.bands["band"].id == band


def test_negative_subscales_are_reported_without_reversal() -> None:
    answers = {n: 2 for n in range(1, 27)} | {1: 5, 8: 5, 11: 5, 16: 5, 21: 5}
    assert score_response(SCS, answers).values["self_judgment"] == 5.0


def test_total_is_the_mean_of_subscale_means_not_the_item_mean() -> None:
    # self-kindness all 5 (5 items), everything else 3 after keying
    answers = {n: 3 for n in range(1, 27)} | {5: 5, 12: 5, 19: 5, 23: 5, 26: 5}
    values = score_response(SCS, answers).values
    assert values["total"] == pytest.approx((5 + 3 * 5) / 6)
    assert values["total_item_mean"] == pytest.approx((5 * 5 + 21 * 3) / 26)


def test_an_unanswered_item_leaves_its_scores_empty_and_others_intact() -> None:
    answers = {n: 3 for n in range(1, 27)} | {5: None}
    values = score_response(SCS, answers).values
    assert values["self_kindness"] is None
    assert values["total"] is None
    assert values["self_judgment"] == 3.0
    assert score_response(SCS, answers).unanswered == (5,)


def test_prorating_uses_the_answered_items_when_few_are_missing() -> None:
    answers = {n: 3 for n in range(1, 27)} | {5: None, 12: 5}
    values = score_response(SCS, answers, prorate=0.2).values
    assert values["self_kindness"] == pytest.approx((5 + 3 + 3 + 3) / 4)
    assert values["total_sum"] == pytest.approx(values["total_item_mean"] * 26)


def test_prorating_refuses_when_too_many_items_are_missing() -> None:
    answers = {n: 3 for n in range(1, 27)} | {5: None, 12: None}
    assert score_response(SCS, answers, prorate=0.2).values["self_kindness"] is None


@pytest.mark.parametrize("value", [0, 6, 2.5, -1])
def test_answers_off_the_scale_are_refused(value: float) -> None:
    with pytest.raises(AnswerError, match="item 7"):
        score_response(SCS, {n: 3 for n in range(1, 27)} | {7: value})  # type: ignore[dict-item]


def test_a_text_answer_is_refused() -> None:
    with pytest.raises(AnswerError, match="not a number"):
        score_response(SCS, {1: "often"})  # type: ignore[dict-item]


def test_an_unknown_item_is_refused() -> None:
    with pytest.raises(AnswerError, match="item 27"):
        score_response(SCS, {27: 3})


def test_find_invalid_names_row_item_and_value() -> None:
    matrix = np.full((3, 26), 3.0)
    matrix[2, 4] = 9
    bad = find_invalid(SCS, matrix)
    assert [(b.row, b.item, b.value) for b in bad] == [(2, 5, 9.0)]


KEYS_RULES = {
    # instrument: (answers for items 1..k, expected {score: value}), hand-computed from the
    # keys in docs/scoring-keys.md
    "scs_sf": (
        [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2],
        {"total": (5 + 2 + 3 + 2 + 5 + 1 + 2 + 3 + 2 + 5 + 5 + 4) / 12},
    ),
    "sscs_s": ([5, 1, 4, 2, 1, 3], {"total": (5 + 5 + 4 + 4 + 5 + 3) / 6}),
    "phq9": ([3, 3, 3, 3, 3, 3, 3, 0, 1], {"total": 22}),
    "gad7": ([0, 1, 2, 3, 0, 1, 2], {"total": 9}),
    "pss10": ([4, 4, 4, 0, 0, 4, 0, 0, 4, 4], {"total": 40}),
    "swls": ([7, 6, 5, 4, 3], {"total": 25}),
    "shs": ([7, 6, 5, 2], {"total": (7 + 6 + 5 + 6) / 4}),
    "dass21": (
        [1, 0, 2, 0, 1, 0, 0, 3, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 3],
        {
            "depression": 2 * (2 + 1 + 2 + 1 + 0 + 0 + 3),
            "anxiety": 0,
            "stress": 2 * (1 + 0 + 3 + 0 + 0 + 0 + 0),
        },
    ),
}


@pytest.mark.parametrize("instrument_id", sorted(KEYS_RULES))
def test_each_instrument_follows_its_published_key(instrument_id: str) -> None:
    answers, expected = KEYS_RULES[instrument_id]
    instrument = get_instrument(instrument_id)
    values = score_response(instrument, dict(enumerate(answers, start=1))).values
    for key, value in expected.items():
        assert values[key] == pytest.approx(value), key


def test_sscs_long_form_subscales_are_means_after_reversing_even_items() -> None:
    instrument = get_instrument("sscs_l")
    answers = {n: (5 if n % 2 == 0 else 4) for n in range(1, 19)}
    values = score_response(instrument, answers).values
    assert values["total"] == pytest.approx((9 * 4 + 9 * 1) / 18)
    assert values["self_judgment"] == 1.0  # items 4, 10, 16 answered 5, reversed to 1


@pytest.mark.parametrize(
    ("instrument_id", "total", "band"),
    [
        ("phq9", 4, "minimal"),
        ("phq9", 5, "mild"),
        ("phq9", 20, "severe"),
        ("gad7", 15, "severe"),
        ("swls", 20, "neutral"),
        ("swls", 21, "slightly_satisfied"),
    ],
)
def test_sum_bands_start_at_their_published_lower_bounds(
    instrument_id: str, total: int, band: str
) -> None:
    instrument = get_instrument(instrument_id)
    low = instrument.scale.minimum
    answers = {n: low for n in instrument.item_numbers}
    remaining = total - low * len(answers)
    for n in instrument.item_numbers:
        step = min(remaining, instrument.scale.maximum - low)
        answers[n] += step
        remaining -= step
    result = score_response(instrument, answers)
    assert result.values["total"] == total
    assert result.bands["band"] is not None and result.bands["band"].id == band


def test_phq9_item_9_above_zero_raises_the_help_alert_whatever_the_total() -> None:
    instrument = get_instrument("phq9")
    answers = {n: 0 for n in range(1, 10)} | {9: 1}
    alerts = score_response(instrument, answers).alerts
    assert [alert.id for alert in alerts] == ["thoughts_of_death"]
    assert 9 in instrument.private_items


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(1, 5), min_size=26, max_size=26), min_size=1, max_size=20))
def test_one_response_scores_exactly_as_its_row_in_a_matrix(rows: list[list[int]]) -> None:
    matrix = np.array(rows, dtype=float)
    together = score_matrix(SCS, matrix)
    for index, row in enumerate(rows):
        alone = score_response(SCS, dict(enumerate(row, start=1)))
        for key, value in alone.values.items():
            assert value == together.scores[key][index]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=26, max_size=26))
def test_total_is_the_mean_of_cs_and_rus(row: list[int]) -> None:
    values = score_response(SCS, dict(enumerate(row, start=1))).values
    assert values["total"] == pytest.approx((values["cs"] + values["rus"]) / 2, abs=1e-11)
    assert values["total_sum"] == pytest.approx(values["total_item_mean"] * 26, abs=1e-9)


ALL = all_instruments()


@st.composite
def responses(draw: st.DrawFn) -> tuple[str, list[dict[int, int | None]], float, bool]:
    """Some respondents of one instrument, with unanswered items, and scoring options."""
    instrument = ALL[draw(st.sampled_from(sorted(ALL)))]
    low, high = instrument.scale.minimum, instrument.scale.maximum
    answer = st.one_of(st.none(), st.integers(low, high), st.integers(low, high))
    rows = draw(
        st.lists(
            st.fixed_dictionaries({n: answer for n in instrument.item_numbers}),
            min_size=1,
            max_size=8,
        )
    )
    prorate = draw(st.sampled_from([0.0, 0.1, 0.2, 0.25, 0.5, 0.9]))
    return instrument.id, rows, prorate, draw(st.booleans())


@settings(max_examples=300, deadline=None)
@given(responses())
def test_the_single_response_path_equals_the_matrix_path_exactly(
    case: tuple[str, list[dict[int, int | None]], float, bool],
) -> None:
    """Plain-Python scoring of one response (the web's path) against numpy's matrix path:
    every value, band and count of missing scores identical, not merely close."""
    instrument_id, rows, prorate, optional = case
    instrument = ALL[instrument_id]
    matrix = np.array(
        [[np.nan if row[n] is None else row[n] for n in instrument.item_numbers] for row in rows],
        dtype=float,
    )
    together = score_matrix(instrument, matrix, prorate=prorate, include_optional=optional)
    for index, row in enumerate(rows):
        alone = score_response(instrument, row, prorate=prorate, include_optional=optional)
        assert set(alone.values) == set(together.scores)
        for key, value in alone.values.items():
            expected = together.scores[key][index]
            if np.isnan(expected):
                assert value is None, key
            else:
                assert value == float(expected), key  # exact: the same float
        for band in instrument.bands:
            position = int(together.bands[band.column][index])
            expected_band = None if position < 0 else band.ranges[position]
            assert alone.bands[band.column] == expected_band
        assert alone.unanswered == tuple(n for n in instrument.item_numbers if row[n] is None)


def test_one_response_refuses_an_impossible_prorating_fraction() -> None:
    with pytest.raises(AnswerError):
        score_response(SCS, {1: 3}, prorate=1.0)
