"""Reliability of every scale of an instrument over a data file."""

from __future__ import annotations

from typing import Any

import numpy as np

from mildkracht.core.instruments.keyed import keyed_items, keyed_matrix, reliability_scores
from mildkracht.core.instruments.model import Instrument
from mildkracht.core.instruments.scoring import find_invalid
from mildkracht.core.stats.errors import StatisticsError
from mildkracht.core.stats.reliability import reliability
from mildkracht.research.errors import CellProblem, InputError, ProblemCollector
from mildkracht.research.tabular import Source, read_all


def reliability_report(
    source: Source, columns: list[str], instrument: Instrument
) -> dict[str, Any]:
    """Alpha, standardised alpha, omega total and item statistics per scale, as plain data.

    Rows with an unanswered item of a scale are left out of that scale (listwise); ``n`` is
    the number of rows that answered every item.
    """
    problems = ProblemCollector()
    answers = read_all(source, columns, problems)
    allowed = f"{instrument.scale.minimum}..{instrument.scale.maximum}"
    for bad in find_invalid(instrument, answers):
        column = columns[instrument.item_numbers.index(bad.item)]
        problems.add(
            CellProblem(
                bad.row + 2, column, f"{bad.value:g}", f"is not a whole number from {allowed}"
            )
        )
    problems.raise_if_any(source.name)
    complete = int(np.all(~np.isnan(answers), axis=1).sum())
    scales: dict[str, Any] = {}
    scores = sorted(reliability_scores(instrument), key=lambda s: s.id != "total")
    for score in scores:
        keyed = keyed_items(instrument, score)
        matrix = keyed_matrix(instrument, answers, keyed)
        names = [
            columns[instrument.item_numbers.index(k.number)] + (" (R)" if k.reversed else "")
            for k in keyed
        ]
        try:
            result = reliability(matrix, names)
        except StatisticsError as error:
            raise InputError(source.name, [f"{score.id}: {error}"]) from error
        scales[score.id] = result.to_dict()
    return {"instrument": instrument.id, "n": complete, "scales": scales}
