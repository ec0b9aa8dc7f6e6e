"""Keeping who is signed in close at hand: sessions, people and API tokens, in the process.

Every page starts by reading the session and the person it belongs to, and every API call
by finding the person behind its token. With SQLite and one server process, reading these
from a cache in the process's memory instead of the database halves the cost of a simple
page. Three rules keep that safe:

- It is on only where one process serves the data: with SQLite (settings.CACHE_PEOPLE).
  A database server (DATABASE_URL) may have several processes; they read the database.
- Whatever changes a session, a person or a token also changes or drops its cached copy in
  this process: Django's cached-database session store writes through, and saving or
  deleting a person or deleting a token drops the cached copy (signals below and in the
  assessments app).
- Nothing stays cached longer than the cache's TIMEOUT (a minute, settings.CACHES["people"]):
  should a second process share the same data (``mildkracht serve`` started twice), a change
  made there reaches this process within that time.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db.models.signals import post_delete, post_save

#: The cache alias (settings.CACHES) for sessions, people and tokens.
ALIAS = "people"


class ShortLivedLocMemCache(LocMemCache):
    """A process-memory cache whose entries live at most its TIMEOUT, whatever is asked."""

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> float | None:
        longest = self.default_timeout
        if timeout is DEFAULT_TIMEOUT or timeout is None or timeout > longest:
            timeout = longest
        return super().get_backend_timeout(timeout)


def enabled() -> bool:
    return bool(getattr(settings, "CACHE_PEOPLE", False))


def remembered(key: str) -> Any:
    """What was kept under ``key``, or None (always None when caching is off)."""
    return caches[ALIAS].get(key) if enabled() else None


def remember(key: str, value: Any) -> None:
    if enabled():
        caches[ALIAS].set(key, value)


def forget(key: str) -> None:
    caches[ALIAS].delete(key)


def _person_key(user_id: object) -> str:
    return f"person:{user_id}"


class CachedPersonBackend(ModelBackend):
    """Django's model backend; the person of a session comes from the cache when it can."""

    def get_user(self, user_id: Any) -> Any:
        key = _person_key(user_id)
        person = remembered(key)
        if person is None:
            person = super().get_user(user_id)
            if person is not None:
                remember(key, person)
        return person


def forget_person(sender: type, instance: Any, **kwargs: Any) -> None:
    forget(_person_key(instance.pk))


def connect_signals(user_model: type) -> None:
    post_save.connect(forget_person, sender=user_model, dispatch_uid="caching.forget_saved")
    post_delete.connect(forget_person, sender=user_model, dispatch_uid="caching.forget_deleted")
