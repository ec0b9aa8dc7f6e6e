"""A limit on password checks per username and address, and per address, in the database.

Each attempt is counted before its password is checked, by one conditional UPDATE
(``attempts = attempts + 1 WHERE attempts < limit``): attempts sent at once take turns at
the row, so that no more than the limit reach a password check, however many arrive
together. Every server process counts in the same table.

Within WINDOW_SECONDS of the first attempt, a username at one address gets MAX_FAILURES
checks, and one address MAX_FAILURES_PER_ADDRESS checks across all usernames (one password
tried on many accounts). A successful login clears its username's count and gives its
check back to the address. The address is ``REMOTE_ADDR``: behind a trusted proxy the
server sets it to the real client's, so that a lockout is per client, not for everyone.
"""

import hashlib
import time

from django.db.models import F

from mildkracht.web.accounts.models import LoginAttempts

MAX_FAILURES = 5
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60


def _key(kind: str, *parts: str) -> str:
    identity = "\n".join(parts).encode()
    return f"{kind}:{hashlib.sha256(identity).hexdigest()}"


def _username_key(username: str, address: str) -> str:
    return _key("user", username.strip().casefold(), address)


def _address_key(address: str) -> str:
    return _key("address", address)


def _reserve(key: str, limit: int, now: float) -> bool:
    """Count one attempt for ``key`` if it is under ``limit``; False when it is not."""
    LoginAttempts.objects.bulk_create(
        [LoginAttempts(key=key, attempts=0, window_start=now)], ignore_conflicts=True
    )
    rows = LoginAttempts.objects.filter(key=key)
    # A window that has passed starts again with this attempt (only one attempt can).
    if rows.filter(window_start__lte=now - WINDOW_SECONDS).update(attempts=1, window_start=now):
        return True
    return bool(rows.filter(attempts__lt=limit).update(attempts=F("attempts") + 1))


def attempt_allowed(username: str, address: str) -> bool:
    """Count an attempt to log in; True if its password may be checked."""
    now = time.time()
    return _reserve(_username_key(username, address), MAX_FAILURES, now) and _reserve(
        _address_key(address), MAX_FAILURES_PER_ADDRESS, now
    )


def is_blocked(username: str, address: str) -> bool:
    """Whether a further attempt would be refused (without counting one)."""
    cutoff = time.time() - WINDOW_SECONDS
    current = LoginAttempts.objects.filter(window_start__gt=cutoff)
    return (
        current.filter(key=_username_key(username, address), attempts__gte=MAX_FAILURES).exists()
        or current.filter(
            key=_address_key(address), attempts__gte=MAX_FAILURES_PER_ADDRESS
        ).exists()
    )


def succeeded(username: str, address: str) -> None:
    """A login succeeded: its username starts afresh, and the address gets its check back."""
    LoginAttempts.objects.filter(key=_username_key(username, address)).delete()
    LoginAttempts.objects.filter(key=_address_key(address), attempts__gt=0).update(
        attempts=F("attempts") - 1
    )


def forget_passed_windows() -> int:
    """Delete the counts whose window has passed (they would start afresh anyway)."""
    cutoff = time.time() - WINDOW_SECONDS
    deleted, _ = LoginAttempts.objects.filter(window_start__lte=cutoff).delete()
    return deleted
