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
"""

from __future__ import annotations

import contextlib
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
    global _locks_guard
    _locks_guard = threading.Lock()
    _locks.clear()
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


class TurnTakingCursor(base.SQLiteCursorWrapper):
    """Django's SQLite cursor; a write outside a transaction takes its turn (see above)."""

    wrapper: DatabaseWrapper
    _rows: list[Any] | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        self._rows = None
        if not self._writes_alone(query):
            return super().execute(query, params)
        with self.wrapper.turn():
            result = super().execute(query, params)
            if self.description is not None:  # RETURNING: read the rows, end the statement
                self._rows = list(super().fetchall())
        return result

    def executemany(self, query: str, param_list: Any) -> Any:
        self._rows = None
        if not self._writes_alone(query):
            return super().executemany(query, param_list)
        with self.wrapper.turn():
            return super().executemany(query, param_list)

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
