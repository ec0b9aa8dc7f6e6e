"""The SQLite backend: the transactions of one process take turns instead of colliding."""

import subprocess
import sys
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.inserts import insert
from mildkracht.web.sqlite.base import DatabaseWrapper, _lock_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
]

THREADS = 8
WRITES = 25


def _in_thread(work, *args) -> threading.Thread:
    def run() -> None:
        try:
            work(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _run_all(work, arguments, timeout: float = 120) -> None:
    """``work(argument)`` in a thread each, all at once; every thread must finish."""
    threads = [_in_thread(work, argument) for argument in arguments]
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads)


def _lined_up(work, arguments) -> None:
    """``work(argument)`` in a thread each, all INSERTing while another writer has the
    turn: they line up in the group, then run once the turn is free."""
    group = _group()
    waiting = len(group.pending) + len(arguments)
    with _lock_for(connection.settings_dict["NAME"]):
        threads = [_in_thread(work, argument) for argument in arguments]
        _wait_until(lambda: len(group.pending) == waiting)
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def test_many_threads_writing_at_once_all_succeed():
    errors: list[Exception] = []

    def write(thread: int) -> None:
        for n in range(WRITES):
            try:
                with transaction.atomic():
                    User.objects.create(username=f"t{thread}-{n}")
                    # read back inside the same transaction
                    assert User.objects.filter(username=f"t{thread}-{n}").exists()
            except Exception as error:  # collected and reported below
                errors.append(error)

    _run_all(write, range(THREADS))
    assert errors == []
    assert User.objects.count() == THREADS * WRITES


def test_many_threads_writing_outside_transactions_all_succeed():
    errors: list[Exception] = []
    created: list[int] = []

    def write(thread: int) -> None:
        for n in range(WRITES):
            try:
                # Django's autocommit: one INSERT ... RETURNING, its own transaction
                created.append(User.objects.create(username=f"a{thread}-{n}").pk)
                User.objects.filter(username=f"a{thread}-{n}").update(first_name="x")
            except Exception as error:  # collected and reported below
                errors.append(error)

    _run_all(write, range(THREADS))
    assert errors == []
    assert sorted(created) == sorted(User.objects.values_list("pk", flat=True))
    assert User.objects.filter(first_name="x").count() == THREADS * WRITES


def test_rows_returned_by_a_write_are_all_read():
    people = User.objects.bulk_create([User(username=f"b{n}") for n in range(250)])
    assert [person.pk for person in people] == list(
        User.objects.order_by("pk").values_list("pk", flat=True)
    )
    assert all(person.pk is not None for person in people)


def test_a_failed_transaction_gives_the_turn_to_the_next():
    def fail() -> None:
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            User.objects.create(username="rolled back")
            _ = 1 / 0

    first = _in_thread(fail)
    first.join(timeout=60)
    second = _in_thread(lambda: User.objects.create(username="next"))
    second.join(timeout=60)  # would hang on a turn never given back
    assert not second.is_alive()
    assert list(User.objects.values_list("username", flat=True)) == ["next"]


def test_a_connection_closed_inside_a_transaction_gives_the_turn_back(tmp_path):
    # A database file of its own: the test database lives in memory, where Django ignores
    # close().
    name = tmp_path / "turns.sqlite3"
    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "NAME": name, "OPTIONS": {"transaction_mode": "IMMEDIATE"}},
        alias="turns",
    )
    turn = _lock_for(name)
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert turn.locked()
    wrapper.close()
    assert not turn.locked()
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert turn.locked()
    wrapper.commit()
    assert not turn.locked()


PROBE = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
try:
    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("free")
except BlockingIOError:
    print("busy")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="one process on Windows")
def test_other_processes_wait_for_the_turn_too(tmp_path):
    name = tmp_path / "turns.sqlite3"
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": name}, alias="turns")

    def probe() -> str:
        run = subprocess.run(
            [sys.executable, "-c", PROBE, f"{name}-turn"], capture_output=True, text=True
        )
        return run.stdout.strip()

    assert probe() == "free"
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert probe() == "busy"
    wrapper.rollback()
    assert probe() == "free"
    wrapper.close()


def _wait_until(condition, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the threads did not line up"
        time.sleep(0.005)


def _group():
    from mildkracht.web.sqlite.base import _group_for

    return _group_for(connection.settings_dict["NAME"])


def test_inserts_waiting_for_the_turn_are_committed_together():
    group = _group()
    statements, commits = group.statements, group.commits
    made: dict[str, int] = {}
    errors: list[Exception] = []

    def create(name: str) -> None:
        try:
            made[name] = User.objects.create(username=name).pk
        except Exception as error:  # collected and reported below
            errors.append(error)

    _lined_up(create, [f"g{n}" for n in range(6)])  # somebody else is writing meanwhile
    assert errors == []
    assert group.commits - commits == 1  # one commit for the six
    assert group.statements - statements == 6
    stored = dict(User.objects.values_list("username", "pk"))
    assert made == stored  # each thread got the key of its own row


def test_a_failing_insert_in_a_group_fails_alone():
    User.objects.create(username="taken")
    outcome: dict[str, object] = {}

    def create(name: str) -> None:
        try:
            outcome[name] = User.objects.create(username=name).pk
        except Exception as error:  # the expected IntegrityError, checked below
            outcome[name] = error

    names = ["h1", "taken", "h2", "h3"]
    _lined_up(create, names)
    assert isinstance(outcome["taken"], IntegrityError)
    assert sorted(User.objects.values_list("username", flat=True)) == ["h1", "h2", "h3", "taken"]
    for name in ("h1", "h2", "h3"):
        assert outcome[name] == User.objects.get(username=name).pk


def test_a_grouped_insert_reports_its_own_row_count():
    counts: list[int] = []

    def write(name: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_user (username, password, is_superuser, is_staff, "
                "is_active, first_name, last_name, email, date_joined, language, time_zone) "
                "VALUES (%s, '', 0, 0, 1, '', '', '', '2026-01-01', 'nl', 'Europe/Amsterdam')",
                [name],
            )
            counts.append(cursor.rowcount)

    _lined_up(write, [f"r{n}" for n in range(3)])
    assert counts == [1, 1, 1]
    assert User.objects.filter(username__startswith="r").count() == 3


def test_with_autocommit_turned_off_an_insert_stays_in_its_own_transaction():
    """Not grouped with another thread's INSERT: it belongs to the transaction that SQLite
    opens at it, and is rolled back with it."""
    from mildkracht.web.practice.models import Moment

    person = User.objects.create(username="someone")
    group = _group()
    errors: list[Exception] = []

    def in_autocommit() -> None:
        Moment.objects.create(owner=person, area="self", kind="break")

    def by_hand() -> None:
        transaction.set_autocommit(False)
        try:
            Moment.objects.create(owner=person, area="work", kind="break")
            transaction.rollback()
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            transaction.set_autocommit(True)

    with _lock_for(connection.settings_dict["NAME"]):  # the INSERTs line up behind a writer
        first = _in_thread(in_autocommit)
        _wait_until(lambda: len(group.pending) == 1)
        second = _in_thread(by_hand)
        time.sleep(0.2)  # time to join the group, if it wrongly did
    first.join(timeout=60)
    second.join(timeout=60)
    assert errors == []
    assert list(Moment.objects.values_list("area", flat=True)) == ["self"]


def test_placeholders_become_sqlites_as_djangos_own_conversion_makes_them():
    with connection.cursor() as cursor:
        for _ in range(2):  # the second time from the remembered conversion
            cursor.execute("SELECT '100%%', %s, %s", [5, "%s"])
            assert cursor.fetchone() == ("100%", 5, "%s")
        cursor.execute("SELECT %(a)s, %(b)s", {"a": 1, "b": "x"})  # named: Django's own way
        assert cursor.fetchone() == (1, "x")


def test_a_group_runs_statements_with_a_percent_sign_in_them():
    User.objects.create(username="50%% sure")
    User.objects.create(username="100% sure")
    assert sorted(User.objects.values_list("username", flat=True)) == ["100% sure", "50%% sure"]


def _assessment_of(person: User, pk: int | None = None):
    return Assessment(pk=pk, owner=person, instrument_id="scs", instrument_version="1")


def test_an_insert_outside_a_transaction_needs_no_cursor(monkeypatch):
    person = User.objects.create(username="direct")
    connection.ensure_connection()

    def no_cursor(*args, **kwargs):
        raise AssertionError("the INSERT went through a cursor")

    monkeypatch.setattr(connection, "cursor", no_cursor)
    row = _assessment_of(person)
    insert(row)
    monkeypatch.undo()
    assert row.pk is not None
    assert Assessment.objects.get(pk=row.pk).owner == person


def test_an_insert_inside_a_transaction_stays_in_it():
    person = User.objects.create(username="rolled back")
    with pytest.raises(RuntimeError), transaction.atomic():
        insert(_assessment_of(person))
        raise RuntimeError("roll it back")
    assert not Assessment.objects.filter(owner=person).exists()


def test_an_insert_is_seen_where_queries_are_counted():
    person = User.objects.create(username="counted")
    with CaptureQueriesContext(connection) as captured:
        insert(_assessment_of(person))
    assert [query["sql"][:6] for query in captured.captured_queries] == ["INSERT"]


def test_a_duplicate_key_is_djangos_integrity_error():
    person = User.objects.create(username="twice")
    insert(_assessment_of(person, pk=7000))
    with pytest.raises(IntegrityError):
        insert(_assessment_of(person, pk=7000))
