"""The login limit holds when attempts arrive at once, and per address across usernames.

Attempts run in real threads, each with its own database connection, as the server's
threads do (issue 19, defect 2). On PostgreSQL they run in the test's transactional
database; SQLite's in-memory test database locks whole tables between connections, so
there they run in a process of their own on a database file, as `mildkracht serve` does.
"""

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from own_process import environment

from mildkracht.web.accounts import ratelimit

ADDRESS = "198.51.100.7"
PASSWORD = "a calm lake at dawn"


def parallel_password_checks(people: int, attempts: list[tuple[str, str, str]]) -> int:
    """Create ``people`` (person0, ...), send ``attempts`` (username, password, address) at
    once, and return how many passwords were really checked."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    user_model = get_user_model()
    for number in range(people):
        user_model.objects.create_user(f"person{number}", password=PASSWORD)
    checked: list[str] = []
    lock = threading.Lock()
    real_check = user_model.check_password

    def check_password(user: object, raw_password: str) -> bool:
        with lock:
            checked.append(raw_password)
        time.sleep(0.05)  # as long as a real Argon2 check, more or less
        return real_check(user, raw_password)

    user_model.check_password = check_password
    try:
        _at_once(
            [
                lambda username=username, password=password, address=address: Client().post(
                    reverse("accounts:login"),
                    {"username": username, "password": password},
                    REMOTE_ADDR=address,
                    headers={"host": "localhost"},
                )
                for username, password, address in attempts
            ]
        )
    finally:
        user_model.check_password = real_check
    return len(checked)


def _at_once(attempts: list[Callable[[], object]]) -> None:
    start = threading.Barrier(len(attempts))
    problems: list[BaseException] = []

    def run(attempt: Callable[[], object]) -> None:
        try:
            start.wait()
            response = attempt()
            assert response.status_code in (200, 302), response.status_code  # type: ignore[attr-defined]
        except BaseException as problem:  # a failure in a thread must fail the test
            problems.append(problem)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert problems == [], [repr(problem) for problem in problems[:3]]


def _in_own_process(tmp_path: Path, people: int, attempts: list[tuple[str, str, str]]) -> int:
    script = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from mildkracht.web.runtime import prepare\n"
        f"prepare({str(tmp_path / 'data')!r})\n"
        "from django.conf import settings\n"  # pages without collectstatic, as in tests
        "settings.STORAGES = {**settings.STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "from test_ratelimit import parallel_password_checks\n"
        f"print(json.dumps(parallel_password_checks({people}, {attempts!r})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return int(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.fixture
def checks_at_once(tmp_path):
    """``checks_at_once(people, attempts)``: the password checks the attempts got."""

    def run(people: int, attempts: list[tuple[str, str, str]]) -> int:
        if connection.vendor == "postgresql":
            return parallel_password_checks(people, attempts)
        return _in_own_process(tmp_path, people, attempts)

    return run


@pytest.mark.django_db(transaction=True)
def test_twenty_wrong_passwords_at_once_get_at_most_five_checks(checks_at_once):
    attempts = [("person0", f"wrong {number}", ADDRESS) for number in range(20)]
    checks = checks_at_once(1, attempts)
    print(f"20 wrong passwords at once: {checks} password checks (limit {ratelimit.MAX_FAILURES})")
    assert 1 <= checks <= ratelimit.MAX_FAILURES


@pytest.mark.django_db(transaction=True)
def test_one_address_trying_one_password_on_many_accounts_is_limited(checks_at_once):
    attempts = [(f"person{number}", "Welkom01", ADDRESS) for number in range(30)]
    attempts.append(("person0", PASSWORD, "203.0.113.9"))  # another address: not locked out
    checks = checks_at_once(30, attempts)
    print(f"30 accounts tried at once from one address: {checks} password checks")
    assert ratelimit.MAX_FAILURES_PER_ADDRESS <= checks <= ratelimit.MAX_FAILURES_PER_ADDRESS + 1


def test_a_successful_login_gives_its_check_back_to_the_address(db):
    for _ in range(ratelimit.MAX_FAILURES_PER_ADDRESS + 5):
        assert ratelimit.attempt_allowed("owner", ADDRESS)
        ratelimit.succeeded("owner", ADDRESS)
    assert not ratelimit.is_blocked("owner", ADDRESS)


def test_the_window_starts_again_once_it_has_passed(db, monkeypatch):
    start = time.time()
    monkeypatch.setattr(time, "time", lambda: start)
    allowed = [ratelimit.attempt_allowed("owner", "127.0.0.1") for _ in range(7)]
    assert allowed == [True] * ratelimit.MAX_FAILURES + [False, False]
    assert ratelimit.is_blocked("Owner ", "127.0.0.1")  # the same name, as typed
    monkeypatch.setattr(time, "time", lambda: start + ratelimit.WINDOW_SECONDS + 1)
    assert not ratelimit.is_blocked("owner", "127.0.0.1")
    assert ratelimit.attempt_allowed("owner", "127.0.0.1")


def test_counts_whose_window_has_passed_are_forgotten(db):
    import time

    from mildkracht.web.accounts import ratelimit
    from mildkracht.web.accounts.models import LoginAttempts

    now = time.time()
    LoginAttempts.objects.create(
        key="old", attempts=5, window_start=now - ratelimit.WINDOW_SECONDS - 1
    )
    LoginAttempts.objects.create(key="current", attempts=2, window_start=now - 60)
    assert ratelimit.forget_passed_windows() == 1
    assert list(LoginAttempts.objects.values_list("key", flat=True)) == ["current"]
