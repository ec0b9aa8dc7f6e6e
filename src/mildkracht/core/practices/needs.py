""" "What do I need right now?": from a hard moment to one fitting practice (or two).

The flow asks what is going on (a situation), how strongly it is felt (an intensity) and
how much time there is; needs.yaml holds the answers and what they lead to. The choice is
deterministic, so the same answers always lead to the same practices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mildkracht.core.practices.errors import ChoiceError, PracticeError
from mildkracht.core.practices.model import (
    Exercise,
    Function,
    Intensity,
    Needs,
    NeedSide,
    Side,
    Situation,
)

_SIDES: dict[NeedSide, tuple[Side, ...]] = {
    NeedSide.TENDER: (Side.TENDER,),
    NeedSide.FIERCE: (Side.FIERCE,),
    NeedSide.BOTH: (Side.TENDER, Side.FIERCE),
}


@dataclass(frozen=True)
class Suggestion:
    """What to offer: an optional grounding practice first, then the practice(s).

    ``practices`` holds one exercise, or a tender and a fierce one (in that order) when
    the situation's side is ``both``; the person chooses. ``note`` is the intensity's
    note in the asked language; ``show_help`` asks the page to show the help block at once.
    An exercise may take longer than ``minutes`` when no exercise for the need fits.
    """

    situation: Situation
    intensity: Intensity
    minutes: int
    start_with: Exercise | None
    practices: tuple[Exercise, ...]
    note: str
    show_help: bool

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Every suggested exercise in the order to offer them."""
        first = () if self.start_with is None else (self.start_with,)
        return (*first, *self.practices)


def suggest(
    needs: Needs,
    library: Mapping[str, Exercise],
    situation: str,
    intensity: str,
    minutes: int,
    lang: str,
) -> Suggestion:
    """Choose practices for ``situation`` and ``intensity`` that fit in ``minutes``.

    For each side the situation asks for (tender, fierce, or both: one of each), among the
    exercises of that side whose functions overlap the situation's functions:

    1. rank each exercise by the first of the situation's functions it offers, the
       functions of this side first (for "stuck", validate leads the tender choice and
       motivate the fierce one);
    2. keep those with ``duration_minutes <= minutes`` and take the best rank, then the
       duration closest to ``minutes``, then the most functions in common, then the id;
    3. if none fits the time, take the shortest exercise for the need instead.

    An intensity with ``start_with`` functions (high, in needs.yaml) adds a short
    grounding exercise offering them, to do first: the best rank, then the shortest that
    fits, then the id. Unknown situations or intensities, or ``minutes`` below 1, raise
    ChoiceError; a library with no exercise for the need raises PracticeError.
    """
    chosen_situation = needs.situation(situation)
    chosen_intensity = needs.intensity(intensity)
    if minutes < 1:
        raise ChoiceError(f"the time available must be at least 1 minute, not {minutes}")
    exercises = list(library.values())
    practices = tuple(
        _practice(exercises, side, _functions_for(side, chosen_situation.functions), minutes)
        for side in _SIDES[chosen_situation.side]
    )
    start_with = None
    if chosen_intensity.start_with:
        others = [exercise for exercise in exercises if exercise not in practices]
        start_with = _grounding(others, chosen_intensity.start_with, minutes)
    return Suggestion(
        situation=chosen_situation,
        intensity=chosen_intensity,
        minutes=minutes,
        start_with=start_with,
        practices=practices,
        note=chosen_intensity.note.get(lang),
        show_help=chosen_intensity.show_help,
    )


def _functions_for(side: Side, functions: Sequence[Function]) -> tuple[Function, ...]:
    """``functions`` with those of ``side`` first, each group in its own order."""
    own = tuple(function for function in functions if function.side is side)
    return own + tuple(function for function in functions if function.side is not side)


def _rank(exercise: Exercise, functions: Sequence[Function]) -> int | None:
    """The position of the first of ``functions`` the exercise offers; None if none."""
    for position, function in enumerate(functions):
        if function in exercise.functions:
            return position
    return None


def _practice(
    exercises: Iterable[Exercise], side: Side, functions: Sequence[Function], minutes: int
) -> Exercise:
    ranked = [
        (rank, exercise)
        for exercise in exercises
        if exercise.side is side and (rank := _rank(exercise, functions)) is not None
    ]
    if not ranked:
        names = ", ".join(function.value for function in functions)
        raise PracticeError(f"the library has no {side.value} exercise that offers {names}")
    fitting = [(rank, e) for rank, e in ranked if e.duration_minutes <= minutes]
    if not fitting:
        return min(ranked, key=lambda pair: (pair[1].duration_minutes, pair[0], pair[1].id))[1]

    def preference(pair: tuple[int, Exercise]) -> tuple[int, int, int, str]:
        rank, exercise = pair
        in_common = len(set(exercise.functions) & set(functions))
        return rank, minutes - exercise.duration_minutes, -in_common, exercise.id

    return min(fitting, key=preference)[1]


def _grounding(
    exercises: Iterable[Exercise], functions: Sequence[Function], minutes: int
) -> Exercise | None:
    ranked = [
        (rank, exercise)
        for exercise in exercises
        if (rank := _rank(exercise, functions)) is not None
    ]
    fitting = [(rank, e) for rank, e in ranked if e.duration_minutes <= minutes]
    if fitting:
        return min(fitting, key=lambda pair: (pair[0], pair[1].duration_minutes, pair[1].id))[1]
    if ranked:
        return min(ranked, key=lambda pair: (pair[1].duration_minutes, pair[0], pair[1].id))[1]
    return None
