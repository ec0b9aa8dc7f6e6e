"""The Compassion Scale (Pommier 2011): the authors' coding key, reversal and scoring."""

from __future__ import annotations

import numpy as np
import pytest

from mildkracht.core.instruments.model import Kind, Polarity, Use, Wording
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_matrix, score_response

COMPASSION = get_instrument("compassion")

# The authors' coding key, as published with the scale.
KEY = {
    "kindness": ([6, 8, 16, 24], Polarity.POSITIVE),
    "indifference": ([2, 12, 14, 18], Polarity.NEGATIVE),
    "common_humanity": ([11, 15, 17, 20], Polarity.POSITIVE),
    "separation": ([3, 5, 10, 22], Polarity.NEGATIVE),
    "mindfulness": ([4, 9, 13, 21], Polarity.POSITIVE),
    "disengagement": ([1, 7, 19, 23], Polarity.NEGATIVE),
}

# One hand-made response: item n answered ANSWERS[n - 1].
ANSWERS = [2, 1, 3, 5, 2, 4, 1, 5, 4, 2, 5, 3, 4, 1, 5, 4, 4, 2, 1, 3, 4, 1, 2, 5]


def test_it_has_24_items_on_a_1_to_5_scale() -> None:
    assert COMPASSION.item_numbers == tuple(range(1, 25))
    assert (COMPASSION.scale.minimum, COMPASSION.scale.maximum) == (1, 5)
    assert COMPASSION.reverse_offset == 6


@pytest.mark.parametrize("subscale_id", list(KEY))
def test_each_subscale_has_the_items_and_polarity_of_the_authors_key(subscale_id: str) -> None:
    items, polarity = KEY[subscale_id]
    subscale = next(s for s in COMPASSION.subscales if s.id == subscale_id)
    assert sorted(subscale.items) == items
    assert subscale.polarity is polarity


def test_the_subscales_cover_every_item_once() -> None:
    numbers = sorted(n for items, _ in KEY.values() for n in items)
    assert numbers == list(range(1, 25))
    assert [s.id for s in COMPASSION.subscales] == list(KEY)


def test_it_reverses_exactly_the_indifference_separation_and_disengagement_items() -> None:
    negative = {
        n for items, polarity in KEY.values() if polarity is Polarity.NEGATIVE for n in items
    }
    assert COMPASSION.reverse_items == negative
    assert len(negative) == 12


def test_a_hand_computed_response_scores_as_the_authors_key_says() -> None:
    # Subscale means of the raw answers:
    #   kindness 6, 8, 16, 24 -> 4, 5, 4, 5 = 4.5    indifference 2, 12, 14, 18 -> 1, 3, 1, 2 = 1.75
    #   common humanity 11, 15, 17, 20 -> 5, 5, 4, 3 = 4.25
    #   separation 3, 5, 10, 22 -> 3, 2, 2, 1 = 2.0  mindfulness 4, 9, 13, 21 -> 5, 4, 4, 4 = 4.25
    #   disengagement 1, 7, 19, 23 -> 2, 1, 1, 2 = 1.5
    # Total: the 12 positive answers sum to 18 + 17 + 17 = 52; the 12 negative answers sum to
    # 7 + 8 + 6 = 21, reversed 12 · 6 − 21 = 51; (52 + 51) / 24 = 103 / 24.
    scores = score_response(COMPASSION, dict(enumerate(ANSWERS, start=1))).values
    assert scores == {
        "kindness": 4.5,
        "indifference": 1.75,
        "common_humanity": 4.25,
        "separation": 2.0,
        "mindfulness": 4.25,
        "disengagement": 1.5,
        "total": pytest.approx(103 / 24, abs=1e-12),
    }


def test_the_total_is_also_the_mean_of_the_six_subscale_means_with_the_negative_reversed() -> None:
    rng = np.random.default_rng(2011)
    answers = rng.integers(1, 6, size=(200, 24)).astype(np.float64)
    scores = score_matrix(COMPASSION, answers).scores
    parts = [
        scores[name] if polarity is Polarity.POSITIVE else 6 - scores[name]
        for name, (_, polarity) in KEY.items()
    ]
    assert np.allclose(scores["total"], np.mean(parts, axis=0), atol=1e-12)


def test_it_is_a_published_scale_offered_alone_and_for_research() -> None:
    assert COMPASSION.kind is Kind.VALIDATED
    assert {Use.APP, Use.RESEARCH} <= COMPASSION.uses
    assert COMPASSION.wording["en"] is Wording.PUBLISHED
    assert COMPASSION.is_translation("nl")
    assert "Pommier" in COMPASSION.citation
    assert not COMPASSION.bands
