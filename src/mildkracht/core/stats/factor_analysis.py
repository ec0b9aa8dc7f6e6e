"""One-factor minimum-residual (minres) factor analysis of a correlation matrix.

This is the model behind psych's ``omega(x, nfactors = 1)``: ``fa(r, nfactors = 1,
fm = "minres")`` (Revelle, psych package, function ``fac``). psych minimises the sum of
squared off-diagonal residuals over the uniquenesses ψ with L-BFGS-B, bounded to
[0.005, 1], and takes the loadings from the first eigenpair of R − diag(ψ).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mildkracht.core.stats.errors import NotConvergedError

FloatArray = npt.NDArray[np.float64]

# psych's bounds on the uniquenesses (lower = 0.005, upper = max(smc, 1) = 1 for correlations).
UNIQUENESS_LOWER_BOUND = 0.005
UNIQUENESS_UPPER_BOUND = 1.0

_TOLERANCE = 1e-13
_MAX_ITERATIONS = 10_000


def one_factor_minres(correlation: FloatArray) -> FloatArray:
    """Loadings λ of the one-factor minres solution of a correlation matrix R.

    Iterated principal axes with psych's bounds: ψ ← clip(1 − λ², 0.005, 1), where λ is the
    first eigenvector of R − diag(ψ) scaled by the square root of its eigenvalue, until ψ
    changes by less than 1e-13. Inside the bounds the fixed point makes the diagonal fit
    exactly (λᵢ² = 1 − ψᵢ), which is where the off-diagonal least-squares fit
    Σ_{i<j} (r_ij − λᵢλⱼ)² is smallest (Harman's minres); on a bound (a Heywood case) it is
    the point where psych's own gradient, diag(λλ' + ψ − R), satisfies the bound conditions.

    The sign is chosen, as in psych, so that the loadings sum to a non-negative number.
    Raises NotConvergedError if the iteration does not settle.
    Reference: Harman & Jones (1966); Revelle, psych::fa (fm = "minres").
    """
    uniquenesses = _starting_uniquenesses(correlation)
    for _ in range(_MAX_ITERATIONS):
        loadings = _first_factor(correlation, uniquenesses)
        updated = np.clip(1.0 - loadings**2, UNIQUENESS_LOWER_BOUND, UNIQUENESS_UPPER_BOUND)
        change = float(np.max(np.abs(updated - uniquenesses)))
        uniquenesses = updated
        if change < _TOLERANCE:
            return _first_factor(correlation, uniquenesses)
    raise NotConvergedError(
        f"the one-factor model did not converge in {_MAX_ITERATIONS} iterations; "
        "the items may not share one common factor"
    )


def _starting_uniquenesses(correlation: FloatArray) -> FloatArray:
    """psych's start: ψ = 1 − squared multiple correlation (pseudo-inverse if R is singular)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        squared_multiple = 1.0 - 1.0 / np.diag(np.linalg.pinv(correlation))
    squared_multiple = np.nan_to_num(squared_multiple, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(1.0 - squared_multiple, UNIQUENESS_LOWER_BOUND, UNIQUENESS_UPPER_BOUND)


def _first_factor(correlation: FloatArray, uniquenesses: FloatArray) -> FloatArray:
    reduced = correlation.copy()
    np.fill_diagonal(reduced, np.diag(correlation) - uniquenesses)
    eigenvalues, eigenvectors = np.linalg.eigh(reduced)
    loadings: FloatArray = eigenvectors[:, -1] * np.sqrt(max(float(eigenvalues[-1]), 0.0))
    return -loadings if float(np.sum(loadings)) < 0 else loadings
