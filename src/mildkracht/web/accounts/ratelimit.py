"""A limit on failed logins per username and address, kept in Django's cache.

The cache is the "shared" one (a table in the database), so that all the server's
processes count together.

After MAX_FAILURES failures within WINDOW_SECONDS of the first, further attempts for that
username from that address are refused until the window has passed, even with the right
password. A successful login clears the count.
"""

import hashlib
import time

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _cache() -> BaseCache:
    return caches["shared"]


def _key(username: str, address: str) -> str:
    identity = f"{username.strip().casefold()}\n{address}".encode()
    return "login-failures:" + hashlib.sha256(identity).hexdigest()


def is_blocked(username: str, address: str) -> bool:
    failures, first = _cache().get(_key(username, address), (0, 0.0))
    return bool(failures >= MAX_FAILURES and time.time() < first + WINDOW_SECONDS)


def record_failure(username: str, address: str) -> None:
    """Count a failure; the window runs from the first one (kept as count and start time)."""
    key = _key(username, address)
    now = time.time()
    failures, first = _cache().get(key, (0, now))
    remaining = first + WINDOW_SECONDS - now
    if remaining <= 0:
        failures, first, remaining = 0, now, WINDOW_SECONDS
    _cache().set(key, (failures + 1, first), timeout=remaining)


def clear(username: str, address: str) -> None:
    _cache().delete(_key(username, address))
