"""Browsing the exercise library by side, function, area, duration and mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mildkracht.core.practices.errors import ChoiceError
from mildkracht.core.practices.library import filter_exercises, library
from mildkracht.core.practices.model import Area, Exercise, Function, Mode, Side


def test_no_criteria_keep_every_exercise_in_order() -> None:
    exercises = list(library().values())
    assert filter_exercises(exercises) == exercises


@pytest.mark.parametrize(
    ("criteria", "holds"),
    [
        ({"side": Side.FIERCE}, lambda e: e.side is Side.FIERCE),
        ({"side": "tender"}, lambda e: e.side is Side.TENDER),
        ({"function": Function.PROTECT}, lambda e: Function.PROTECT in e.functions),
        ({"area": "work"}, lambda e: Area.WORK in e.areas),
        ({"max_minutes": 5}, lambda e: e.duration_minutes <= 5),
        ({"mode": Mode.INFORMAL}, lambda e: e.mode is Mode.INFORMAL),
    ],
)
def test_each_criterion_keeps_exactly_the_matching_exercises(
    criteria: dict[str, Any], holds: Callable[[Exercise], bool]
) -> None:
    exercises = list(library().values())
    kept = filter_exercises(exercises, **criteria)
    assert kept == [exercise for exercise in exercises if holds(exercise)]
    assert kept


def test_criteria_combine_so_every_one_must_hold() -> None:
    kept = filter_exercises(
        library().values(), side="fierce", function="protect", area="work", max_minutes=10
    )
    assert [e.id for e in kept] == ["a-firm-minute", "saying-no"]


def test_the_tender_side_does_not_include_integrated_exercises() -> None:
    assert all(e.side is Side.TENDER for e in filter_exercises(library().values(), side="tender"))


def test_an_unknown_criterion_value_names_the_allowed_ones() -> None:
    with pytest.raises(ChoiceError, match="tender, fierce, integrated"):
        filter_exercises(library().values(), side="gentle")


def test_the_library_is_loaded_once() -> None:
    assert library() is library()
