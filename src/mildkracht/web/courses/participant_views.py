"""A participant's pages: joining through an invitation, their course, consent and leaving."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mildkracht.core.practices import schedule
from mildkracht.core.practices.library import bundled_program
from mildkracht.web.accounts import actions as account_actions
from mildkracht.web.accounts.forms import OwnerForm
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.courses import actions
from mildkracht.web.courses.dashboard import dashboard
from mildkracht.web.courses.forms import CodeForm, ConsentForm
from mildkracht.web.courses.models import Course, Membership, Session
from mildkracht.web.courses.teachers import is_teacher
from mildkracht.web.program.clock import local_today
from mildkracht.web.program.history import program_scs, scored_assessments


def _get_membership_for_user(request: AuthenticatedHttpRequest, pk: int) -> Membership:
    memberships = Membership.objects.active().filter(participant=request.user)
    found = memberships.select_related("course__teacher").prefetch_related("course__sessions")
    return get_object_or_404(found, course_id=pk)


@require_http_methods(["GET", "POST"])
def join_with_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or request.GET or None)
    if form.is_valid():
        return redirect("courses:join", code=form.cleaned_data["code"].strip().upper())
    return render(request, "courses/join_code.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    """Join a course: with the account one is signed in with, or a new one made here."""
    invitation = actions.open_invitation(code, timezone.now())
    if invitation is None:
        return render(request, "courses/join_closed.html", status=404)
    course = invitation.course
    _speak_the_course_language(request, course)
    if request.user.is_authenticated:
        if request.method == "POST":
            return _joined(request, invitation)
        return render(request, "courses/join.html", {"course": course, "code": invitation.code})
    form = OwnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_actions.add_user(
                form.cleaned_data["username"], form.cleaned_data["password1"], course.language
            )
        except ValidationError as error:
            form.add_error("username", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _joined(request, invitation)
    context = {"course": course, "code": invitation.code, "form": form}
    return render(request, "courses/join.html", context)


def _speak_the_course_language(request: HttpRequest, course: Course) -> None:
    """A visitor who has not chosen a language reads the invitation in the course's own (an
    English course's link would otherwise open in Dutch, the default)."""
    if request.user.is_authenticated or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return
    translation.activate(course.language)
    request.LANGUAGE_CODE = course.language


def _joined(request: HttpRequest, invitation: Any) -> HttpResponse:
    try:
        actions.join(request.user, invitation, timezone.now())
    except actions.CourseError:
        return render(request, "courses/join_closed.html", status=404)
    messages.success(
        request,
        _("Welcome to %(course)s. Your program follows the course's dates.")
        % {"course": invitation.course.name},
    )
    return redirect("courses:mine", pk=invitation.course_id)


@login_required
def my_course(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    course = membership.course
    today = local_today(request.user)
    context = {
        "membership": membership,
        "course": course,
        **course_summary(course, today),
        "attended": set(membership.attended.values_list("session__number", flat=True)),
        "started": {s.number for s in course.sessions.all() if s.starts_at <= timezone.now()},
        "consent_form": ConsentForm(
            initial={
                "consent_figures": membership.consent_figures,
                "consent_research": membership.consent_research,
            }
        ),
    }
    week8 = schedule.retest_dates(course.schedule())[schedule.WEEK_8]
    if today >= week8:
        context["group"] = _group_next_to_own(request, course, today)
    return render(request, "courses/my_course.html", context)


def course_summary(course: Course, today: date) -> dict[str, Any]:
    """The next session, this week's theme and practice, for the page and the home page."""
    now = timezone.now()
    sessions = list(course.sessions.all())
    upcoming = [session for session in sessions if session.starts_at >= now]
    week = schedule.current_week(course.schedule(), today)
    found: dict[str, Any] = {
        "sessions": sessions,
        "next_session": upcoming[0] if upcoming else None,
    }
    found["week"] = week
    if week is not None:
        data = bundled_program().week(week)
        found["theme"] = data.theme.get(get_language())
        found["home_practice"] = data.home_practice.get(get_language())
    return found


def _group_next_to_own(
    request: AuthenticatedHttpRequest, course: Course, today: date
) -> dict[str, Any]:
    week8_change = f"change:scs:{schedule.WEEK_8}"
    board = dashboard(course, timezone.now(), today, get_language(), only={week8_change})
    group = next(
        (t for t in board.changes if t.instrument_id == "scs" and t.point == schedule.WEEK_8),
        None,
    )
    own = program_scs(scored_assessments(request.user, "scs"), course.schedule())
    mine = None
    if schedule.BASELINE in own and schedule.WEEK_8 in own:
        start = own[schedule.BASELINE].scores.values.get("total")
        end = own[schedule.WEEK_8].scores.values.get("total")
        if start is not None and end is not None:
            mine = {"from": start, "to": end, "change": end - start}
    return {"table": group, "mine": mine}


@login_required
@require_POST
def consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        actions.set_consent(
            membership,
            figures=form.cleaned_data["consent_figures"],
            research=form.cleaned_data["consent_research"],
        )
        messages.success(request, _("Your choices are saved."))
    return redirect("courses:mine", pk=pk)


@login_required
@require_POST
def attendance(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    session = get_object_or_404(Session, course_id=membership.course_id, number=number)
    actions.set_attendance(membership, session, request.POST.get("present") == "yes")
    return redirect(reverse("courses:mine", kwargs={"pk": pk}) + "#sessions")


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = _get_membership_for_user(request, pk)
    if request.method == "POST":
        actions.leave(membership, timezone.now())
        messages.success(
            request,
            _("You have left %(course)s. Your own answers, practice and journal stay yours.")
            % {"course": membership.course.name},
        )
        return redirect("pages:home")
    return render(request, "courses/leave.html", {"course": membership.course})


def on_home_page(user: Any, today: date) -> dict[str, Any]:
    """The person's courses for the home page: as a participant, and (for a teacher) taught."""
    memberships = Membership.objects.active().filter(participant=user)
    joined = [
        {"course": m.course, **course_summary(m.course, today)}
        for m in memberships.select_related("course__teacher")
    ]
    return {"joined_courses": joined, "teaches": is_teacher(user)}
