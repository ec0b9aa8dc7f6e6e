"""The questionnaire part of the JSON API: instruments, and the requester's own assessments.

Every query is scoped to ``request.auth`` (the requesting person, by session or token).
Answers to private items (PHQ-9 item 9) and the alerts they raise appear only for a single
assessment, never in a list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Path, Query
from pydantic import BaseModel

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.model import Instrument, Text
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import ResponseScores, score_response
from mildkracht.core.rounding import rounded_float
from mildkracht.web.accounts.http import ApiRequest
from mildkracht.web.assessments import actions
from mildkracht.web.assessments.answers import InvalidAnswers, Problem, check_answers, unanswered
from mildkracht.web.assessments.catalogue import offered_instrument, offered_instruments
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.assessments.presentation import alerts_to_show
from mildkracht.web.fastjson import to_json
from mildkracht.web.middleware import keep_private
from mildkracht.web.validation import MAX_ID, NO_NUL_PATTERN

router = Router(tags=["questionnaires"])

INVALID_REQUEST = gettext_lazy("The request is not valid.")

Language = Literal["nl", "en"]
# An instrument id as the API takes it: the files' ids are short, lower-case names.
INSTRUMENT_ID_MAX_LENGTH = 64
ID = Path(..., ge=1, le=MAX_ID)
INSTRUMENT_FILTER = Query(
    None,
    max_length=INSTRUMENT_ID_MAX_LENGTH,
    pattern=NO_NUL_PATTERN,
    description="Only this instrument's.",
)


def offered_ids() -> list[str]:
    """The ids of the questionnaires the app offers, in the order of its page."""
    return [i.id for instruments in offered_instruments().values() for i in instruments]


class OptionOut(Schema):
    value: int
    label: str | None


class ItemOut(Schema):
    number: int
    text: str
    options: list[OptionOut]


class ExtraItemOut(Schema):
    id: str
    text: str
    options: list[OptionOut]


class ScoreInfoOut(Schema):
    id: str
    name: str
    minimum: float
    maximum: float


class InstrumentOut(Schema):
    id: str
    version: str
    kind: Literal["validated", "reflective"]
    language: Language
    name: str
    short_name: str
    own_translation: bool = Field(
        description="True when this language's wording is Mildkracht's own translation."
    )
    citation: str
    title: str | None
    instructions: str
    minimum: int
    maximum: int
    items: list[ItemOut]
    extra_items: list[ExtraItemOut]
    scores: list[ScoreInfoOut]


class AssessmentIn(BaseModel):  # pydantic's own: ninja's Schema adds nothing to a JSON body
    instrument: str = Field(
        max_length=INSTRUMENT_ID_MAX_LENGTH,
        pattern=NO_NUL_PATTERN,
        description="An instrument id, such as scs.",
        # The schema names the ones offered; an unknown one is answered as before (422).
        json_schema_extra={"enum": [*offered_ids()]},
    )
    answers: dict[str, Any] = Field(
        default_factory=dict, description='Item number to answer, e.g. {"1": 3, "2": 5}.'
    )
    extra_answers: dict[str, Any] = Field(default_factory=dict)
    submit: bool = Field(
        True, strict=True, description="Submit now (every item answered) or keep a draft."
    )
    context: str = Field(
        "", max_length=32, pattern=NO_NUL_PATTERN, description='Why it was taken, e.g. "baseline".'
    )


class BandOut(Schema):
    id: str
    label: str


class ScoresOut(Schema):
    values: dict[str, float | None]
    rounded: dict[str, float | None] = Field(
        description="The values as every page shows them: two decimals, a half away from zero."
    )
    bands: dict[str, BandOut | None]
    alerts: list[str]
    unanswered: list[int]
    complete: bool


class AssessmentSummaryOut(Schema):
    """An assessment in a list: its scores, never its answers."""

    id: int
    instrument: str
    instrument_version: str
    context: str
    created_at: datetime
    submitted_at: datetime | None
    submitted: bool
    scores: ScoresOut


class AssessmentOut(AssessmentSummaryOut):
    """One assessment with every answer (private items included: it is the owner's own)."""

    answers: dict[str, int]
    extra_answers: dict[str, int]


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class ErrorOut(Schema):
    detail: str
    problems: list[ProblemOut] = []


def _language(request: ApiRequest, lang: Language | None) -> str:
    return lang or request.auth.language


def _text(text: Text | None, lang: str) -> str | None:
    return text.get(lang) if text else None


def _instrument_out(instrument: Instrument, lang: str) -> dict[str, Any]:
    def options(labels: Any) -> list[dict[str, Any]]:
        return [
            {"value": option.value, "label": _text(option.label, lang)}
            for option in instrument.scale.options(labels)
        ]

    return {
        "id": instrument.id,
        "version": instrument.version,
        "kind": instrument.kind.value,
        "language": lang,
        "name": instrument.names.get(lang),
        "short_name": instrument.short_names.get(lang),
        "own_translation": instrument.is_translation(lang),
        "citation": instrument.citation,
        "title": _text(instrument.title, lang),
        "instructions": instrument.instructions.get(lang),
        "minimum": instrument.scale.minimum,
        "maximum": instrument.scale.maximum,
        "items": [
            {"number": item.number, "text": item.text.get(lang), "options": options(item.labels)}
            for item in instrument.items
        ],
        "extra_items": [
            {
                "id": extra.id,
                "text": extra.text.get(lang),
                "options": [
                    {"value": option.value, "label": _text(option.label, lang)}
                    for option in extra.options
                ],
            }
            for extra in instrument.extra_items
        ],
        "scores": [
            {"id": score.id, "name": score.names.get(lang), "minimum": low, "maximum": high}
            for score in instrument.default_scores()
            for low, high in [instrument.score_range(score)]
        ],
    }


@router.get("/instruments", response=list[InstrumentOut], summary="The questionnaires offered")
def list_instruments(request: ApiRequest, lang: Language | None = None) -> list[dict[str, Any]]:
    language = _language(request, lang)
    return [
        _instrument_out(instrument, language)
        for instruments in offered_instruments().values()
        for instrument in instruments
    ]


@router.get(
    "/instruments/{instrument_id}",
    response={200: InstrumentOut, 404: ErrorOut},
    summary="One questionnaire, with its items",
)
def get_one_instrument(
    request: ApiRequest, instrument_id: str, lang: Language | None = None
) -> Status[dict[str, Any]]:
    try:
        instrument = offered_instrument(instrument_id)
    except UnknownInstrumentError:
        return Status(
            404, {"detail": _("There is no questionnaire %(id)s.") % {"id": instrument_id}}
        )
    return Status(200, _instrument_out(instrument, _language(request, lang)))


def _scores_out(
    instrument: Instrument, scores: ResponseScores, *, own: bool, lang: str
) -> dict[str, Any]:
    return {
        "values": dict(scores.values),
        "rounded": {
            key: None if value is None else rounded_float(value)
            for key, value in scores.values.items()
        },
        "bands": {
            column: {"id": band.id, "label": band.labels.get(lang)} if band else None
            for column, band in scores.bands.items()
        },
        "alerts": alerts_to_show(instrument, scores, own_page=own),
        "unanswered": list(scores.unanswered),
        "complete": scores.complete,
    }


def _assessment_out(
    assessment: Assessment,
    *,
    own: bool,
    lang: str,
    scored: tuple[Instrument, ResponseScores] | None = None,
) -> dict[str, Any]:
    """An assessment as the API shows it.

    ``own=False`` is for lists: no answers (with the other answers, a total would give away
    a private one) and no alert raised by a private item. ``scored`` is its instrument and
    scores when they are known already.
    """
    instrument, scores = scored or (
        get_instrument(assessment.instrument_id),
        actions.scores_of(assessment),
    )
    shown = {
        "id": assessment.pk,
        "instrument": assessment.instrument_id,
        "instrument_version": assessment.instrument_version,
        "context": assessment.context,
        "created_at": assessment.created_at,
        "submitted_at": assessment.submitted_at,
        "submitted": assessment.is_submitted,
        "scores": _scores_out(instrument, scores, own=own, lang=lang),
    }
    if own:
        shown["answers"] = dict(assessment.answers)
        shown["extra_answers"] = dict(assessment.extra_answers)
    return shown


def _problems(detail: str, problems: list[Problem]) -> dict[str, Any]:
    return {
        "detail": detail,
        "problems": [{"field": p.field, "code": p.code, "message": p.message} for p in problems],
    }


@router.post(
    "/assessments",
    response={201: AssessmentOut, 422: ErrorOut},
    summary="Submit answers (or save a draft); returns the scores",
)
def create_assessment(
    request: ApiRequest, payload: AssessmentIn
) -> Status[dict[str, Any]] | HttpResponse:
    try:
        instrument = offered_instrument(payload.instrument)
    except UnknownInstrumentError:
        message = _("There is no questionnaire %(id)s.") % {"id": payload.instrument}
        problem = Problem("instrument", "unknown_instrument", message)
        return Status(422, _problems(_("The answers cannot be saved."), [problem]))
    try:
        checked = check_answers(instrument, payload.answers, payload.extra_answers)
    except InvalidAnswers as error:
        return Status(422, _problems(_("The answers cannot be saved."), error.problems))
    missing = unanswered(instrument, checked.answers)
    if payload.submit and missing:
        problems = [
            Problem(f"answers.{number}", "missing", _missing_message(number)) for number in missing
        ]
        return Status(
            422,
            _problems(
                _("Every item needs an answer to submit; send submit: false to keep a draft."),
                problems,
            ),
        )
    assessment, _missing = actions.record_checked(
        request.auth, instrument, checked, submit_now=payload.submit, context=payload.context
    )
    # The core scores the checked answers: the numbers the new assessment holds (to the
    # core, a cleared answer, None, is unanswered, as one the assessment leaves out).
    scored = (instrument, score_response(instrument, checked.answers))
    shown = _assessment_out(assessment, own=True, lang=_language(request, None), scored=scored)
    # Built here in AssessmentOut's shape (a test holds it to the schema and to the GET of
    # the same assessment), so it is rendered as it is, without validating it once more.
    return personal_json(shown, status=201)


def personal_json(data: Any, *, status: int) -> HttpResponse:
    """``data`` as the API renders it (mildkracht.web.api's renderer), never to be cached."""
    content = to_json(data)
    return keep_private(
        HttpResponse(content, content_type="application/json; charset=utf-8", status=status)
    )


def _missing_message(number: int) -> str:
    return _("Item %(item)s has no answer.") % {"item": number}


@router.get(
    "/assessments", response=list[AssessmentSummaryOut], summary="My assessments, with scores"
)
def list_assessments(
    request: ApiRequest, instrument: str | None = INSTRUMENT_FILTER, lang: Language | None = None
) -> list[dict[str, Any]]:
    found = Assessment.objects.owned_by(request.auth).order_by("-created_at", "-pk")
    if instrument:
        found = found.filter(instrument_id=instrument)
    language = _language(request, lang)
    return [
        _assessment_out(assessment, own=False, lang=language)
        for assessment in found
        if _known(assessment)
    ]


def _known(assessment: Assessment) -> bool:
    try:
        get_instrument(assessment.instrument_id)
    except UnknownInstrumentError:
        return False
    return True


def _get_assessment_for_user(request: ApiRequest, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.owned_by(request.auth), pk=pk)


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, 404: ErrorOut},
    summary="One of my assessments, with every answer",
)
def get_assessment(
    request: ApiRequest, assessment_id: int = ID, lang: Language | None = None
) -> dict[str, Any]:
    assessment = _get_assessment_for_user(request, assessment_id)
    if not _known(assessment):
        raise Http404
    return _assessment_out(assessment, own=True, lang=_language(request, lang))


@router.delete(
    "/assessments/{assessment_id}",
    response={204: None, 404: ErrorOut},
    summary="Delete one of my assessments",
)
def delete_assessment(request: ApiRequest, assessment_id: int = ID) -> Status[None]:
    actions.delete_assessment(_get_assessment_for_user(request, assessment_id))
    return Status(204, None)
