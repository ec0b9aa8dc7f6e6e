"""Read researchers' data files (CSV, TSV, Excel .xlsx, SPSS .sav) in chunks.

Every reader yields :class:`Chunk` objects: the item answers as a float matrix (NaN where
unanswered) and the other columns untouched, so files larger than memory stream through.
CSV goes through pyarrow's multi-threaded reader; a value that is not a number sends the
reader back over the file on a slower path that names every bad cell.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pa_csv

from mildkracht.research.errors import CellProblem, InputError, ProblemCollector

FloatArray = npt.NDArray[np.float64]

#: Cell texts read as "no answer".
MISSING_MARKERS = ["", " ", "NA", "N/A", "NaN", "nan", "."]
BLOCK_SIZE = 2 << 20
ROWS_PER_CHUNK = 50_000
FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "tsv", ".xlsx": "xlsx", ".sav": "sav"}


@dataclass
class Chunk:
    passthrough: pa.Table
    items: FloatArray
    first_row: int
    """The spreadsheet row of the chunk's first record (the header is row 1)."""


@dataclass
class Source:
    """An opened input: its columns, and a way to stream its rows."""

    path: Path
    format: str
    columns: list[str]
    encoding: str = "utf-8"
    delimiter: str = ","
    labels: dict[str, str] = field(default_factory=dict)
    """Variable labels carried by the input (SPSS)."""
    bytes_per_row: float = 0.0
    """Estimated from the start of a text file, for the progress bar."""

    @property
    def name(self) -> str:
        return str(self.path)


def detect_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(
            str(path),
            [f"unknown file type {path.suffix!r}; use .csv, .tsv, .xlsx or .sav"],
        )
    return fmt


def open_source(path: Path, encoding: str | None = None) -> Source:
    """Open ``path``, detect its format and delimiter, and read its header."""
    if not path.exists():
        raise InputError(str(path), ["the file does not exist"])
    if path.is_dir():
        raise InputError(str(path), ["is a folder, not a data file"])
    fmt = detect_format(path)
    if path.stat().st_size == 0:
        raise InputError(str(path), ["the file is empty"])
    if fmt in ("csv", "tsv"):
        return _open_text(path, fmt, encoding or "utf-8")
    if fmt == "xlsx":
        return _open_xlsx(path)
    return _open_sav(path)


def _open_text(path: Path, fmt: str, encoding: str) -> Source:
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    text = _decode_sample(path, sample, encoding)
    first_line = text.splitlines()[0] if text.strip() else ""
    if not first_line.strip():
        raise InputError(str(path), ["the first line is empty; it must hold the column names"])
    delimiter = "\t" if fmt == "tsv" else _guess_delimiter(first_line)
    columns = next(csv.reader([first_line], delimiter=delimiter))
    columns = [column.strip() for column in columns]
    if len(text.splitlines()) < 2 and len(sample) < (1 << 20):
        raise InputError(str(path), ["the file has column names but no rows of answers"])
    lines = max(sample.count(b"\n"), 1)
    return Source(
        path,
        fmt,
        columns,
        encoding=encoding,
        delimiter=delimiter,
        bytes_per_row=len(sample) / lines,
    )


def _decode_sample(path: Path, sample: bytes, encoding: str) -> str:
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        raise InputError(
            str(path),
            ["the file is UTF-16 text; save it as 'CSV UTF-8' (or plain CSV) and try again"],
        )
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        text: str = decoder.decode(sample, final=False)
    except (UnicodeDecodeError, LookupError) as error:
        position = getattr(error, "start", 0)
        raise InputError(
            str(path),
            [
                f"cannot be read as {encoding} text (byte {sample[position : position + 1]!r} at "
                f"position {position}); save it as 'CSV UTF-8', or name the encoding with "
                "--encoding (for example --encoding cp1252 for older Excel files)"
            ],
        ) from error
    if "\x00" in text:
        raise InputError(str(path), ["holds binary data, not text; is it really a CSV file?"])
    return text.removeprefix("\ufeff")


def _guess_delimiter(line: str) -> str:
    """Comma, or semicolon as Dutch Excel writes, or tab: whichever splits the header most."""
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def _open_xlsx(path: Path) -> Source:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a broken file
        raise InputError(str(path), [f"cannot be read as an Excel .xlsx file ({error})"]) from error
    sheet = workbook.worksheets[0]
    header = next(sheet.iter_rows(max_row=1, values_only=True), None)
    workbook.close()
    if not header or all(cell is None for cell in header):
        raise InputError(str(path), ["the first sheet has no column names in row 1"])
    columns = ["" if cell is None else str(cell).strip() for cell in header]
    while columns and not columns[-1]:
        columns.pop()
    return Source(path, "xlsx", columns)


def _open_sav(path: Path) -> Source:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as error:  # pyreadstat raises its own types for a broken file
        raise InputError(str(path), [f"cannot be read as an SPSS .sav file ({error})"]) from error
    labels = {name: label for name, label in meta.column_names_to_labels.items() if label}
    if not meta.number_rows:
        raise InputError(str(path), ["the file has variables but no cases"])
    return Source(path, "sav", list(meta.column_names), labels=labels)


def iter_chunks(
    source: Source,
    item_columns: Sequence[str],
    problems: ProblemCollector,
    progress: Callable[[float], None] | None = None,
) -> Iterator[Chunk]:
    """Stream ``source`` as chunks; bad cells are added to ``problems`` (NaN in the matrix)."""
    if source.format in ("csv", "tsv"):
        done = 0
        try:
            for chunk in _csv_chunks(source, item_columns, problems, progress, strict=True):
                done += chunk.items.shape[0]
                yield chunk
        except _NotANumber:
            # Start again as text, skipping the rows already handed out.
            for chunk in _csv_chunks(source, item_columns, problems, progress, strict=False):
                rows = chunk.items.shape[0]
                skip = min(done, rows)
                done -= skip
                if skip < rows:
                    yield Chunk(
                        chunk.passthrough.slice(skip), chunk.items[skip:], chunk.first_row + skip
                    )
    elif source.format == "xlsx":
        yield from _xlsx_chunks(source, item_columns, problems)
    else:
        yield from _sav_chunks(source, item_columns, problems)


class _NotANumber(Exception):
    """The fast reader met a cell that is not a number; the slow path names it."""


def _csv_chunks(
    source: Source,
    item_columns: Sequence[str],
    problems: ProblemCollector,
    progress: Callable[[float], None] | None,
    strict: bool,
) -> Iterator[Chunk]:
    wanted = set(item_columns)
    # Answers are small whole numbers: int8 parses fastest and rejects "2.5", "abc" or 300,
    # which sends the reader to the slow path that names each bad cell.
    types = {c: (pa.int8() if strict and c in wanted else pa.string()) for c in source.columns}
    bad_rows: list[str] = []

    def on_invalid_row(row: Any) -> str:
        bad_rows.append(
            f"line {row.number}: has {row.actual_columns} fields where the header has "
            f"{row.expected_columns}"
        )
        return "skip"

    handle = source.path.open("rb")
    try:
        reader = _open_reader(handle, source, types, on_invalid_row)
    except pa.ArrowInvalid as error:
        handle.close()
        raise _read_failure(source, error, strict) from error
    size = max(source.path.stat().st_size, 1)
    row = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as error:
            handle.close()
            raise _read_failure(source, error, strict) from error
        table = pa.Table.from_batches([batch])
        if strict:
            items = _float_columns(table, item_columns)
        else:
            items = _parse_text_columns(table, item_columns, row, problems)
        passthrough = table.drop_columns(list(item_columns))
        yield Chunk(passthrough, items, row)
        row += table.num_rows
        if progress is not None:
            # pyarrow reads ahead, so the file position runs early: count rows instead
            progress(min(1.0, (row - 2) * source.bytes_per_row / size))
    handle.close()
    if bad_rows:
        raise InputError(source.name, bad_rows)
    if row == 2:
        raise InputError(source.name, ["the file has column names but no rows of answers"])


def _read_failure(source: Source, error: pa.ArrowInvalid, strict: bool) -> Exception:
    if strict and "conversion error" in str(error).lower():
        return _NotANumber()
    return InputError(source.name, [f"cannot be read: {error}"])


def _open_reader(
    handle: Any, source: Source, types: dict[str, pa.DataType], on_invalid_row: Any
) -> Any:
    return pa_csv.open_csv(
        handle,
        read_options=pa_csv.ReadOptions(
            block_size=BLOCK_SIZE,
            encoding=source.encoding,
            column_names=source.columns,
            skip_rows=1,
        ),
        parse_options=pa_csv.ParseOptions(
            delimiter=source.delimiter, invalid_row_handler=on_invalid_row
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=types,
            null_values=MISSING_MARKERS,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )


def _float_columns(table: pa.Table, item_columns: Sequence[str]) -> FloatArray:
    # column-major, so that each column is filled in one contiguous stretch of memory
    matrix = np.empty((table.num_rows, len(item_columns)), dtype=np.float64, order="F")
    for index, name in enumerate(item_columns):
        _fill_floats(table.column(name), matrix[:, index])
    return matrix


# Integer columns (the reader parses answers as int8) are read straight from their buffers:
# pyarrow's to_numpy() imports pandas when it is installed, a large part of a short run.
_NUMPY_TYPES = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32}
_NUMPY_TYPES[pa.int64()] = np.int64


def _fill_floats(column: pa.ChunkedArray, out: FloatArray) -> None:
    """Write ``column``'s numbers into ``out`` as floats, a missing value as NaN."""
    dtype = _NUMPY_TYPES.get(column.type)
    if dtype is None:
        out[:] = column.to_numpy(zero_copy_only=False)
        return
    start = 0
    for chunk in column.chunks:
        count, offset = len(chunk), chunk.offset
        validity, data = chunk.buffers()[:2]
        stop = start + count
        out[start:stop] = np.frombuffer(data, dtype=dtype, count=offset + count)[offset:]
        if chunk.null_count:
            bits = np.frombuffer(validity, dtype=np.uint8)
            given = np.unpackbits(bits, count=offset + count, bitorder="little")[offset:]
            out[start:stop][given == 0] = np.nan
        start = stop


def _parse_text_columns(
    table: pa.Table, item_columns: Sequence[str], first_row: int, problems: ProblemCollector
) -> FloatArray:
    matrix = np.full((table.num_rows, len(item_columns)), np.nan, dtype=np.float64)
    for index, column in enumerate(item_columns):
        for offset, text in enumerate(table.column(column).to_pylist()):
            value = parse_cell(text)
            if value is None:
                problems.add(CellProblem(first_row + offset, column, str(text), "is not a number"))
            else:
                matrix[offset, index] = value
    return matrix


def parse_cell(value: Any) -> float | None:
    """A cell as a number: NaN for an empty or missing-marked cell, None when not a number."""
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text in MISSING_MARKERS:
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return None


def _xlsx_chunks(
    source: Source, item_columns: Sequence[str], problems: ProblemCollector
) -> Iterator[Chunk]:
    import openpyxl

    workbook = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
        yield from _rows_to_chunks(source, rows, item_columns, problems)
    finally:
        workbook.close()


def _rows_to_chunks(
    source: Source,
    rows: Iterator[tuple[Any, ...]],
    item_columns: Sequence[str],
    problems: ProblemCollector,
) -> Iterator[Chunk]:
    positions = {name: index for index, name in enumerate(source.columns)}
    others = [c for c in source.columns if c not in set(item_columns)]
    buffer: list[tuple[Any, ...]] = []
    row_number = 2
    yielded = False
    for values in rows:
        if all(value is None for value in values):
            row_number += 1
            continue
        buffer.append(values)
        if len(buffer) == ROWS_PER_CHUNK:
            yield _chunk_from_rows(buffer, positions, others, item_columns, row_number, problems)
            row_number += len(buffer)
            buffer, yielded = [], True
    if buffer:
        yield _chunk_from_rows(buffer, positions, others, item_columns, row_number, problems)
    elif not yielded:
        raise InputError(source.name, ["the sheet has column names but no rows of answers"])


def _chunk_from_rows(
    rows: list[tuple[Any, ...]],
    positions: Mapping[str, int],
    others: Sequence[str],
    item_columns: Sequence[str],
    first_row: int,
    problems: ProblemCollector,
) -> Chunk:
    def cell(values: tuple[Any, ...], column: str) -> Any:
        index = positions[column]
        return values[index] if index < len(values) else None

    matrix = np.full((len(rows), len(item_columns)), np.nan, dtype=np.float64)
    for offset, values in enumerate(rows):
        for index, column in enumerate(item_columns):
            raw = cell(values, column)
            number = parse_cell(raw)
            if number is None:
                problems.add(CellProblem(first_row + offset, column, str(raw), "is not a number"))
            else:
                matrix[offset, index] = number
    passthrough = pa.table(
        {column: [_as_text(cell(values, column)) for values in rows] for column in others}
    )
    return Chunk(passthrough, matrix, first_row)


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _sav_chunks(
    source: Source, item_columns: Sequence[str], problems: ProblemCollector
) -> Iterator[Chunk]:
    import pyreadstat

    row = 2
    reader = pyreadstat.read_file_in_chunks(
        pyreadstat.read_sav, str(source.path), chunksize=ROWS_PER_CHUNK
    )
    for frame, _meta in reader:
        matrix = np.full((len(frame), len(item_columns)), np.nan, dtype=np.float64)
        for index, column in enumerate(item_columns):
            values = frame[column].to_numpy()
            if values.dtype.kind in "fiu":
                matrix[:, index] = values.astype(np.float64)
                continue
            for offset, raw in enumerate(values):
                number = parse_cell(raw)
                if number is None:
                    problems.add(CellProblem(row + offset, column, str(raw), "is not a number"))
                else:
                    matrix[offset, index] = number
        others = frame.drop(columns=list(item_columns))
        yield Chunk(pa.Table.from_pandas(others, preserve_index=False), matrix, row)
        row += len(frame)


def read_all(source: Source, item_columns: Sequence[str], problems: ProblemCollector) -> FloatArray:
    """Every item answer of ``source`` in one matrix (for statistics over the whole sample)."""
    parts = [chunk.items for chunk in iter_chunks(source, item_columns, problems)]
    if not parts:
        return np.empty((0, len(item_columns)), dtype=np.float64)
    return np.vstack(parts)
