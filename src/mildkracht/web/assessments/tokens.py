"""API tokens: created once and shown once, stored only as a hash, revoked by their owner."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.models import ApiToken

TOKEN_PREFIX = "mk_"
SHOWN_CHARACTERS = 10
# Recording every use would turn each read into a write; once a minute says enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``: the stored record and the token itself (shown only now)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        record = ApiToken.objects.create(
            owner=user,
            name=name.strip()[:100],
            token_hash=_hash(token),
            prefix=token[:SHOWN_CHARACTERS],
        )
    return record, token


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(owner=user).order_by("-created_at"))


def owner_of_token(token: str) -> object | None:
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    record = (
        ApiToken.objects.select_related("owner")
        .filter(token_hash=_hash(token), owner__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.owner


def revoke_token(user: User, token_id: int) -> bool:
    """Delete one of ``user``'s tokens; False when there is no such token of theirs."""
    with transaction.atomic():
        deleted, _ = ApiToken.objects.filter(owner=user, pk=token_id).delete()
    return deleted > 0
