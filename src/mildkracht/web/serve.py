"""`mildkracht serve`: the web app on a production WSGI server (waitress).

One Python process runs one request's Python at a time, however many threads it has. Where
the operating system can fork (Linux), the server therefore runs in several processes that
share one listening socket (PROCESSES, at most the number of CPUs); elsewhere in one. The
processes keep each other's caches honest (caching.py) and take turns writing to SQLite
(sqlite/base.py); one more process commits the INSERTs of them all (sqlite/writer.py).

A browser or script keeps its connection open, and every request on it goes to the process
that accepted it. On a shared socket whichever process woke first used to take a new
connection, so one process could serve 17 of 20 people while the other idled. Each process
therefore writes how many connections it holds into memory the processes share, and only a
process with the fewest (give or take a moment's delay) watches the socket for new ones.
Each server process keeps to CPUs of its own (keep_to_own_cpus).
"""

from __future__ import annotations

import contextlib
import gc
import mmap
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mildkracht.web.runtime import prepare

THREADS = 4
SWITCH_INTERVAL = 0.001
#: Server processes where the operating system can fork; set MILDKRACHT_PROCESSES to change.
PROCESSES = 2
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def default_processes() -> int:
    """PROCESSES (or MILDKRACHT_PROCESSES) on Linux, at most one per CPU; one elsewhere."""
    if sys.platform != "linux":
        return 1
    wanted = PROCESSES
    if os.environ.get("MILDKRACHT_PROCESSES", "").strip().isdecimal():
        wanted = int(os.environ["MILDKRACHT_PROCESSES"])
    return max(1, min(wanted, os.cpu_count() or 1))


def serve(host: str, port: int, data_dir: Path | None, processes: int | None = None) -> int:
    """Prepare the data directory and serve until Ctrl-C; return the exit status."""
    _handle_stop_signals()
    try:
        _allow_host(host)
        prepare(data_dir, collect_static=True)
        from mildkracht.web.wsgi import application

        def announce(address: str) -> None:
            print(f"Mildkracht draait op {address} — stop met Ctrl-C", flush=True)
            print(f"Mildkracht is running at {address} — stop with Ctrl-C", flush=True)

        status = run(application, host, port, processes or default_processes(), announce)
    except KeyboardInterrupt:
        status = 0  # stopped while starting
    if status == 0:
        print("Mildkracht is gestopt / stopped.", flush=True)
    return status


def run(
    application: Any, host: str, port: int, processes: int, ready: Callable[[str], None]
) -> int:
    """Serve ``application`` in ``processes`` processes until a stop signal; 1 if it cannot."""
    try:
        sockets = _listen(application, host, port)
    except (OSError, ValueError) as error:
        print(
            f"Mildkracht kan niet starten op {host}:{port} / cannot start there: {error}",
            file=sys.stderr,
        )
        return 1
    # What was loaded at start lives as long as the process: keep the garbage collector from
    # walking it again and again (pauses of tens of milliseconds under load), and let forked
    # processes share those pages with the first.
    gc.collect()
    gc.freeze()
    # Hand the interpreter to a waiting thread after 1 ms instead of 5: a thread back from
    # the database (holding SQLite's turn) waits less. Measured with bench/practice_benchmark.py:
    # 350 -> 435 requests/s.
    sys.setswitchinterval(SWITCH_INTERVAL)
    spread = _Spread(processes) if processes > 1 else None
    from mildkracht.web.sqlite import writer as sqlite_writer

    writer = None
    children: list[int] = []
    try:
        # A stop signal waits while the processes are started, so that none can be started
        # and then left running: from here on, however soon it comes, every one is stopped.
        with _stop_signals_held() as held:
            writer = sqlite_writer.start(processes, THREADS, sockets)
            _fork_servers(application, sockets, processes - 1, spread, writer, children, held)
        if writer is not None:
            writer.attach(0)
        server = _server(application, sockets, spread, 0, processes)
        ready(_url(host, sockets[0].getsockname()[1]))
        server.run()  # returns after closing its sockets on Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
        if writer is not None:
            writer.stop()
    return 0


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[Any]:
    """Hold back Ctrl-C and SIGTERM (where the system can) until the block ends; the signal
    mask as it was before, for a forked process to set again."""
    if not hasattr(signal, "pthread_sigmask"):
        yield None
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield held
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _listen(application: Any, host: str, port: int) -> list[socket.socket]:
    """The listening sockets for ``host`` and ``port``, bound by waitress's own rules.

    A name like "localhost" can give several (IPv4 and IPv6); every process serves them all.
    """
    from waitress import create_server
    from waitress.server import BaseWSGIServer
    from waitress.task import ThreadedTaskDispatcher

    bound: dict[int, Any] = {}
    # No threads yet: each process starts its own after the fork.
    create_server(
        application, map=bound, _dispatcher=ThreadedTaskDispatcher(), host=host, port=port
    )
    return [server.socket for server in bound.values() if isinstance(server, BaseWSGIServer)]


def _server(
    application: Any,
    sockets: list[socket.socket],
    spread: _Spread | None,
    index: int,
    processes: int = 1,
) -> Any:
    """Server process ``index`` of ``processes``: its waitress server on ``sockets``, taking
    its share of new connections, on CPUs of its own."""
    from waitress import create_server
    from waitress.server import BaseWSGIServer

    keep_to_own_cpus(index, processes)  # before its threads start: they inherit it
    server_map: dict[int, Any] = {}
    server = create_server(application, map=server_map, sockets=sockets, threads=THREADS)
    channel = _channel_class()
    for listener in server_map.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    if spread is not None:
        spread.take_part(server_map, index)
    return server


def keep_to_own_cpus(index: int, processes: int) -> set[int] | None:
    """Keep server process ``index`` of ``processes`` (this thread, and the threads it starts
    from now on) on a share of the CPUs of its own; that share, or None where nothing changed.

    A process's threads take turns at its one interpreter lock. When they run on different
    CPUs, each turn handed to a sleeping thread has to wake it on another CPU, which on a
    virtual machine costs many times a hand-over on the same CPU; an API submit has several
    (its thread waits for the writer, then for the lock). Measured with
    bench/web_benchmark.py on 2 CPUs, five runs each, taken alternately: an API submit took
    0.77-0.89 ms of CPU time instead of 0.87-1.17 ms, and its throughput was 47-54 % of the
    bare view's (median 49 %) instead of 41-48 % (median 44 %). The bare view and the pages
    were no slower. The writer process (forked before) stays free to run on any CPU.

    The CPUs are those the program may use (``taskset``, a container's), dealt out in turn:
    of 2, one each; of 8, four each. With fewer CPUs than processes, or where the system
    does not allow it, the processes stay where the system puts them.
    """
    if processes < 2 or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        allowed = sorted(os.sched_getaffinity(0))
        if len(allowed) < processes:
            return None
        own = set(allowed[index::processes])
        os.sched_setaffinity(0, own)
    except OSError:
        return None
    return own


def _channel_class() -> type:
    """waitress's connection, without its server loop spinning while a thread writes.

    A request's thread sends its own response (under the connection's output lock), and
    meanwhile the response is waiting output, so waitress's loop finds the connection
    writable. It cannot take the lock, finds the socket writable again at once, and so
    spins: measured under 20 clients, 32 loop turns per API request and 13 per bare one,
    which cost the server loop 0.28 ms of CPU per API request.

    Here a connection whose thread holds the lock is not writable for the loop. That thread
    wakes the loop (waitress's trigger) after every write that leaves output behind, once
    it has let go of the lock, so the loop sends the rest. Every other case (no request in
    service, a connection to close) is waitress's own.
    """
    from waitress.channel import HTTPChannel

    class Channel(HTTPChannel):  # type: ignore[misc]
        def writable(self) -> bool:
            if self.total_outbufs_len and self.requests:
                if not self.outbuf_lock.acquire(False):  # the request's thread is writing
                    return bool(self.will_close or self.close_when_flushed)
                self.outbuf_lock.release()
            return bool(super().writable())

        def write_soon(self, data: Any) -> int:
            written = super().write_soon(data)
            if self.total_outbufs_len:  # the socket took only part: the loop sends the rest
                self.server.pull_trigger()
            return int(written)

    return Channel


class _Spread:
    """The connections each server process holds, in memory the processes share.

    Each process writes its count, the time and whether it watches the listening sockets,
    whenever its server loop looks at them (at every event, and at least once a second). It
    watches them only while it holds no more connections than any other process. One that
    stops watching wakes the others that do not watch (through a pipe each), so that the
    one with the fewest looks again at once and takes the next connection; meanwhile a new
    connection waits in the socket's queue. A process that has not looked for a few seconds
    (stopped) is left out.
    """

    GONE_AFTER = 3.0  # seconds without a look: the process is left out
    _FIELDS = 3  # connections, time of the last look, watching (1.0) or not (0.0)

    def __init__(self, processes: int) -> None:
        self._memory = mmap.mmap(-1, 8 * self._FIELDS * processes)  # shared after fork
        self._slots = memoryview(self._memory).cast("d")
        self._processes = processes
        self._wakers = [os.pipe() for _ in range(processes)]
        for _read_end, write_end in self._wakers:
            os.set_blocking(write_end, False)

    def may_accept(self, index: int, held: int) -> bool:
        now = time.monotonic()
        slots, width = self._slots, self._FIELDS
        others = [
            other
            for other in range(self._processes)
            if other != index and now - slots[other * width + 1] < self.GONE_AFTER
        ]
        fewest = held <= min((slots[other * width] for other in others), default=held)
        mine = index * width
        slots[mine], slots[mine + 1], slots[mine + 2] = float(held), now, float(fewest)
        if not fewest:
            for other in others:
                if not slots[other * width + 2]:  # it may hold the fewest now: look again
                    with contextlib.suppress(OSError):  # a full pipe: a wake-up is waiting
                        os.write(self._wakers[other][1], b"!")
        return fewest

    def take_part(self, server_map: dict[int, Any], index: int) -> None:
        from waitress.server import BaseWSGIServer
        from waitress.wasyncore import file_dispatcher

        class Wake(file_dispatcher):  # type: ignore[misc]
            """Being woken is all: the server loop then looks at the sockets again."""

            def readable(self) -> bool:
                return True

            def writable(self) -> bool:
                return False

            def handle_read(self) -> None:
                with contextlib.suppress(OSError):
                    os.read(self._fileno, 4096)

        Wake(self._wakers[index][0], map=server_map)
        listeners = [item for item in server_map.values() if isinstance(item, BaseWSGIServer)]
        fixed = len(server_map)  # listeners and wake-up pipes; the rest are connections
        for listener in listeners:
            accepting = listener.readable

            def readable(accepting: Callable[[], bool] = accepting) -> bool:
                ready = accepting()  # waitress's own housekeeping and connection limit
                return self.may_accept(index, len(server_map) - fixed) and ready

            listener.readable = readable


def _fork_servers(
    application: Any,
    sockets: list[socket.socket],
    count: int,
    spread: _Spread | None,
    writer: Any,
    children: list[int],
    signal_mask: Any,
) -> None:
    """``count`` more server processes on the same sockets, their ids added to ``children``
    as each starts. Called with the stop signals held (``signal_mask``: the mask before)."""
    if count <= 0 or not hasattr(os, "fork"):
        return
    from django.db import connections

    connections.close_all()  # a database connection must not be shared by two processes
    parent = os.getpid()
    for number in range(1, count + 1):
        child = os.fork()
        if child == 0:  # the new process: serve until stopped, then leave quietly
            status = 0
            try:
                _stop_with(parent)
                if signal_mask is not None:  # a stop signal held back comes now
                    signal.pthread_sigmask(signal.SIG_SETMASK, signal_mask)
                if writer is not None:
                    writer.attach(number)
                _server(application, sockets, spread, number, count + 1).run()
            except KeyboardInterrupt:
                pass
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        children.append(child)


def _stop_with(parent: int) -> None:
    """Have this forked server process stopped (SIGTERM) when ``parent`` ends, however it
    ends: killed, it cannot stop its processes itself, and they would go on holding the
    address and the data (Linux; elsewhere there is only one process)."""
    with contextlib.suppress(Exception):  # without it, a normal stop still stops it
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before that could take effect
        raise KeyboardInterrupt


def _stop(children: list[int]) -> None:
    for child in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGTERM)
    for child in children:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child, 0)


def _handle_stop_signals() -> None:
    # Installed explicitly: a process started in the background inherits an ignored SIGINT.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _raise_stop)
        signal.signal(signal.SIGTERM, _raise_stop)


def _raise_stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _allow_host(host: str) -> None:
    """Accept requests for the address served on, unless the hosts are configured."""
    if "MILDKRACHT_ALLOWED_HOSTS" in os.environ:
        return
    if host in ("0.0.0.0", "::", ""):
        print(
            "Andere apparaten: zet MILDKRACHT_ALLOWED_HOSTS op de naam of het adres van deze "
            "computer. / Other devices: set MILDKRACHT_ALLOWED_HOSTS to this computer's name "
            "or address.",
            file=sys.stderr,
        )
        return
    name = f"[{host}]" if ":" in host else host
    os.environ["MILDKRACHT_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*LOOPBACK_HOSTS, name]))


def _url(host: str, port: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return f"http://{name}:{port}/"
