"""The questionnaire form, generated from the core instrument: never written per scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mildkracht.core.instruments.model import Instrument, Option

ITEM_PREFIX = "item_"
EXTRA_PREFIX = "extra_"


@dataclass(frozen=True)
class Choice:
    value: int
    label: str
    checked: bool


@dataclass(frozen=True)
class Question:
    """One fieldset: its legend, its radio group and where a link to it points."""

    name: str  # the form field: item_5, extra_difficulty
    anchor: str  # the fieldset's id: item-5
    number: int | None  # None for an extra question
    text: str
    choices: tuple[Choice, ...]

    @property
    def answered(self) -> bool:
        return any(choice.checked for choice in self.choices)


def questions(
    instrument: Instrument,
    lang: str,
    answers: Mapping[int, int],
    extra_answers: Mapping[str, int],
) -> list[Question]:
    """Every item, then every extra question, with the current answers checked."""
    found = [
        Question(
            name=f"{ITEM_PREFIX}{item.number}",
            anchor=f"item-{item.number}",
            number=item.number,
            text=item.text.get(lang),
            choices=_choices(instrument.scale.options(item.labels), lang, answers.get(item.number)),
        )
        for item in instrument.items
    ]
    found += [
        Question(
            name=f"{EXTRA_PREFIX}{extra.id}",
            anchor=f"extra-{extra.id}",
            number=None,
            text=extra.text.get(lang),
            choices=_choices(extra.options, lang, extra_answers.get(extra.id)),
        )
        for extra in instrument.extra_items
    ]
    return found


def _choices(options: tuple[Option, ...], lang: str, current: int | None) -> tuple[Choice, ...]:
    return tuple(
        Choice(
            value=option.value,
            # An unlabelled middle value shows just its number.
            label=option.label.get(lang) if option.label else "",
            checked=option.value == current,
        )
        for option in options
    )


def posted_answers(
    instrument: Instrument, data: Mapping[str, str]
) -> tuple[dict[str, object], dict[str, object]]:
    """The answers chosen in a posted form, keyed as check_answers takes them.

    Only chosen answers are returned: saving merges them, so it never loses an answer.
    """
    answers: dict[str, object] = {
        str(number): data[f"{ITEM_PREFIX}{number}"]
        for number in instrument.item_numbers
        if data.get(f"{ITEM_PREFIX}{number}")
    }
    extras: dict[str, object] = {
        extra.id: data[f"{EXTRA_PREFIX}{extra.id}"]
        for extra in instrument.extra_items
        if data.get(f"{EXTRA_PREFIX}{extra.id}")
    }
    return answers, extras
