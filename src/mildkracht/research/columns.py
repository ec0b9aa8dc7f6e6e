"""Which input columns hold which items: by prefix (``scs_1`` …) or by a mapping file."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import yaml

from mildkracht.core.instruments.model import Instrument
from mildkracht.research.errors import InputError


def default_prefix(instrument: Instrument) -> str:
    return f"{instrument.id}_"


def check_duplicates(source_name: str, columns: list[str]) -> None:
    repeated = [name for name, count in Counter(columns).items() if count > 1]
    if repeated:
        raise InputError(
            source_name,
            [
                f"column {name!r} appears {columns.count(name)} times; "
                "every column needs its own name"
                for name in repeated
            ],
        )


def item_columns(
    source_name: str,
    columns: list[str],
    instrument: Instrument,
    prefix: str | None = None,
    mapping: dict[int, str] | None = None,
) -> list[str]:
    """The input column of every item, in item order; InputError names each one missing."""
    check_duplicates(source_name, columns)
    if mapping is not None:
        wanted = [mapping.get(number, "") for number in instrument.item_numbers]
        unmapped = [n for n in instrument.item_numbers if n not in mapping]
        if unmapped:
            raise InputError(
                source_name,
                [f"the column mapping names no column for item(s) {_numbers(unmapped)}"],
            )
    else:
        chosen = default_prefix(instrument) if prefix is None else prefix
        wanted = [f"{chosen}{number}" for number in instrument.item_numbers]
    present = set(columns)
    missing = [name for name in wanted if name not in present]
    if missing:
        raise InputError(
            source_name,
            [
                f"missing item column(s) for {instrument.id}: {', '.join(missing)}. "
                f"Columns found: {_preview(columns)}. Name the columns {wanted[0]} … "
                f"{wanted[-1]}, or use --prefix or --columns"
            ],
        )
    return wanted


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _preview(columns: list[str], limit: int = 12) -> str:
    shown = ", ".join(columns[:limit])
    return shown + (f", … ({len(columns)} in all)" if len(columns) > limit else "")


def read_mapping(path: Path, instrument: Instrument) -> dict[int, str]:
    """Read a column mapping: CSV/TSV rows ``item,column``, or YAML/JSON ``{item: column}``."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), [f"cannot read the column mapping: {error}"]) from error
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as error:
            raise InputError(str(path), [f"the column mapping is not valid: {error}"]) from error
        if not isinstance(data, dict):
            raise InputError(str(path), ["the column mapping must map item numbers to columns"])
        pairs = [(str(key), str(value)) for key, value in data.items()]
    else:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ("," if "," in text else ";")
        rows = [row for row in csv.reader(text.splitlines(), delimiter=delimiter) if row]
        if rows and rows[0][0].strip().lower() == "item":
            rows = rows[1:]
        pairs = [(row[0], row[1] if len(row) > 1 else "") for row in rows]
    return _validated_mapping(path, pairs, instrument)


def _validated_mapping(
    path: Path, pairs: list[tuple[str, str]], instrument: Instrument
) -> dict[int, str]:
    mapping: dict[int, str] = {}
    problems = []
    for line, (item, column) in enumerate(pairs, start=1):
        try:
            number = int(item.strip())
        except ValueError:
            problems.append(f"entry {line}: {item!r} is not an item number")
            continue
        if number not in instrument.item_numbers:
            problems.append(f"entry {line}: {instrument.id} has no item {number}")
        elif not column.strip():
            problems.append(f"entry {line}: item {number} has no column name")
        elif number in mapping:
            problems.append(f"entry {line}: item {number} is mapped twice")
        else:
            mapping[number] = column.strip()
    if problems:
        raise InputError(str(path), problems)
    return mapping
