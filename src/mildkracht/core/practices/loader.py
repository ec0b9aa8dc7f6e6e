"""Load and validate exercise, program and needs files (docs/exercise-format.md, needs.yaml).

Like the instrument loader, validation collects every problem in a file, each with its
field path, before it raises PracticeFileError naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from mildkracht.core.datafile import FieldReader, UnreadableFileError, read_yaml
from mildkracht.core.practices.errors import PracticeFileError
from mildkracht.core.practices.model import (
    PROGRAM_WEEKS,
    Area,
    Exercise,
    Function,
    FunctionInfo,
    Intensity,
    Mode,
    Needs,
    NeedSide,
    Program,
    Questions,
    Side,
    SideInfo,
    Situation,
    Step,
    TimeChoice,
    Week,
)
from mildkracht.core.text import Text

T = TypeVar("T")
E = TypeVar("E", bound=Enum)

_EXERCISE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_CHOICE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")

_EXERCISE_FIELDS = (
    "id",
    "version",
    "side",
    "functions",
    "areas",
    "mode",
    "duration_minutes",
    "title",
    "purpose",
    "intro",
    "steps",
    "backdraft",
    "prompts",
)
_STEP_FIELDS = ("text", "seconds", "breathing")
_PROGRAM_FIELDS = ("id", "version", "daily_goal_minutes", "weeks")
_WEEK_FIELDS = ("number", "theme", "introduction", "exercises", "home_practice", "reflection")
_NEEDS_FIELDS = (
    "id",
    "version",
    "questions",
    "sides",
    "functions",
    "situations",
    "intensities",
    "times",
)


def bundled_directory() -> Path:
    """The folder of the practice files that ship with Mildkracht.

    It holds ``exercises/*.yaml``, ``program.yaml`` and ``needs.yaml``.
    """
    return Path(str(resources.files("mildkracht.core.practices")))


# --- files -------------------------------------------------------------------------------


def load_exercise(path: Path | str) -> Exercise:
    """Read, validate and build one exercise; PracticeFileError lists every problem."""
    path = Path(path)
    return parse_exercise(_read(path), source=str(path), expected_id=path.stem)


def parse_exercise(raw: Any, source: str, expected_id: str | None = None) -> Exercise:
    """Validate a parsed exercise file and build the Exercise."""
    return _validated(raw, source, lambda reader, data: _exercise(reader, data, expected_id))


def load_exercises(directory: Path | str) -> dict[str, Exercise]:
    """Every ``*.yaml`` in ``directory`` by id, sorted by id; raises on the first bad file."""
    exercises = (load_exercise(path) for path in sorted(Path(directory).glob("*.yaml")))
    return {exercise.id: exercise for exercise in exercises}


def load_program(path: Path | str, exercises: Mapping[str, Exercise]) -> Program:
    """Read and validate the program; every exercise it names must be in ``exercises``."""
    path = Path(path)
    return parse_program(_read(path), source=str(path), exercises=exercises)


def parse_program(raw: Any, source: str, exercises: Mapping[str, Exercise]) -> Program:
    """Validate a parsed program file against the exercise library and build the Program."""
    return _validated(raw, source, lambda reader, data: _program(reader, data, exercises))


def load_needs(path: Path | str) -> Needs:
    """Read and validate the needs file ("what do I need right now?")."""
    path = Path(path)
    return parse_needs(_read(path), source=str(path))


def parse_needs(raw: Any, source: str) -> Needs:
    """Validate a parsed needs file and build Needs."""
    return _validated(raw, source, _needs)


def _read(path: Path) -> Any:
    try:
        return read_yaml(path)
    except UnreadableFileError as error:
        raise PracticeFileError(str(path), [str(error)]) from error


def _validated(raw: Any, source: str, build: Callable[[FieldReader, Mapping[str, Any]], T]) -> T:
    if not isinstance(raw, Mapping):
        raise PracticeFileError(source, ["the file must hold a mapping of fields"])
    reader = FieldReader(source)
    value = build(reader, raw)
    if reader.problems:
        raise PracticeFileError(source, reader.problems)
    return value


# --- shared field readers ----------------------------------------------------------------


def _identifier(
    reader: FieldReader, data: Mapping[str, Any], where: str, pattern: re.Pattern[str]
) -> str:
    identifier = reader.string(data, "id", where)
    if identifier and not pattern.match(identifier):
        reader.problem(
            f"{where}id", f"{identifier!r} must be lower case letters, digits, '-' or '_'"
        )
    return identifier


def _positive(reader: FieldReader, value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        reader.problem(where, f"must be a whole number above 0, not {value!r}")
        return 0
    if value <= 0:
        reader.problem(where, f"must be above 0, not {value}")
    return value


def _enum_list(
    reader: FieldReader, enum_type: type[E], value: Any, where: str, required: bool = True
) -> tuple[E, ...]:
    members: tuple[E, ...] = tuple(
        reader.enum(enum_type, entry, f"{where}[{index}]")
        for index, entry in enumerate(reader.sequence(value, where))
    )
    if required and isinstance(value, list) and not members:
        reader.problem(where, "needs at least one entry")
    if len(set(members)) != len(members):
        reader.problem(where, "lists an entry more than once")
    return members


def _entries(reader: FieldReader, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The list ``key`` of mappings; an empty list is a problem."""
    value = reader.get(data, key, "")
    entries = [
        reader.mapping(entry, f"{key}[{index}]")
        for index, entry in enumerate(reader.sequence(value, key))
    ]
    if isinstance(value, list) and not entries:
        reader.problem(key, "needs at least one entry")
    return entries


# --- exercises ---------------------------------------------------------------------------


def _exercise(reader: FieldReader, raw: Mapping[str, Any], expected_id: str | None) -> Exercise:
    reader.check_known_fields(raw, _EXERCISE_FIELDS, "")
    exercise_id = _identifier(reader, raw, "", _EXERCISE_ID)
    if expected_id and exercise_id and exercise_id != expected_id:
        reader.problem("id", f"{exercise_id!r} differs from the file name {expected_id!r}")
    return Exercise(
        id=exercise_id,
        version=reader.string(raw, "version", ""),
        side=reader.enum(Side, reader.get(raw, "side", ""), "side"),
        functions=_enum_list(reader, Function, reader.get(raw, "functions", ""), "functions"),
        areas=_enum_list(reader, Area, reader.get(raw, "areas", ""), "areas"),
        mode=reader.enum(Mode, reader.get(raw, "mode", ""), "mode"),
        duration_minutes=_positive(
            reader, reader.get(raw, "duration_minutes", ""), "duration_minutes"
        ),
        title=reader.text(reader.get(raw, "title", ""), "title"),
        purpose=reader.text(reader.get(raw, "purpose", ""), "purpose"),
        intro=reader.text(raw["intro"], "intro") if "intro" in raw else None,
        steps=tuple(
            _step(reader, entry, f"steps[{index}]")
            for index, entry in enumerate(_entries(reader, raw, "steps"))
        ),
        backdraft=reader.text(reader.get(raw, "backdraft", ""), "backdraft"),
        prompts=tuple(
            reader.text(prompt, f"prompts[{index}]")
            for index, prompt in enumerate(reader.sequence(raw.get("prompts", []), "prompts"))
        ),
    )


def _step(reader: FieldReader, entry: Mapping[str, Any], where: str) -> Step:
    reader.check_known_fields(entry, _STEP_FIELDS, f"{where}.")
    seconds = entry.get("seconds")
    return Step(
        text=reader.text(reader.get(entry, "text", f"{where}."), f"{where}.text"),
        seconds=None if seconds is None else _positive(reader, seconds, f"{where}.seconds"),
        breathing=reader.boolean(entry.get("breathing", False), f"{where}.breathing"),
    )


# --- the program -------------------------------------------------------------------------


def _program(
    reader: FieldReader, raw: Mapping[str, Any], exercises: Mapping[str, Exercise]
) -> Program:
    reader.check_known_fields(raw, _PROGRAM_FIELDS, "")
    program_id = _identifier(reader, raw, "", _CHOICE_ID)
    version = reader.string(raw, "version", "")
    goal = _positive(reader, reader.get(raw, "daily_goal_minutes", ""), "daily_goal_minutes")
    weeks = tuple(
        _week(reader, entry, f"weeks[{index}]", exercises)
        for index, entry in enumerate(_entries(reader, raw, "weeks"))
    )
    numbers = [week.number for week in weeks]
    expected = list(range(1, PROGRAM_WEEKS + 1))
    if weeks and numbers != expected:
        reader.problem("weeks", f"must be weeks 1 to {PROGRAM_WEEKS} in order, not {numbers}")
    return Program(id=program_id, version=version, daily_goal_minutes=goal, weeks=weeks)


def _week(
    reader: FieldReader, entry: Mapping[str, Any], where: str, exercises: Mapping[str, Exercise]
) -> Week:
    reader.check_known_fields(entry, _WEEK_FIELDS, f"{where}.")
    return Week(
        number=reader.integer(reader.get(entry, "number", f"{where}."), f"{where}.number"),
        theme=reader.text(reader.get(entry, "theme", f"{where}."), f"{where}.theme"),
        introduction=reader.text(
            reader.get(entry, "introduction", f"{where}."), f"{where}.introduction"
        ),
        exercises=_week_exercises(
            reader, reader.get(entry, "exercises", f"{where}."), f"{where}.exercises", exercises
        ),
        home_practice=reader.text(
            reader.get(entry, "home_practice", f"{where}."), f"{where}.home_practice"
        ),
        reflection=reader.text(reader.get(entry, "reflection", f"{where}."), f"{where}.reflection"),
    )


def _week_exercises(
    reader: FieldReader, value: Any, where: str, exercises: Mapping[str, Exercise]
) -> tuple[str, ...]:
    ids = tuple(str(entry) for entry in reader.sequence(value, where))
    for index, exercise_id in enumerate(ids):
        if exercise_id not in exercises:
            reader.problem(
                f"{where}[{index}]",
                f"{exercise_id!r} is not an exercise in the library "
                "(the id of a file in exercises/, without .yaml)",
            )
    if isinstance(value, list) and not ids:
        reader.problem(where, "a week needs at least one exercise")
    if len(set(ids)) != len(ids):
        reader.problem(where, "lists an exercise more than once")
    return ids


# --- the needs flow ----------------------------------------------------------------------


def _needs(reader: FieldReader, raw: Mapping[str, Any]) -> Needs:
    reader.check_known_fields(raw, _NEEDS_FIELDS, "")
    needs_id = reader.string(raw, "id", "")
    if needs_id and needs_id != "needs":
        reader.problem("id", f"must be 'needs', not {needs_id!r}")
    return Needs(
        id=needs_id,
        version=reader.string(raw, "version", ""),
        questions=_questions(reader, reader.mapping(reader.get(raw, "questions", ""), "questions")),
        sides=_sides(reader, raw),
        functions=_functions(reader, raw),
        situations=_situations(reader, raw),
        intensities=_intensities(reader, raw),
        times=_times(reader, raw),
    )


def _questions(reader: FieldReader, data: Mapping[str, Any]) -> Questions:
    reader.check_known_fields(data, ("situation", "intensity", "time"), "questions.")
    return Questions(
        situation=reader.text(reader.get(data, "situation", "questions."), "questions.situation"),
        intensity=reader.text(reader.get(data, "intensity", "questions."), "questions.intensity"),
        time=reader.text(reader.get(data, "time", "questions."), "questions.time"),
    )


def _labels_and(
    reader: FieldReader, entry: Mapping[str, Any], where: str, key: str
) -> tuple[Text, Text]:
    """The ``labels`` text and the text ``key`` (description or note) of one entry."""
    return (
        reader.text(reader.get(entry, "labels", f"{where}."), f"{where}.labels"),
        reader.text(reader.get(entry, key, f"{where}."), f"{where}.{key}"),
    )


def _sides(reader: FieldReader, raw: Mapping[str, Any]) -> tuple[SideInfo, ...]:
    sides = []
    for index, entry in enumerate(_entries(reader, raw, "sides")):
        where = f"sides[{index}]"
        reader.check_known_fields(entry, ("id", "labels", "description"), f"{where}.")
        labels, description = _labels_and(reader, entry, where, "description")
        side = reader.enum(NeedSide, reader.get(entry, "id", f"{where}."), f"{where}.id")
        sides.append(SideInfo(id=side, labels=labels, description=description))
    reader.check_unique((side.id.value for side in sides), "sides", "side")
    return tuple(sides)


def _functions(reader: FieldReader, raw: Mapping[str, Any]) -> tuple[FunctionInfo, ...]:
    functions = []
    for index, entry in enumerate(_entries(reader, raw, "functions")):
        where = f"functions[{index}]"
        reader.check_known_fields(entry, ("id", "side", "labels", "description"), f"{where}.")
        function = reader.enum(Function, reader.get(entry, "id", f"{where}."), f"{where}.id")
        side = reader.enum(Side, reader.get(entry, "side", f"{where}."), f"{where}.side")
        if function.value == entry.get("id") and side is not function.side:
            reader.problem(f"{where}.side", f"{function.value} is a {function.side.value} function")
        labels, description = _labels_and(reader, entry, where, "description")
        functions.append(FunctionInfo(id=function, labels=labels, description=description))
    reader.check_unique((f.id.value for f in functions), "functions", "function")
    missing = [f.value for f in Function if f not in {info.id for info in functions}]
    if functions and missing:
        reader.problem("functions", f"must describe all six functions; missing {missing}")
    return tuple(functions)


def _situations(reader: FieldReader, raw: Mapping[str, Any]) -> tuple[Situation, ...]:
    situations = []
    for index, entry in enumerate(_entries(reader, raw, "situations")):
        where = f"situations[{index}]"
        known = ("id", "labels", "description", "side", "functions")
        reader.check_known_fields(entry, known, f"{where}.")
        labels, description = _labels_and(reader, entry, where, "description")
        situations.append(
            Situation(
                id=_identifier(reader, entry, f"{where}.", _CHOICE_ID),
                labels=labels,
                description=description,
                side=reader.enum(NeedSide, reader.get(entry, "side", f"{where}."), f"{where}.side"),
                functions=_enum_list(
                    reader,
                    Function,
                    reader.get(entry, "functions", f"{where}."),
                    f"{where}.functions",
                ),
            )
        )
    reader.check_unique((s.id for s in situations), "situations", "situation")
    return tuple(situations)


def _intensities(reader: FieldReader, raw: Mapping[str, Any]) -> tuple[Intensity, ...]:
    intensities = []
    for index, entry in enumerate(_entries(reader, raw, "intensities")):
        where = f"intensities[{index}]"
        known = ("id", "labels", "note", "start_with", "show_help")
        reader.check_known_fields(entry, known, f"{where}.")
        labels, note = _labels_and(reader, entry, where, "note")
        intensities.append(
            Intensity(
                id=_identifier(reader, entry, f"{where}.", _CHOICE_ID),
                labels=labels,
                note=note,
                start_with=_enum_list(
                    reader, Function, entry.get("start_with", []), f"{where}.start_with", False
                ),
                show_help=reader.boolean(
                    reader.get(entry, "show_help", f"{where}."), f"{where}.show_help"
                ),
            )
        )
    reader.check_unique((i.id for i in intensities), "intensities", "intensity")
    return tuple(intensities)


def _times(reader: FieldReader, raw: Mapping[str, Any]) -> tuple[TimeChoice, ...]:
    times = []
    for index, entry in enumerate(_entries(reader, raw, "times")):
        where = f"times[{index}]"
        reader.check_known_fields(entry, ("minutes", "labels", "note"), f"{where}.")
        minutes = _positive(reader, reader.get(entry, "minutes", f"{where}."), f"{where}.minutes")
        labels, note = _labels_and(reader, entry, where, "note")
        times.append(TimeChoice(minutes=minutes, labels=labels, note=note))
    minutes_list = [time.minutes for time in times]
    if minutes_list != sorted(set(minutes_list)):
        reader.problem("times", "must go from short to long, without repeats")
    return tuple(times)
