"""Internal-consistency reliability of a multi-item scale.

Cronbach's alpha (raw and standardised), McDonald's omega total from a one-factor model, the
average inter-item correlation and, per item, the corrected item–total correlation and alpha
if the item is deleted. Every value equals what R's psych package (Revelle) reports, checked
against stored psych output in ``tests/core/stats/reference/``.

Matrix helpers take a covariance or correlation matrix (items × items); ``reliability`` takes
the raw answers and does the bookkeeping. A value that is undefined for valid input (a total
score without variance) is NaN; ``ReliabilityResult.to_dict`` turns NaN into ``None``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mildkracht.core.stats.errors import (
    InvalidInputError,
    NotConvergedError,
    NotEnoughDataError,
    NoVarianceError,
)
from mildkracht.core.stats.factor_analysis import FloatArray, one_factor_minres

MIN_ITEMS = 2
MIN_COMPLETE_ROWS = 3
MIN_ITEMS_FOR_OMEGA = 3
# A sum score whose variance is below this share of its items' variances counts as constant:
# items that mirror each other leave only rounding error, which would give huge garbage.
_NEGLIGIBLE_SHARE = 1e-12


@dataclass(frozen=True)
class ItemStatistics:
    """Statistics of one item within its scale.

    r_drop: correlation of the item with the sum of the other items (psych's ``r.drop``).
    alpha_if_deleted, std_alpha_if_deleted: alpha and standardised alpha of the scale without
    this item (psych's ``alpha.drop``); NaN for a two-item scale, where one item is left.
    """

    item: str
    r_drop: float
    alpha_if_deleted: float
    std_alpha_if_deleted: float

    def to_dict(self) -> dict[str, str | float | None]:
        return {
            "item": self.item,
            "r_drop": _json_float(self.r_drop),
            "alpha_if_deleted": _json_float(self.alpha_if_deleted),
            "std_alpha_if_deleted": _json_float(self.std_alpha_if_deleted),
        }


@dataclass(frozen=True)
class ReliabilityResult:
    """Reliability of a scale computed from ``n`` complete respondents and ``k`` items."""

    n: int
    k: int
    alpha: float
    std_alpha: float
    omega_total: float
    average_r: float
    items: tuple[ItemStatistics, ...]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-able values; NaN (undefined) becomes None."""
        return {
            "n": self.n,
            "k": self.k,
            "alpha": _json_float(self.alpha),
            "std_alpha": _json_float(self.std_alpha),
            "omega_total": _json_float(self.omega_total),
            "average_r": _json_float(self.average_r),
            "items": [item.to_dict() for item in self.items],
        }


def reliability(data: FloatArray, item_names: Sequence[str]) -> ReliabilityResult:
    """Alpha, standardised alpha, omega total, average r and item statistics of a scale.

    ``data`` is respondents × items, one column per name in ``item_names``, with negatively
    keyed items already reversed by the caller. Rows with any missing answer (NaN) are left
    out (listwise deletion) and ``n`` counts the rows used. psych's ``alpha()`` would use
    pairwise-complete covariances instead; our reference values are psych on ``na.omit(x)``.

    Raises NotEnoughDataError for fewer than 2 items or fewer than 3 complete rows,
    NoVarianceError when an item has the same answer in every complete row (its correlations,
    and so standardised alpha, item–total r and omega, are undefined: psych would drop such
    an item with a warning, we ask the user to), InvalidInputError for a shape that does not
    match the names, duplicate names or infinite values.

    Undefined values are NaN: alpha if deleted for a two-item scale; omega total for fewer
    than 3 items (a one-factor model needs three to be identified) or when the factor model
    does not converge.

    References: Cronbach (1951), Psychometrika 16, 297–334; McDonald (1999), Test theory: a
    unified treatment; Revelle, psych: Procedures for Psychological, Psychometric, and
    Personality Research (functions alpha and omega).
    """
    names = _validated_names(item_names)
    complete = _complete_rows(data, len(names))
    _require_variance(complete, names)
    covariance = np.cov(complete, rowvar=False)
    correlation = correlation_from_covariance(covariance)
    return ReliabilityResult(
        n=int(complete.shape[0]),
        k=len(names),
        alpha=cronbach_alpha(covariance),
        std_alpha=standardised_alpha(correlation),
        omega_total=_omega_total_or_nan(correlation),
        average_r=average_correlation(correlation),
        items=tuple(
            _item_statistics(name, index, covariance, correlation)
            for index, name in enumerate(names)
        ),
    )


def cronbach_alpha(covariance: FloatArray) -> float:
    """Cronbach's alpha from the item covariance matrix C of k items.

    α = k / (k − 1) · (1 − Σ C_ii / Σ_ij C_ij): the share of the total-score variance that is
    covariance between items, scaled by k / (k − 1). NaN when the total score has no variance
    (up to rounding).
    Same as psych's ``alpha()$total$raw_alpha``.
    Reference: Cronbach (1951), Psychometrika 16, 297–334.
    """
    matrix = _square_matrix(covariance)
    k = len(matrix)
    total_variance = float(np.sum(matrix))
    if _negligible(total_variance, matrix):
        return math.nan
    return k / (k - 1) * (1.0 - float(np.trace(matrix)) / total_variance)


def standardised_alpha(correlation: FloatArray) -> float:
    """Standardised alpha: Cronbach's alpha of the items after each is scaled to variance 1.

    α_std = k / (k − 1) · (1 − k / Σ_ij R_ij) = k·r̄ / (1 + (k − 1)·r̄), with R the item
    correlation matrix and r̄ the average inter-item correlation. NaN when Σ R_ij is zero
    (up to rounding). Same as psych's ``alpha()$total$std.alpha``.
    Reference: Cronbach (1951); Revelle, psych::alpha.
    """
    matrix = _square_matrix(correlation)
    k = len(matrix)
    total = float(np.sum(matrix))
    if _negligible(total, matrix):
        return math.nan
    return k / (k - 1) * (1.0 - k / total)


def average_correlation(correlation: FloatArray) -> float:
    """Average inter-item correlation r̄ = Σ_{i≠j} R_ij / (k (k − 1)).

    Same as psych's ``alpha()$total$average_r``. Reference: Revelle, psych::alpha.
    """
    matrix = _square_matrix(correlation)
    k = len(matrix)
    return (float(np.sum(matrix)) - float(np.trace(matrix))) / (k * (k - 1))


def corrected_item_total_correlation(covariance: FloatArray, item: int) -> float:
    """Correlation of item i with the sum of the other items (the corrected item–total r).

    r_drop = (Σ_j C_ij − C_ii) / √(C_ii · Σ_{j,l ≠ i} C_jl). NaN when the rest score has no
    variance. Same as psych's ``alpha()$item.stats$r.drop``.
    Reference: Revelle, psych::alpha; e.g. Nunnally & Bernstein (1994), Psychometric theory.
    """
    matrix = _square_matrix(covariance)
    item_variance = float(matrix[item, item])
    covariance_with_rest = float(np.sum(matrix[:, item])) - item_variance
    rest = _without(matrix, item)
    rest_variance = float(np.sum(rest))
    if item_variance <= 0 or _negligible(rest_variance, rest):
        return math.nan
    return covariance_with_rest / math.sqrt(item_variance * rest_variance)


def omega_total(correlation: FloatArray) -> float:
    """McDonald's omega total of the unit-weighted sum of standardised items, one factor.

    Fits a one-factor model to the correlation matrix R by minimum residuals (minres, see
    ``factor_analysis.one_factor_minres``), loadings λ and uniquenesses u_i = 1 − λ_i², then

        ω_t = (Σ_ij R_ij − Σ_i u_i) / Σ_ij R_ij,

    the share of the variance of the standardised total that the common factor explains.
    This is psych's form, which uses the observed Σ R_ij in the denominator; McDonald's
    model-implied (Σλ)² / ((Σλ)² + Σu) is the same when the model fits exactly.

    Agreement with psych ``omega(x, nfactors = 1, flip = FALSE)$omega.tot``: psych stops its
    L-BFGS-B search at its default tolerance (factr = 1e7: about 2e-9 relative change in the
    fit), so its communalities are off by up to about 1e-5 and its omega by up to about 2e-7
    in our reference data (SCS-like, 3 to 26 items); we solve to 1e-13 and agree with an
    independent, tightly converged minres fit in R to about 3e-10. In a Heywood case (a
    loading with λ² ≥ 0.995, held at psych's bound u ≥ 0.005) psych stops further from its
    solution (3e-5 in omega in our reference); where a loading is near zero its loadings can
    be 1e-3 off the exact solution.

    Unlike psych's default (flip = TRUE), items with a negative loading are not reflected:
    like alpha, omega describes the score as given, so a mis-keyed item lowers it.
    Raises NotEnoughDataError for fewer than 3 items, NotConvergedError if the model does
    not converge (in practice only when the items share almost no common variance, so that
    no one-factor solution is identified); NaN when Σ R_ij is zero up to rounding.
    Reference: McDonald (1999), Test theory: a unified treatment; Revelle, psych::omega and
    psych::fa (fm = "minres").
    """
    matrix = _square_matrix(correlation)
    if matrix.shape[0] < MIN_ITEMS_FOR_OMEGA:
        raise NotEnoughDataError(
            f"omega total needs at least {MIN_ITEMS_FOR_OMEGA} items for a one-factor model; "
            f"got {matrix.shape[0]}"
        )
    total = float(np.sum(matrix))
    if _negligible(total, matrix):
        return math.nan
    uniquenesses = np.diag(matrix) - one_factor_minres(matrix) ** 2
    return (total - float(np.sum(uniquenesses))) / total


def correlation_from_covariance(covariance: FloatArray) -> FloatArray:
    """R_ij = C_ij / √(C_ii C_jj), with an exact unit diagonal (as R's ``cov2cor``)."""
    matrix = _square_matrix(covariance)
    scale = 1.0 / np.sqrt(np.diag(matrix))
    correlation: FloatArray = matrix * np.outer(scale, scale)
    np.fill_diagonal(correlation, 1.0)
    return correlation


def _item_statistics(
    name: str, index: int, covariance: FloatArray, correlation: FloatArray
) -> ItemStatistics:
    if len(covariance) == MIN_ITEMS:
        # Deleting either item of a pair leaves one item, whose alpha is undefined.
        alpha_if_deleted = std_alpha_if_deleted = math.nan
    else:
        alpha_if_deleted = cronbach_alpha(_without(covariance, index))
        std_alpha_if_deleted = standardised_alpha(_without(correlation, index))
    return ItemStatistics(
        item=name,
        r_drop=corrected_item_total_correlation(covariance, index),
        alpha_if_deleted=alpha_if_deleted,
        std_alpha_if_deleted=std_alpha_if_deleted,
    )


def _omega_total_or_nan(correlation: FloatArray) -> float:
    if correlation.shape[0] < MIN_ITEMS_FOR_OMEGA:
        return math.nan
    try:
        return omega_total(correlation)
    except NotConvergedError:
        return math.nan


def _validated_names(item_names: Sequence[str]) -> tuple[str, ...]:
    names = tuple(item_names)
    if len(names) < MIN_ITEMS:
        raise NotEnoughDataError(f"reliability needs at least {MIN_ITEMS} items; got {len(names)}")
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise InvalidInputError(f"item names must be unique; repeated: {', '.join(duplicates)}")
    return names


def _complete_rows(data: FloatArray, item_count: int) -> FloatArray:
    try:
        array = np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidInputError("data must contain only numbers (or NaN for missing)") from error
    if array.ndim != 2 or array.shape[1] != item_count:
        raise InvalidInputError(
            f"data has shape {array.shape}; expected respondents × {item_count} items, "
            "one column per item name"
        )
    if np.isinf(array).any():
        raise InvalidInputError("data contains an infinite value; use NaN for a missing answer")
    complete = array[~np.isnan(array).any(axis=1)]
    if complete.shape[0] < MIN_COMPLETE_ROWS:
        raise NotEnoughDataError(
            f"only {complete.shape[0]} respondent(s) answered every item; reliability needs "
            f"at least {MIN_COMPLETE_ROWS} (rows with a missing answer are left out)"
        )
    return complete


def _require_variance(complete: FloatArray, names: tuple[str, ...]) -> None:
    constant = np.ptp(complete, axis=0) == 0
    if constant.any():
        raise NoVarianceError([name for name, flat in zip(names, constant, strict=True) if flat])


def _square_matrix(matrix: FloatArray) -> FloatArray:
    array = np.asarray(matrix, dtype=np.float64)
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.shape[0] < MIN_ITEMS:
        raise InvalidInputError(
            f"expected a square items × items matrix of at least {MIN_ITEMS} items; "
            f"got shape {array.shape}"
        )
    return array


def _without(matrix: FloatArray, index: int) -> FloatArray:
    kept = np.arange(matrix.shape[0]) != index
    return matrix[np.ix_(kept, kept)]


def _negligible(total_variance: float, matrix: FloatArray) -> bool:
    """True when a sum score's variance is zero up to rounding (items that cancel out)."""
    return total_variance <= _NEGLIGIBLE_SHARE * float(np.trace(matrix))


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else float(value)
