"""The exercise library, the guided player and the practice timer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mildkracht.core.practices.library import filter_exercises, library
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.practice import actions, checks
from mildkracht.web.practice.exercises import StepView, get_exercise, language, present
from mildkracht.web.practice.forms import LibraryFilterForm, PlayerLogForm
from mildkracht.web.validation import parse_id

TIMER_MINUTES = (5, 10, 15, 20, 30, 45, 60)
SPEECH_LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
SITTING = _(
    "Sit comfortably and let your attention rest where it wants to rest: on your breath, on "
    "sounds, on your body. When your mind wanders, come back, kindly. A bell sounds at the "
    "start and at the end."
)


@login_required
@require_GET
def exercise_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    exercises = filter_exercises(library().values(), **form.criteria())
    lang = language()
    shown = sorted((present(e, lang) for e in exercises), key=lambda e: e.title.casefold())
    count = len(shown)
    summary = ngettext("%(count)s exercise", "%(count)s exercises", count) % {"count": count}
    return render(
        request,
        "practice/exercise_list.html",
        {"form": form, "exercises": shown, "summary": summary, "filtered": bool(request.GET)},
    )


@login_required
@require_GET
def exercise_detail(request: AuthenticatedHttpRequest, exercise_id: str) -> HttpResponse:
    exercise = present(get_exercise(exercise_id))
    return render(
        request,
        "practice/exercise_detail.html",
        {"exercise": exercise, "checks_available": checks.available()},
    )


@login_required
@require_GET
def player(request: AuthenticatedHttpRequest, exercise_id: str) -> HttpResponse:
    exercise = present(get_exercise(exercise_id))
    if request.GET.get("check") == "1" and checks.available():
        return redirect("practice:check_before", exercise_id=exercise.id)
    before = checks.own_check(request.user, request.GET.get("before"), checks.BEFORE)
    return render(
        request,
        "practice/player.html",
        {
            "exercise": exercise,
            "steps": exercise.steps,
            "before": before,
            "speech_language": SPEECH_LANGUAGES[language()],
        },
    )


@login_required
@require_GET
def timer(request: AuthenticatedHttpRequest) -> HttpResponse:
    minutes = parse_id(request.GET.get("minutes"))
    chosen = minutes if minutes in TIMER_MINUTES else None
    steps = [StepView(1, str(SITTING), chosen * 60, breathing=False)] if chosen else []
    return render(
        request,
        "practice/timer.html",
        {
            "choices": TIMER_MINUTES,
            "minutes": chosen,
            "steps": steps,
            "speech_language": SPEECH_LANGUAGES[language()],
        },
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def log_practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log a guided practice or a timer when it ends; from the player (JSON) or its form."""
    form = PlayerLogForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return render(request, "practice/log_error.html", {"form": form}, status=400)
    data = form.cleaned_data
    before = checks.own_check(request.user, data.get("before"), checks.BEFORE)
    session = actions.log_practice(request.user, data["exercise"], data["seconds"])
    if before is not None:
        checks.attach(session, before=before)
        next_url = reverse("practice:check_after", args=[session.pk])
    else:
        next_url = reverse("practice:session_done", args=[session.pk])
    if _wants_json(request):
        return JsonResponse({"next": next_url, "session": session.pk}, status=201)
    return redirect(next_url)
