"""Checking answers from a form or the API against an instrument, naming every problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mildkracht.core.instruments.model import ExtraItem, Instrument


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a submission: where (``field``), what (``code``) and a message."""

    field: str
    code: str
    message: str


class InvalidAnswers(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))


@dataclass(frozen=True)
class CheckedAnswers:
    answers: dict[int, int | None]
    extra_answers: dict[str, int | None]


def check_answers(
    instrument: Instrument,
    answers: Mapping[str, object],
    extra_answers: Mapping[str, object] | None = None,
) -> CheckedAnswers:
    """Answers keyed by item number (text or int) and extra-item id, as whole numbers.

    ``None`` means "no answer" (it clears an earlier one). Raises InvalidAnswers naming each
    unknown item, each value that is not a whole number and each value off the scale.
    """
    problems: list[Problem] = []
    checked: dict[int, int | None] = {}
    allowed = instrument.scale.values
    for key, value in answers.items():
        number = _item_number(instrument, key)
        if number is None:
            field = f"answers.{key}"
            problems.append(Problem(field, "unknown_item", _unknown_item(instrument, key)))
        elif type(value) is int and value in allowed:  # the usual answer: nothing to convert
            checked[number] = value
        else:
            checked[number] = _check_value(f"answers.{key}", value, allowed, problems)
    extras = _check_extra_answers(instrument, extra_answers or {}, problems)
    if problems:
        raise InvalidAnswers(problems)
    return CheckedAnswers(checked, extras)


def _check_extra_answers(
    instrument: Instrument, extra_answers: Mapping[str, object], problems: list[Problem]
) -> dict[str, int | None]:
    known: dict[str, ExtraItem] = {extra.id: extra for extra in instrument.extra_items}
    checked: dict[str, int | None] = {}
    for key, value in extra_answers.items():
        field = f"extra_answers.{key}"
        if key not in known:
            message = _("%(question)s is not a question of %(instrument)s.") % {
                "question": key,
                "instrument": instrument.id,
            }
            problems.append(Problem(field, "unknown_item", message))
            continue
        allowed = tuple(option.value for option in known[key].options)
        checked[key] = _check_value(field, value, allowed, problems)
    return checked


def _item_number(instrument: Instrument, key: object) -> int | None:
    if type(key) is str and key in instrument.item_number_of_key:  # the usual key: "7"
        return instrument.item_number_of_key[key]
    text = str(key).strip()
    if not text.isdecimal():
        return None
    number = int(text)
    return number if number in instrument.item_number_set else None


def _unknown_item(instrument: Instrument, key: object) -> str:
    return _("%(item)s is not an item of %(instrument)s (its items are %(first)s to %(last)s).") % {
        "item": key,
        "instrument": instrument.id,
        "first": instrument.item_numbers[0],
        "last": instrument.item_numbers[-1],
    }


def _check_value(
    field: str, value: object, allowed: tuple[int, ...], problems: list[Problem]
) -> int | None:
    if value is None:
        return None
    number = _number(value)
    if number is None:
        message = _("%(value)s is not a number.") % {"value": _shown(value)}
        problems.append(Problem(field, "not_a_number", message))
        return None
    if number not in allowed:
        message = _("%(value)s is not one of the answers %(allowed)s.") % {
            "value": _shown(number),
            "allowed": ", ".join(str(choice) for choice in allowed),
        }
        problems.append(Problem(field, "off_scale", message))
        return None
    return int(number)


def _number(value: object) -> int | float | None:
    """The number in ``value`` (form fields send text), or None when it is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value if value == value else None  # NaN is not a number
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def unanswered(instrument: Instrument, answers: Mapping[int, int | None]) -> list[int]:
    """The item numbers without an answer, in the instrument's order."""
    return [number for number in instrument.item_numbers if answers.get(number) is None]
