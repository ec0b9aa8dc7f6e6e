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

_PRINCIPAL_AXES_TOLERANCE = 1e-13
_PRINCIPAL_AXES_ITERATIONS = 10_000
_NEWTON_STEP_TOLERANCE = 1e-15
_NEWTON_ITERATIONS = 50
_NEWTON_GRADIENT_TOLERANCE = 1e-12


def one_factor_minres(correlation: FloatArray) -> FloatArray:
    """Loadings λ of the one-factor minres solution of a correlation matrix R.

    The solution is the ψ where psych's search ends: within its bounds, the ψ that minimises
    the off-diagonal least-squares fit Σ_{i<j} (r_ij − λᵢλⱼ)², where the diagonal then fits
    exactly (λᵢ² = 1 − ψᵢ; Harman's minres); on a bound (a Heywood case), the ψ where psych's
    own gradient, diag(λλ' + ψ − R), meets the bound conditions.

    Found by iterated principal axes with psych's bounds, ψ ← clip(1 − λ², 0.005, 1), with λ
    the first eigenvector of R − diag(ψ) scaled by the square root of its eigenvalue, until
    ψ changes by less than 1e-13. Within the bounds, Newton's method on the least-squares fit
    over λ then finishes the job: it converges quadratically where principal axes can crawl
    (a loading near zero), and stops when the gradient is below 1e-12.

    The sign is chosen, as in psych, so that the loadings sum to a non-negative number.
    Raises NotConvergedError if neither settles.
    Reference: Harman & Jones (1966), Psychometrika 31, 351–368; Revelle, psych::fa
    (fm = "minres").
    """
    uniquenesses, settled = _principal_axes(correlation)
    loadings = _first_factor(correlation, uniquenesses)
    on_a_bound = bool(np.any(uniquenesses <= UNIQUENESS_LOWER_BOUND)) or bool(
        np.any(uniquenesses >= UNIQUENESS_UPPER_BOUND)
    )
    if settled and on_a_bound:
        return loadings
    polished = _newton_minres(correlation, loadings)
    if polished is not None and bool(np.all(polished**2 < 1.0 - UNIQUENESS_LOWER_BOUND)):
        return -polished if float(np.sum(polished)) < 0 else polished
    if settled:
        return loadings
    raise NotConvergedError(
        "the one-factor model did not converge; the items may not share one common factor"
    )


def _principal_axes(correlation: FloatArray) -> tuple[FloatArray, bool]:
    uniquenesses = _starting_uniquenesses(correlation)
    for _ in range(_PRINCIPAL_AXES_ITERATIONS):
        loadings = _first_factor(correlation, uniquenesses)
        updated = np.clip(1.0 - loadings**2, UNIQUENESS_LOWER_BOUND, UNIQUENESS_UPPER_BOUND)
        change = float(np.max(np.abs(updated - uniquenesses)))
        uniquenesses = updated
        if change < _PRINCIPAL_AXES_TOLERANCE:
            return uniquenesses, True
    return uniquenesses, False


def _newton_minres(correlation: FloatArray, loadings: FloatArray) -> FloatArray | None:
    """Minimise ½ Σ_{i<j} (r_ij − λᵢλⱼ)² over λ; None unless it ends at a strict minimum."""
    for _ in range(_NEWTON_ITERATIONS):
        gradient, hessian = _fit_derivatives(correlation, loadings)
        try:
            step = np.linalg.solve(hessian, -gradient)
        except np.linalg.LinAlgError:
            return None
        loadings = loadings + step
        if float(np.max(np.abs(step))) < _NEWTON_STEP_TOLERANCE:
            break
    gradient, hessian = _fit_derivatives(correlation, loadings)
    at_minimum = float(np.min(np.linalg.eigvalsh(hessian))) > 0
    settled = float(np.max(np.abs(gradient))) < _NEWTON_GRADIENT_TOLERANCE
    return loadings if at_minimum and settled else None


def _fit_derivatives(
    correlation: FloatArray, loadings: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Gradient −(E λ) and Hessian of the fit, E = R − λλ' with a zero diagonal."""
    residual = correlation - np.outer(loadings, loadings)
    np.fill_diagonal(residual, 0.0)
    gradient: FloatArray = -(residual @ loadings)
    squares = loadings**2
    hessian: FloatArray = 2.0 * np.outer(loadings, loadings) - correlation
    np.fill_diagonal(hessian, float(np.sum(squares)) - squares)
    return gradient, hessian


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
