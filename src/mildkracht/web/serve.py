"""`mildkracht serve`: the web app on a production WSGI server (waitress).

One Python process runs one request's Python at a time, however many threads it has. Where
the operating system can fork (Linux), the server therefore runs in several processes on the
same address (PROCESSES, at most the number of CPUs); elsewhere in one. Each process listens
on a socket of its own (SO_REUSEPORT), so that the kernel spreads new connections evenly over
them: on one shared socket, whichever process woke first took the connection, and a browser
or script keeps its connection, so one process could end up serving most people while the
other idled (17 of 20 benchmark connections on one process). The processes keep each other's
caches honest (caching.py) and take turns writing to SQLite (sqlite/base.py).
"""

import contextlib
import gc
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mildkracht.web.runtime import prepare

THREADS = 4
SWITCH_INTERVAL = 0.001
#: Server processes where the operating system can fork; set MILDKRACHT_PROCESSES to change.
PROCESSES = 2
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
BACKLOG = 1024  # waitress's own default for its sockets


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
    from waitress import create_server

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
    children = _fork_servers(application, sockets, processes - 1)
    server = create_server(application, sockets=sockets, threads=THREADS)
    ready(_url(host, sockets[0].getsockname()[1]))
    try:
        server.run()  # returns after closing its sockets on Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children)
    return 0


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


def _fork_servers(application: Any, sockets: list[socket.socket], count: int) -> list[int]:
    """``count`` more server processes on the same sockets; their ids."""
    if count <= 0 or not hasattr(os, "fork"):
        return []
    from django.db import connections
    from waitress import create_server

    connections.close_all()  # a database connection must not be shared by two processes
    shareable = _share_port(sockets)
    children = []
    for _ in range(count):
        child = os.fork()
        if child == 0:  # the new process: serve until stopped, then leave quietly
            status = 0
            try:
                own = _own_sockets(sockets) if shareable else sockets
                create_server(application, sockets=own, threads=THREADS).run()
            except KeyboardInterrupt:
                pass
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        children.append(child)
    return children


def _share_port(sockets: list[socket.socket]) -> bool:
    """Let other sockets of this user join these bound ones on their port (Linux).

    Set after binding: a second `mildkracht serve` on the same port, which binds without it,
    is still refused ("address already in use").
    """
    if not hasattr(socket, "SO_REUSEPORT"):
        return False
    try:
        for listening in sockets:
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    except OSError:
        return False
    return True


def _own_sockets(shared: list[socket.socket]) -> list[socket.socket]:
    """Listening sockets of this process's own on the addresses of ``shared``.

    The shared ones are closed here (the first process keeps them). Where a socket cannot
    be made, this process serves on the shared sockets, as before.
    """
    own: list[socket.socket] = []
    try:
        for listening in shared:
            mine = socket.socket(listening.family, listening.type, listening.proto)
            own.append(mine)
            mine.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            mine.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            if listening.family == socket.AF_INET6:
                mine.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            mine.bind(listening.getsockname())
            mine.listen(BACKLOG)
    except OSError:
        for mine in own:
            mine.close()
        return shared
    for listening in shared:
        listening.close()
    return own


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
