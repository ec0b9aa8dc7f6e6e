"""The private journal. Its text is encrypted at rest and kept out of error reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.practice.exercises import exercise_title
from mildkracht.web.practice.forms import JournalForm
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession
from mildkracht.web.practice.prompts import (
    exercise_prompts,
    general_prompts,
    is_known,
    prompt_text,
)
from mildkracht.web.practice.views.scoped import entry_for
from mildkracht.web.validation import parse_id

PAGE_SIZE = 20
EXCERPT_WORDS = 30


def _own_session(request: AuthenticatedHttpRequest, value: str | None) -> PracticeSession | None:
    number = parse_id(value)
    if number is None:
        return None
    return PracticeSession.objects.filter(owner=request.user, pk=number).first()


def _own_moment(request: AuthenticatedHttpRequest, value: str | None) -> Moment | None:
    number = parse_id(value)
    if number is None:
        return None
    return Moment.objects.filter(owner=request.user, pk=number).first()


@sensitive_variables()
@login_required
@require_GET
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    entries = JournalEntry.objects.filter(owner=request.user).select_related("session")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "practice/journal_list.html", {"page": page, "prompts": general_prompts()}
    )


@sensitive_post_parameters("text")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    prompt = source.get("prompt", "")
    prompt = prompt if is_known(prompt) else ""
    session = _own_session(request, source.get("session"))
    moment = _own_moment(request, source.get("moment"))
    form = JournalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = JournalEntry.objects.create(
            owner=request.user,
            prompt=prompt,
            text=form.cleaned_data["text"],
            session=session,
            moment=moment,
        )
        messages.success(request, _("Your journal entry has been saved. Only you can read it."))
        return redirect("journal:detail", pk=entry.pk)
    if prompt:
        form.fields["text"].widget.attrs["aria-describedby"] = "prompt-question"
    offered = general_prompts()
    if session is not None and session.exercise_id:
        offered = exercise_prompts(session.exercise_id) + offered
    return render(
        request,
        "practice/journal_form.html",
        {
            "form": form,
            "prompt": prompt,
            "prompt_text": prompt_text(prompt),
            "prompts": offered,
            "session": session,
            "session_title": exercise_title(session.exercise_id) if session else "",
            "moment": moment,
            "editing": False,
        },
    )


@sensitive_variables()
@login_required
@require_GET
def entry_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    return render(
        request,
        "practice/journal_detail.html",
        {
            "entry": entry,
            "prompt_text": prompt_text(entry.prompt),
            "session_title": exercise_title(entry.session.exercise_id) if entry.session else "",
        },
    )


@sensitive_post_parameters("text")
@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    form = JournalForm(request.POST or None, initial={"text": entry.text})
    if request.method == "POST" and form.is_valid():
        entry.text = form.cleaned_data["text"]
        entry.save(update_fields=["text", "updated_at"])
        messages.success(request, _("Your changes have been saved."))
        return redirect("journal:detail", pk=entry.pk)
    return render(
        request,
        "practice/journal_form.html",
        {
            "form": form,
            "entry": entry,
            "prompt": entry.prompt,
            "prompt_text": prompt_text(entry.prompt),
            "prompts": [],
            "editing": True,
        },
    )


@sensitive_variables()
@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("The journal entry has been deleted."))
        return redirect("journal:list")
    return render(request, "practice/journal_delete.html", {"entry": entry})
