"""The few distribution functions the statistics need, typed, from SciPy.

SciPy ships no type information, so it is imported here alone and every value leaves as a
plain float. SciPy's t and noncentral t come from the Boost math library; they agree with
R's ``qt``, ``pt`` and ``pt(..., ncp =)`` far below 1e-6 (tests/core/stats/reference).
"""

from __future__ import annotations

import math

from scipy import optimize, special, stats  # type: ignore[import-untyped]

from mildkracht.core.stats.errors import InvalidInputError, NotConvergedError


def t_quantile(probability: float, df: float) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom (R: qt)."""
    return float(stats.t.ppf(probability, df))


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| ≥ |t|) for Student's t with ``df`` degrees of freedom: 2 · (1 − F(|t|))."""
    return float(min(1.0, 2.0 * stats.t.sf(abs(t), df)))


def normal_quantile(probability: float) -> float:
    """The ``probability`` quantile of the standard normal distribution (R: qnorm)."""
    return float(special.ndtri(probability))


def noncentral_t_cdf(t: float, df: float, noncentrality: float) -> float:
    """P(T ≤ t) for the noncentral t with ``df`` and noncentrality δ (R: pt(t, df, ncp))."""
    return float(stats.nct.cdf(t, df, noncentrality))


def noncentrality_for(t: float, df: float, probability: float) -> float:
    """The noncentrality δ with P(T ≤ t | δ) = ``probability`` (the inverse in δ).

    The CDF falls strictly as δ grows, so the root is unique: it is bracketed by widening
    steps around ``t`` and found by Brent's method to 1e-12.
    """
    if not 0 < probability < 1 or not math.isfinite(t):
        raise InvalidInputError(f"cannot invert the noncentral t at t = {t}, p = {probability}")

    def gap(delta: float) -> float:
        return noncentral_t_cdf(t, df, delta) - probability

    step = 1.0 + abs(t) / 2
    low, high = t - step, t + step
    for _ in range(60):
        if gap(low) > 0 > gap(high):
            root = optimize.brentq(gap, low, high, xtol=1e-12, rtol=1e-14, maxiter=500)
            return float(root)
        step *= 2
        low, high = t - step, t + step
    raise NotConvergedError(f"no noncentrality found for t = {t}, df = {df}")
