"""A teacher's pages: their courses, a course's details and group figures, invitations."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mildkracht.core.group_privacy import MIN_GROUP
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.courses import actions
from mildkracht.web.courses.dashboard import Dashboard, dashboard
from mildkracht.web.courses.export import zip_export
from mildkracht.web.courses.forms import CourseForm, InvitationForm
from mildkracht.web.courses.models import Course, Invitation
from mildkracht.web.courses.report_pdf import report_response
from mildkracht.web.courses.teachers import teacher_required
from mildkracht.web.courses.two_factor import qr_svg
from mildkracht.web.middleware import keep_private
from mildkracht.web.program.clock import local_today

#: How long rendered figures are kept at most (a new version makes them unreachable sooner).
FIGURES_SECONDS = 24 * 60 * 60


def _courses_of(request: AuthenticatedHttpRequest) -> QuerySet[Course]:
    return Course.objects.filter(teacher=request.user)


def _get_course_for_teacher(request: AuthenticatedHttpRequest, pk: int) -> Course:
    # The page, its figures and the teacher's time zone all read the sessions: once.
    courses = _courses_of(request).select_related("teacher").prefetch_related("sessions")
    return get_object_or_404(courses, pk=pk)


def _get_invitation_for_teacher(
    request: AuthenticatedHttpRequest, pk: int, invitation: int
) -> Invitation:
    return get_object_or_404(
        Invitation.objects.filter(course__teacher=request.user, course_id=pk), pk=invitation
    )


@teacher_required
@require_GET
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    courses = _courses_of(request).prefetch_related("memberships")
    return render(request, "courses/course_list.html", {"courses": courses})


@teacher_required
@require_http_methods(["GET", "POST"])
def course_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        course = actions.create_course(request.user, form.details())
        actions.new_invitation(course, timezone.now())
        messages.success(request, _("Your course is ready. Share the invitation with your group."))
        return redirect("courses:detail", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": None})


@teacher_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_teacher(request, pk)
    initial = {
        "name": course.name,
        "language": course.language,
        "start": course.start,
        "session_time": actions.session_time(course),
        "location": course.location,
        "video_link": course.video_link,
        "start_questionnaires": course.start_questionnaires,
        "week8_questionnaires": course.week8_questionnaires,
        "follow_up_questionnaires": course.follow_up_questionnaires,
    }
    form = CourseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.update_course(course, form.details())
        messages.success(request, _("The course is saved."))
        return redirect("courses:detail", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@teacher_required
@require_GET
def course_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_teacher(request, pk)
    now = timezone.now()
    board = dashboard(course, now, local_today(request.user), get_language())
    context = {
        "course": course,
        "sessions": course.sessions.all(),
        "members": course.memberships.active().select_related("participant"),
        "invitations": [
            (invitation, actions.is_open(invitation, now))
            for invitation in course.invitations.all()
        ],
        "figures": _figures_part(board),
        "invitation_form": InvitationForm(),
    }
    return render(request, "courses/course_detail.html", context)


def _figures_part(board: Dashboard) -> SafeString:
    """The rendered figures, kept in the shared cache under the board's version.

    A year of a course renders about a thousand numbers; they change only when a figure is
    released or withheld anew, which gives the board a new version.
    """
    version = [board.version, get_language(), timezone.get_current_timezone_name()]
    key = make_template_fragment_key("course-figures", version)
    html: str | None = cache.get(key)
    if html is None:
        context = {"board": board, "min_group": MIN_GROUP}
        html = render_to_string("courses/_figures.html", context)
        cache.set(key, html, FIGURES_SECONDS)
    return mark_safe(html)


@teacher_required
@require_POST
def invitation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_teacher(request, pk)
    form = InvitationForm(request.POST)
    days = form.cleaned_data["days"] if form.is_valid() else actions.INVITATION_DAYS
    invitation = actions.new_invitation(course, timezone.now(), days)
    return redirect("courses:invitation", pk=course.pk, invitation=invitation.pk)


@teacher_required
@require_GET
def invitation_show(request: AuthenticatedHttpRequest, pk: int, invitation: int) -> HttpResponse:
    """The code, the link and a QR code, large enough to show in the room."""
    found = _get_invitation_for_teacher(request, pk, invitation)
    link = request.build_absolute_uri(reverse("courses:join", kwargs={"code": found.code}))
    context = {
        "course": found.course,
        "invitation": found,
        "open": actions.is_open(found, timezone.now()),
        "link": link,
        "qr": qr_svg(link, _("QR code to join %(course)s") % {"course": found.course.name}),
    }
    return render(request, "courses/invitation.html", context)


@teacher_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, pk: int, invitation: int) -> HttpResponse:
    found = _get_invitation_for_teacher(request, pk, invitation)
    actions.revoke(found, timezone.now())
    messages.success(request, _("The invitation no longer works."))
    return redirect("courses:detail", pk=pk)


@teacher_required
@require_GET
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = _get_course_for_teacher(request, pk)
    board = dashboard(course, timezone.now(), local_today(request.user), get_language())
    return report_response(board)


@teacher_required
@require_GET
def export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The research export as a ZIP: only participants who consented, under their code."""
    course = _get_course_for_teacher(request, pk)
    with tempfile.TemporaryDirectory(prefix="mildkracht-export-") as folder:
        content = zip_export(course, Path(folder), get_language())
    response = HttpResponse(content, "application/zip")
    response["Content-Disposition"] = f'attachment; filename="mildkracht-course-{course.pk}.zip"'
    return keep_private(response)
