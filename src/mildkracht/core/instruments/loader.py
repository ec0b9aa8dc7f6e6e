"""Load and validate instrument data files (see docs/instrument-format.md).

Validation collects every problem in a file before it raises, so an author fixes a file
in one pass instead of one error at a time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from mildkracht.core.datafile import FieldReader, UnreadableFileError, read_yaml
from mildkracht.core.instruments.errors import InstrumentFileError
from mildkracht.core.instruments.model import (
    Alert,
    Band,
    BandRange,
    ExtraItem,
    Instrument,
    Item,
    Kind,
    Method,
    Option,
    Polarity,
    Reference,
    Scale,
    Score,
    Subscale,
    Use,
    Wording,
)
from mildkracht.core.text import LANGUAGES, Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def load_instrument(path: Path | str) -> Instrument:
    """Read, validate and build one instrument; raise InstrumentFileError listing every problem."""
    path = Path(path)
    try:
        raw = read_yaml(path)
    except UnreadableFileError as error:
        raise InstrumentFileError(str(path), [str(error)]) from error
    return parse_instrument(raw, source=str(path), expected_id=path.stem)


def parse_instrument(raw: Any, source: str, expected_id: str | None = None) -> Instrument:
    """Validate a parsed data file and build the Instrument."""
    reader = FieldReader(source)
    if not isinstance(raw, Mapping):
        raise InstrumentFileError(source, ["the file must hold a mapping of fields"])
    instrument = _build(reader, raw, expected_id)
    if reader.problems:
        raise InstrumentFileError(source, reader.problems)
    return instrument


def _build(reader: FieldReader, raw: Mapping[str, Any], expected_id: str | None) -> Instrument:
    instrument_id = reader.string(raw, "id", "")
    if instrument_id and not _ID.match(instrument_id):
        reader.problem("id", f"{instrument_id!r} must be lower case letters, digits, underscores")
    if expected_id and instrument_id and instrument_id != expected_id:
        reader.problem("id", f"{instrument_id!r} differs from the file name {expected_id!r}")
    scale = _scale(reader, reader.mapping(reader.get(raw, "scale", ""), "scale"))
    items = _items(reader, reader.get(raw, "items", ""), scale)
    numbers = [item.number for item in items]
    subscales = _subscales(reader, raw.get("subscales", []), numbers)
    scores = _scores(reader, reader.get(raw, "scores", ""), numbers, subscales)
    wording = _wording(reader, reader.get(raw, "wording", ""), "wording")
    return Instrument(
        id=instrument_id,
        version=reader.string(raw, "version", ""),
        kind=reader.enum(Kind, reader.get(raw, "kind", ""), "kind"),
        uses=frozenset(
            reader.enum(Use, use, f"use[{index}]")
            for index, use in enumerate(reader.sequence(reader.get(raw, "use", ""), "use"))
        ),
        names=reader.text(reader.get(raw, "names", ""), "names"),
        short_names=reader.text(reader.get(raw, "short_names", ""), "short_names"),
        citation=reader.string(raw, "citation", ""),
        permission=reader.string(raw, "permission", ""),
        wording=wording,
        title=reader.text(raw["title"], "title") if "title" in raw else None,
        instructions=reader.text(reader.get(raw, "instructions", ""), "instructions"),
        instructions_source=(
            _wording(reader, raw["instructions_source"], "instructions_source")
            if "instructions_source" in raw
            else wording
        ),
        scale=scale,
        reverse_offset=_reverse_offset(reader, raw, scale),
        items=items,
        extra_items=_extra_items(reader, raw.get("extra_items", [])),
        subscales=subscales,
        scores=scores,
        bands=_bands(reader, raw.get("bands", []), scores),
        alerts=_alerts(reader, raw.get("alerts", []), numbers, scores),
        private_items=_private_items(reader, raw.get("private_items", []), numbers),
        reference=_reference(reader, raw.get("reference")),
    )


def _wording(reader: FieldReader, value: Any, where: str) -> dict[str, Wording]:
    data = reader.mapping(value, where)
    result = {}
    for lang in LANGUAGES:
        if lang not in data:
            reader.problem(f"{where}.{lang}", "is missing")
        else:
            result[lang] = reader.enum(Wording, data[lang], f"{where}.{lang}")
    return result


def _scale(reader: FieldReader, data: Mapping[str, Any]) -> Scale:
    minimum = reader.integer(reader.get(data, "min", "scale."), "scale.min")
    maximum = reader.integer(reader.get(data, "max", "scale."), "scale.max")
    if minimum >= maximum:
        reader.problem("scale", f"min ({minimum}) must be below max ({maximum})")
    labels = _labels(reader, data.get("labels"), "scale.labels", minimum, maximum)
    if minimum < maximum and not {minimum, maximum} <= set(labels):
        reader.problem("scale.labels", "must at least label both end points")
    return Scale(minimum=minimum, maximum=maximum, labels=labels)


def _labels(reader: FieldReader, data: Any, where: str, low: int, high: int) -> dict[int, Text]:
    labels: dict[int, Text] = {}
    for key, value in reader.mapping(data, where).items():
        number = reader.integer(key, f"{where}.{key}")
        if not low <= number <= high:
            reader.problem(f"{where}.{key}", f"is outside the scale {low}..{high}")
        labels[number] = reader.text(value, f"{where}.{key}")
    return labels


def _reverse_offset(reader: FieldReader, raw: Mapping[str, Any], scale: Scale) -> int:
    if "reverse_offset" in raw:
        return reader.integer(raw["reverse_offset"], "reverse_offset")
    return scale.minimum + scale.maximum


def _items(reader: FieldReader, data: Any, scale: Scale) -> tuple[Item, ...]:
    items: list[Item] = []
    seen: set[int] = set()
    for index, entry in enumerate(reader.sequence(data, "items")):
        where = f"items[{index}]"
        entry = reader.mapping(entry, where)
        number = reader.integer(reader.get(entry, "number", f"{where}."), f"{where}.number")
        if number in seen:
            reader.problem(f"{where}.number", f"item {number} appears twice")
        seen.add(number)
        labels = None
        if "labels" in entry:
            labels = _labels(
                reader, entry["labels"], f"{where}.labels", scale.minimum, scale.maximum
            )
        reverse = entry.get("reverse", False)
        if not isinstance(reverse, bool):
            reader.problem(f"{where}.reverse", f"must be true or false, not {reverse!r}")
        items.append(
            Item(
                number=number,
                text=reader.text(reader.get(entry, "text", f"{where}."), f"{where}.text"),
                reverse=bool(reverse),
                labels=labels,
            )
        )
    if not items:
        reader.problem("items", "an instrument needs at least one item")
    return tuple(items)


def _extra_items(reader: FieldReader, data: Any) -> tuple[ExtraItem, ...]:
    extras = []
    for index, entry in enumerate(reader.sequence(data, "extra_items")):
        where = f"extra_items[{index}]"
        entry = reader.mapping(entry, where)
        options = tuple(
            Option(
                value=reader.integer(
                    reader.mapping(option, f"{where}.options[{n}]").get("value"),
                    f"{where}.options[{n}].value",
                ),
                label=reader.text(
                    reader.mapping(option, f"{where}.options[{n}]").get("labels"),
                    f"{where}.options[{n}].labels",
                ),
            )
            for n, option in enumerate(reader.sequence(entry.get("options"), f"{where}.options"))
        )
        extras.append(
            ExtraItem(
                id=reader.string(entry, "id", f"{where}."),
                text=reader.text(entry.get("text"), f"{where}.text"),
                options=options,
            )
        )
    return tuple(extras)


def _item_list(reader: FieldReader, data: Any, where: str, numbers: list[int]) -> tuple[int, ...]:
    result = []
    for index, value in enumerate(reader.sequence(data, where)):
        number = reader.integer(value, f"{where}[{index}]")
        if number not in numbers:
            reader.problem(f"{where}[{index}]", f"item {number} is not an item of this instrument")
        result.append(number)
    if len(set(result)) != len(result):
        reader.problem(where, "lists an item more than once")
    return tuple(result)


def _subscales(reader: FieldReader, data: Any, numbers: list[int]) -> tuple[Subscale, ...]:
    subscales = []
    owner: dict[int, str] = {}
    for index, entry in enumerate(reader.sequence(data, "subscales")):
        where = f"subscales[{index}]"
        entry = reader.mapping(entry, where)
        subscale_id = reader.string(entry, "id", f"{where}.")
        items = _item_list(
            reader, reader.get(entry, "items", f"{where}."), f"{where}.items", numbers
        )
        for number in items:
            if number in owner:
                reader.problem(
                    f"{where}.items",
                    f"item {number} is already in subscale {owner[number]!r}; "
                    "an item belongs to one subscale",
                )
            owner[number] = subscale_id
        subscales.append(
            Subscale(
                id=subscale_id,
                names=reader.text(reader.get(entry, "names", f"{where}."), f"{where}.names"),
                items=items,
                polarity=reader.enum(
                    Polarity, entry.get("polarity", "positive"), f"{where}.polarity"
                ),
            )
        )
    reader.check_unique((s.id for s in subscales), "subscales", "subscale")
    return tuple(subscales)


def _scores(
    reader: FieldReader, data: Any, numbers: list[int], subscales: tuple[Subscale, ...]
) -> tuple[Score, ...]:
    scores: list[Score] = []
    for index, entry in enumerate(reader.sequence(data, "scores")):
        scores.append(
            _score(
                reader, reader.mapping(entry, f"scores[{index}]"), index, numbers, subscales, scores
            )
        )
    if not scores:
        reader.problem("scores", "an instrument needs at least one score")
    reader.check_unique((s.id for s in scores), "scores", "score")
    return tuple(scores)


def _score(
    reader: FieldReader,
    entry: Mapping[str, Any],
    index: int,
    numbers: list[int],
    subscales: tuple[Subscale, ...],
    earlier: list[Score],
) -> Score:
    where = f"scores[{index}]"
    method = reader.enum(Method, reader.get(entry, "method", f"{where}."), f"{where}.method")
    score = Score(
        id=reader.string(entry, "id", f"{where}."),
        names=reader.text(reader.get(entry, "names", f"{where}."), f"{where}.names"),
        method=method,
        multiplier=reader.number(entry.get("multiplier", 1), f"{where}.multiplier"),
        optional=bool(entry.get("optional", False)),
        apply_reverse=bool(entry.get("apply_reverse", False)),
    )
    if method is Method.MEAN_OF:
        known = {s.id for s in earlier}
        of = tuple(
            str(x) for x in reader.sequence(reader.get(entry, "of", f"{where}."), f"{where}.of")
        )
        reverse = tuple(
            str(x) for x in reader.sequence(entry.get("reverse", []), f"{where}.reverse")
        )
        for part in of:
            if part not in known:
                reader.problem(f"{where}.of", f"{part!r} is not a score defined above this one")
        for part in reverse:
            if part not in of:
                reader.problem(f"{where}.reverse", f"{part!r} is not listed in `of`")
        return Score(**{**score.__dict__, "of": of, "reverse": reverse})
    return Score(
        **{**score.__dict__, "items": _score_items(reader, entry, where, numbers, subscales)}
    )


def _score_items(
    reader: FieldReader,
    entry: Mapping[str, Any],
    where: str,
    numbers: list[int],
    subscales: tuple[Subscale, ...],
) -> tuple[int, ...]:
    if "subscale" in entry:
        for subscale in subscales:
            if subscale.id == entry["subscale"]:
                return subscale.items
        reader.problem(f"{where}.subscale", f"{entry['subscale']!r} is not a subscale")
        return ()
    items = reader.get(entry, "items", f"{where}.")
    if items == "all":
        return tuple(numbers)
    return _item_list(reader, items, f"{where}.items", numbers)


def _bands(reader: FieldReader, data: Any, scores: tuple[Score, ...]) -> tuple[Band, ...]:
    bands = []
    score_ids = {score.id for score in scores}
    for index, entry in enumerate(reader.sequence(data, "bands")):
        where = f"bands[{index}]"
        entry = reader.mapping(entry, where)
        score_id = reader.string(entry, "score", f"{where}.")
        if score_id and score_id not in score_ids:
            reader.problem(f"{where}.score", f"{score_id!r} is not a score of this instrument")
        ranges = tuple(
            BandRange(
                id=reader.string(
                    reader.mapping(r, f"{where}.ranges[{n}]"), "id", f"{where}.ranges[{n}]."
                ),
                lower=reader.number(
                    reader.mapping(r, f"{where}.ranges[{n}]").get("from"),
                    f"{where}.ranges[{n}].from",
                ),
                labels=reader.text(
                    reader.mapping(r, f"{where}.ranges[{n}]").get("labels"),
                    f"{where}.ranges[{n}].labels",
                ),
            )
            for n, r in enumerate(
                reader.sequence(reader.get(entry, "ranges", f"{where}."), f"{where}.ranges")
            )
        )
        lowers = [r.lower for r in ranges]
        if lowers != sorted(set(lowers)):
            reader.problem(f"{where}.ranges", "must be in rising order of `from`, without repeats")
        bands.append(
            Band(score=score_id, column=reader.string(entry, "column", f"{where}."), ranges=ranges)
        )
    return tuple(bands)


def _alerts(
    reader: FieldReader, data: Any, numbers: list[int], scores: tuple[Score, ...]
) -> tuple[Alert, ...]:
    alerts = []
    for index, entry in enumerate(reader.sequence(data, "alerts")):
        where = f"alerts[{index}]"
        entry = reader.mapping(entry, where)
        item, score = entry.get("item"), entry.get("score")
        if (item is None) == (score is None):
            reader.problem(where, "needs exactly one of `item` or `score`")
        if item is not None and item not in numbers:
            reader.problem(f"{where}.item", f"item {item!r} is not an item of this instrument")
        if score is not None and score not in {s.id for s in scores}:
            reader.problem(f"{where}.score", f"{score!r} is not a score of this instrument")
        above, at_least = entry.get("above"), entry.get("at_least")
        if (above is None) == (at_least is None):
            reader.problem(where, "needs exactly one of `above` or `at_least`")
        alerts.append(
            Alert(
                id=reader.string(entry, "id", f"{where}."),
                item=item,
                score=score,
                above=None if above is None else reader.number(above, f"{where}.above"),
                at_least=None if at_least is None else reader.number(at_least, f"{where}.at_least"),
            )
        )
    return tuple(alerts)


def _private_items(reader: FieldReader, data: Any, numbers: list[int]) -> frozenset[int]:
    return frozenset(_item_list(reader, data, "private_items", numbers))


def _reference(reader: FieldReader, data: Any) -> Reference | None:
    if data is None:
        return None
    data = reader.mapping(data, "reference")
    reliability = reader.number(data.get("reliability"), "reference.reliability")
    if not 0 <= reliability < 1:
        reader.problem("reference.reliability", "must be at least 0 and below 1")
    sd = reader.number(data.get("sd"), "reference.sd")
    if sd <= 0:
        reader.problem("reference.sd", "must be above 0")
    return Reference(
        sd=sd, reliability=reliability, source=reader.string(data, "source", "reference.")
    )


def bundled_directory() -> Path:
    """The folder of the instrument files that ship with Mildkracht."""
    return Path(str(resources.files("mildkracht.core.instruments") / "data"))


def load_directory(directory: Path | str) -> dict[str, Instrument]:
    """Load every ``*.yaml`` in ``directory``; raise InstrumentFileError on the first bad file."""
    instruments: dict[str, Instrument] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        instrument = load_instrument(path)
        instruments[instrument.id] = instrument
    return instruments
