"""The 8-week program as a person lives it: enrolment, pauses, reminders and the feed.

The schedule itself (weeks, pauses, re-test dates) is computed by the core
(mildkracht.core.practices.schedule) from these dates; nothing here stores a week number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.schedule import Enrolment as ScheduleEnrolment
from mildkracht.core.practices.schedule import Pause as SchedulePause


class Enrolment(models.Model):
    """A person's place in the program: the start date (a local date) and its pauses."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_enrolment"
    )
    start = models.DateField(_("start date"))
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"enrolment {self.pk}"

    def schedule(self) -> ScheduleEnrolment:
        """The core's view of this enrolment, for the schedule functions."""
        pauses = tuple(
            SchedulePause(start=pause.start, end=pause.end) for pause in self.pauses.all()
        )
        return ScheduleEnrolment(start=self.start, pauses=pauses)


class Pause(models.Model):
    """The program on hold from ``start`` until ``end`` (the day it resumes); open if null."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"pause {self.pk}"


class ReminderSettings(models.Model):
    """When a person likes to practise, and whether they want an e-mail reminder."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    practice_time = models.TimeField(_("practice time"), null=True, blank=True)
    email_reminders = models.BooleanField(_("e-mail reminders"), default=False)

    def __str__(self) -> str:
        return f"reminder settings {self.pk}"


class CalendarFeed(models.Model):
    """A secret calendar address. Only a hash of its token is kept: renewing replaces it."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"


class ReminderKind(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    RETEST = "retest", _("Questionnaire")


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Notification")


class ReminderSent(models.Model):
    """One reminder that went out: the unique constraint makes sending idempotent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    channel = models.CharField(
        max_length=8, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL
    )
    for_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "channel", "for_date"],
                name="one_reminder_per_kind_channel_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk}"


class PushSubscription(models.Model):
    """One browser or installed app that receives this person's reminders (Web Push).

    The endpoint is the push service's address for that device; the two keys encrypt what
    is sent to it. A device belongs to whoever subscribed it last. ``session_hash`` names the
    login that subscribed it: logging out of that login forgets the device.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh_key = models.CharField(max_length=100)
    auth_secret = models.CharField(max_length=50)
    session_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk}"
