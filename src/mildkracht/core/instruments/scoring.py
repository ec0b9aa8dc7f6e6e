"""Scoring: one response or a whole matrix of respondents, with the same arithmetic.

Every rule comes from the instrument's data file (see docs/instrument-format.md and the
authors' keys in docs/scoring-keys.md). A matrix is scored with numpy; a single
response (one web request) with plain Python, which is several times faster for one row.
The single path repeats the matrix path's operations in the same order (the same sums, the
same divisions and the same rounding), and a property test holds the two to exact equality
for every instrument, with and without missing answers and prorating.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mildkracht.core.instruments.errors import AnswerError
from mildkracht.core.instruments.model import Alert, Band, BandRange, Instrument, Method, Score

FloatArray = npt.NDArray[np.float64]

#: Scores are rounded to this many decimals: far below any meaningful difference, and it
#: removes floating-point noise such as 2.4999999999999996 for an exact 2.5.
DECIMALS = 12


@dataclass(frozen=True)
class MatrixScores:
    """Scores of many respondents: one array per score, NaN where a score is missing."""

    scores: Mapping[str, FloatArray]
    bands: Mapping[str, npt.NDArray[np.int64]]
    """Per band column, the index of each respondent's range in ``Band.ranges`` (-1: none)."""
    missing: Mapping[str, int]
    """How many respondents have no value for each score."""


@dataclass(frozen=True)
class ResponseScores:
    """The scores of one response; ``None`` where items were left unanswered."""

    instrument_id: str
    version: str
    values: Mapping[str, float | None]
    bands: Mapping[str, BandRange | None]
    alerts: tuple[Alert, ...]
    unanswered: tuple[int, ...]

    @property
    def complete(self) -> bool:
        return not self.unanswered


def check_prorate(prorate: float) -> None:
    if not 0 <= prorate < 1:
        raise AnswerError([f"the prorating fraction must be at least 0 and below 1, not {prorate}"])


def score_matrix(
    instrument: Instrument,
    answers: FloatArray,
    *,
    prorate: float = 0.0,
    include_optional: bool = False,
) -> MatrixScores:
    """Score a respondents × items matrix (columns in ``instrument.item_numbers`` order).

    Missing answers are NaN. By default a score with any unanswered item is NaN. With
    ``prorate`` = f > 0, a mean or sum is computed from the answered items when at most the
    fraction f of its items is missing (a prorated sum is the item mean × the item count).
    A mean of scores is missing when any of its parts is.
    Values must already be checked (see :func:`find_invalid`).
    """
    check_prorate(prorate)
    matrix = np.asarray(answers, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[1] != len(instrument.items):
        raise AnswerError(
            [f"expected {len(instrument.items)} item columns, got shape {matrix.shape}"]
        )
    results = _item_scores(instrument, matrix, prorate)
    for score in instrument.scores:
        if score.method is Method.MEAN_OF:
            results[score.id] = _mean_of(instrument, score, results)
    wanted = instrument.scores if include_optional else instrument.default_scores()
    # Rounded and counted together: one operation each instead of one per score.
    ids = list(results)
    rounded = np.round(np.stack([results[key] for key in ids]), DECIMALS)  # a row per score
    columns = {key: rounded[index] for index, key in enumerate(ids)}
    scores = {score.id: columns[score.id] for score in wanted}
    bands = {band.column: classify(band, columns[band.score]) for band in instrument.bands}
    unanswered = np.isnan(rounded).sum(axis=1)
    missing = {score.id: int(unanswered[ids.index(score.id)]) for score in wanted}
    return MatrixScores(scores=scores, bands=bands, missing=missing)


def classify(band: Band, values: FloatArray) -> npt.NDArray[np.int64]:
    """Vectorised :meth:`Band.classify`: the range index per value, -1 for none or NaN."""
    lowers = np.array([r.lower for r in band.ranges], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        index = np.searchsorted(lowers, values + 1e-9, side="right") - 1
    index[np.isnan(values)] = -1
    return index.astype(np.int64)


def _item_scores(
    instrument: Instrument, matrix: FloatArray, prorate: float
) -> dict[str, FloatArray]:
    """Every mean or sum of items, computed together as one matrix product.

    A reversed answer is ``offset - x``, so each item score's sum is ``X @ w + offset * r``
    with w = +1 for a raw item, -1 for a reversed one, and r the number of reversed items.
    Answers are whole numbers, so these sums are exact whatever the order of addition.
    """
    scores = [score for score in instrument.scores if score.method is not Method.MEAN_OF]
    weights, reversed_items = _weights(instrument, scores)
    counts = np.abs(weights).sum(axis=0)
    missing = np.isnan(matrix)
    if not missing.any():
        sums = matrix @ weights + instrument.reverse_offset * reversed_items.sum(axis=0)
        answered = np.broadcast_to(counts, sums.shape)
        allowed = np.ones(sums.shape, dtype=bool)
    else:
        given = (~missing).astype(np.float64)
        answered = given @ np.abs(weights)
        sums = np.where(missing, 0.0, matrix) @ weights
        sums += instrument.reverse_offset * (given @ reversed_items)
        allowed = answered == counts
        if prorate > 0:
            allowed = (answered > 0) & ((counts - answered) <= prorate * counts + 1e-12)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / answered
    results = {}
    for index, score in enumerate(scores):
        value = means[:, index] * counts[index] if score.method is Method.SUM else means[:, index]
        results[score.id] = np.where(allowed[:, index], value * score.multiplier, np.nan)
    return results


def _weights(instrument: Instrument, scores: list[Score]) -> tuple[FloatArray, FloatArray]:
    """The item weights of ``scores`` (see :func:`_item_scores`), computed once per instrument."""
    key = (id(instrument), tuple(score.id for score in scores))
    kept = _kept_weights.get(key)
    if kept is not None and kept[0] is instrument:  # the instrument kept alive: same id
        return kept[1], kept[2]
    numbers = instrument.item_numbers
    weights = np.zeros((len(numbers), len(scores)))
    reversed_items = np.zeros((len(numbers), len(scores)))
    for column, score in enumerate(scores):
        for number in score.items:
            row = numbers.index(number)
            flip = score.apply_reverse and instrument.item(number).reverse
            weights[row, column] = -1.0 if flip else 1.0
            reversed_items[row, column] = 1.0 if flip else 0.0
    weights.flags.writeable = False
    reversed_items.flags.writeable = False
    if len(_kept_weights) >= _KEEP_AT_MOST:
        _kept_weights.clear()
    _kept_weights[key] = (instrument, weights, reversed_items)
    return weights, reversed_items


# A few instruments are scored over and over (one response per web request).
_KEEP_AT_MOST = 64
_kept_weights: dict[tuple[int, tuple[str, ...]], tuple[Instrument, FloatArray, FloatArray]] = {}


def _mean_of(instrument: Instrument, score: Score, done: Mapping[str, FloatArray]) -> FloatArray:
    total = np.zeros_like(done[score.of[0]])
    for part in score.of:
        total += instrument.reverse_offset - done[part] if part in score.reverse else done[part]
    return total / len(score.of)


@dataclass(frozen=True)
class InvalidAnswer:
    row: int
    item: int
    value: float


def find_invalid(instrument: Instrument, answers: FloatArray) -> list[InvalidAnswer]:
    """Every answer that is not a whole number on the instrument's scale (NaN = missing is fine)."""
    matrix = np.asarray(answers, dtype=np.float64)
    low, high = instrument.scale.minimum, instrument.scale.maximum
    if matrix.size == 0:
        return []
    if not np.isnan(matrix).any() and _all_whole_in(matrix, low, high):
        return []
    bad = ~np.isnan(matrix) & ((matrix < low) | (matrix > high) | (matrix != np.floor(matrix)))
    rows, columns = np.nonzero(bad)
    numbers = instrument.item_numbers
    return [
        InvalidAnswer(row=int(r), item=numbers[int(c)], value=float(matrix[r, c]))
        for r, c in zip(rows, columns, strict=True)
    ]


def _all_whole_in(matrix: FloatArray, low: int, high: int) -> bool:
    # floor is several times faster than the remainder (fmod) on large matrices
    return bool(matrix.min() >= low and matrix.max() <= high and (np.floor(matrix) == matrix).all())


def score_response(
    instrument: Instrument,
    answers: Mapping[int, int | None],
    *,
    prorate: float = 0.0,
    include_optional: bool = False,
) -> ResponseScores:
    """Score one response, a mapping of item number to answer (``None`` or absent = unanswered).

    Raises AnswerError naming each unknown item or value off the scale.
    """
    known = instrument.item_number_set
    problems = [f"item {n} is not an item of {instrument.id}" for n in answers if n not in known]
    check_prorate(prorate)
    low, high = instrument.scale.minimum, instrument.scale.maximum
    row: dict[int, float] = {}  # the answered items, as the matrix path's floats
    for number in instrument.item_numbers:
        value = answers.get(number)
        if value is None:
            continue
        if type(value) is int and low <= value <= high:  # the usual answer (never a bool)
            row[number] = float(value)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"item {number}: {value!r} is not a number")
        elif value != value:  # NaN: unanswered, as in a matrix
            continue
        elif not (low <= value <= high and value == math.floor(value)):
            problems.append(f"item {number}: {float(value):g} is not one of {low}..{high}")
        else:
            row[number] = float(value)
    if problems:
        raise AnswerError(problems)
    results = _item_scores_of_one(instrument, row, prorate)
    for score in instrument.scores:
        if score.method is Method.MEAN_OF:
            results[score.id] = _mean_of_one(instrument, score, results)
    rounded = {key: _round(value) for key, value in results.items()}
    wanted = instrument.scores if include_optional else instrument.default_scores()
    values = {score.id: _none_for_nan(rounded[score.id]) for score in wanted}
    return ResponseScores(
        instrument_id=instrument.id,
        version=instrument.version,
        values=values,
        bands={band.column: band.classify(rounded[band.score]) for band in instrument.bands},
        alerts=triggered_alerts(instrument, answers, values),
        unanswered=()
        if len(row) == len(instrument.item_numbers)  # every item answered: none to look for
        else tuple(n for n in instrument.item_numbers if n not in row),
    )


def _item_scores_of_one(
    instrument: Instrument, row: Mapping[int, float], prorate: float
) -> dict[str, float]:
    """:func:`_item_scores` for one row: the same sums, divisions and products."""
    results = {}
    offset = instrument.reverse_offset
    reverse = instrument.reverse_items
    for score in instrument.scores:
        if score.method is Method.MEAN_OF:
            continue
        count = len(score.items)
        total, answered = 0.0, 0
        flips = score.apply_reverse
        for number in score.items:
            value = row.get(number)
            if value is not None:
                total += offset - value if flips and number in reverse else value
                answered += 1
        if prorate > 0:
            allowed = answered > 0 and (count - answered) <= prorate * count + 1e-12
        else:
            allowed = answered == count
        if not allowed or answered == 0:  # 0 / 0 is NaN in the matrix path
            results[score.id] = math.nan
            continue
        mean = total / answered
        value = mean * count if score.method is Method.SUM else mean
        results[score.id] = value * score.multiplier
    return results


def _mean_of_one(instrument: Instrument, score: Score, done: Mapping[str, float]) -> float:
    total = 0.0
    for part in score.of:
        total += instrument.reverse_offset - done[part] if part in score.reverse else done[part]
    return total / len(score.of)


_SCALE = 10.0**DECIMALS


def _round(value: float) -> float:
    """``np.round(value, DECIMALS)`` for one number: scaled, rounded half to even, unscaled."""
    if value != value:
        return value
    return round(value * _SCALE) / _SCALE


def _none_for_nan(value: float) -> float | None:
    return None if value != value else value


def _range_at(band: Band, index: int) -> BandRange | None:
    return None if index < 0 else band.ranges[index]


def triggered_alerts(
    instrument: Instrument,
    answers: Mapping[int, int | None],
    values: Mapping[str, float | None],
) -> tuple[Alert, ...]:
    """The alerts (reasons to show help at once) that these answers trigger."""
    triggered = []
    for alert in instrument.alerts:
        value: float | None = (
            answers.get(alert.item) if alert.item is not None else values.get(alert.score or "")
        )
        if value is not None and alert.triggered(float(value)):
            triggered.append(alert)
    return tuple(triggered)


def band_of(instrument: Instrument, column: str, value: float | None) -> BandRange | None:
    """The band ``value`` falls in for the band column ``column``."""
    band: Band | None = next((b for b in instrument.bands if b.column == column), None)
    if band is None or value is None:
        return None
    return band.classify(value)
