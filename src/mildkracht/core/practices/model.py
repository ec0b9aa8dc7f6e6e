"""Exercises, the 8-week program and the needs flow as frozen domain values.

The loader builds these from the data files (docs/exercise-format.md, needs.yaml);
nothing here reads files.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mildkracht.core.practices.errors import ChoiceError
from mildkracht.core.text import Text

# The schedule (schedule.py) and the program file both have exactly this many weeks.
PROGRAM_WEEKS = 8


class Side(enum.Enum):
    """The side of self-compassion an exercise trains."""

    TENDER = "tender"
    FIERCE = "fierce"
    INTEGRATED = "integrated"


class Function(enum.Enum):
    """The six functions of self-compassion: three tender, three fierce."""

    COMFORT = "comfort"
    SOOTHE = "soothe"
    VALIDATE = "validate"
    PROTECT = "protect"
    PROVIDE = "provide"
    MOTIVATE = "motivate"

    @property
    def side(self) -> Side:
        """TENDER for comfort, soothe and validate; FIERCE for the others."""
        tender = (Function.COMFORT, Function.SOOTHE, Function.VALIDATE)
        return Side.TENDER if self in tender else Side.FIERCE


class Area(enum.Enum):
    """The part of life an exercise is written for."""

    SELF = "self"
    RELATIONSHIPS = "relationships"
    CAREGIVING = "caregiving"
    WORK = "work"


class Mode(enum.Enum):
    """FORMAL: time set aside; INFORMAL: in the middle of daily life."""

    FORMAL = "formal"
    INFORMAL = "informal"


@dataclass(frozen=True)
class Step:
    """One step of a guided exercise; ``seconds`` is the player's timer, if any."""

    text: Text
    seconds: int | None = None
    breathing: bool = False


@dataclass(frozen=True)
class Exercise:
    id: str
    version: str
    side: Side
    functions: tuple[Function, ...]
    areas: tuple[Area, ...]
    mode: Mode
    duration_minutes: int
    title: Text
    purpose: Text
    intro: Text | None
    steps: tuple[Step, ...]
    backdraft: Text
    prompts: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Week:
    """One week of the program; ``exercises`` are ids from the exercise library."""

    number: int
    theme: Text
    introduction: Text
    exercises: tuple[str, ...]
    home_practice: Text
    reflection: Text


@dataclass(frozen=True)
class Program:
    id: str
    version: str
    daily_goal_minutes: int
    weeks: tuple[Week, ...]

    def week(self, number: int) -> Week:
        """Week ``number`` (1-based); ChoiceError for a week the program does not have."""
        for week in self.weeks:
            if week.number == number:
                return week
        raise ChoiceError(
            f"week {number!r} is not in the program; weeks are 1 to {len(self.weeks)}"
        )


class NeedSide(enum.Enum):
    """The side that helps in a situation; BOTH offers a tender and a fierce practice."""

    TENDER = "tender"
    FIERCE = "fierce"
    BOTH = "both"


@dataclass(frozen=True)
class SideInfo:
    id: NeedSide
    labels: Text
    description: Text


@dataclass(frozen=True)
class FunctionInfo:
    id: Function
    labels: Text
    description: Text


@dataclass(frozen=True)
class Situation:
    """An answer to "what is going on?"; ``functions`` in the order to offer them."""

    id: str
    labels: Text
    description: Text
    side: NeedSide
    functions: tuple[Function, ...]


@dataclass(frozen=True)
class Intensity:
    """An answer to "how strongly?"; ``start_with`` functions are offered first."""

    id: str
    labels: Text
    note: Text
    start_with: tuple[Function, ...]
    show_help: bool


@dataclass(frozen=True)
class TimeChoice:
    """An answer to "how much time?": exercises of at most ``minutes``."""

    minutes: int
    labels: Text
    note: Text


@dataclass(frozen=True)
class Questions:
    situation: Text
    intensity: Text
    time: Text


@dataclass(frozen=True)
class Needs:
    """The "what do I need right now?" flow: its questions and their answers."""

    id: str
    version: str
    questions: Questions
    sides: tuple[SideInfo, ...]
    functions: tuple[FunctionInfo, ...]
    situations: tuple[Situation, ...]
    intensities: tuple[Intensity, ...]
    times: tuple[TimeChoice, ...]

    def situation(self, situation_id: str) -> Situation:
        """The situation ``situation_id``; ChoiceError names the known ones."""
        for situation in self.situations:
            if situation.id == situation_id:
                return situation
        known = ", ".join(s.id for s in self.situations)
        raise ChoiceError(f"unknown situation {situation_id!r}; known situations: {known}")

    def intensity(self, intensity_id: str) -> Intensity:
        """The intensity ``intensity_id``; ChoiceError names the known ones."""
        for intensity in self.intensities:
            if intensity.id == intensity_id:
                return intensity
        known = ", ".join(i.id for i in self.intensities)
        raise ChoiceError(f"unknown intensity {intensity_id!r}; known intensities: {known}")
