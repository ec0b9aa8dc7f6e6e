"""API tokens: created once and shown once, stored only as a hash, revoked by their owner."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mildkracht.web import caching
from mildkracht.web.assessments.models import ApiToken

TOKEN_PREFIX = "mk_"
SHOWN_CHARACTERS = 10
# Recording every use would turn each read into a write; once a minute says enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: object, name: str = "") -> tuple[ApiToken, str]:
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


def tokens_of(user: object) -> list[ApiToken]:
    return list(ApiToken.objects.filter(owner=user).order_by("-created_at"))


def owner_of_token(token: str) -> object | None:
    """The user a token belongs to, or None for an unknown or revoked token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    token_hash = _hash(token)
    key = _cache_key(token_hash)
    found = caching.remembered(key)
    if found is None:
        record = ApiToken.objects.filter(token_hash=token_hash).first()
        if record is None:
            return None
        found = (record.pk, record.owner_id, record.last_used_at)
        caching.remember(key, found)
    token_id, owner_id, last_used_at = found
    # None for an inactive person, as before: the backend's own rule.
    owner = caching.CachedPersonBackend().get_user(owner_id)
    if owner is None:
        return None
    now = timezone.now()
    if last_used_at is None or now - last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        caching.remember(key, (token_id, owner_id, now))
    return owner


def _cache_key(token_hash: str) -> str:
    return f"token:{token_hash}"


def forget_token(sender: type, instance: ApiToken, **kwargs: object) -> None:
    """A revoked (deleted) token stops working at once in this process."""
    caching.forget(_cache_key(instance.token_hash))


def revoke_token(user: object, token_id: int) -> bool:
    """Delete one of ``user``'s tokens; False when there is no such token of theirs."""
    with transaction.atomic():
        deleted, _ = ApiToken.objects.filter(owner=user, pk=token_id).delete()
    return deleted > 0
