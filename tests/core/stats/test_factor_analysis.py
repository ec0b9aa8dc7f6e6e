"""One-factor minres, the model behind omega total."""

from __future__ import annotations

import numpy as np
import pytest

from mildkracht.core.stats.factor_analysis import UNIQUENESS_LOWER_BOUND, one_factor_minres


def _one_factor_matrix(loadings: list[float]) -> np.ndarray:
    vector = np.array(loadings)
    correlation = np.outer(vector, vector)
    np.fill_diagonal(correlation, 1.0)
    return correlation


def test_it_recovers_the_loadings_of_an_exact_one_factor_matrix() -> None:
    loadings = [0.8, 0.7, 0.6, 0.5, 0.3]
    found = one_factor_minres(_one_factor_matrix(loadings))
    assert found == pytest.approx(loadings, abs=1e-12)


def test_the_loadings_sum_to_a_positive_number() -> None:
    # Reflecting every item leaves R, and so the loadings, unchanged up to their sign.
    correlation = _one_factor_matrix([0.8, -0.7, 0.6, 0.5])
    found = one_factor_minres(correlation)
    assert found.sum() > 0
    assert found == pytest.approx([0.8, -0.7, 0.6, 0.5], abs=1e-12)


def test_an_item_unrelated_to_the_others_gets_a_zero_loading() -> None:
    correlation = _one_factor_matrix([0.8, 0.7, 0.6, 0.0])
    assert one_factor_minres(correlation)[3] == pytest.approx(0.0, abs=1e-12)


def test_a_small_loading_is_found_exactly_where_principal_axes_alone_would_crawl() -> None:
    # Principal axes needs far more than its 10 000 iterations here; Newton finishes it.
    # psych's own optimiser stops early here, at 0.7974, 0.3010, 0.0201.
    loadings = [0.8, 0.3, 0.02]
    assert one_factor_minres(_one_factor_matrix(loadings)) == pytest.approx(loadings, abs=1e-12)


def test_a_heywood_case_holds_the_uniqueness_at_psychs_lower_bound() -> None:
    # An exact fit would need λ1² = 0.9 · 0.9 / 0.6 = 1.35, above 1.
    correlation = np.array([[1.0, 0.9, 0.9], [0.9, 1.0, 0.6], [0.9, 0.6, 1.0]])
    loadings = one_factor_minres(correlation)
    assert loadings[0] ** 2 >= 1.0 - UNIQUENESS_LOWER_BOUND
    assert loadings[1] ** 2 < 1.0 - UNIQUENESS_LOWER_BOUND
