"""What a person answered. The raw answers are the record: scores are always recomputed.

The answers are health data (PHQ-9 item 9 among them): they are stored encrypted, as the
journal is (mildkracht.web.crypto).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mildkracht.web.crypto import EncryptedJSONField

if TYPE_CHECKING:
    from mildkracht.web.accounts.models import User


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def owned_by(self, user: User) -> AssessmentQuerySet:
        return self.filter(owner=user)

    def submitted(self) -> AssessmentQuerySet:
        return self.filter(submitted_at__isnull=False)

    def drafts(self) -> AssessmentQuerySet:
        return self.filter(submitted_at__isnull=True)


#: Short state checks answered right before and after a practice: they belong with the
#: practice (its insights page), not in the profile or the history of questionnaires.
PRACTICE_BEFORE = "practice_before"
PRACTICE_AFTER = "practice_after"
PRACTICE_CHECKS = (PRACTICE_BEFORE, PRACTICE_AFTER)


class Assessment(models.Model):
    """One time a person filled in one instrument (a draft until ``submitted_at`` is set)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assessments",
        db_index=False,  # the (owner, …) index below serves every lookup by owner
    )
    instrument_id = models.CharField(_("instrument"), max_length=64)
    instrument_version = models.CharField(_("instrument version"), max_length=16)
    # Why it was taken, for later comparisons: "baseline", "week8", "practice_before", ...
    context = models.CharField(_("context"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # {"1": 3, "2": 5, ...}: item number (as text, JSON keys are text) to the answer
    answers = EncryptedJSONField(_("answers"), default=dict, blank=True)
    # {"difficulty": 1}: unscored questions asked with the instrument
    extra_answers = EncryptedJSONField(_("extra answers"), default=dict, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["owner", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.instrument_id} #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def item_answers(self) -> dict[int, int]:
        """The answers with whole-number keys, as the core takes them."""
        return {int(number): value for number, value in self.answers.items()}


class ApiToken(models.Model):
    """A key for the JSON API (``Authorization: Bearer <token>``); only its hash is stored."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    # SHA-256 of the token: the token itself is 256 random bits, so a fast hash is enough,
    # and a leaked database does not give working tokens.
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}…"
