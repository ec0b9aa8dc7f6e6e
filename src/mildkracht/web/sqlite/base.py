"""Django's SQLite backend, with transactions taking turns on a lock instead of sleeping.

SQLite allows one writer at a time. Every transaction here starts with BEGIN IMMEDIATE
(settings.py), so a second writer waits for the first; SQLite's own waiting is a sleep that
grows from 1 to 100 ms between tries, which under many concurrent writers turned a 1 ms
write into waits of a second or more. Transactions therefore queue on a lock first and
start the moment the previous one ends: the threads of one process on a lock in memory,
and processes on the same database (the server's processes, the worker) on an advisory
lock of a file beside it, where the operating system has one (not on Windows, where one
process serves). SQLite's own locking still guards the data.

A statement that writes outside a transaction (Django's autocommit: most ``save()`` and
``create()`` calls) is a transaction of its own, and takes its turn the same way; one that
returns rows (INSERT ... RETURNING) ends, and commits, only when its rows are read, so they
are read at once, within the turn.

Such INSERTs are also committed in groups: each commit waits for the disk (synchronous=FULL),
so while one thread of a process has the turn, the INSERTs that other threads of the process
want to make wait beside it, and the next of them to take the turn runs them all in one
transaction, with one commit for the lot. Each thread returns only after the commit that holds
its row, with its own rows and row count, or its own error: if any statement of a group fails,
the group is rolled back and each of its statements is run again on its own. Under
`mildkracht serve` on Linux one process commits the groups of all the server's processes
(writer.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from typing import Any

from django.db.backends.sqlite3 import base

try:
    import fcntl
except ImportError:  # Windows: one server process, the lock in memory is enough
    fcntl = None  # type: ignore[assignment]

_locks: dict[str, threading.Lock] = {}
_files: dict[str, int] = {}
_locks_guard = threading.Lock()


def _lock_for(name: object) -> threading.Lock:
    key = str(name)
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


def _forget_after_fork() -> None:
    # A forked server process must open the file again: a lock on a descriptor it shares
    # with its parent would be the parent's lock too.
    global _locks_guard, _writer
    _locks_guard = threading.Lock()
    _writer = None  # the link's sockets belong to the parent's threads
    _locks.clear()
    _groups.clear()
    for descriptor in _files.values():
        os.close(descriptor)
    _files.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def _file_for(name: object) -> int | None:
    """An open descriptor of ``<database>-turn``, shared by this process's threads."""
    key = str(name)
    if fcntl is None or key.startswith("file:") or key == ":memory:" or not key:
        return None
    with _locks_guard:
        if key not in _files:
            _files[key] = os.open(f"{key}-turn", os.O_RDWR | os.O_CREAT, 0o600)
        return _files[key]


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class _Insert:
    """One INSERT waiting for a group commit, and what came of it."""

    __slots__ = ("done", "error", "lastrowid", "params", "query", "rowcount", "rows")

    def __init__(self, query: str, params: Any) -> None:
        self.query, self.params = query, params
        self.rows: list[Any] | None = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.error: BaseException | None = None
        self.done = False


class _Group:
    """The INSERTs of one process waiting for one database's turn."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.pending: list[_Insert] = []
        self.leading = False
        self.statements = 0  # counted for the tests and benchmarks: statements, commits
        self.commits = 0


_groups: dict[str, _Group] = {}
#: In a server process whose INSERTs the writer process commits: its link to it (writer.py).
_writer: Any = None


def _group_for(name: object) -> _Group:
    key = str(name)
    with _locks_guard:
        return _groups.setdefault(key, _Group())


@functools.lru_cache(maxsize=1024)
def _qmark_style(query: str) -> str:
    """Django's conversion of a query to SQLite's "?" placeholders, done once per query.

    The same few statements run over and over (the INSERTs most of all); the conversion is
    a regular expression over the whole statement, which cost the writer a tenth of its time.
    """
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class _ConvertOnce(base.SQLiteCursorWrapper):
    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark_style(query)
        return str(super().convert_query(query, param_names=param_names))


class TurnTakingCursor(_ConvertOnce):
    """Django's SQLite cursor; a write outside a transaction takes its turn (see above)."""

    wrapper: DatabaseWrapper
    _rows: list[Any] | None = None
    _grouped_rowcount: int | None = None
    _grouped_lastrowid: int | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        self._rows = None
        self._grouped_rowcount = self._grouped_lastrowid = None
        if not self._writes_alone(query):
            return super().execute(query, params)
        if self.wrapper.autocommit and query.lstrip()[:7].upper().startswith("INSERT"):
            # Only in Django's autocommit: with autocommit turned off by hand, SQLite opens
            # the transaction at this very INSERT, which must then stay on this connection.
            return self._insert_in_group(query, params)
        with self.wrapper.turn():
            result = super().execute(query, params)
            if self.description is not None:  # RETURNING: read the rows, end the statement
                self._rows = list(super().fetchall())
        return result

    def executemany(self, query: str, param_list: Any) -> Any:
        self._rows = None
        self._grouped_rowcount = self._grouped_lastrowid = None
        if not self._writes_alone(query):
            return super().executemany(query, param_list)
        with self.wrapper.turn():
            return super().executemany(query, param_list)

    def _insert_in_group(self, query: str, params: Any) -> Any:
        entry = _committed(self.wrapper, query, params)
        if entry.error is not None:
            raise entry.error
        self._rows = entry.rows if entry.rows is not None else []
        self._grouped_rowcount, self._grouped_lastrowid = entry.rowcount, entry.lastrowid
        return self

    @property
    def rowcount(self) -> int:  # type: ignore[override]
        if self._grouped_rowcount is not None:
            return self._grouped_rowcount
        return base.SQLiteCursorWrapper.rowcount.__get__(self)  # type: ignore[attr-defined,no-any-return]

    @property
    def lastrowid(self) -> int | None:  # type: ignore[override]
        if self._grouped_rowcount is not None:
            return self._grouped_lastrowid
        return base.SQLiteCursorWrapper.lastrowid.__get__(self)  # type: ignore[attr-defined,no-any-return]

    def _writes_alone(self, query: str) -> bool:
        if self.connection.in_transaction:
            return False  # inside a transaction, which already has the turn
        return query.lstrip()[:7].upper().startswith(_WRITES)

    def fetchone(self) -> Any:
        if self._rows is None:
            return super().fetchone()
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size: int | None = None) -> list[Any]:
        if self._rows is None:
            return super().fetchmany(self.arraysize if size is None else size)
        count = self.arraysize if size is None else size
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    def fetchall(self) -> list[Any]:
        if self._rows is None:
            return super().fetchall()
        taken, self._rows = self._rows, []
        return taken


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turn: threading.Lock | None = None
        self._turn_file: int | None = None

    def create_cursor(self, name: str | None = None) -> TurnTakingCursor:
        cursor = self.connection.cursor(factory=TurnTakingCursor)
        cursor.wrapper = self
        return cursor

    @contextlib.contextmanager
    def turn(self) -> Iterator[None]:
        """The turn for one statement outside a transaction."""
        name = self.settings_dict["NAME"]
        with _lock_for(name):
            descriptor = _file_for(name)
            if descriptor is None:
                yield
                return
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    def insert_row(self, query: str, params: Any) -> list[Any] | None:
        """One INSERT as a cursor runs it outside a transaction, without Django's cursor.

        The rows it returns (RETURNING), or None inside a transaction or when queries are
        being logged or wrapped (tests, debugging): a cursor must run it then.
        """
        if self.queries_logged or self.execute_wrappers:
            return None
        self.close_if_health_check_failed()
        self.ensure_connection()
        if not self.autocommit or self.connection.in_transaction:
            return None
        with self.wrap_database_errors:
            entry = _committed(self, query, params)
            if entry.error is not None:
                raise entry.error
        return entry.rows if entry.rows is not None else []

    def run_group(self, batch: list[_Insert]) -> None:
        """Run INSERTs of several threads in one transaction; the caller has the turn.

        If one fails, the whole group is rolled back and each runs again on its own, so that
        only the failing one gets the error.
        """
        cursor = self.connection.cursor(factory=_ConvertOnce)
        try:
            if len(batch) > 1:
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    for entry in batch:
                        _run(cursor, entry)
                    cursor.execute("COMMIT")
                except Exception:
                    if self.connection.in_transaction:
                        cursor.execute("ROLLBACK")
                else:
                    for entry in batch:
                        entry.done = True
                    return
            for entry in batch:  # one at a time, each its own transaction (autocommit)
                try:
                    _run(cursor, entry)
                except Exception as error:
                    entry.rows, entry.error = None, error
                entry.done = True
        except BaseException as error:  # e.g. interrupted: nobody may wait for ever
            for entry in batch:
                if not entry.done:
                    entry.rows, entry.error, entry.done = None, error, True
            raise
        finally:
            cursor.close()

    def _start_transaction_under_autocommit(self) -> None:
        name = self.settings_dict["NAME"]
        turn = _lock_for(name)
        turn.acquire()
        self._turn = turn
        try:
            # Threads first, then processes: the file's lock belongs to the whole process.
            descriptor = _file_for(name)
            if descriptor is not None:
                fcntl.flock(descriptor, fcntl.LOCK_EX)
                self._turn_file = descriptor
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._end_turn()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._end_turn()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._end_turn()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._end_turn()

    def _end_turn(self) -> None:
        descriptor, self._turn_file = self._turn_file, None
        turn, self._turn = self._turn, None
        try:
            if descriptor is not None:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            if turn is not None:
                turn.release()


def _committed(wrapper: DatabaseWrapper, query: str, params: Any) -> _Insert:
    """One INSERT outside a transaction, committed by the writer or in a group here."""
    entry = _Insert(query, params)
    link = _writer
    if link is None or not link.commit(entry):
        _commit_in_process(wrapper, entry)
    return entry


def _commit_in_process(wrapper: DatabaseWrapper, entry: _Insert) -> None:
    group = _group_for(wrapper.settings_dict["NAME"])
    with group.condition:
        group.pending.append(entry)
        while group.leading and not entry.done:
            group.condition.wait()
        leading = not entry.done
        if leading:
            group.leading = True
    if leading:
        try:
            with wrapper.turn():
                with group.condition:  # everything that arrived while waiting for the turn
                    batch, group.pending = group.pending, []
                wrapper.run_group(batch)
                group.statements += len(batch)
                group.commits += 1
        except BaseException:
            with group.condition:  # no turn (interrupted): this INSERT must not run later
                if entry in group.pending:
                    group.pending.remove(entry)
            raise
        finally:
            with group.condition:
                group.leading = False
                group.condition.notify_all()


def _run(cursor: _ConvertOnce, entry: _Insert) -> None:
    cursor.execute(entry.query, entry.params)
    entry.rows = list(cursor.fetchall()) if cursor.description is not None else []
    entry.rowcount, entry.lastrowid = cursor.rowcount, cursor.lastrowid
