"""Result pages of the three reflective self-assessments, and their overview.

The answers are stored by the questionnaire app (Assessment); every score is recomputed by
the core (scores_of, then mildkracht.core.reflect). An assessment of another person, a
draft, or one of another instrument is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.practices.library import filter_exercises, library
from mildkracht.core.practices.model import Area, Function, Side
from mildkracht.core.reflect import (
    FIERCE_FUNCTIONS,
    TENDER_FUNCTIONS,
    BalanceChange,
    BalanceProfile,
    Style,
    TraitGap,
    balance_change,
    balance_profile,
    exercises_for_functions,
    gender_expectations,
    relationship_profile,
)
from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.assessments.actions import scores_of
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.exercises import language
from mildkracht.web.reflect import presenting as show
from mildkracht.web.reflect.links import result_url, take_url

TOOLS = ("balance", "relationship_styles", "gender_expectations")
SUGGESTED_EXERCISES = 4


def _submitted_assessment(
    request: AuthenticatedHttpRequest, pk: int, instrument_id: str
) -> Assessment:
    """A submitted assessment of ``instrument_id`` owned by the requester, else 404."""
    assessments = Assessment.objects.owned_by(request.user).submitted()
    return get_object_or_404(assessments, pk=pk, instrument_id=instrument_id)


def _previous(assessment: Assessment) -> Assessment | None:
    """The same person's submitted assessment of this instrument and version just before."""
    return (
        Assessment.objects.owned_by(assessment.owner)
        .submitted()
        .filter(
            instrument_id=assessment.instrument_id,
            instrument_version=assessment.instrument_version,
            submitted_at__lt=assessment.submitted_at,
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _common(assessment: Assessment) -> dict[str, object]:
    instrument = get_instrument(assessment.instrument_id)
    return {
        "assessment": assessment,
        "instrument_name": instrument.names.get(language()),
        "take_url": take_url(assessment.instrument_id),
    }


# --- overview ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tool:
    id: str
    name: str
    take_url: str
    latest: Assessment | None
    latest_url: str | None


@login_required
@require_GET
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    lang = language()
    tools = []
    for instrument_id in TOOLS:
        latest = (
            Assessment.objects.owned_by(request.user)
            .submitted()
            .filter(instrument_id=instrument_id)
            .order_by("-submitted_at", "-pk")
            .first()
        )
        tools.append(
            Tool(
                id=instrument_id,
                name=get_instrument(instrument_id).names.get(lang),
                take_url=take_url(instrument_id),
                latest=latest,
                latest_url=result_url(instrument_id, latest.pk) if latest else None,
            )
        )
    return render(request, "reflect/index.html", {"tools": tools})


# --- balance -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    side: str
    side_class: str
    value: str
    previous: str = ""
    change: str = ""
    description: str = ""


@login_required
@require_GET
def balance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = _submitted_assessment(request, pk, "balance")
    profile = balance_profile(scores_of(assessment).values)
    earlier = _previous(assessment)
    previous = balance_profile(scores_of(earlier).values) if earlier else None
    change = balance_change(previous, profile) if previous else None
    lang = language()
    focus = profile.focus_functions()
    exercises = exercises_for_functions(
        library().values(), focus, side=profile.less_developed, limit=SUGGESTED_EXERCISES
    )
    context = _common(assessment) | {
        "profile": profile,
        "difference": show.score_text(abs(profile.difference)),
        "less_developed": profile.less_developed.value if profile.less_developed else "",
        "previous_assessment": earlier,
        "side_rows": _side_rows(profile, previous, change, lang),
        "function_rows": _function_rows(profile, previous, change, lang),
        "focus": [show.function_label(function, lang).lower() for function in focus],
        "exercises": [show.exercise_link(exercise, lang) for exercise in exercises],
    }
    context |= _balance_charts(profile, previous, lang)
    return render(request, "reflect/balance.html", context)


def _side_of(values: BalanceProfile | BalanceChange, side: Side) -> float:
    return values.tender if side is Side.TENDER else values.fierce


def _side_rows(
    profile: BalanceProfile,
    previous: BalanceProfile | None,
    change: BalanceChange | None,
    lang: str,
) -> list[Row]:
    instrument = get_instrument("balance")
    return [
        Row(
            label=instrument.score(side.value).names.get(lang),
            side=show.side_label(side, lang),
            side_class=side.value,
            value=show.score_text(_side_of(profile, side)),
            previous=show.score_text(_side_of(previous, side)) if previous else "",
            change=show.change_text(_side_of(change, side)) if change else "",
        )
        for side in (Side.TENDER, Side.FIERCE)
    ]


def _function_rows(
    profile: BalanceProfile,
    previous: BalanceProfile | None,
    change: BalanceChange | None,
    lang: str,
) -> list[Row]:
    return [
        Row(
            label=show.function_label(function, lang),
            side=show.side_label(function.side, lang),
            side_class=function.side.value,
            value=show.score_text(profile.functions[function]),
            previous=show.score_text(previous.functions[function]) if previous else "",
            change=show.change_text(change.functions[function]) if change else "",
            description=show.function_description(function, lang),
        )
        for function in TENDER_FUNCTIONS + FIERCE_FUNCTIONS
    ]


def _balance_charts(
    profile: BalanceProfile, previous: BalanceProfile | None, lang: str
) -> dict[str, object]:
    def note(before: float | None) -> str:
        if before is None:
            return ""
        return _("last time %(value)s") % {"value": show.score_text(before)}

    instrument = get_instrument("balance")
    sides = [
        show.bar(
            instrument.score(side.value).names.get(lang),
            _side_of(profile, side),
            side,
            note(_side_of(previous, side) if previous else None),
        )
        for side in (Side.TENDER, Side.FIERCE)
    ]
    functions = [
        show.bar(
            show.function_label(function, lang),
            profile.functions[function],
            function.side,
            " · ".join(
                part
                for part in (
                    show.side_label(function.side, lang),
                    note(previous.functions[function] if previous else None),
                )
                if part
            ),
        )
        for function in TENDER_FUNCTIONS + FIERCE_FUNCTIONS
    ]
    return {
        "sides_chart": show.chart(
            sides, _("Tender side and fierce side"), show.described(sides), "balance-sides"
        ),
        "functions_chart": show.chart(
            functions, _("The six functions"), show.described(functions), "balance-functions"
        ),
    }


# --- relationship styles -----------------------------------------------------------------


@dataclass(frozen=True)
class ContextView:
    label: str
    chart: str
    values: list[str]


@login_required
@require_GET
def relationships(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = _submitted_assessment(request, pk, "relationship_styles")
    profile = relationship_profile(scores_of(assessment).values)
    lang = language()
    contexts = []
    for entry in profile.contexts:
        bars = [show.bar(str(show.STYLE_LABELS[s]), entry.styles[s]) for s in Style]
        label = str(show.CONTEXT_LABELS[entry.context])
        contexts.append(
            ContextView(
                label=label,
                chart=show.chart(
                    bars, label, show.described(bars), f"styles-{entry.context.value}"
                ),
                values=[show.score_text(entry.styles[s]) for s in Style],
            )
        )
    strong = {style: profile.contexts_where_strong(style) for style in Style}
    leading = {entry.leading for entry in profile.contexts} - {None}
    functions = _relationship_functions(
        bool(strong[Style.OTHER_FOCUSED]), bool(strong[Style.SELF_FOCUSED])
    )
    relational = filter_exercises(library().values(), area=Area.RELATIONSHIPS)
    exercises = exercises_for_functions(relational, functions, limit=3)
    context = _common(assessment) | {
        "styles": [show.STYLE_LABELS[s] for s in Style],
        "contexts": contexts,
        "overall": [show.score_text(profile.overall[s]) for s in Style],
        "other_places": capfirst(show.places(strong[Style.OTHER_FOCUSED])),
        "self_places": capfirst(show.places(strong[Style.SELF_FOCUSED])),
        "mutual_places": capfirst(show.places(strong[Style.MUTUAL])),
        "mutual_everywhere": len(strong[Style.MUTUAL]) == len(profile.contexts),
        "nothing_strong": not any(strong.values()),
        "differs_by_context": len(leading) > 1,
        "exercises": [show.exercise_link(exercise, lang) for exercise in exercises],
    }
    return render(request, "reflect/relationships.html", context)


def _relationship_functions(other_first: bool, self_first: bool) -> tuple[Function, ...]:
    """Strong other-focus: the fierce side for yourself; strong self-focus: the tender side."""
    fierce = (Function.PROTECT, Function.PROVIDE)
    tender = (Function.VALIDATE, Function.COMFORT)
    if other_first and not self_first:
        return fierce
    if self_first and not other_first:
        return tender
    return (Function.PROTECT, Function.VALIDATE, Function.PROVIDE, Function.COMFORT)


# --- gender expectations -----------------------------------------------------------------


@dataclass(frozen=True)
class GapView:
    side: str
    side_class: str
    self_seen: str
    expected: str
    gap: str
    gap_size: str
    direction: str


@login_required
@require_GET
def gender(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = _submitted_assessment(request, pk, "gender_expectations")
    result = gender_expectations(scores_of(assessment).values)
    lang = language()
    bars = []
    for trait in (result.tender, result.fierce):
        side = show.side_label(trait.side, lang)
        bars.append(
            show.bar(_("%(side)s: as I see myself") % {"side": side}, trait.self_seen, trait.side)
        )
        bars.append(
            show.bar(_("%(side)s: expected of me") % {"side": side}, trait.expected, trait.side)
        )
    room = result.room_for
    exercises = (
        exercises_for_functions(
            library().values(),
            TENDER_FUNCTIONS if room is Side.TENDER else FIERCE_FUNCTIONS,
            side=room,
            limit=3,
        )
        if room
        else ()
    )
    context = _common(assessment) | {
        "chart": show.chart(bars, _("Traits: self and expected"), show.described(bars), "gender"),
        "gaps": [_gap_view(trait, lang) for trait in (result.tender, result.fierce)],
        "tender": _gap_view(result.tender, lang),
        "fierce": _gap_view(result.fierce, lang),
        "room": room.value if room else "",
        "exercises": [show.exercise_link(exercise, lang) for exercise in exercises],
    }
    return render(request, "reflect/gender.html", context)


def _gap_view(trait: TraitGap, lang: str) -> GapView:
    return GapView(
        side=show.side_label(trait.side, lang),
        side_class=trait.side.value,
        self_seen=show.score_text(trait.self_seen),
        expected=show.score_text(trait.expected),
        gap=show.change_text(trait.gap),
        gap_size=show.score_text(abs(trait.gap)),
        direction=trait.direction.value,
    )
