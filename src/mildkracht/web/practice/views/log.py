"""The practice page, the week view, the practice log, moments and the daily goal."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mildkracht.core.practices.progress import NO_GOAL
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.personal_cache import kept_part
from mildkracht.web.practice import actions, checks, overview
from mildkracht.web.practice.exercises import get_exercise, present
from mildkracht.web.practice.forms import GoalForm, MomentEditForm, MomentForm, SessionForm
from mildkracht.web.practice.models import (
    Moment,
    MomentArea,
    MomentKind,
    PracticeSession,
    PracticeSettings,
    SessionSource,
)
from mildkracht.web.practice.prompts import exercise_prompts, general_prompts
from mildkracht.web.practice.views.library import TIMER_MINUTES
from mildkracht.web.practice.views.scoped import moment_for, session_for
from mildkracht.web.validation import day_in_range, out_of_range_message

PAGE_SIZE = 25


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    goal = overview.daily_goal(request.user)
    recent = list(PracticeSession.objects.filter(owner=request.user)[:5])
    progress, week = overview.progress_and_week(
        request.user, today, goal, overview.monday_of(today)
    )
    return render(
        request,
        "practice/index.html",
        {
            "progress": progress,
            "week": week,
            "recent": recent,
            "timer_minutes": TIMER_MINUTES,
        },
    )


def _week_start(value: str, today: date) -> date:
    """The Monday of the week asked for (this week for no or an unreadable day).

    A day out of range is refused: the week view counts every day from the week shown up
    to today, and the calendar's first week has no Monday to start from.
    """
    try:
        chosen = date.fromisoformat(value)
    except ValueError:
        chosen = today
    if not day_in_range(chosen, today):
        raise BadRequest(out_of_range_message(today))
    return overview.monday_of(min(chosen, today))


@login_required
@require_GET
def week(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _week_start(request.GET.get("start", ""), today)

    def render_content() -> str:
        goal = overview.daily_goal(request.user)
        progress, shown = overview.progress_and_week(request.user, today, goal, start)
        context = {"week": shown, "progress": progress}
        return render_to_string("practice/week_content.html", context, request)

    content = kept_part(request, "practice:week", render_content, today, start)
    return render(request, "practice/week.html", {"content": content})


@sensitive_variables()
@login_required
@require_GET
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sessions = PracticeSession.objects.filter(owner=request.user)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practice/session_list.html", {"page": page})


@sensitive_post_parameters("note")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, instance=PracticeSession(owner=request.user))
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.source = SessionSource.MANUAL
        exercise = get_exercise(session.exercise_id) if session.exercise_id else None
        session.exercise_version = exercise.version if exercise else ""
        session.save()
        messages.success(request, _("Your practice has been added to your log."))
        return redirect("practice:session_list")
    return render(request, "practice/session_form.html", {"form": form, "editing": False})


@sensitive_post_parameters("note")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect("practice:session_list")
    return render(
        request, "practice/session_form.html", {"form": form, "editing": True, "session": session}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    if request.method == "POST":
        with transaction.atomic():
            for check in (session.before_check, session.after_check):
                if check is not None:
                    check.delete()
            session.delete()
        messages.success(request, _("The practice has been removed from your log."))
        return redirect("practice:session_list")
    return render(request, "practice/session_delete.html", {"session": session})


@login_required
@require_GET
def session_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    exercise = present(get_exercise(session.exercise_id)) if session.exercise_id else None
    return render(
        request,
        "practice/session_done.html",
        {
            "session": session,
            "exercise": exercise,
            "shift": checks.shift_of(session),
            "prompts": exercise_prompts(session.exercise_id) + general_prompts(),
        },
    )


def _lowercase_first(label: object) -> str:
    text = str(label)
    return text[:1].lower() + text[1:]


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def moment_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Log an informal moment in one click (two when the area is not "myself")."""
    form = MomentForm(request.POST)
    if form.is_valid():
        moment = actions.record_moment(
            request.user, form.cleaned_data["area"], form.cleaned_data["kind"]
        )
        messages.success(
            request,
            _("Noted: %(kind)s (%(area)s). Good that you took that moment.")
            % {
                "kind": _lowercase_first(MomentKind(moment.kind).label),
                "area": _lowercase_first(MomentArea(moment.area).label),
            },
            # The message then offers to undo it (practice_tags.moment_undo).
            extra_tags=actions.MOMENT_NOTED,
        )
        request.session[actions.MOMENT_TO_UNDO] = moment.pk
    else:
        messages.info(request, _("Choose what you did, then it is noted."))
    return redirect(_back(request, reverse("practice:index")))


@sensitive_variables()
@login_required
@require_GET
def moment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    moments = Moment.objects.filter(owner=request.user)
    page = Paginator(moments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "practice/moment_list.html", {"page": page})


@sensitive_post_parameters("note")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def moment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    moment = moment_for(request, pk)
    form = MomentEditForm(request.POST or None, instance=moment)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your changes have been saved."))
        return redirect("practice:moment_list")
    return render(request, "practice/moment_form.html", {"form": form, "moment": moment})


@login_required
@require_http_methods(["GET", "POST"])
def moment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    moment = moment_for(request, pk)
    if request.method == "POST":
        moment.delete()
        messages.success(request, _("The moment has been removed."))
        return redirect("practice:moment_list")
    return render(request, "practice/moment_delete.html", {"moment": moment})


@login_required
@require_POST
def moment_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo a moment just noted with one tap; only the person's own, only for a short while."""
    moment = moment_for(request, pk)
    if not actions.undo_moment(request.user, moment.pk):
        messages.info(
            request,
            _("This moment can no longer be undone here. You can still delete it in the list."),
        )
        return redirect("practice:moment_list")
    request.session.pop(actions.MOMENT_TO_UNDO, None)
    messages.success(request, _("Undone: that moment is no longer noted."))
    return redirect(_back(request, reverse("practice:index")))


@login_required
@require_http_methods(["GET", "POST"])
def goal(request: AuthenticatedHttpRequest) -> HttpResponse:
    instance = PracticeSettings.objects.filter(owner=request.user).first()
    form = GoalForm(request.POST or None, instance=instance or PracticeSettings(owner=request.user))
    if request.method == "POST" and form.is_valid():
        minutes = form.cleaned_data["daily_goal_minutes"]
        actions.set_daily_goal(request.user, minutes)
        if minutes == NO_GOAL:
            messages.success(request, _("You now practise without a daily goal."))
        else:
            messages.success(request, _("Your daily goal has been saved."))
        return redirect("practice:index")
    return render(request, "practice/goal.html", {"form": form})
