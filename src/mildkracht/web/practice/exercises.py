"""The core's exercise library, presented in the page's language."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.library import library
from mildkracht.core.practices.model import Area, Exercise, Function, Mode, Side

SIDE_LABELS = {
    Side.TENDER: _("Tender"),
    Side.FIERCE: _("Fierce"),
    Side.INTEGRATED: _("Tender and fierce together"),
}
FUNCTION_LABELS = {
    Function.COMFORT: _("Comfort"),
    Function.SOOTHE: _("Soothe"),
    Function.VALIDATE: _("Validate"),
    Function.PROTECT: _("Protect"),
    Function.PROVIDE: _("Provide"),
    Function.MOTIVATE: _("Motivate"),
}
AREA_LABELS = {
    Area.SELF: _("Myself"),
    Area.RELATIONSHIPS: _("Relationships"),
    Area.CAREGIVING: _("Caring for others"),
    Area.WORK: _("Work"),
}
MODE_LABELS = {
    Mode.FORMAL: _("Time set aside"),
    Mode.INFORMAL: _("In daily life"),
}


def language() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@dataclass(frozen=True)
class StepView:
    number: int
    text: str
    seconds: int | None
    breathing: bool

    @property
    def minutes(self) -> int:
        """The step's time in whole minutes, halves up (90 seconds is about 2 minutes)."""
        return int((self.seconds or 0) / 60 + 0.5)


@dataclass(frozen=True)
class ExerciseView:
    """One exercise with every text in one language, ready for a template."""

    id: str
    version: str
    side: Side
    side_label: str
    function_labels: tuple[str, ...]
    area_labels: tuple[str, ...]
    mode: Mode
    mode_label: str
    duration_minutes: int
    title: str
    purpose: str
    intro: str
    steps: tuple[StepView, ...]
    backdraft: str
    prompts: tuple[str, ...]

    @property
    def total_seconds(self) -> int:
        return sum(step.seconds or 0 for step in self.steps)


def present(exercise: Exercise, lang: str | None = None) -> ExerciseView:
    lang = lang or language()
    return ExerciseView(
        id=exercise.id,
        version=exercise.version,
        side=exercise.side,
        side_label=str(SIDE_LABELS[exercise.side]),
        function_labels=tuple(str(FUNCTION_LABELS[f]) for f in exercise.functions),
        area_labels=tuple(str(AREA_LABELS[a]) for a in exercise.areas),
        mode=exercise.mode,
        mode_label=str(MODE_LABELS[exercise.mode]),
        duration_minutes=exercise.duration_minutes,
        title=exercise.title.get(lang),
        purpose=exercise.purpose.get(lang),
        intro=exercise.intro.get(lang) if exercise.intro else "",
        steps=tuple(
            StepView(number, step.text.get(lang), step.seconds, step.breathing)
            for number, step in enumerate(exercise.steps, start=1)
        ),
        backdraft=exercise.backdraft.get(lang),
        prompts=tuple(prompt.get(lang) for prompt in exercise.prompts),
    )


def get_exercise(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id`` from the library, or a 404."""
    exercise = library().get(exercise_id)
    if exercise is None:
        raise Http404
    return exercise


def exercise_title(exercise_id: str, lang: str | None = None) -> str:
    """The title of a logged exercise id; empty for the timer or an id no longer known."""
    exercise = library().get(exercise_id) if exercise_id else None
    return exercise.title.get(lang or language()) if exercise else ""


def exercise_choices() -> list[tuple[str, str]]:
    lang = language()
    exercises = sorted(library().values(), key=lambda e: e.title.get(lang).casefold())
    return [(exercise.id, exercise.title.get(lang)) for exercise in exercises]
