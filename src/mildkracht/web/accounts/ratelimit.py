"""A limit on failed logins per username and address, kept in Django's cache.

After MAX_FAILURES failures within WINDOW_SECONDS of the first, further attempts for that
username from that address are refused until the window has passed, even with the right
password. A successful login clears the count.
"""

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(username: str, address: str) -> str:
    identity = f"{username.strip().casefold()}\n{address}".encode()
    return "login-failures:" + hashlib.sha256(identity).hexdigest()


def is_blocked(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= MAX_FAILURES


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    # add() starts the window only on the first failure; incr() is atomic where the cache is.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)


def clear(username: str, address: str) -> None:
    cache.delete(_key(username, address))
