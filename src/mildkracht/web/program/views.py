"""The program pages: enrol, the weeks, questionnaires to take, progress and reminders."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mildkracht.core.practices import schedule
from mildkracht.core.practices.library import bundled_program, library
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.assessments.actions import start_assessment
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.formatting import score_text
from mildkracht.web.links import public_url
from mildkracht.web.middleware import keep_private
from mildkracht.web.personal_cache import kept_part
from mildkracht.web.program import actions, links, push
from mildkracht.web.program.calendar_feed import feed_for_token
from mildkracht.web.program.clock import local_today
from mildkracht.web.program.forms import EnrolForm, ReminderForm
from mildkracht.web.program.history import SCS, WELLBEING
from mildkracht.web.program.models import CalendarFeed, Enrolment, ReminderSettings
from mildkracht.web.program.page_figures import progress_context
from mildkracht.web.program.report_pdf import report_response
from mildkracht.web.program.state import INSTRUMENT_LABELS, ProgramState, program_state


def lang() -> str:
    return "en" if (get_language() or "nl").startswith("en") else "nl"


def _own_enrolment(request: AuthenticatedHttpRequest) -> Enrolment | None:
    return Enrolment.objects.filter(owner=request.user).first()


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today(request.user)
    enrolment = _own_enrolment(request)
    if enrolment is None:
        form = EnrolForm(initial={"start": today}, today=today)
        return render(request, "program/enrol.html", {"form": form})
    state = program_state(enrolment, today)
    program = bundled_program()
    weeks = [{"number": week.number, "theme": week.theme.get(lang())} for week in program.weeks]
    return render(
        request,
        "program/overview.html",
        {
            "state": state,
            "weeks": weeks,
            "current": program.week(state.week) if state.week else None,
            "current_theme": program.week(state.week).theme.get(lang()) if state.week else "",
            "instrument_labels": INSTRUMENT_LABELS,
            "scs": SCS,
            "offers": [
                {"offer": offer, "done": _done_scs(state, offer.context)} for offer in state.offers
            ],
            "baseline": _done_scs(state, schedule.BASELINE),
        },
    )


def _done_scs(state: ProgramState, context: str) -> dict[str, object] | None:
    """The SCS that counts for a program moment, as its date and total, if there is one."""
    found = state.done.get(context)
    if found is None:
        return None
    return {"taken": found.taken, "total": score_text(found.scores.values["total"] or 0.0)}


@login_required
@require_POST
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today(request.user)
    form = EnrolForm(request.POST, today=today)
    if not form.is_valid():
        return render(request, "program/enrol.html", {"form": form}, status=400)
    actions.enrol(request.user, form.cleaned_data["start"])
    messages.success(request, _("Welcome to the program. Take your time: there is no rush."))
    return redirect("program:overview")


def _enrolment_or_404(request: AuthenticatedHttpRequest) -> Enrolment:
    enrolment = _own_enrolment(request)
    if enrolment is None:
        raise Http404
    return enrolment


@login_required
@require_POST
def pause(request: AuthenticatedHttpRequest) -> HttpResponse:
    enrolment = _enrolment_or_404(request)
    try:
        actions.pause(enrolment, local_today(request.user))
    except actions.ProgramActionError:
        messages.info(request, _("The program is already on hold."))
    else:
        messages.success(request, _("The program is on hold. Come back whenever it suits you."))
    return redirect("program:overview")


@login_required
@require_POST
def resume(request: AuthenticatedHttpRequest) -> HttpResponse:
    enrolment = _enrolment_or_404(request)
    try:
        actions.resume(enrolment, local_today(request.user))
    except actions.ProgramActionError:
        messages.info(request, _("The program was not on hold."))
    else:
        messages.success(request, _("Welcome back. You carry on where you left off."))
    return redirect("program:overview")


@login_required
@require_GET
def week(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    enrolment = _enrolment_or_404(request)
    program = bundled_program()
    if not 1 <= number <= len(program.weeks):
        raise Http404
    language = lang()
    data = program.week(number)
    exercises = [
        {
            "title": library()[exercise_id].title.get(language),
            "purpose": library()[exercise_id].purpose.get(language),
            "minutes": library()[exercise_id].duration_minutes,
            "url": links.exercise_url(exercise_id),
        }
        for exercise_id in data.exercises
    ]
    state = program_state(enrolment, local_today(request.user))
    return render(
        request,
        "program/week.html",
        {
            "number": number,
            "theme": data.theme.get(language),
            "introduction": data.introduction.get(language),
            "exercises": exercises,
            "home_practice": data.home_practice.get(language),
            "reflection": data.reflection.get(language),
            # The practice app shows the week's question above the new entry.
            "journal_url": f"{links.journal_url()}?prompt=program:{number}",
            "is_current": state.week == number,
            "starts": schedule.week_start(enrolment.schedule(), number),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(program.weeks) else None,
        },
    )


@login_required
@require_POST
def take(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open (or continue) a questionnaire for one moment of the program."""
    _enrolment_or_404(request)
    instrument_id = request.POST.get("instrument", "")
    context = request.POST.get("context", "")
    if instrument_id not in (SCS, *WELLBEING) or context not in schedule.ASSESSMENTS:
        raise Http404
    draft = (
        Assessment.objects.owned_by(request.user)
        .drafts()
        .filter(instrument_id=instrument_id, context=context)
        .order_by("-created_at")
        .first()
    )
    if draft is None:
        draft = start_assessment(request.user, instrument_id, context)
    return redirect(links.assessment_url(draft.pk))


@login_required
@require_GET
def progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today(request.user)

    def render_content() -> str:
        context = progress_context(request.user, today, lang())
        return render_to_string("program/progress_content.html", context, request)

    content = kept_part(request, "program:progress", render_content, today)
    return render(request, "program/progress.html", {"content": content})


@login_required
@require_GET
def report_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = local_today(request.user)
    include_wellbeing = request.GET.get("wellbeing") == "1"
    return report_response(request.user, today, lang(), include_wellbeing)


@login_required
def reminders(request: AuthenticatedHttpRequest) -> HttpResponse:
    # The e-mail option stays off until the address is confirmed (accounts/email.py).
    email_confirmed = bool(request.user.email)
    if request.method == "POST":
        form = ReminderForm(
            request.POST, initial=_reminder_initial(request), email_confirmed=email_confirmed
        )
        if form.is_valid():
            actions.save_reminder_settings(
                request.user,
                form.cleaned_data["practice_time"],
                form.cleaned_data["email_reminders"] and email_confirmed,
            )
            messages.success(request, _("Your reminders are saved."))
            return redirect("program:reminders")
    else:
        form = ReminderForm(initial=_reminder_initial(request), email_confirmed=email_confirmed)
    return render(request, "program/reminders.html", _reminder_context(request, form))


def _reminder_initial(request: AuthenticatedHttpRequest) -> dict[str, object]:
    current = ReminderSettings.objects.filter(owner=request.user).first()
    if current is None:
        return {}
    email = current.email_reminders and bool(request.user.email)
    return {"practice_time": current.practice_time, "email_reminders": email}


def _reminder_context(
    request: AuthenticatedHttpRequest, form: ReminderForm, token: str = ""
) -> dict[str, Any]:
    feed_path = reverse("program:calendar", args=[token]) if token else ""
    return {
        "form": form,
        "has_feed": CalendarFeed.objects.filter(owner=request.user).exists(),
        "feed_url": public_url(request, feed_path) if token else "",
        "has_email": bool(getattr(request.user, "email", "")),
        "mail_set_up": bool(settings.EMAIL_HOST),
        "push_key": push.public_key(),
        # This person's devices, as hashes: the page tells whether this one is among them.
        "device_hashes": [
            hashlib.sha256(endpoint.encode()).hexdigest()
            for endpoint in request.user.push_subscriptions.values_list("endpoint", flat=True)
        ],
    }


@login_required
def calendar_feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make a new secret address (the old one stops working), or stop the feed.

    The new address is shown on the response to the POST itself; a GET (a reload, or the
    language switch coming back here) goes to the reminders page.
    """
    if request.method != "POST":
        return redirect("program:reminders")
    if request.POST.get("action") == "stop":
        actions.stop_calendar_feed(request.user)
        messages.success(request, _("The calendar address no longer works."))
        return redirect("program:reminders")
    token = actions.renew_calendar_feed(request.user)
    form = ReminderForm(
        initial=_reminder_initial(request),
        email_confirmed=bool(request.user.email),
    )
    # The address is shown this once: only its hash is kept.
    context = _reminder_context(request, form, token)
    return render(request, "program/reminders.html", context)


@require_GET
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    body = feed_for_token(token)
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mildkracht.ics"'
    return keep_private(response)
