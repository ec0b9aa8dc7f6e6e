"""Courses: a teacher's 8-week group, its sessions, invitations, members and shown figures.

A member's answers and practice stay in their own rows (assessments, practice); a course
only knows who joined, what they consented to and which sessions they say they attended.
What a teacher has been shown of the group is kept as a ``FigureRelease`` (the set of
people behind it and its numbers), so that no later view can reveal one person by
difference (mildkracht.core.group_privacy).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.schedule import Enrolment as ScheduleEnrolment
from mildkracht.web.accounts.models import Language

#: Questionnaires a course may ask; the SCS is asked by default at every point.
COURSE_INSTRUMENTS = ("scs", "compassion", "phq9", "gad7", "swls", "shs")
DEFAULT_INSTRUMENTS = ["scs"]
SESSIONS = 8
#: Letters of invitation codes and research codes: no 0/O or 1/I/L to misread in a room.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def default_instruments() -> list[str]:
    return list(DEFAULT_INSTRUMENTS)


class Course(models.Model):
    """An 8-week group: the program's weeks open on the course's dates for every member."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="courses_taught"
    )
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    start = models.DateField(_("start date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    start_questionnaires = models.JSONField(default=default_instruments)
    week8_questionnaires = models.JSONField(default=default_instruments)
    follow_up_questionnaires = models.JSONField(default=default_instruments)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]

    def __str__(self) -> str:
        return self.name

    def schedule(self) -> ScheduleEnrolment:
        """The program's calendar for this course: everyone's weeks open on its dates."""
        return ScheduleEnrolment(start=self.start)

    def questionnaires_at(self, point: str) -> list[str]:
        if point == "baseline":
            return list(self.start_questionnaires)
        if point == "week8":
            return list(self.week8_questionnaires)
        return list(self.follow_up_questionnaires)


class Session(models.Model):
    """One of the course's weekly meetings."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    starts_at = models.DateTimeField(_("starts at"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="one_session_per_number")
        ]

    def __str__(self) -> str:
        return f"session {self.number} of course {self.course_id}"


class Invitation(models.Model):
    """A code (and link) to join a course, until it expires or is revoked."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=16, unique=True, default=new_code)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation {self.pk}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(left_at__isnull=True)

    def counted(self) -> MembershipQuerySet:
        """The members in the group's figures: still in the course, and consenting."""
        return self.active().filter(consent_figures=True)


class Membership(models.Model):
    """A person in a course, with what they consent to and their research code."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)
    consent_figures = models.BooleanField(_("count me in the group's figures"), default=True)
    consent_research = models.BooleanField(
        _("my pseudonymised answers may be exported for research"), default=False
    )
    # Random, stable for this person in this course, and never derived from who they are.
    research_code = models.CharField(max_length=16, default=new_code)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "participant"], name="one_membership"),
            models.UniqueConstraint(fields=["course", "research_code"], name="one_research_code"),
        ]

    def __str__(self) -> str:
        return f"membership {self.pk}"


class Attendance(models.Model):
    """A member's own word that they were at a session."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="attended")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "session"], name="attended_once")
        ]

    def __str__(self) -> str:
        return f"attendance {self.pk}"


class FigureRelease(models.Model):
    """A group figure as a teacher was shown it: the people behind it and its numbers.

    ``columns`` name the per-person values it was computed from; ``people`` are membership
    ids. Kept after it is no longer shown, so that later figures are checked against it.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="releases")
    figure = models.CharField(max_length=80)
    columns = models.JSONField()
    people = models.JSONField()
    numbers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["course", "figure"])]

    def __str__(self) -> str:
        return f"release {self.pk} of {self.figure}"
