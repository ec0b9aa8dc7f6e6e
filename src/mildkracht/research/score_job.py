"""Score a data file from file to file, all or nothing.

Output goes to a temporary file beside the target and is renamed into place only when the
whole input was valid, so a failed run never leaves a partial or stale output behind.
"""

from __future__ import annotations

import csv
import io
import os
import queue
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv

from mildkracht.core.instruments.model import Instrument
from mildkracht.core.instruments.scoring import find_invalid, score_matrix
from mildkracht.research.errors import CellProblem, InputError, ProblemCollector
from mildkracht.research.tabular import Chunk, Source, iter_chunks


@dataclass
class ScoreOptions:
    prorate: float = 0.0
    include_optional: bool = False
    keep_items: bool = False
    lang: str = "nl"


@dataclass
class ScoreReport:
    rows: int = 0
    missing: dict[str, int] = field(default_factory=dict)


def output_columns(instrument: Instrument, include_optional: bool = False) -> list[str]:
    scores = instrument.scores if include_optional else instrument.default_scores()
    names = [f"{instrument.id}_{score.id}" for score in scores]
    return names + [f"{instrument.id}_{band.column}" for band in instrument.bands]


def score_file(
    source: Source,
    item_columns: list[str],
    instrument: Instrument,
    output: Path | None,
    options: ScoreOptions,
    progress: Callable[[float], None] | None = None,
) -> ScoreReport:
    """Score every row of ``source``; write CSV (or SPSS .sav) to ``output`` or stdout."""
    added = output_columns(instrument, options.include_optional)
    clash = [name for name in added if name in source.columns]
    if clash:
        raise InputError(
            source.name,
            [f"the input already has column(s) {', '.join(clash)}; rename or remove them"],
        )
    problems = ProblemCollector()
    report = ScoreReport()
    chunks = _scored(source, item_columns, instrument, options, problems, report, progress)
    is_sav = output is not None and output.suffix.lower() == ".sav"
    with _atomic_output(output) as temporary:
        if is_sav:
            _write_sav(chunks, temporary, source, instrument, options, problems)
        else:
            delimiter = "\t" if output is not None and output.suffix.lower() == ".tsv" else ","
            _write_csv(chunks, temporary, delimiter, problems)
        problems.raise_if_any(source.name)
    return report


def _scored(
    source: Source,
    item_columns: list[str],
    instrument: Instrument,
    options: ScoreOptions,
    problems: ProblemCollector,
    report: ScoreReport,
    progress: Callable[[float], None] | None,
) -> Iterator[pa.Table]:
    for chunk in iter_chunks(source, item_columns, problems, progress):
        _check_values(chunk, item_columns, instrument, problems)
        scores = score_matrix(
            instrument,
            chunk.items,
            prorate=options.prorate,
            include_optional=options.include_optional,
        )
        report.rows += chunk.items.shape[0]
        for key, count in scores.missing.items():
            report.missing[key] = report.missing.get(key, 0) + count
        table = _passthrough(chunk, item_columns, options.keep_items)
        for key, values in scores.scores.items():
            table = table.append_column(f"{instrument.id}_{key}", _number_column(values))
        for band in instrument.bands:
            names = _strings([r.id for r in band.ranges])
            positions = _index_array(scores.bands[band.column])
            table = table.append_column(
                f"{instrument.id}_{band.column}", pa_compute.take(names, positions)
            )
        yield table


# Columns are built from their buffers: pyarrow's pa.array() imports pandas when it is
# installed (to recognise pandas objects), a large part of a short run.


def _float_array(values: npt.NDArray[np.float64]) -> pa.Array:
    """``values`` as an Arrow float64 column, NaN as missing."""
    values = np.ascontiguousarray(values, dtype=np.float64)
    return _column(pa.float64(), values, np.isnan(values))


def _index_array(positions: npt.NDArray[np.int64]) -> pa.Array:
    """Positions as an Arrow int64 column, a negative position as missing."""
    positions = np.ascontiguousarray(positions, dtype=np.int64)
    missing = positions < 0
    return _column(pa.int64(), np.where(missing, 0, positions), missing)


def _column(
    kind: pa.DataType, values: npt.NDArray[Any], missing: npt.NDArray[np.bool_]
) -> pa.Array:
    """A fixed-width Arrow column from ``values``, missing where ``missing`` is true."""
    count = int(missing.sum())
    validity = pa.py_buffer(np.packbits(~missing, bitorder="little")) if count else None
    return pa.Array.from_buffers(
        kind, len(values), [validity, pa.py_buffer(values)], null_count=count
    )


def _strings(texts: list[str]) -> pa.Array:
    """A few texts as an Arrow string column."""
    encoded = [text.encode("utf-8") for text in texts]
    offsets = np.cumsum([0, *(len(text) for text in encoded)], dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), len(texts), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def _number_column(values: npt.NDArray[np.float64]) -> pa.Array:
    """Scores as a column of text, formatted once per distinct value.

    Scores of whole-number answers take few distinct values (a 5-item mean has 21), and
    turning numbers into text is the slowest part of writing CSV, so each distinct value is
    formatted once (by Arrow, as its CSV writer would) and the text repeated.
    """
    numbers = _float_array(values)
    encoded = pa_compute.dictionary_encode(numbers)
    if len(encoded.dictionary) * 4 > len(numbers):
        return numbers
    texts = pa_compute.cast(encoded.dictionary, pa.string())
    return pa_compute.take(texts, encoded.indices)


def _passthrough(chunk: Chunk, item_columns: list[str], keep_items: bool) -> pa.Table:
    if not keep_items:
        return chunk.passthrough
    table = chunk.passthrough
    for index, column in enumerate(item_columns):
        table = table.append_column(column, _float_array(chunk.items[:, index]))
    return table


def _check_values(
    chunk: Chunk, item_columns: list[str], instrument: Instrument, problems: ProblemCollector
) -> None:
    allowed = f"{instrument.scale.minimum}..{instrument.scale.maximum}"
    for bad in find_invalid(instrument, chunk.items):
        column = item_columns[instrument.item_numbers.index(bad.item)]
        problems.add(
            CellProblem(
                chunk.first_row + bad.row,
                column,
                f"{bad.value:g}",
                f"is not a whole number from {allowed} (the answer scale of {instrument.id})",
            )
        )


@contextmanager
def _atomic_output(output: Path | None) -> Iterator[Path]:
    """A temporary path; on success it becomes ``output`` (or is copied to stdout)."""
    directory = output.parent if output is not None else None
    if directory is not None and not directory.is_dir():
        raise InputError(str(output), ["the folder for the output does not exist"])
    suffix = output.suffix if output is not None else ".csv"
    handle, name = tempfile.mkstemp(prefix=".mildkracht-", suffix=suffix, dir=directory)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if output is None:
            _copy_to(temporary, sys.stdout.buffer)
        else:
            os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)


def _copy_to(path: Path, target: IO[bytes]) -> None:
    with path.open("rb") as handle:
        shutil.copyfileobj(handle, target, 1 << 20)
    target.flush()


@dataclass(frozen=True)
class _HeaderOnly:
    names: list[str]


def _write_csv(
    chunks: Iterator[pa.Table], path: Path, delimiter: str, problems: ProblemCollector
) -> None:
    """Write CSV, quoting only values that need it, so carried-through text stays as it was.

    Formatting numbers as text is the slowest step, so a second thread formats and writes
    while this one reads and scores the next chunk (pyarrow releases the GIL for both).
    """
    pending: queue.Queue[pa.Table | _HeaderOnly | None] = queue.Queue(maxsize=4)
    failure: list[BaseException] = []

    def write_all() -> None:
        try:
            with path.open("wb") as sink:
                while (table := pending.get()) is not None:
                    if isinstance(table, _HeaderOnly):
                        sink.write(_header(table.names, delimiter))
                    elif not failure:
                        sink.write(_csv_bytes(table, delimiter))
        except BaseException as error:  # handed to the reading thread below
            failure.append(error)
            while pending.get() is not None:
                pass

    writer = threading.Thread(target=write_all, name="mildkracht-csv-writer", daemon=True)
    writer.start()
    try:
        header_sent = False
        for table in chunks:
            if problems.total or failure:
                continue  # nothing will be kept; read on only to find every problem
            if not header_sent:
                pending.put(_HeaderOnly(table.column_names))
                header_sent = True
            pending.put(table)
    finally:
        pending.put(None)
        writer.join()
    if failure:
        raise failure[0]


def _header(names: list[str], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(names)
    return buffer.getvalue().encode("utf-8")


def _csv_bytes(table: pa.Table, delimiter: str) -> bytes:
    buffer = io.BytesIO()
    options = pa_csv.WriteOptions(include_header=False, delimiter=delimiter, quoting_style="none")
    try:
        pa_csv.write_csv(table, buffer, write_options=options)
    except pa.ArrowInvalid:  # some value holds a delimiter, a quote or a line break
        return _csv_bytes_quoting_where_needed(table, delimiter)
    return buffer.getvalue()


def _csv_bytes_quoting_where_needed(table: pa.Table, delimiter: str) -> bytes:
    """The slow path: quote only the cells that need it, as a spreadsheet would."""
    columns = [pa_compute.cast(column, pa.string()).to_pylist() for column in table.itercolumns()]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\n")
    for row in zip(*columns, strict=True):
        writer.writerow(["" if cell is None else cell for cell in row])
    return text.getvalue().encode("utf-8")


def _write_sav(
    chunks: Iterator[pa.Table],
    path: Path,
    source: Source,
    instrument: Instrument,
    options: ScoreOptions,
    problems: ProblemCollector,
) -> None:
    import pyreadstat

    tables = [table for table in chunks if not problems.total]
    if problems.total or not tables:
        return
    frame = pa.concat_tables(tables, promote_options="permissive").to_pandas()
    labels = dict(source.labels)
    labels.update(variable_labels(instrument, options.lang))
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[labels.get(str(column)) for column in frame.columns],
    )


def variable_labels(instrument: Instrument, lang: str) -> dict[str, str]:
    """SPSS variable labels of the scored columns, e.g. 'SCS: Self-kindness (mean, 1-5)'."""
    labels = {}
    short = instrument.short_names.get(lang)
    for score in instrument.scores:
        low, high = instrument.score_range(score)
        labels[f"{instrument.id}_{score.id}"] = (
            f"{short}: {score.names.get(lang)} ({score.method.value}, {low:g}-{high:g})"
        )
    for band in instrument.bands:
        labels[f"{instrument.id}_{band.column}"] = f"{short}: {band.column} ({band.score})"
    return labels
