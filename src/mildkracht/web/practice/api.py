"""The practice part of the JSON API: exercises, and the requester's own practice and journal.

Mount it in web/api.py with ``api.add_router("/", practice_router)``. Every query is scoped
to ``request.auth`` (the requesting person): another person's session, moment or journal
entry is a 404, exactly like one that does not exist.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from ninja import Field, Router, Schema, Status
from ninja.params.functions import Path, Query
from pydantic import AfterValidator, BeforeValidator

from mildkracht.core.practices.errors import ChoiceError
from mildkracht.core.practices.library import filter_exercises, library
from mildkracht.core.practices.model import Area, Function, Mode, Side
from mildkracht.web.accounts.http import ApiRequest
from mildkracht.web.practice import actions, overview
from mildkracht.web.practice.models import (
    MAX_SESSION_SECONDS,
    JournalEntry,
    Moment,
    MomentArea,
    MomentKind,
    PracticeKind,
    PracticeSession,
    SessionSource,
)
from mildkracht.web.practice.prompts import is_known
from mildkracht.web.validation import (
    EARLIEST_DAY,
    JOURNAL_MAX_LENGTH,
    MAX_ID,
    MAX_OFFSET,
    NO_NUL_PATTERN,
    NOTE_MAX_LENGTH,
    day_in_range,
    out_of_range_message,
)

router = Router(tags=["practice"])

Language = Literal["nl", "en"]
PAGE = 100
# Query and path parameters the databases can take (a larger id overflows SQLite's integer).
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description="How many to skip, newest first.")
ID = Path(..., ge=1, le=MAX_ID)
WEEK_START = Query(None, description=f"A day from {EARLIEST_DAY} to five years from today.")
CLIENT_ID = (
    "An id the client made (a UUID): sending the same one again answers 200 with the "
    "practice or moment it already made, instead of adding another."
)


def _written(value: object) -> object:
    # pydantic would take a number as seconds since 1970: the schema says text, and so do we.
    if isinstance(value, int | float):
        raise ValueError("a date and time is written as text, e.g. 2026-03-02T07:30:00+01:00")
    return value


def _in_range(value: datetime) -> datetime:
    # The year 1 in a time zone east of UTC is before the year 1 in UTC: a 500 (fuzzing).
    today = timezone.localdate()
    if not day_in_range(value.date(), today):
        raise ValueError(out_of_range_message(today))
    return value


#: A date and time as the schema says (ISO 8601 text, never a number), on a day that can be
#: shown: from 2000 to five years from now.
WrittenDateTime = Annotated[datetime, BeforeValidator(_written), AfterValidator(_in_range)]


class ErrorOut(Schema):
    detail: str


class ExerciseOut(Schema):
    id: str
    version: str
    title: str
    purpose: str
    side: str
    functions: list[str]
    areas: list[str]
    mode: str
    duration_minutes: int


class SessionIn(Schema):
    exercise_id: str = Field(
        "", max_length=64, pattern=NO_NUL_PATTERN, description="An exercise id, or empty."
    )
    kind: Literal["formal", "informal"] = "formal"
    started_at: WrittenDateTime
    seconds: int = Field(ge=1, le=MAX_SESSION_SECONDS, strict=True)
    note: str = Field("", max_length=NOTE_MAX_LENGTH, pattern=NO_NUL_PATTERN)
    source: Literal["manual", "player", "timer"] = "manual"
    client_id: UUID | None = Field(None, description=CLIENT_ID)


class SessionOut(Schema):
    id: int
    exercise_id: str
    kind: str
    source: str
    started_at: datetime
    seconds: int
    note: str


class MomentIn(Schema):
    area: Literal["self", "relationships", "caregiving", "work"] = "self"
    kind: Literal["break", "kind_word", "touch", "boundary", "need"]
    note: str = Field("", max_length=NOTE_MAX_LENGTH, pattern=NO_NUL_PATTERN)
    at: WrittenDateTime | None = None
    client_id: UUID | None = Field(None, description=CLIENT_ID)


class MomentOut(Schema):
    id: int
    area: str
    kind: str
    note: str
    at: datetime


class EntryIn(Schema):
    text: str = Field(min_length=1, max_length=JOURNAL_MAX_LENGTH, pattern=NO_NUL_PATTERN)
    prompt: str = Field("", max_length=100, pattern=NO_NUL_PATTERN)
    session: int | None = Field(None, ge=1, le=MAX_ID, strict=True)
    moment: int | None = Field(None, ge=1, le=MAX_ID, strict=True)


class EntryUpdate(Schema):
    text: str = Field(min_length=1, max_length=JOURNAL_MAX_LENGTH, pattern=NO_NUL_PATTERN)


class EntryOut(Schema):
    id: int
    prompt: str
    text: str
    session: int | None = Field(None, alias="session_id")
    moment: int | None = Field(None, alias="moment_id")
    created_at: datetime
    updated_at: datetime


class DayOut(Schema):
    day: date
    formal_minutes: float
    informal_minutes: float
    total_minutes: float
    moments: int


class WeekOut(Schema):
    week_start: date
    goal_minutes: int
    days: list[DayOut]
    total_minutes: float
    days_at_goal: int
    consistency: float = Field(description="0 to 1; grows with practice, fades slowly.")
    encouragement: str


def _language(request: ApiRequest, lang: Language | None) -> str:
    return lang or request.auth.language


@router.get("/practice/exercises", response={200: list[ExerciseOut], 422: ErrorOut})
def list_exercises(
    request: ApiRequest,
    side: Side | None = None,
    function: Function | None = None,
    area: Area | None = None,
    max_minutes: int | None = None,
    mode: Mode | None = None,
    lang: Language | None = None,
) -> Status[Any]:
    """The exercise library, filtered like its page."""
    try:
        found = filter_exercises(library().values(), side, function, area, max_minutes, mode)
    except ChoiceError as error:
        return Status(422, {"detail": str(error)})
    language = _language(request, lang)
    return Status(
        200,
        [
            {
                "id": e.id,
                "version": e.version,
                "title": e.title.get(language),
                "purpose": e.purpose.get(language),
                "side": e.side.value,
                "functions": [f.value for f in e.functions],
                "areas": [a.value for a in e.areas],
                "mode": e.mode.value,
                "duration_minutes": e.duration_minutes,
            }
            for e in found
        ],
    )


@router.get("/practice/sessions", response=list[SessionOut])
@sensitive_variables()
def list_sessions(request: ApiRequest, offset: int = OFFSET) -> list[PracticeSession]:
    """Your practice, newest first, a hundred at a time."""
    return list(PracticeSession.objects.filter(owner=request.auth)[offset : offset + PAGE])


@router.post("/practice/sessions", response={200: SessionOut, 201: SessionOut})
@sensitive_variables()
def create_session(request: ApiRequest, payload: SessionIn) -> Status[PracticeSession]:
    """Log a practice; with a ``client_id`` at most once, however often it is sent."""
    exercise = library().get(payload.exercise_id)
    values = {
        "exercise_id": exercise.id if exercise else "",
        "exercise_version": exercise.version if exercise else "",
        "kind": PracticeKind(payload.kind),
        "source": SessionSource(payload.source),
        "started_at": payload.started_at,
        "seconds": payload.seconds,
        "note": payload.note,
    }
    if payload.client_id is None:
        return Status(201, PracticeSession.objects.create(owner=request.auth, **values))
    session, created = PracticeSession.objects.get_or_create(
        owner=request.auth, client_id=payload.client_id, defaults=values
    )
    return Status(201 if created else 200, session)


@router.get("/practice/sessions/{session_id}", response=SessionOut)
@sensitive_variables()
def get_session(request: ApiRequest, session_id: int = ID) -> PracticeSession:
    return get_object_or_404(PracticeSession, pk=session_id, owner=request.auth)


@router.delete("/practice/sessions/{session_id}", response={204: None})
def delete_session(request: ApiRequest, session_id: int = ID) -> Status[None]:
    get_object_or_404(PracticeSession, pk=session_id, owner=request.auth).delete()
    return Status(204, None)


@router.get("/practice/moments", response=list[MomentOut])
@sensitive_variables()
def list_moments(request: ApiRequest, offset: int = OFFSET) -> list[Moment]:
    return list(Moment.objects.filter(owner=request.auth)[offset : offset + PAGE])


@router.post("/practice/moments", response={200: MomentOut, 201: MomentOut})
@sensitive_variables()
def create_moment(request: ApiRequest, payload: MomentIn) -> Status[Moment]:
    """Note a moment; with a ``client_id`` at most once, however often it is sent."""
    if payload.client_id is not None:
        moment, created = Moment.objects.get_or_create(
            owner=request.auth,
            client_id=payload.client_id,
            defaults={
                "area": MomentArea(payload.area),
                "kind": MomentKind(payload.kind),
                "note": payload.note,
                "at": payload.at or timezone.now(),
            },
        )
        return Status(201 if created else 200, moment)
    moment = actions.record_moment(request.auth, MomentArea(payload.area), MomentKind(payload.kind))
    if payload.note or payload.at:
        moment.note = payload.note
        moment.at = payload.at or moment.at
        moment.save(update_fields=["note", "at"])
    return Status(201, moment)


@router.delete("/practice/moments/{moment_id}", response={204: None})
def delete_moment(request: ApiRequest, moment_id: int = ID) -> Status[None]:
    get_object_or_404(Moment, pk=moment_id, owner=request.auth).delete()
    return Status(204, None)


@router.get("/practice/week", response={200: WeekOut, 422: ErrorOut})
def get_week(
    request: ApiRequest,
    start: date | None = WEEK_START,
) -> Status[Any]:
    """Seven days from the Monday of ``start`` (default: this week), with kind progress."""
    today = timezone.localdate()
    if start is not None and not day_in_range(start, today):
        return Status(422, {"detail": out_of_range_message(today)})
    goal = overview.daily_goal(request.auth)
    week_start = overview.monday_of(min(start or today, today))
    progress, shown = overview.progress_and_week(request.auth, today, goal, week_start)
    return Status(
        200,
        {
            "week_start": shown.view.week_start,
            "goal_minutes": goal,
            "days": [
                {
                    "day": row.view.day,
                    "formal_minutes": row.view.formal,
                    "informal_minutes": row.view.informal,
                    "total_minutes": row.view.total,
                    "moments": row.moments,
                }
                for row in shown.rows
            ],
            "total_minutes": shown.view.total,
            "days_at_goal": shown.view.days_at_goal,
            "consistency": progress.consistency,
            "encouragement": progress.encouragement,
        },
    )


@router.get("/journal/entries", response=list[EntryOut])
@sensitive_variables()
def list_entries(request: ApiRequest, offset: int = OFFSET) -> list[JournalEntry]:
    """Your journal, newest first: only ever your own."""
    return list(JournalEntry.objects.filter(owner=request.auth)[offset : offset + PAGE])


@router.post("/journal/entries", response={201: EntryOut, 422: ErrorOut})
@sensitive_variables()
def create_entry(request: ApiRequest, payload: EntryIn) -> Status[Any]:
    if not is_known(payload.prompt):
        return Status(422, {"detail": f"unknown prompt {payload.prompt!r}"})
    owner = request.auth
    entry = JournalEntry.objects.create(
        owner=owner,
        prompt=payload.prompt,
        text=payload.text,
        session=PracticeSession.objects.filter(owner=owner, pk=payload.session or 0).first(),
        moment=Moment.objects.filter(owner=owner, pk=payload.moment or 0).first(),
    )
    return Status(201, entry)


@router.get("/journal/entries/{entry_id}", response=EntryOut)
@sensitive_variables()
def get_entry(request: ApiRequest, entry_id: int = ID) -> JournalEntry:
    return get_object_or_404(JournalEntry, pk=entry_id, owner=request.auth)


@router.put("/journal/entries/{entry_id}", response=EntryOut)
@sensitive_variables()
def update_entry(request: ApiRequest, payload: EntryUpdate, entry_id: int = ID) -> JournalEntry:
    entry = get_object_or_404(JournalEntry, pk=entry_id, owner=request.auth)
    entry.text = payload.text
    entry.save(update_fields=["text", "updated_at"])
    return entry


@router.delete("/journal/entries/{entry_id}", response={204: None})
def delete_entry(request: ApiRequest, entry_id: int = ID) -> Status[None]:
    get_object_or_404(JournalEntry, pk=entry_id, owner=request.auth).delete()
    return Status(204, None)
