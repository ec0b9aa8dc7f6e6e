"""The practice loaders validate every field and name the file and field of each problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mildkracht.core.practices.errors import PracticeFileError
from mildkracht.core.practices.library import bundled_needs, bundled_program, library
from mildkracht.core.practices.loader import (
    bundled_directory,
    load_exercise,
    load_needs,
    load_program,
)
from mildkracht.core.practices.model import PROGRAM_WEEKS, Function, NeedSide, Side

EXERCISES = bundled_directory() / "exercises"


def read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any, name: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def problems_of(load: Any, path: Path, *args: Any) -> list[str]:
    with pytest.raises(PracticeFileError) as caught:
        load(path, *args)
    assert str(path) in str(caught.value)
    return list(caught.value.problems)


def exercise_data() -> Any:
    return read(EXERCISES / "fierce-compassion-break.yaml")


# --- the bundled files ---------------------------------------------------------------------


def test_every_bundled_exercise_loads_with_its_file_name_as_id() -> None:
    exercises = library()
    files = sorted(path.stem for path in EXERCISES.glob("*.yaml"))
    assert list(exercises) == files
    assert len(exercises) >= 24


def test_the_library_covers_both_sides_their_integration_and_every_function() -> None:
    exercises = library().values()
    assert {exercise.side for exercise in exercises} == set(Side)
    assert {f for exercise in exercises for f in exercise.functions} == set(Function)


def test_every_exercise_has_both_languages_in_every_step() -> None:
    for exercise in library().values():
        for step in exercise.steps:
            assert step.text.nl.strip() and step.text.en.strip(), exercise.id


def test_the_program_has_eight_weeks_of_library_exercises() -> None:
    program = bundled_program()
    assert [week.number for week in program.weeks] == list(range(1, PROGRAM_WEEKS + 1))
    assert program.daily_goal_minutes == 20
    for week in program.weeks:
        assert week.exercises and set(week.exercises) <= set(library())


def test_the_needs_flow_loads_with_its_situations_and_levels() -> None:
    needs = bundled_needs()
    assert [s.id for s in needs.situations] == ["pain", "threat", "unmet_need", "stuck"]
    assert needs.situation("stuck").side is NeedSide.BOTH
    assert needs.intensity("high").show_help
    assert needs.intensity("high").start_with == (Function.SOOTHE,)
    assert [time.minutes for time in needs.times] == [1, 5, 15]


# --- exercises -----------------------------------------------------------------------------


def break_missing_language(data: Any) -> None:
    del data["steps"][2]["text"]["nl"]


def break_function(data: Any) -> None:
    data["functions"] = ["protect", "encourage"]


def break_seconds(data: Any) -> None:
    data["steps"][0]["seconds"] = -30


def break_side(data: Any) -> None:
    data["side"] = "gentle"


def break_duration(data: Any) -> None:
    data["duration_minutes"] = 0


def break_breathing(data: Any) -> None:
    data["steps"][1]["breathing"] = "yes"


def break_field_name(data: Any) -> None:
    data["promts"] = data.pop("prompts")


def break_backdraft(data: Any) -> None:
    del data["backdraft"]


def break_steps(data: Any) -> None:
    data["steps"] = []


@pytest.mark.parametrize(
    ("damage", "field", "words"),
    [
        (break_missing_language, "steps[2].text.nl", "missing"),
        (break_function, "functions[1]", "'encourage' is not one of"),
        (break_seconds, "steps[0].seconds", "above 0"),
        (break_side, "side", "'gentle' is not one of"),
        (break_duration, "duration_minutes", "above 0"),
        (break_breathing, "steps[1].breathing", "true or false"),
        (break_field_name, "promts", "unknown field"),
        (break_backdraft, "backdraft", "missing"),
        (break_steps, "steps", "at least one"),
    ],
)
def test_a_bad_exercise_names_the_field_and_what_is_wrong(
    tmp_path: Path, damage: Any, field: str, words: str
) -> None:
    data = exercise_data()
    damage(data)
    problems = problems_of(load_exercise, write(tmp_path, data, "fierce-compassion-break"))
    assert any(p.startswith(f"{field}:") and words in p for p in problems), problems


def test_every_problem_of_an_exercise_is_reported_at_once(tmp_path: Path) -> None:
    data = exercise_data()
    break_function(data)
    break_seconds(data)
    break_missing_language(data)
    problems = problems_of(load_exercise, write(tmp_path, data, "fierce-compassion-break"))
    assert len(problems) == 3


def test_an_exercise_id_that_differs_from_the_file_name_is_named(tmp_path: Path) -> None:
    problems = problems_of(load_exercise, write(tmp_path, exercise_data(), "other-name"))
    assert any(p.startswith("id:") and "file name" in p for p in problems)


def test_an_exercise_file_that_is_not_a_mapping_is_named(tmp_path: Path) -> None:
    problems = problems_of(load_exercise, write(tmp_path, ["a", "list"], "a-list"))
    assert problems == ["the file must hold a mapping of fields"]


def test_broken_yaml_is_reported_with_its_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    assert "not valid YAML" in problems_of(load_exercise, path)[0]


# --- the program ---------------------------------------------------------------------------


def program_problems(tmp_path: Path, damage: Any) -> list[str]:
    data = read(bundled_directory() / "program.yaml")
    damage(data)
    return problems_of(load_program, write(tmp_path, data, "program"), library())


def test_a_program_naming_an_unknown_exercise_is_named(tmp_path: Path) -> None:
    def damage(data: Any) -> None:
        data["weeks"][4]["exercises"][1] = "shouting-into-a-pillow"

    problems = program_problems(tmp_path, damage)
    assert any(
        p.startswith("weeks[4].exercises[1]:") and "'shouting-into-a-pillow'" in p for p in problems
    )


def test_a_program_with_a_week_missing_is_named(tmp_path: Path) -> None:
    def damage(data: Any) -> None:
        del data["weeks"][3]

    assert any(p.startswith("weeks:") for p in program_problems(tmp_path, damage))


def test_a_program_week_without_its_reflection_language_is_named(tmp_path: Path) -> None:
    def damage(data: Any) -> None:
        del data["weeks"][0]["reflection"]["en"]

    problems = program_problems(tmp_path, damage)
    assert any(p.startswith("weeks[0].reflection.en:") for p in problems)


def test_a_program_goal_of_zero_minutes_is_named(tmp_path: Path) -> None:
    def damage(data: Any) -> None:
        data["daily_goal_minutes"] = 0

    assert any(p.startswith("daily_goal_minutes:") for p in program_problems(tmp_path, damage))


# --- the needs flow ------------------------------------------------------------------------


def needs_problems(tmp_path: Path, damage: Any) -> list[str]:
    data = read(bundled_directory() / "needs.yaml")
    damage(data)
    return problems_of(load_needs, write(tmp_path, data, "needs"))


def break_situation_function(data: Any) -> None:
    data["situations"][1]["functions"] = ["shout"]


def break_situation_side(data: Any) -> None:
    data["situations"][0]["side"] = "integrated"


def break_function_side(data: Any) -> None:
    data["functions"][0]["side"] = "fierce"


def break_time_order(data: Any) -> None:
    data["times"].reverse()


def break_show_help(data: Any) -> None:
    del data["intensities"][2]["show_help"]


def break_question(data: Any) -> None:
    del data["questions"]["time"]["nl"]


def break_duplicate_situation(data: Any) -> None:
    data["situations"][1]["id"] = "pain"


@pytest.mark.parametrize(
    ("damage", "field"),
    [
        (break_situation_function, "situations[1].functions[0]"),
        (break_situation_side, "situations[0].side"),
        (break_function_side, "functions[0].side"),
        (break_time_order, "times"),
        (break_show_help, "intensities[2].show_help"),
        (break_question, "questions.time.nl"),
        (break_duplicate_situation, "situations"),
    ],
)
def test_a_bad_needs_file_names_the_field(tmp_path: Path, damage: Any, field: str) -> None:
    problems = needs_problems(tmp_path, damage)
    assert any(p.startswith(f"{field}:") for p in problems), problems
