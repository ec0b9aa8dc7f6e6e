"""Instrument definitions as frozen domain values.

An :class:`Instrument` is built by the loader from a data file; nothing here reads files.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

# Text and LANGUAGES live in mildkracht.core.text; re-exported here for existing callers
from mildkracht.core.text import LANGUAGES as LANGUAGES
from mildkracht.core.text import Text as Text


class Kind(enum.Enum):
    VALIDATED = "validated"
    REFLECTIVE = "reflective"


class Use(enum.Enum):
    APP = "app"
    RESEARCH = "research"


class Wording(enum.Enum):
    PUBLISHED = "published"
    OURS = "ours"


class Polarity(enum.Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Method(enum.Enum):
    MEAN = "mean"
    SUM = "sum"
    MEAN_OF = "mean_of"


@dataclass(frozen=True)
class Option:
    value: int
    label: Text | None


@dataclass(frozen=True)
class Scale:
    minimum: int
    maximum: int
    labels: Mapping[int, Text]

    @cached_property
    def values(self) -> tuple[int, ...]:
        return tuple(range(self.minimum, self.maximum + 1))

    def options(self, labels: Mapping[int, Text] | None = None) -> tuple[Option, ...]:
        """Every answer value with its label (item-specific labels win)."""
        chosen = labels if labels else self.labels
        return tuple(Option(value, chosen.get(value)) for value in self.values)


@dataclass(frozen=True)
class Item:
    number: int
    text: Text
    reverse: bool = False
    labels: Mapping[int, Text] | None = None


@dataclass(frozen=True)
class ExtraItem:
    """An unscored question asked with the instrument (PHQ-9's "how difficult")."""

    id: str
    text: Text
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Subscale:
    id: str
    names: Text
    items: tuple[int, ...]
    polarity: Polarity


@dataclass(frozen=True)
class Score:
    """One computed score: a mean or sum of items, or a mean of other scores."""

    id: str
    names: Text
    method: Method
    items: tuple[int, ...] = ()
    apply_reverse: bool = False
    multiplier: float = 1.0
    of: tuple[str, ...] = ()
    reverse: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class BandRange:
    id: str
    lower: float
    labels: Text


@dataclass(frozen=True)
class Band:
    score: str
    column: str
    ranges: tuple[BandRange, ...]

    def classify(self, value: float) -> BandRange | None:
        """The range that holds ``value`` (from its ``lower`` up to the next one's).

        A tiny tolerance keeps a mean such as 2.5 that floating point computes as
        2.4999999999999996 in the band its exact value belongs to.
        """
        if value != value:  # NaN: no score, no band
            return None
        found = None
        for band_range in self.ranges:
            if value + 1e-9 >= band_range.lower:
                found = band_range
        return found


@dataclass(frozen=True)
class Alert:
    id: str
    item: int | None
    score: str | None
    above: float | None
    at_least: float | None

    def triggered(self, value: float) -> bool:
        if value != value:
            return False
        if self.above is not None and value > self.above:
            return True
        return self.at_least is not None and value >= self.at_least


@dataclass(frozen=True)
class Reference:
    """Population SD and reliability used for reliable change."""

    sd: float
    reliability: float
    source: str


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    kind: Kind
    uses: frozenset[Use]
    names: Text
    short_names: Text
    citation: str
    permission: str
    wording: Mapping[str, Wording]
    title: Text | None
    instructions: Text
    instructions_source: Mapping[str, Wording]
    scale: Scale
    reverse_offset: int
    items: tuple[Item, ...]
    extra_items: tuple[ExtraItem, ...]
    subscales: tuple[Subscale, ...]
    scores: tuple[Score, ...]
    bands: tuple[Band, ...]
    alerts: tuple[Alert, ...]
    private_items: frozenset[int]
    reference: Reference | None

    @cached_property  # asked for many times while scoring one response
    def item_numbers(self) -> tuple[int, ...]:
        return tuple(item.number for item in self.items)

    @cached_property
    def item_number_set(self) -> frozenset[int]:
        """The item numbers, for asking "is this an item?" in one step."""
        return frozenset(self.item_numbers)

    @cached_property
    def item_number_of_key(self) -> Mapping[str, int]:
        """Item numbers by their text ("1" is item 1), as JSON and forms give them."""
        return {str(number): number for number in self.item_numbers}

    @cached_property
    def reverse_items(self) -> frozenset[int]:
        """The numbers of the reverse-keyed items."""
        return frozenset(item.number for item in self.items if item.reverse)

    @cached_property
    def _items_by_number(self) -> Mapping[int, Item]:
        return {item.number: item for item in self.items}

    def item(self, number: int) -> Item:
        return self._items_by_number[number]

    def score(self, score_id: str) -> Score:
        for score in self.scores:
            if score.id == score_id:
                return score
        raise KeyError(score_id)

    def subscale_of(self, number: int) -> Subscale | None:
        for subscale in self.subscales:
            if number in subscale.items:
                return subscale
        return None

    def default_scores(self) -> tuple[Score, ...]:
        """The scores reported unless optional ones are asked for explicitly."""
        return self._default_scores

    @cached_property
    def _default_scores(self) -> tuple[Score, ...]:
        return tuple(score for score in self.scores if not score.optional)

    def is_translation(self, lang: str) -> bool:
        """True when the items in ``lang`` are our own translation, not the authors' words."""
        return self.wording.get(lang) is Wording.OURS and self.kind is Kind.VALIDATED

    def score_range(self, score: Score) -> tuple[float, float]:
        """The smallest and largest value ``score`` can take."""
        low, high = float(self.scale.minimum), float(self.scale.maximum)
        if score.method is Method.SUM:
            count = len(score.items)
            return low * count * score.multiplier, high * count * score.multiplier
        if score.method is Method.MEAN:
            return low * score.multiplier, high * score.multiplier
        ranges = [self.score_range(self.score(part)) for part in score.of]
        return min(r[0] for r in ranges), max(r[1] for r in ranges)
