"""Taking a questionnaire, seeing the result, the profile and the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.model import Instrument, Kind
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.assessments import actions, tokens
from mildkracht.web.assessments.answers import InvalidAnswers, Problem
from mildkracht.web.assessments.catalogue import Section, offered_instrument, offered_instruments
from mildkracht.web.assessments.explanations import DESCRIPTIONS, LOWER_IS_KINDER
from mildkracht.web.assessments.forms import TokenForm
from mildkracht.web.assessments.history import history_of, profile_of
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.assessments.presentation import result_view
from mildkracht.web.assessments.questionnaire import posted_answers, questions
from mildkracht.web.personal_cache import kept_part

SAVE, SUBMIT = "save", "submit"


def _get_assessment_for_user(request: AuthenticatedHttpRequest, pk: int) -> Assessment:
    """One of the requester's assessments; anyone else's is a 404, as is one whose
    instrument this installation no longer has."""
    assessment = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk)
    try:
        get_instrument(assessment.instrument_id)
    except UnknownInstrumentError:
        raise Http404 from None
    return assessment


def _offered_or_404(instrument_id: str) -> Instrument:
    try:
        return offered_instrument(instrument_id)
    except UnknownInstrumentError:
        raise Http404 from None


def _language() -> str:
    return "en" if get_language() == "en" else "nl"


@login_required
def questionnaires(request: AuthenticatedHttpRequest) -> HttpResponse:
    lang = _language()
    drafts: dict[str, Assessment] = {}
    for draft in Assessment.objects.owned_by(request.user).drafts().order_by("created_at"):
        drafts[draft.instrument_id] = draft  # the newest draft per instrument wins
    sections = [
        {
            "id": section.value,
            "instruments": [
                _listed(instrument, drafts.get(instrument.id), lang) for instrument in instruments
            ],
        }
        for section, instruments in offered_instruments().items()
        if instruments
    ]
    return render(
        request, "assessments/questionnaires.html", {"sections": sections, "Section": Section}
    )


def _listed(instrument: Instrument, draft: Assessment | None, lang: str) -> dict[str, object]:
    return {
        "id": instrument.id,
        "name": instrument.names.get(lang),
        "short_name": instrument.short_names.get(lang),
        "description": DESCRIPTIONS.get(instrument.id, ""),
        "item_count": len(instrument.items),
        "draft": draft,
        "answered": len(draft.answers) if draft else 0,
    }


@login_required
@require_http_methods(["GET", "POST"])
def start(request: AuthenticatedHttpRequest, instrument_id: str) -> HttpResponse:
    """A new questionnaire; a saved draft of the same instrument is resumed instead."""
    instrument = _offered_or_404(instrument_id)
    draft = (
        Assessment.objects.owned_by(request.user)
        .drafts()
        .filter(instrument_id=instrument.id)
        .order_by("-created_at")
        .first()
    )
    if draft is not None:
        if request.method == "POST":
            return _answered(request, instrument, draft)
        return redirect("assessments:answer", pk=draft.pk)
    if request.method == "POST":
        return _answered(request, instrument, None)
    return _form(request, instrument, None)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment_for_user(request, pk)
    if assessment.is_submitted:
        return redirect("assessments:result", pk=assessment.pk)
    instrument = get_instrument(assessment.instrument_id)
    if request.method == "POST":
        return _answered(request, instrument, assessment)
    return _form(request, instrument, assessment)


def _answered(
    request: AuthenticatedHttpRequest, instrument: Instrument, assessment: Assessment | None
) -> HttpResponse:
    answers, extra_answers = posted_answers(instrument, request.POST)
    action = SUBMIT if request.POST.get("action") == SUBMIT else SAVE
    try:
        with transaction.atomic():
            if assessment is None:
                draft = actions.start_assessment(request.user, instrument.id)
            else:
                draft = assessment
            actions.save_answers(draft, answers, extra_answers)
            missing = actions.submit(draft) if action == SUBMIT else []
    except InvalidAnswers as error:
        # Only a changed page sends such values; nothing of this post was saved.
        return _form(request, instrument, assessment, problems=error.problems, status=400)
    except actions.AlreadySubmitted:
        return redirect("assessments:result", pk=draft.pk)
    if action == SAVE:
        messages.success(request, _("Your answers are saved. You can continue whenever you like."))
        return redirect("assessments:answer", pk=draft.pk)
    if missing:
        return _form(request, instrument, draft, missing=missing)
    # A reflective tool goes straight to its own result page, not the generic one first.
    return redirect(_more_url(draft) or reverse("assessments:result", args=[draft.pk]))


def _form(
    request: HttpRequest,
    instrument: Instrument,
    assessment: Assessment | None,
    *,
    missing: list[int] | None = None,
    problems: list[Problem] | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = _language()
    answers = assessment.item_answers if assessment else {}
    extra_answers = assessment.extra_answers if assessment else {}
    action = (
        reverse("assessments:answer", kwargs={"pk": assessment.pk})
        if assessment and assessment.pk
        else reverse("assessments:start", kwargs={"instrument_id": instrument.id})
    )
    context = {
        "assessment": assessment,
        "instrument": instrument,
        "name": instrument.names.get(lang),
        "title": instrument.title.get(lang) if instrument.title else "",
        "instructions": instrument.instructions.get(lang),
        "questions": questions(instrument, lang, answers, extra_answers),
        "answered": sum(1 for number in instrument.item_numbers if number in answers),
        "total": len(instrument.items),
        "scale_labels": _scale_labels(instrument, lang),
        "is_translation": instrument.is_translation(lang),
        "reflective": instrument.kind is Kind.REFLECTIVE,
        "missing": missing or [],
        "problems": problems or [],
        "action": action,
    }
    return render(request, "assessments/form.html", context, status=status)


def _scale_labels(instrument: Instrument, lang: str) -> list[tuple[int, str]]:
    """The scale as the instructions introduce it; not when items have labels of their own."""
    if any(item.labels for item in instrument.items):
        return []
    return [(value, label.get(lang)) for value, label in sorted(instrument.scale.labels.items())]


@login_required
def result(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = _get_assessment_for_user(request, pk)
    if not assessment.is_submitted:
        return redirect("assessments:answer", pk=assessment.pk)
    view = result_view(assessment, _language(), own_page=True)
    context = {
        "result": view,
        "lower_is_kinder": LOWER_IS_KINDER,
        "more_url": _more_url(assessment),
    }
    return render(request, "assessments/result.html", context)


def _more_url(assessment: Assessment) -> str | None:
    """A fuller page about this result in another app (the reflective tools), if there is one."""
    try:
        from mildkracht.web.reflect.links import result_url
    except ImportError:
        return None
    try:
        return result_url(assessment.instrument_id, assessment.pk)
    except NoReverseMatch:
        return None


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    def render_content() -> str:
        mine = Assessment.objects.owned_by(request.user)
        context = {**profile_of(mine, _language()), "lower_is_kinder": LOWER_IS_KINDER}
        return render_to_string("assessments/_profile_content.html", context, request)

    content = kept_part(request, "assessments:profile", render_content)
    return render(request, "assessments/profile.html", {"content": content})


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = history_of(Assessment.objects.owned_by(request.user), _language())
    return render(request, "assessments/history.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Not _get_assessment_for_user: answers to an instrument that is gone can be erased too.
    assessment = get_object_or_404(Assessment.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        actions.delete_assessment(assessment)
        messages.success(request, _("The questionnaire has been deleted."))
        return redirect("assessments:history")
    try:
        name = get_instrument(assessment.instrument_id).names.get(_language())
    except UnknownInstrumentError:
        name = assessment.instrument_id
    context = {"assessment": assessment, "name": name}
    return render(request, "assessments/delete.html", context)


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        raise BadRequest(" ".join(map(str, form.errors["name"])))
    record, token = tokens.create_token(request.user, form.cleaned_data["name"])
    # Shown on this response only: never in a message, a cookie or a later page.
    return render(request, "assessments/token_created.html", {"record": record, "token": token})


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not tokens.revoke_token(request.user, pk):
        raise Http404
    messages.success(request, _("The API token has been revoked. It no longer works."))
    return redirect("accounts:settings")
