"""The short check-in right before and right after a guided practice, and its hints."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.practice import checks
from mildkracht.web.practice.exercises import get_exercise, present
from mildkracht.web.practice.views.scoped import session_for


@login_required
@require_http_methods(["GET", "POST"])
def check_before(request: AuthenticatedHttpRequest, exercise_id: str) -> HttpResponse:
    exercise = present(get_exercise(exercise_id))
    form = checks.CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = checks.record(request.user, form.answers(), checks.BEFORE)
        return redirect(reverse("practice:player", args=[exercise.id]) + f"?before={check.pk}")
    return render(
        request,
        "practice/check.html",
        {
            "form": form,
            "scale": checks.scale_text(),
            "exercise": exercise,
            "moment": "before",
            "skip_url": reverse("practice:player", args=[exercise.id]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_after(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk)
    done_url = reverse("practice:session_done", args=[session.pk])
    if session.after_check_id is not None:
        return redirect(done_url)
    form = checks.CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checks.attach(session, after=checks.record(request.user, form.answers(), checks.AFTER))
        return redirect(done_url)
    exercise = present(get_exercise(session.exercise_id)) if session.exercise_id else None
    return render(
        request,
        "practice/check.html",
        {
            "form": form,
            "scale": checks.scale_text(),
            "exercise": exercise,
            "moment": "after",
            "skip_url": done_url,
        },
    )


@login_required
@require_GET
def insights(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = checks.exercise_shifts(request.user)
    return render(
        request, "practice/insights.html", {"rows": rows, "few": any(row.few for row in rows)}
    )
