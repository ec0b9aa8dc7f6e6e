"""A group's change between two time points, from a data file in long form.

One row per person and time point: an id column, a time column, the item answers and
(optionally) practice minutes. The rows of the two chosen time points are scored by the
core, exactly as ``mildkracht score`` scores them, people with both are paired, and each
score's change is computed by :func:`mildkracht.core.stats.group_change.group_change`.

Practice minutes are read from a person's ``--to`` row: the practice between the two
time points, as a course records it at its end. An empty cell there is unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from mildkracht.core.instruments.model import Instrument, Score
from mildkracht.core.instruments.scoring import find_invalid, score_matrix
from mildkracht.core.progress_report import SCS_TOTAL_REFERENCE, ScaleReference
from mildkracht.core.stats.correlation import Interval
from mildkracht.core.stats.group_change import (
    MIN_PAIRS,
    GroupChange,
    ReliableChangeReference,
    group_change,
)
from mildkracht.research.errors import CellProblem, InputError, ProblemCollector
from mildkracht.research.tabular import FloatArray, Source, iter_chunks, parse_cell


@dataclass(frozen=True)
class ChangeRequest:
    """What to compare: the id and time columns, the two time values, the minutes column."""

    id_column: str
    time_column: str
    time_from: str
    time_to: str
    minutes_column: str | None = None


@dataclass(frozen=True)
class _Rows:
    """The rows of the two time points: answers, and per row its id, time and minutes."""

    answers: FloatArray
    ids: list[str]
    times: list[str]
    minutes: list[str]
    spreadsheet_rows: list[int]


def change_report(
    source: Source, item_columns: list[str], instrument: Instrument, request: ChangeRequest
) -> dict[str, Any]:
    """Every score's change from ``request.time_from`` to ``request.time_to``, as plain data.

    A score that an item left unanswered at either time point is left out for that person
    (listwise, per score), so ``n`` may differ between scores.
    """
    _check_columns(source, item_columns, request)
    rows = _read_rows(source, item_columns, instrument, request)
    before, after = _pair_rows(source.name, rows, request)
    minutes = _minutes(source.name, rows, after, request)
    scores = score_matrix(instrument, rows.answers).scores
    results = {
        score.id: _score_change(instrument, score, scores[score.id], before, after, minutes)
        for score in instrument.default_scores()
    }
    return {
        "instrument": instrument.id,
        "from": request.time_from,
        "to": request.time_to,
        "people_with_both": len(before),
        "minutes_column": request.minutes_column,
        "scores": results,
    }


def _check_columns(source: Source, item_columns: list[str], request: ChangeRequest) -> None:
    wanted = {"--id": request.id_column, "--time": request.time_column}
    if request.minutes_column is not None:
        wanted["--minutes"] = request.minutes_column
    missing = [
        f"{option} {column!r}" for option, column in wanted.items() if column not in source.columns
    ]
    if missing:
        raise InputError(
            source.name,
            [f"no column named {', '.join(missing)}; the columns are {', '.join(source.columns)}"],
        )
    clash = [column for column in wanted.values() if column in item_columns]
    if clash:
        raise InputError(source.name, [f"{', '.join(clash)} is an item column, not an id or time"])


def _read_rows(
    source: Source, item_columns: list[str], instrument: Instrument, request: ChangeRequest
) -> _Rows:
    problems = ProblemCollector()
    parts, ids, times, minutes, numbers = [], [], [], [], []
    wanted = {request.time_from, request.time_to}
    allowed = f"{instrument.scale.minimum}..{instrument.scale.maximum}"
    seen_times: set[str] = set()
    for chunk in iter_chunks(source, item_columns, problems):
        chunk_times = _texts(chunk.passthrough.column(request.time_column).to_pylist())
        seen_times.update(chunk_times)
        keep = [index for index, time in enumerate(chunk_times) if time in wanted]
        for bad in find_invalid(instrument, chunk.items[keep]):
            column = item_columns[instrument.item_numbers.index(bad.item)]
            row = chunk.first_row + keep[bad.row]
            problems.add(
                CellProblem(row, column, f"{bad.value:g}", f"is not a whole number from {allowed}")
            )
        parts.append(chunk.items[keep])
        ids += [_texts(chunk.passthrough.column(request.id_column).to_pylist())[i] for i in keep]
        times += [chunk_times[i] for i in keep]
        if request.minutes_column is not None:
            minute_texts = _texts(chunk.passthrough.column(request.minutes_column).to_pylist())
            minutes += [minute_texts[i] for i in keep]
        numbers += [chunk.first_row + i for i in keep]
    problems.raise_if_any(source.name)
    _check_times(source.name, request, seen_times)
    answers = np.vstack(parts) if parts else np.empty((0, len(item_columns)))
    return _Rows(answers, ids, times, minutes or [""] * len(ids), numbers)


def _texts(values: list[Any]) -> list[str]:
    """Cells as text: a whole number read as 1.0 (SPSS, Excel) is written as 1."""
    texts = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            texts.append("")
        elif isinstance(value, float) and value.is_integer():
            texts.append(str(int(value)))
        else:
            texts.append(str(value).strip())
    return texts


def _check_times(source_name: str, request: ChangeRequest, seen: set[str]) -> None:
    if request.time_from == request.time_to:
        raise InputError(source_name, [f"--from and --to are both {request.time_from!r}"])
    unknown = [
        f"{option} {value!r}"
        for option, value in (("--from", request.time_from), ("--to", request.time_to))
        if value not in seen
    ]
    if unknown:
        found = ", ".join(repr(time) for time in sorted(seen)[:12])
        raise InputError(
            source_name,
            [
                f"column {request.time_column!r} has no rows for {' and '.join(unknown)}; "
                f"its values are {found}"
            ],
        )


def _pair_rows(
    source_name: str, rows: _Rows, request: ChangeRequest
) -> tuple[list[int], list[int]]:
    """The row positions of each person's two time points, for people who have both."""
    problems = ProblemCollector()
    first_seen: dict[tuple[str, str], int] = {}
    for position, (person, time) in enumerate(zip(rows.ids, rows.times, strict=True)):
        row = rows.spreadsheet_rows[position]
        if not person:
            problems.add(CellProblem(row, request.id_column, "", "is empty: every row needs an id"))
        elif (person, time) in first_seen:
            earlier = rows.spreadsheet_rows[first_seen[(person, time)]]
            problems.add(
                CellProblem(
                    row,
                    request.id_column,
                    person,
                    f"has a second row for {request.time_column} {time!r} (the first is row "
                    f"{earlier}); keep one row per person and time point",
                )
            )
        else:
            first_seen[(person, time)] = position
    problems.raise_if_any(source_name)
    people = [p for (p, time) in first_seen if time == request.time_from]
    paired = [p for p in people if (p, request.time_to) in first_seen]
    if len(paired) < MIN_PAIRS:
        raise InputError(
            source_name,
            [
                f"only {len(paired)} people have rows for both {request.time_from!r} and "
                f"{request.time_to!r}; a change needs at least {MIN_PAIRS}"
            ],
        )
    before = [first_seen[(p, request.time_from)] for p in paired]
    after = [first_seen[(p, request.time_to)] for p in paired]
    return before, after


def _minutes(
    source_name: str, rows: _Rows, after: list[int], request: ChangeRequest
) -> FloatArray | None:
    if request.minutes_column is None:
        return None
    problems = ProblemCollector()
    values = np.full(len(after), np.nan)
    for index, position in enumerate(after):
        text = rows.minutes[position]
        number = parse_cell(text)
        if number is None or number < 0 or math.isinf(number):
            row = rows.spreadsheet_rows[position]
            problems.add(
                CellProblem(row, request.minutes_column, text, "is not a number of minutes")
            )
        else:
            values[index] = number
    problems.raise_if_any(source_name)
    return values


def _score_change(
    instrument: Instrument,
    score: Score,
    values: FloatArray,
    before: list[int],
    after: list[int],
    minutes: FloatArray | None,
) -> dict[str, Any]:
    first, second = values[before], values[after]
    complete = ~(np.isnan(first) | np.isnan(second))
    published = reliable_change_reference(instrument, score)
    described = {"reliable_change_reference": _described(published)}
    if int(complete.sum()) < MIN_PAIRS:
        return {**_empty(int(complete.sum())), **described}
    reference = None
    if published is not None:
        # Higher is better for every score that has a reference (the SCS total).
        reference = ReliableChangeReference(published.sd, published.reliability)
    change = group_change(
        first[complete],
        second[complete],
        reference=reference,
        minutes=minutes[complete] if minutes is not None else None,
    )
    return {**as_plain_data(change), **described}


#: Published references for reliable change, by instrument and score. Only the SCS total
#: has one, checked against its source (see SCS_TOTAL_REFERENCE); for every other score the
#: counts are left out (null), not guessed.
_REFERENCES: dict[tuple[str, str], ScaleReference] = {("scs", "total"): SCS_TOTAL_REFERENCE}


def reliable_change_reference(instrument: Instrument, score: Score) -> ScaleReference | None:
    """The published SD and reliability for reliable change of ``score``, when one is known."""
    return _REFERENCES.get((instrument.id, score.id))


def _described(reference: ScaleReference | None) -> dict[str, Any] | None:
    if reference is None:
        return None
    return {
        "sd": reference.sd,
        "reliability": reference.reliability,
        "sd_source": reference.sd_source,
        "reliability_source": reference.reliability_source,
    }


KEYS = (
    "n",
    "mean_from",
    "mean_to",
    "mean_change",
    "mean_change_ci",
    "percent_change",
    "t",
    "df",
    "p",
    "d_z",
    "d_z_ci",
    "improved",
    "unchanged",
    "declined",
    "spearman_rho",
    "spearman_ci",
    "spearman_n",
)


def _empty(n: int) -> dict[str, Any]:
    return {key: (n if key == "n" else None) for key in KEYS}


def as_plain_data(change: GroupChange) -> dict[str, Any]:
    """The change under the command's stable JSON keys; None (null) where undefined."""
    test, effect, reliable, practice = (
        change.test,
        change.effect_size,
        change.reliable,
        change.practice,
    )
    return {
        "n": change.n,
        "mean_from": change.mean_from,
        "mean_to": change.mean_to,
        "mean_change": change.mean_change,
        "mean_change_ci": _pair(change.mean_change_interval),
        "percent_change": change.percent_change,
        "t": test.t if test else None,
        "df": test.df if test else change.n - 1,
        "p": test.p if test else None,
        "d_z": effect.d_z if effect else None,
        "d_z_ci": _pair(effect.interval) if effect else None,
        "improved": reliable.improved if reliable else None,
        "unchanged": reliable.unchanged if reliable else None,
        "declined": reliable.declined if reliable else None,
        "spearman_rho": practice.rho if practice else None,
        "spearman_ci": _pair(practice.interval) if practice else None,
        "spearman_n": practice.n if practice else None,
    }


def _pair(interval: Interval | None) -> list[float] | None:
    return [interval.lower, interval.upper] if interval is not None else None
