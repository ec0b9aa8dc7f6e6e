"""The keyed item set behind each score, for reliability: which items, and which reversed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mildkracht.core.instruments.model import Instrument, Method, Score

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class KeyedItem:
    number: int
    reversed: bool


def keyed_items(instrument: Instrument, score: Score) -> tuple[KeyedItem, ...]:
    """The items a score rests on, each marked reversed as the score counts it.

    A mean or sum reverses its flagged items when ``apply_reverse`` is set. A mean of
    scores takes its parts' items and flips those of the parts it reverses: the SCS total
    thus rests on all 26 items with the negative ones reversed (docs/scoring-keys.md).
    """
    if score.method is not Method.MEAN_OF:
        return tuple(
            KeyedItem(n, score.apply_reverse and instrument.item(n).reverse) for n in score.items
        )
    result: list[KeyedItem] = []
    for part in score.of:
        flip = part in score.reverse
        for keyed in keyed_items(instrument, instrument.score(part)):
            result.append(KeyedItem(keyed.number, keyed.reversed != flip))
    return tuple(result)


def keyed_matrix(
    instrument: Instrument, answers: FloatArray, keyed: tuple[KeyedItem, ...]
) -> FloatArray:
    """The columns of ``answers`` for ``keyed`` items, reversed where marked."""
    numbers = instrument.item_numbers
    columns = [answers[:, numbers.index(k.number)] for k in keyed]
    flipped = [
        instrument.reverse_offset - column if k.reversed else column
        for k, column in zip(keyed, columns, strict=True)
    ]
    return np.column_stack(flipped) if flipped else np.empty((answers.shape[0], 0))


def reliability_scores(instrument: Instrument) -> list[Score]:
    """Scores worth a reliability analysis: two items or more, each item set only once.

    SCS's total, item mean and sum rest on the same keyed items, so only the first is kept.
    """
    seen: set[frozenset[tuple[int, bool]]] = set()
    chosen = []
    for score in instrument.default_scores():
        keyed = keyed_items(instrument, score)
        key = frozenset((k.number, k.reversed) for k in keyed)
        if len(keyed) < 2 or key in seen:
            continue
        seen.add(key)
        chosen.append(score)
    return chosen
