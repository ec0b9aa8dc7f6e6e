"""The values behind a course's figures, read in a few queries and scored by the core.

Only members who count (still in the course, consenting to the group's figures) are read.
Each value is keyed by membership id, never by name: nothing here reaches a page as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from mildkracht.core.instruments.errors import InstrumentError
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.core.practices import schedule
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.courses.models import Attendance, Course, Membership
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.program.clock import local_date
from mildkracht.web.program.history import Scored, program_scs

PROGRAM_WEEKS = 8
#: Practice is counted per program week up to the last follow-up.
LAST_WEEK = 53


@dataclass
class GroupData:
    """A course's counted members and their values on one day."""

    course: Course
    today: date
    now: datetime
    members: dict[int, Membership]
    #: (instrument, point) → membership id → the scores of the answer that counts there
    scores: dict[tuple[str, str], dict[int, Mapping[str, float | None]]] = field(
        default_factory=dict
    )
    #: membership id → program week → minutes practised
    weekly_minutes: dict[int, dict[int, float]] = field(default_factory=dict)
    #: session number → ids of members who say they were there
    attended: dict[int, set[int]] = field(default_factory=dict)

    @property
    def dates(self) -> dict[str, date]:
        return schedule.retest_dates(self.course.schedule())

    def reached(self) -> list[str]:
        """The assessment points whose date has come, in order."""
        return [point for point, day in self.dates.items() if day <= self.today]

    def minutes_until(self, membership_id: int, until: date) -> float:
        """Practice from the course's start up to (not including) ``until``."""
        last_week = (until - self.course.start).days // 7
        weeks = self.weekly_minutes.get(membership_id, {})
        return sum(minutes for week, minutes in weeks.items() if week <= last_week)


def counted_members(course: Course) -> dict[int, Membership]:
    rows = course.memberships.counted().select_related("participant")
    return {membership.pk: membership for membership in rows}


def group_data(course: Course, now: datetime, today: date) -> GroupData:
    """Read and score everything the figures of ``course`` need, as of ``now``."""
    members = counted_members(course)
    data = GroupData(course=course, today=today, now=now, members=members)
    if members:
        _read_scores(data)
        _read_practice(data)
        _read_attendance(data)
    return data


def _instruments(course: Course) -> set[str]:
    return {
        *course.start_questionnaires,
        *course.week8_questionnaires,
        *course.follow_up_questionnaires,
    }


def _read_scores(data: GroupData) -> None:
    by_owner = {membership.participant_id: membership for membership in data.members.values()}
    rows = (
        Assessment.objects.submitted()
        .filter(owner_id__in=by_owner, instrument_id__in=_instruments(data.course))
        .order_by("submitted_at", "pk")
        .only("pk", "owner_id", "instrument_id", "context", "submitted_at", "answers")
    )
    found: dict[tuple[int, str], list[Scored]] = defaultdict(list)
    for row in rows:
        scored = scored_row(row, by_owner[row.owner_id])
        if scored is not None:
            found[(by_owner[row.owner_id].pk, row.instrument_id)].append(scored)
    plan = data.course.schedule()
    for (membership_id, instrument_id), answers in found.items():
        for point, chosen in program_scs(answers, plan).items():
            if instrument_id in data.course.questionnaires_at(point):
                column = data.scores.setdefault((instrument_id, point), {})
                column[membership_id] = chosen.scores.values


def scored_row(row: Assessment, membership: Membership) -> Scored | None:
    try:
        scores = score_response(get_instrument(row.instrument_id), row.item_answers)
    except (InstrumentError, ValueError):
        return None  # a record that no longer fits its instrument is left out, not guessed
    if not scores.complete or row.submitted_at is None:
        return None
    return Scored(
        pk=row.pk,
        instrument_id=row.instrument_id,
        context=row.context,
        submitted_at=row.submitted_at,
        taken=local_date(membership.participant, row.submitted_at),
        scores=scores,
    )


def _read_practice(data: GroupData) -> None:
    by_owner = {membership.participant_id: membership for membership in data.members.values()}
    start = data.course.start
    since = datetime.combine(start - timedelta(days=1), datetime.min.time(), data.now.tzinfo)
    rows = PracticeSession.objects.filter(owner_id__in=by_owner, started_at__gte=since)
    for owner_id, started_at, seconds in rows.values_list("owner_id", "started_at", "seconds"):
        membership = by_owner[owner_id]
        day = local_date(membership.participant, started_at)
        week = (day - start).days // 7 + 1
        if 1 <= week <= LAST_WEEK and day <= data.today:
            weeks = data.weekly_minutes.setdefault(membership.pk, {})
            weeks[week] = weeks.get(week, 0.0) + seconds / 60


def _read_attendance(data: GroupData) -> None:
    rows = Attendance.objects.filter(membership_id__in=data.members).values_list(
        "session__number", "membership_id"
    )
    for number, membership_id in rows:
        data.attended.setdefault(number, set()).add(membership_id)
