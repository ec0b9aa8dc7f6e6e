"""Journal prompts: a few of our own, and those of the exercises.

An entry stores the prompt's key, not its text, so that it reads in whichever language
the person uses later. Keys: a general key (``friend``), ``exercise:<id>:<number>`` or
``program:<week>`` (the week's question of the 8-week program).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.library import bundled_program, library
from mildkracht.web.practice.exercises import language

GENERAL_PROMPTS = {
    "friend": _("What would I say to a good friend right now?"),
    "need": _("What do I need?"),
    "protect": _("What is mine to protect?"),
    "kind": _("What was kind today, however small?"),
}


@dataclass(frozen=True)
class Prompt:
    key: str
    text: str


def prompt_text(key: str) -> str:
    """The prompt's text in the current language; empty for no or an unknown key."""
    if key in GENERAL_PROMPTS:
        return str(GENERAL_PROMPTS[key])
    kind, _separator, rest = key.partition(":")
    if kind == "program":
        return _program_question(rest)
    exercise_id, _separator, number = rest.rpartition(":")
    exercise = library().get(exercise_id) if kind == "exercise" else None
    if exercise is None or not number.isdigit():
        return ""
    index = int(number) - 1
    if not 0 <= index < len(exercise.prompts):
        return ""
    return exercise.prompts[index].get(language())


def _program_question(week: str) -> str:
    weeks = bundled_program().weeks
    if not week.isdigit() or not 1 <= int(week) <= len(weeks):
        return ""
    return weeks[int(week) - 1].reflection.get(language())


def general_prompts() -> list[Prompt]:
    return [Prompt(key, str(text)) for key, text in GENERAL_PROMPTS.items()]


def exercise_prompts(exercise_id: str) -> list[Prompt]:
    exercise = library().get(exercise_id)
    if exercise is None:
        return []
    lang = language()
    return [
        Prompt(f"exercise:{exercise_id}:{number}", prompt.get(lang))
        for number, prompt in enumerate(exercise.prompts, start=1)
    ]


def is_known(key: str) -> bool:
    return key == "" or prompt_text(key) != ""
