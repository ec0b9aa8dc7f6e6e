"""One process that commits the INSERTs of all of the server's processes (Linux).

Each commit waits for the disk (synchronous=FULL), so INSERTs made outside a transaction are
committed in groups (base.py). When the thread that led a group did that itself, it held the
write turn while it waited, after every statement, for its own process's interpreter lock,
which the other threads of the process held while they worked: under load a group held the
turn for 2.4 ms on average (5.5 ms at the 90th percentile), where the statements and the
commit need about 0.3 ms. The two processes then mostly waited for each other.

`mildkracht serve` therefore forks one more process, before the server processes, whose only
work is to commit. Each server thread that INSERTs sends the statement and its values to it
over a socket of its own (a socket pair made before the fork: no other program can reach it)
and waits for the answer: the row's key and returned values, or the statement's own error.
Everything that arrives while the writer commits one group forms the next group, whichever
process sent it. The writer takes the same write turn as everyone else (base.py), so UPDATEs,
DELETEs and transactions of the server processes still take turns with it.

- A server process with no free socket (more threads writing at once than it was given), or
  whose writer has gone, commits in its own process, as before.
- If the writer goes after a statement was sent and before it answered, nobody can tell
  whether the row was committed: that INSERT fails with an error saying so, and the
  process commits its later INSERTs itself.
- The writer ignores Ctrl-C and SIGTERM and stops once every server process has closed its
  sockets, so a statement that was sent is always answered. A server that stops waits for it
  (at most STOP_SECONDS).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import signal
import socket
import sqlite3
import struct
import sys
import threading
from typing import Any

from mildkracht.web.sqlite import base

_LENGTH = struct.Struct("!I")
_FIRST_READ = 65536  # bytes; a statement with its values, or an answer, is far smaller
#: How long a stopping server waits for the writer to finish, in seconds.
STOP_SECONDS = 10.0
NAME = b"mildkracht-db"  # the writer's name in `top` and `ps -o comm`


class Link:
    """A server process's sockets to the writer: one for each thread writing at once."""

    def __init__(self, sockets: list[socket.socket]) -> None:
        self._free = sockets
        self._guard = threading.Lock()
        self._gone = False

    def commit(self, entry: base._Insert) -> bool:
        """Have the writer run ``entry``; False when it could not be sent (run it here)."""
        try:
            message = _pack((entry.query, entry.params))
        except Exception:  # a value pickle cannot carry (a memoryview): run it here
            return False
        with self._guard:
            if self._gone or not self._free:
                return False
            channel = self._free.pop()
        try:
            channel.sendall(message)
        except OSError:
            self._lose(channel)
            return False  # not sent: the writer has gone
        try:
            entry.rows, entry.rowcount, entry.lastrowid, entry.error = _receive(channel)
        except (OSError, EOFError, pickle.UnpicklingError):
            self._lose(channel)
            entry.rows, entry.error = (
                None,
                sqlite3.OperationalError(
                    "The database writer stopped before it confirmed this INSERT: it may or may "
                    "not have been committed."
                ),
            )
        else:
            with self._guard:
                self._free.append(channel)
        entry.done = True
        return True

    def _lose(self, channel: socket.socket) -> None:
        with self._guard:
            self._gone = True  # later INSERTs are committed in this process
        channel.close()

    def close(self) -> None:
        with self._guard:
            self._gone = True
            free, self._free = self._free, []
        for channel in free:
            channel.close()


class Writer:
    """The writer process, seen from the server: its id and the sockets for each process."""

    def __init__(self, pid: int, ends: list[list[socket.socket]]) -> None:
        self.pid = pid
        self._ends = ends

    def attach(self, index: int) -> None:
        """In server process ``index``: commit through the writer, and close the sockets of
        the other processes (the writer stops when the last socket to it is closed)."""
        for number, ends in enumerate(self._ends):
            if number != index:
                for end in ends:
                    end.close()
        base._writer = Link(self._ends[index])
        self._ends = []

    def stop(self) -> bool:
        """In the first server process, after the others have stopped: let the writer
        finish and wait for it. False if it had to be killed after STOP_SECONDS."""
        link, base._writer = base._writer, None
        if link is not None:
            link.close()
        for ends in self._ends:
            for end in ends:
                end.close()
        return _wait_for(self.pid, STOP_SECONDS)


def start(processes: int, threads: int, listening: list[socket.socket]) -> Writer | None:
    """Fork the writer for ``processes`` server processes of ``threads`` threads each.

    The writer closes its copies of the ``listening`` sockets: the address is free again as
    soon as the servers have stopped.

    None where there is no writer: not on Linux, or when the data is not in a SQLite file of
    this backend (PostgreSQL, a database in memory).
    """
    if sys.platform != "linux":
        return None
    from django.db import connections

    wrapper = connections["default"]
    name = str(wrapper.settings_dict["NAME"])
    if not isinstance(wrapper, base.DatabaseWrapper) or base._file_for(name) is None:
        return None
    connections.close_all()  # a database connection must not be shared by two processes
    pairs = [[socket.socketpair() for _ in range(threads)] for _ in range(processes)]
    # Ctrl-C goes to every process of the terminal's group: the writer ignores it from its
    # first instant (held back until it does), and stops only once the servers have gone.
    stops = {signal.SIGINT, signal.SIGTERM}
    held = signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    ready_to_read, ready_to_write = os.pipe()
    try:
        pid = os.fork()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    if pid == 0:  # the writer: commit until every server process has gone, then leave
        status = 0
        try:
            for number in stops:
                signal.signal(number, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            _name_process()
            os.close(ready_to_read)
            for listener in listening:
                listener.close()
            for server_end, _writer_end in (pair for row in pairs for pair in row):
                server_end.close()
            os.write(ready_to_write, b"!")
            os.close(ready_to_write)
            _serve([writer_end for row in pairs for _server_end, writer_end in row])
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    os.close(ready_to_write)
    for _server_end, writer_end in (pair for row in pairs for pair in row):
        writer_end.close()
    ready = os.read(ready_to_read, 1)  # named, deaf to Ctrl-C: the server may go on
    os.close(ready_to_read)
    if not ready:  # it could not start: commit in the server's own processes
        for server_end, _writer_end in (pair for row in pairs for pair in row):
            server_end.close()
        _wait_for(pid, STOP_SECONDS)
        return None
    return Writer(pid, [[server_end for server_end, _ in row] for row in pairs])


def _serve(channels: list[socket.socket]) -> None:
    from django.db import connections

    wrapper = connections["default"]
    selector = selectors.DefaultSelector()
    for channel in channels:
        selector.register(channel, selectors.EVENT_READ, channel)
    while selector.get_map():
        batch: list[tuple[socket.socket, base._Insert]] = []
        for key, _events in selector.select():
            channel = key.data  # registered with the socket as its data
            try:
                query, params = _receive(channel)
            except (OSError, EOFError, pickle.UnpicklingError):  # that server process has gone
                selector.unregister(channel)
                channel.close()
                continue
            batch.append((channel, base._Insert(query, params)))
        if batch:
            _commit([entry for _channel, entry in batch], wrapper)
            for channel, entry in batch:
                with contextlib.suppress(OSError):  # its process has gone; the others have not
                    channel.sendall(_answer(entry))
    wrapper.close()  # SQLite's own clean close, before the process ends


def _commit(batch: list[base._Insert], wrapper: Any) -> None:
    try:
        wrapper.ensure_connection()
        with wrapper.turn():
            wrapper.run_group(batch)
    except Exception as error:  # no connection, no turn: every statement gets the error
        for entry in batch:
            if not entry.done:
                entry.rows, entry.error, entry.done = None, error, True
        with contextlib.suppress(Exception):
            wrapper.close()  # connect afresh for the next group


def _answer(entry: base._Insert) -> bytes:
    try:
        return _pack((entry.rows, entry.rowcount, entry.lastrowid, entry.error))
    except Exception:  # an error (or value) pickle cannot carry: its words are enough
        error = sqlite3.OperationalError(str(entry.error or "the INSERT's result was lost"))
        return _pack((None, -1, None, error))


def _pack(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(data)) + data


def _receive(channel: socket.socket) -> Any:
    # One read takes a whole message as a rule: a socket carries one message at a time (a
    # statement, then its answer), so nothing of a next message can be in it.
    data = channel.recv(_FIRST_READ)
    if len(data) < _LENGTH.size:
        data += _read(channel, _LENGTH.size - len(data))
    (length,) = _LENGTH.unpack_from(data)
    body = data[_LENGTH.size :]
    if len(body) < length:
        body += _read(channel, length - len(body))
    return pickle.loads(body)


def _read(channel: socket.socket, size: int) -> bytes:
    data = channel.recv(size)
    if len(data) == size:
        return data
    parts = [data]
    received = len(data)
    while received < size:
        if not parts[-1]:
            raise EOFError("the other end closed its socket")
        parts.append(channel.recv(size - received))
        received += len(parts[-1])
    return b"".join(parts)


def _name_process() -> None:
    with contextlib.suppress(Exception):  # a name is a courtesy only
        import ctypes

        ctypes.CDLL(None).prctl(15, NAME, 0, 0, 0)  # PR_SET_NAME


def _wait_for(pid: int, seconds: float) -> bool:
    """Wait until process ``pid`` has ended, killing it after ``seconds``; True if it ended
    by itself."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return True  # already waited for
        if done:
            return True
        time.sleep(0.01)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    return False
