"""The values behind a course's figures, read in a few queries and scored by the core.

Only members who count (still in the course, consenting to the group's figures) are read.
Each value is keyed by membership id, never by name: nothing here reaches a page as it is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db.models import Q, Sum

from mildkracht.core.instruments.errors import InstrumentError
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.core.practices import schedule
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.courses.models import Attendance, Course, Membership
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.program.clock import local_date, zone_of
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
    #: session number → ids of members who say they were there
    attended: dict[int, set[int]] = field(default_factory=dict)

    @cached_property
    def weekly_minutes(self) -> dict[int, dict[int, float]]:
        """Membership id → program week → minutes practised. Read when first asked for:
        only a figure released now needs it, and most views release nothing."""
        return _read_practice(self) if self.members else {}

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


def _read_practice(data: GroupData) -> dict[int, dict[int, float]]:
    """Seconds practised per member and program week, summed by the database.

    A practice counts in the week of its date in the member's own time zone: its start lies
    between two local midnights. One row per member (a sum per week), not one per practice:
    a year of a course is tens of thousands of practices.
    """
    found: dict[int, dict[int, float]] = {}
    weeks = min(LAST_WEEK, (data.today - data.course.start).days // 7 + 1)
    if weeks < 1:
        return found
    by_zone: dict[ZoneInfo, dict[int, Membership]] = defaultdict(dict)
    for membership in data.members.values():
        by_zone[zone_of(membership.participant)][membership.participant_id] = membership
    for zone, by_owner in by_zone.items():
        limits = _week_limits(data.course.start, weeks, data.today, zone)
        for owner_id, minutes in _minutes_per_week(by_owner, limits).items():
            found[by_owner[owner_id].pk] = minutes
    return found


def _minutes_per_week(
    owners: Collection[int], limits: list[datetime]
) -> dict[int, dict[int, float]]:
    """Owner → week (1, 2, ...) → minutes practised between the week's limits."""
    weeks = range(1, len(limits))
    sums = {
        f"week_{week}": Sum(
            "seconds", filter=Q(started_at__gte=limits[week - 1], started_at__lt=limits[week])
        )
        for week in weeks
    }
    rows = (
        PracticeSession.objects.filter(
            owner_id__in=owners, started_at__gte=limits[0], started_at__lt=limits[-1]
        )
        .values("owner_id")
        .annotate(**sums)
        .values_list("owner_id", *sums)
    )
    found = {}
    for owner_id, *seconds in rows:
        found[owner_id] = {w: s / 60 for w, s in zip(weeks, seconds, strict=True) if s is not None}
    return found


def _week_limits(start: date, weeks: int, today: date, zone: ZoneInfo) -> list[datetime]:
    """The local midnights that begin each week, and the end of the last (today's end)."""
    days = [start + timedelta(weeks=week) for week in range(weeks)]
    days.append(min(start + timedelta(weeks=weeks), today + timedelta(days=1)))
    return [datetime.combine(day, time.min, zone) for day in days]


def _read_attendance(data: GroupData) -> None:
    rows = Attendance.objects.filter(membership_id__in=data.members).values_list(
        "session__number", "membership_id"
    )
    for number, membership_id in rows:
        data.attended.setdefault(number, set()).add(membership_id)
