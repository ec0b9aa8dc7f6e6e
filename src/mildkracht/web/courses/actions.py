"""What teachers and participants do with a course, shared by views, commands and tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from mildkracht.web.courses.models import (
    COURSE_INSTRUMENTS,
    SESSIONS,
    Attendance,
    Course,
    Invitation,
    Membership,
    Session,
    new_code,
)
from mildkracht.web.program import actions as program_actions
from mildkracht.web.program.clock import zone_of

#: How long a new invitation works, unless the teacher says otherwise.
INVITATION_DAYS = 14


class CourseError(Exception):
    """Something asked of a course that cannot be done; the message can be shown."""


@dataclass(frozen=True)
class CourseDetails:
    """What a teacher fills in for a course."""

    name: str
    language: str
    start: date
    session_time: time
    location: str = ""
    video_link: str = ""
    start_questionnaires: Sequence[str] = ("scs",)
    week8_questionnaires: Sequence[str] = ("scs",)
    follow_up_questionnaires: Sequence[str] = ("scs",)


def _instruments(chosen: Sequence[str]) -> list[str]:
    unknown = [name for name in chosen if name not in COURSE_INSTRUMENTS]
    if unknown:
        raise CourseError(f"unknown questionnaire: {', '.join(unknown)}")
    return [name for name in COURSE_INSTRUMENTS if name in chosen]


def _apply(course: Course, details: CourseDetails) -> None:
    course.name = details.name
    course.language = details.language
    course.start = details.start
    course.location = details.location
    course.video_link = details.video_link
    course.start_questionnaires = _instruments(details.start_questionnaires)
    course.week8_questionnaires = _instruments(details.week8_questionnaires)
    course.follow_up_questionnaires = _instruments(details.follow_up_questionnaires)


@transaction.atomic
def create_course(teacher: Any, details: CourseDetails) -> Course:
    """A new course with its eight weekly sessions, from the start date at the session time."""
    course = Course(teacher=teacher)
    _apply(course, details)
    course.save()
    _plan_sessions(course, details.session_time, zone_of(teacher))
    return course


@transaction.atomic
def update_course(course: Course, details: CourseDetails) -> Course:
    """Change a course; a new start date or time moves every session and member's weeks."""
    moved = course.start != details.start or session_time(course) != details.session_time
    _apply(course, details)
    course.save()
    if moved:
        course.sessions.all().delete()
        _plan_sessions(course, details.session_time, zone_of(course.teacher))
        for membership in course.memberships.active().select_related("participant"):
            program_actions.enrol(membership.participant, course.start)
    return course


def session_time(course: Course) -> time | None:
    first = course.sessions.order_by("number").first()
    if first is None:
        return None
    return timezone.localtime(first.starts_at, zone_of(course.teacher)).time()


def _plan_sessions(course: Course, at: time, zone: Any) -> None:
    Session.objects.bulk_create(
        Session(
            course=course,
            number=number,
            starts_at=datetime.combine(course.start + timedelta(weeks=number - 1), at, zone),
        )
        for number in range(1, SESSIONS + 1)
    )


@transaction.atomic
def move_session(session: Session, starts_at: datetime) -> Session:
    session.starts_at = starts_at
    session.save(update_fields=["starts_at"])
    return session


def new_invitation(course: Course, now: datetime, days: int = INVITATION_DAYS) -> Invitation:
    """A new code and link for ``course``, working for ``days`` days."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    course=course, code=new_code(), expires_at=now + timedelta(days=days)
                )
        except IntegrityError:  # the same random code twice: draw again
            continue
    raise CourseError("no free invitation code was found; please try again")


def revoke(invitation: Invitation, now: datetime) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])


def expire_now(invitation: Invitation, now: datetime) -> None:
    if invitation.expires_at > now:
        invitation.expires_at = now
        invitation.save(update_fields=["expires_at"])


def is_open(invitation: Invitation, now: datetime) -> bool:
    return invitation.revoked_at is None and invitation.expires_at > now


def open_invitation(code: str, now: datetime) -> Invitation | None:
    """The invitation with this code while it works; None when unknown, expired or revoked."""
    normalised = code.strip().upper().replace(" ", "").replace("-", "")
    invitation = Invitation.objects.select_related("course__teacher").filter(code=normalised)
    found = invitation.first()
    return found if found is not None and is_open(found, now) else None


@transaction.atomic
def join(participant: Any, invitation: Invitation, now: datetime) -> Membership:
    """Join the invitation's course (again, after leaving), and follow its program dates."""
    if not is_open(invitation, now):
        raise CourseError("this invitation no longer works")
    course = invitation.course
    if course.teacher_id == participant.pk:
        raise CourseError("a teacher does not join their own course")
    membership = Membership.objects.filter(course=course, participant=participant).first()
    if membership is None:
        membership = _new_membership(course, participant, now)
    elif membership.left_at is not None:
        membership.left_at = None
        membership.save(update_fields=["left_at"])
    program_actions.enrol(participant, course.start)
    return membership


def _new_membership(course: Course, participant: Any, now: datetime) -> Membership:
    taken = set(course.memberships.values_list("research_code", flat=True))
    code = new_code()
    while code in taken:
        code = new_code()
    return Membership.objects.create(
        course=course, participant=participant, research_code=code, joined_at=now
    )


@transaction.atomic
def leave(membership: Membership, now: datetime) -> None:
    """Leave the course: out of its figures from now on; the person's own data stays theirs."""
    if membership.left_at is None:
        membership.left_at = now
        membership.save(update_fields=["left_at"])


def set_consent(membership: Membership, *, figures: bool, research: bool) -> Membership:
    membership.consent_figures = figures
    membership.consent_research = research
    membership.save(update_fields=["consent_figures", "consent_research"])
    return membership


def set_attendance(membership: Membership, session: Session, present: bool) -> None:
    """A member says they were (or were not) at a session."""
    if session.course_id != membership.course_id:
        raise CourseError("this session belongs to another course")
    if present:
        Attendance.objects.get_or_create(membership=membership, session=session)
    else:
        Attendance.objects.filter(membership=membership, session=session).delete()
