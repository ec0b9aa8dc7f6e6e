"""Descriptive figures of one group's scores or minutes: n, mean, SD and quartiles."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mildkracht.core.stats.errors import InvalidInputError, NotEnoughDataError


@dataclass(frozen=True)
class Description:
    """n, mean and SD (n − 1 in the denominator) of one group's values."""

    n: int
    mean: float
    sd: float


@dataclass(frozen=True)
class Quartiles:
    """The first quartile, the median and the third quartile."""

    n: int
    lower: float
    median: float
    upper: float


def describe(values: Sequence[float]) -> Description:
    """n, mean = Σx / n and SD = √(Σ(x − mean)² / (n − 1)), as R's ``mean`` and ``sd``.

    Raises NotEnoughDataError for fewer than 2 values and InvalidInputError for a value that
    is not a finite number.
    """
    array = _finite(values)
    return Description(n=len(array), mean=float(array.mean()), sd=float(array.std(ddof=1)))


def quartiles(values: Sequence[float]) -> Quartiles:
    """The 25th, 50th and 75th percentiles, linearly interpolated between order statistics.

    The percentile p lies at position (n − 1) · p of the sorted values: R's default
    ``quantile(x, type = 7)`` (Hyndman & Fan 1996, definition 7).
    """
    array = _finite(values)
    lower, median, upper = (float(q) for q in np.quantile(array, [0.25, 0.5, 0.75]))
    return Quartiles(n=len(array), lower=lower, median=median, upper=upper)


def _finite(values: Sequence[float]) -> np.ndarray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1 or not all(math.isfinite(value) for value in array.tolist()):
        raise InvalidInputError("the values must be one list of finite numbers")
    if len(array) < 2:
        raise NotEnoughDataError(f"a description needs at least 2 values; got {len(array)}")
    return array
