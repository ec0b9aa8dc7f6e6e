"""Keeping who is signed in close at hand: sessions, people and API tokens, in the process.

Every page starts by reading the session and the person it belongs to, and every API call
by finding the person behind its token. With SQLite and one server process, reading these
from a cache in the process's memory instead of the database halves the cost of a simple
page. Three rules keep that safe:

- It is on with SQLite (settings.CACHE_PEOPLE), where the processes that share the data run
  on one computer. A database server (DATABASE_URL) may serve processes on several
  machines; they read the database.
- Whatever ends a session (logging out, a new session at login), changes or removes a
  person, or revokes a token drops the cached copy in this process at once and is announced
  to the other processes on the same data (the server's processes, a second ``serve``):
  after the change is committed, a byte is added to ``people.generation`` in the data
  directory. Every request first looks at that file (one ``stat``), and a process that sees
  it changed empties its cache before it reads a session or a person.
- Nothing stays cached longer than the cache's TIMEOUT (a minute, settings.CACHES["people"]).
"""

from __future__ import annotations

import copy
import os
import pickle
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Model
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

    def make_and_validate_key(self, key: Any, version: int | None = None) -> str:
        # Without memcached's warnings: this cache lives in the process, and checking every
        # character of a key (a session's, a token's hash) cost more than the lookup itself.
        return str(self.make_key(key, version=version))

    # Django's process-memory cache pickles every value, so that no caller can change what
    # another one reads. A person and a token's record are read on every request; these two
    # kinds are kept as they are instead and handed out as a copy of their own (a value that
    # cannot change, as itself), which costs a fraction of unpickling (a person: about a
    # third). Anything else (a session's data) is pickled, as Django does.

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        kept = _Kept.of(value)
        if kept is None:
            return super().set(key, value, timeout, version)  # type: ignore[no-any-return]
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, kept, timeout)
        return None

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            stored = self._cache[key]
            self._cache.move_to_end(key, last=False)
        if type(stored) is _Kept:
            return stored.copy()
        return pickle.loads(stored)


class _Kept:
    """A value kept unpickled: a model instance (a person), or a tuple of plain values."""

    __slots__ = ("_model", "_state", "_value")
    PLAIN = (int, float, str, bool, type(None), datetime, date)

    def __init__(self, value: Any, model: type[Model] | None, state: dict[str, Any] | None):
        self._value, self._model, self._state = value, model, state

    @classmethod
    def of(cls, value: Any) -> _Kept | None:
        if isinstance(value, Model):
            state = value.__getstate__()  # a copy, as pickle takes
            if state["_state"].fields_cache or any(
                type(part) not in cls.PLAIN for name, part in state.items() if name != "_state"
            ):  # something a copy would share (a dict, a related object…): pickle it
                return None
            return cls(None, type(value), state)
        if type(value) is tuple and all(type(part) in cls.PLAIN for part in value):
            return cls(value, None, None)
        return None

    def copy(self) -> Any:
        if self._model is None:
            return self._value
        # What unpickling does (Model.__reduce__ and __setstate__), without the bytes: a new
        # instance with a copy of the kept state (its own _state and cache of relations).
        instance = self._model.__new__(self._model)
        state = dict(self._state)  # type: ignore[arg-type]
        state["_state"] = copy.copy(state["_state"])
        state["_state"].fields_cache = state["_state"].fields_cache.copy()
        instance.__dict__.update(state)
        return instance


def enabled() -> bool:
    return bool(getattr(settings, "CACHE_PEOPLE", False))


# This thread's handle on the cache: Django's own lookup (caches[ALIAS]) goes through a
# context-local store that cost more than a lookup in the cache itself.
_handles = threading.local()


def _people() -> Any:
    try:
        return _handles.cache
    except AttributeError:
        _handles.cache = found = caches[ALIAS]
        return found


def _new_caches(setting: str, **kwargs: Any) -> None:
    global _handles
    if setting == "CACHES":  # Django makes its caches anew; so do we
        _handles = threading.local()


setting_changed.connect(_new_caches, dispatch_uid="caching.new_caches")


def remembered(key: str) -> Any:
    """What was kept under ``key``, or None (always None when caching is off)."""
    return _people().get(key) if enabled() else None


def remember(key: str, value: Any) -> None:
    if enabled():
        _people().set(key, value)


def forget(key: str) -> None:
    """Drop ``key`` here now, and everywhere once the current transaction is committed."""
    _people().delete(key)
    if enabled():
        transaction.on_commit(_announce)


GENERATION_FILE = "people.generation"
# Past this size the file starts again (its change of size and time is what counts).
_GENERATION_BYTES = 4096
_seen: tuple[int, int, int] | None = None


def _generation_path() -> Path:
    return Path(settings.DATA_DIR) / GENERATION_FILE


def _announce() -> None:
    path = _generation_path()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    with open(path, "wb" if size >= _GENERATION_BYTES else "ab") as handle:
        handle.write(b".")


def sync() -> None:
    """Empty this process's cache if another process announced a change (one ``stat``)."""
    global _seen
    if not enabled():
        return
    try:
        status = os.stat(_generation_path())
        mark = (status.st_mtime_ns, status.st_size, status.st_ino)
    except FileNotFoundError:
        mark = None
    if mark != _seen:
        _people().clear()
        _seen = mark


class SessionStore(cached_db.SessionStore):
    """Django's cached-database sessions; a session that ends is forgotten everywhere."""

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        super().delete(session_key)
        if key is not None:
            forget(self.cache_key_prefix + key)


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
