"""`mildkracht serve`: the web app on a production WSGI server (waitress)."""

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from mildkracht.web.runtime import prepare

THREADS = 8
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def serve(host: str, port: int, data_dir: Path | None) -> int:
    """Prepare the data directory and serve until Ctrl-C; return the exit status."""
    _handle_stop_signals()
    try:
        server = _start(host, port, data_dir)
        if server is None:
            return 1
        address = _url(host, _bound_port(server))
        print(f"Mildkracht draait op {address} — stop met Ctrl-C", flush=True)
        print(f"Mildkracht is running at {address} — stop with Ctrl-C", flush=True)
        server.run()  # returns after closing its sockets on Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass  # stopped while starting
    print("Mildkracht is gestopt / stopped.", flush=True)
    return 0


def _start(host: str, port: int, data_dir: Path | None) -> Any:
    _allow_host(host)
    prepare(data_dir, collect_static=True)

    from waitress import create_server

    from mildkracht.web.wsgi import application

    try:
        return create_server(application, host=host, port=port, threads=THREADS)
    except (OSError, ValueError) as error:
        print(
            f"Mildkracht kan niet starten op {host}:{port} / cannot start there: {error}",
            file=sys.stderr,
        )
        return None


def _handle_stop_signals() -> None:
    # Installed explicitly: a process started in the background inherits an ignored SIGINT.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _bound_port(server: object) -> int:
    # A name like "localhost" can give several sockets (IPv4 and IPv6).
    if hasattr(server, "effective_port"):
        return int(server.effective_port)
    return int(server.effective_listen[0][1])  # type: ignore[attr-defined]


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
