"""Django's SQLite backend, with the transactions of one process taking turns.

SQLite allows one writer at a time. Every transaction here starts with BEGIN IMMEDIATE
(settings.py), so a second thread that wants to write waits for the first; SQLite's own
waiting is a sleep that grows from 1 to 100 ms between tries, which under many concurrent
writers turned a 1 ms write into waits of a second or more. The server threads of one
process therefore queue on a lock in memory first: each transaction starts the moment the
previous one ends. SQLite's locking still guards the file against other processes.

Only transactions (``transaction.atomic``) take turns; a single statement outside one is
its own short transaction and relies on SQLite's waiting as before.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db.backends.sqlite3 import base

_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(name: object) -> threading.Lock:
    key = str(name)
    with _locks_guard:
        return _locks.setdefault(key, threading.Lock())


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turn: threading.Lock | None = None

    def _start_transaction_under_autocommit(self) -> None:
        turn = _lock_for(self.settings_dict["NAME"])
        turn.acquire()
        self._turn = turn
        try:
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
        turn, self._turn = self._turn, None
        if turn is not None:
            turn.release()
