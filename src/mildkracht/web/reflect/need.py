""" "What do I need right now?": three gentle questions, then a practice to start at once.

Every step is a plain link (GET), so the flow works without JavaScript, on any phone, and
the browser's back button simply goes one question back. The choice of practice is the
core's router (mildkracht.core.practices.needs.suggest); the moment is logged through the
practice app's own endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from mildkracht.core.practices.library import bundled_needs, library
from mildkracht.core.practices.model import Intensity, Needs, Situation, TimeChoice
from mildkracht.core.practices.needs import Suggestion, suggest
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.help import lines_for_situation
from mildkracht.web.practice.exercises import language
from mildkracht.web.practice.models import MomentArea, MomentKind
from mildkracht.web.reflect import presenting as show

# The kind of informal moment a check-in becomes when the person chooses to note it.
MOMENT_KINDS = {
    "pain": MomentKind.BREAK,
    "threat": MomentKind.BOUNDARY,
    "unmet_need": MomentKind.NEED,
    "stuck": MomentKind.KIND_WORD,
}
STEPS = 3


@dataclass(frozen=True)
class Choice:
    label: str
    description: str
    url: str


@dataclass(frozen=True)
class Chosen:
    """The answers so far, each as (question, answer, link to change it)."""

    question: str
    answer: str
    change_url: str


def _situation(needs: Needs, value: str | None) -> Situation | None:
    return next((s for s in needs.situations if s.id == value), None)


def _intensity(needs: Needs, value: str | None) -> Intensity | None:
    return next((i for i in needs.intensities if i.id == value), None)


def _time(needs: Needs, value: str | None) -> TimeChoice | None:
    return next((t for t in needs.times if str(t.minutes) == value), None)


def _url(**params: str) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return reverse("reflect:need") + (f"?{query}" if query else "")


@login_required
@require_GET
def need(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One view for the whole flow: the answers given so far decide the step.

    An unknown answer in the address is simply not taken, so the question is asked again.
    """
    needs = bundled_needs()
    lang = language()
    situation = _situation(needs, request.GET.get("situation"))
    intensity = _intensity(needs, request.GET.get("intensity")) if situation else None
    time = _time(needs, request.GET.get("minutes")) if intensity else None
    context: dict[str, object] = {"chosen": _chosen(needs, lang, situation, intensity, time)}
    if situation is None:
        context |= _question(
            1, needs.questions.situation.get(lang), _situation_choices(needs, lang)
        )
    elif intensity is None:
        choices = [
            Choice(i.labels.get(lang), "", _url(situation=situation.id, intensity=i.id))
            for i in needs.intensities
        ]
        context |= _question(2, needs.questions.intensity.get(lang), choices)
    elif time is None:
        choices = [
            Choice(
                t.labels.get(lang),
                t.note.get(lang),
                _url(situation=situation.id, intensity=intensity.id, minutes=str(t.minutes)),
            )
            for t in needs.times
        ]
        context |= _question(3, needs.questions.time.get(lang), choices)
        context["show_help"] = intensity.show_help
    else:
        found = suggest(needs, library(), situation.id, intensity.id, time.minutes, lang)
        context |= _suggestion(found, lang, request.get_full_path())
    return render(request, "reflect/need.html", context)


def _question(step: int, question: str, choices: list[Choice]) -> dict[str, object]:
    return {"step": step, "steps": STEPS, "question": question, "choices": choices}


def _situation_choices(needs: Needs, lang: str) -> list[Choice]:
    return [
        Choice(s.labels.get(lang), s.description.get(lang), _url(situation=s.id))
        for s in needs.situations
    ]


def _chosen(
    needs: Needs,
    lang: str,
    situation: Situation | None,
    intensity: Intensity | None,
    time: TimeChoice | None,
) -> list[Chosen]:
    chosen = []
    if situation:
        chosen.append(
            Chosen(needs.questions.situation.get(lang), situation.labels.get(lang), _url())
        )
    if situation and intensity:
        chosen.append(
            Chosen(
                needs.questions.intensity.get(lang),
                intensity.labels.get(lang),
                _url(situation=situation.id),
            )
        )
    if situation and intensity and time:
        chosen.append(
            Chosen(
                needs.questions.time.get(lang),
                time.labels.get(lang),
                _url(situation=situation.id, intensity=intensity.id),
            )
        )
    return chosen


def _suggestion(found: Suggestion, lang: str, here: str) -> dict[str, object]:
    side = next(info for info in bundled_needs().sides if info.id is found.situation.side)
    return {
        "result": True,
        "note": found.note,
        "show_help": found.show_help,
        "start_with": [show.exercise_link(found.start_with, lang)] if found.start_with else [],
        "practices": [show.exercise_link(exercise, lang) for exercise in found.practices],
        "side_label": side.labels.get(lang),
        "side_description": side.description.get(lang),
        "situation_help": lines_for_situation(found.situation.id),
        "moment_kind": MOMENT_KINDS.get(found.situation.id, MomentKind.BREAK).value,
        "moment_areas": MomentArea.choices,
        "moment_default_area": MomentArea.SELF.value,
        "here": here,
    }
