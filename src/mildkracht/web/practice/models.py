"""Practice as it is lived: sessions, informal moments, the daily goal and the journal.

Free text (notes, journal entries) is encrypted at rest (mildkracht.web.crypto). Every
object has an owner, and every view reaches it through a queryset filtered by the owner.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.progress import NO_GOAL
from mildkracht.web.crypto import EncryptedTextField

DEFAULT_DAILY_GOAL_MINUTES = 20
MAX_DAILY_GOAL_MINUTES = 240
# One sitting is at most this long; a larger number is a typing error.
MAX_SESSION_SECONDS = 12 * 60 * 60


class PracticeKind(models.TextChoices):
    FORMAL = "formal", _("Time set aside")
    INFORMAL = "informal", _("In daily life")


class SessionSource(models.TextChoices):
    PLAYER = "player", _("Guided practice")
    TIMER = "timer", _("Practice timer")
    MANUAL = "manual", _("Logged by hand")


class PracticeSettings(models.Model):
    """A person's own daily goal; without a row the default goal applies; 0 is no goal."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_settings"
    )
    daily_goal_minutes = models.PositiveSmallIntegerField(
        _("daily goal in minutes"),
        default=DEFAULT_DAILY_GOAL_MINUTES,
        validators=[MinValueValidator(NO_GOAL), MaxValueValidator(MAX_DAILY_GOAL_MINUTES)],
    )

    def __str__(self) -> str:
        return f"practice settings of user {self.owner_id}"


class PracticeSession(models.Model):
    """One practice: guided, with the timer, or logged by hand."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_sessions",
        db_index=False,  # the (owner, …) index below serves every lookup by owner
    )
    # An id from the exercise library; blank for the timer or a practice of one's own.
    exercise_id = models.CharField(_("exercise"), max_length=64, blank=True)
    exercise_version = models.CharField(max_length=16, blank=True)
    kind = models.CharField(
        _("kind of practice"),
        max_length=16,
        choices=PracticeKind.choices,
        default=PracticeKind.FORMAL,
    )
    source = models.CharField(max_length=16, choices=SessionSource.choices)
    started_at = models.DateTimeField(_("started at"))
    seconds = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_SECONDS)]
    )
    note = EncryptedTextField(_("note"), blank=True)
    # The optional SSCS-S right before and right after a guided practice (checks.py).
    before_check = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    after_check = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Made by the phone that logged it offline (static/pages/offline.js): sending it again
    # finds this row instead of adding a second one.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["owner", "started_at"])]
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_id"], name="one_session_per_client_id")
        ]

    def __str__(self) -> str:
        return f"practice session {self.pk}"

    @property
    def minutes(self) -> float:
        return self.seconds / 60


class MomentArea(models.TextChoices):
    SELF = "self", _("Myself")
    RELATIONSHIPS = "relationships", _("Relationships")
    CAREGIVING = "caregiving", _("Caring for others")
    WORK = "work", _("Work")


class MomentKind(models.TextChoices):
    BREAK = "break", _("Self-compassion break")
    KIND_WORD = "kind_word", _("A kind word to myself")
    TOUCH = "touch", _("Soothing touch")
    BOUNDARY = "boundary", _("A boundary set")
    NEED = "need", _("A need met")


class Moment(models.Model):
    """An informal moment of self-compassion in the middle of the day."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="practice_moments",
        db_index=False,  # the (owner, …) index below serves every lookup by owner
    )
    area = models.CharField(_("area of life"), max_length=16, choices=MomentArea.choices)
    kind = models.CharField(_("kind of moment"), max_length=16, choices=MomentKind.choices)
    note = EncryptedTextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    # Made by the phone that logged it offline (static/pages/offline.js): sending it again
    # finds this row instead of adding a second one.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["owner", "at"])]
        constraints = [
            models.UniqueConstraint(fields=["owner", "client_id"], name="one_moment_per_client_id")
        ]

    def __str__(self) -> str:
        return f"moment {self.pk}"


class JournalEntry(models.Model):
    """A private journal entry; its text is encrypted at rest and never logged."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="journal_entries",
        db_index=False,  # the (owner, …) index below serves every lookup by owner
    )
    # A prompt key (see journal.py), or blank for a free entry.
    prompt = models.CharField(max_length=100, blank=True)
    text = EncryptedTextField(_("text"))
    session = models.ForeignKey(
        PracticeSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    moment = models.ForeignKey(
        Moment, on_delete=models.SET_NULL, null=True, blank=True, related_name="journal_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "created_at"])]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"journal entry {self.pk}"
