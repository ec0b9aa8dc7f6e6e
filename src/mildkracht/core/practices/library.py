"""The exercise library, the program and the needs flow that ship with Mildkracht.

Each is loaded and validated once per process; a bad bundled file raises PracticeFileError.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from functools import cache
from typing import TypeVar

from mildkracht.core.practices.errors import ChoiceError
from mildkracht.core.practices.loader import (
    bundled_directory,
    load_exercises,
    load_needs,
    load_program,
)
from mildkracht.core.practices.model import Area, Exercise, Function, Mode, Needs, Program, Side

E = TypeVar("E", bound=Enum)


@cache
def library() -> dict[str, Exercise]:
    """Every bundled exercise by id, in order of id.

    The same dict is returned on every call: treat it as read-only.
    """
    return load_exercises(bundled_directory() / "exercises")


@cache
def bundled_program() -> Program:
    """The 8-week program, its exercises checked against :func:`library`."""
    return load_program(bundled_directory() / "program.yaml", library())


@cache
def bundled_needs() -> Needs:
    """The data of the "what do I need right now?" flow."""
    return load_needs(bundled_directory() / "needs.yaml")


def filter_exercises(
    exercises: Iterable[Exercise],
    side: Side | str | None = None,
    function: Function | str | None = None,
    area: Area | str | None = None,
    max_minutes: int | None = None,
    mode: Mode | str | None = None,
) -> list[Exercise]:
    """The exercises that match every given criterion, in their original order.

    ``None`` leaves a criterion out. ``side`` matches exactly (``tender`` does not include
    integrated exercises); ``function`` and ``area`` match when the exercise lists them;
    ``max_minutes`` keeps exercises whose typical duration is at most that. Criteria may be
    given as enum members or their values (``"fierce"``); an unknown value raises
    ChoiceError naming the allowed ones, so a web view can turn it into a clear 400.
    """
    wanted_side = _member(Side, side, "side")
    wanted_function = _member(Function, function, "function")
    wanted_area = _member(Area, area, "area")
    wanted_mode = _member(Mode, mode, "mode")
    return [
        exercise
        for exercise in exercises
        if (wanted_side is None or exercise.side is wanted_side)
        and (wanted_function is None or wanted_function in exercise.functions)
        and (wanted_area is None or wanted_area in exercise.areas)
        and (max_minutes is None or exercise.duration_minutes <= max_minutes)
        and (wanted_mode is None or exercise.mode is wanted_mode)
    ]


def _member(enum_type: type[E], value: E | str | None, name: str) -> E | None:
    if value is None or isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum_type)
        raise ChoiceError(f"unknown {name} {value!r}; use one of: {allowed}") from None
