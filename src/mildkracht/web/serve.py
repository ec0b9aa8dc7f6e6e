"""`mildkracht serve`: the web app on granian, a standard WSGI server, as shipped.

One process model on Linux, macOS and Windows: granian's worker processes (one by default,
for a person on her own computer; ``--workers N`` on a server over PostgreSQL), each running
Django in THREADS threads. Everything the processes share lives in the database (sessions,
the cache, the task queue), so any number of them can serve the same data.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

from mildkracht.web import lan
from mildkracht.web.runtime import prepare

#: Threads per worker process that run Django (granian's "blocking threads").
THREADS = 4
#: Seconds a request still running gets to finish after Ctrl-C.
STOP_SECONDS = 5
LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
ALL_ADDRESSES = ("0.0.0.0", "::", "")
APPLICATION = "mildkracht.web.wsgi:application"


def serve(host: str, port: int, data_dir: Path | None, workers: int = 1, lan: bool = False) -> int:
    """Prepare the data directory and serve until Ctrl-C; return the exit status."""
    if lan:
        host = "0.0.0.0"
        _open_to_the_network(port)
    _allow_host(host)
    problem = _port_problem(host, port)
    if problem:
        print(
            f"Mildkracht kan niet starten op {_address(host, port)}: {problem}. Kies een andere "
            f"poort met --port. / Cannot start there: {problem}; choose another --port.",
            file=sys.stderr,
        )
        return 1
    try:
        prepare(data_dir, collect_static=True)
    except KeyboardInterrupt:
        return 0
    _forget_rendered_parts()
    shown = "127.0.0.1" if host in ALL_ADDRESSES else host
    print(f"Mildkracht draait op {_url(shown, port)} — stop met Ctrl-C", flush=True)
    print(f"Mildkracht is running at {_url(shown, port)} — stop with Ctrl-C", flush=True)
    if lan:
        _announce_to_the_network()
    server(host, port, workers).serve()
    print("Mildkracht is gestopt / stopped.", flush=True)
    return 0


def _forget_rendered_parts() -> None:
    """Empty the shared cache: parts of pages rendered by an earlier version of the code must
    not be shown by this one (the cache only ever holds what can be made again)."""
    from django.core.cache import cache

    cache.clear()


def _open_to_the_network(port: int) -> None:
    """Let phones on this network in: their address for the pages, and the host it uses."""
    address = lan.lan_address()
    if address is None:
        return
    os.environ[lan.LAN_URL_VARIABLE] = _url(address, port)
    if "MILDKRACHT_ALLOWED_HOSTS" not in os.environ:
        os.environ["MILDKRACHT_ALLOWED_HOSTS"] = ",".join([*LOOPBACK_HOSTS, address])


def _announce_to_the_network() -> None:
    url = lan.lan_url()
    if url is None:
        print(
            "Geen thuisnetwerk gevonden: alleen deze computer kan Mildkracht openen. / No local "
            "network found: only this computer can open Mildkracht.",
            flush=True,
        )
        return
    print(lan.qr_terminal(url), flush=True)
    print(LAN_NOTICE.format(url=url), flush=True)


LAN_NOTICE = """\
Op je telefoon, op hetzelfde wifi-netwerk: open {url} (of scan de QR-code) en log in.
Het verkeer gaat zonder versleuteling (http) over je eigen netwerk: gebruik dit thuis, niet op
een openbaar wifi-netwerk. Installeren en offline oefenen vragen om https (zie de README).
On your phone, on the same Wi-Fi: open {url} (or scan the code) and log in.
Traffic is not encrypted (plain http) on your own network: use this at home, not on public
Wi-Fi. Installing the app and practising offline need https (see the README)."""


def server(host: str, port: int, workers: int, application: str = APPLICATION) -> Any:
    """Granian, serving the WSGI application with ``workers`` processes of THREADS threads."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    return Granian(
        application,
        address=host or "0.0.0.0",
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        blocking_threads=THREADS,
        log_level=LogLevels.warning,
        respawn_failed_workers=True,
        # A phone or browser keeps its connection open, and granian waits for open
        # connections when asked to stop: a request still running gets this long, then stops.
        workers_kill_timeout=STOP_SECONDS,
    )


def _port_problem(host: str, port: int) -> str | None:
    """Why the address cannot be listened on (taken, not this computer's), or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if sys.platform != "win32":  # on Windows this option would share a taken port
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host or "0.0.0.0", port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def _allow_host(host: str) -> None:
    """Accept requests for the address served on, unless the hosts are configured."""
    if "MILDKRACHT_ALLOWED_HOSTS" in os.environ:
        return
    if host in ALL_ADDRESSES:
        print(
            "Andere apparaten: zet MILDKRACHT_ALLOWED_HOSTS op de naam of het adres van deze "
            "computer, of gebruik --lan. / Other devices: set MILDKRACHT_ALLOWED_HOSTS to "
            "this computer's name or address, or use --lan.",
            file=sys.stderr,
        )
        return
    name = f"[{host}]" if ":" in host else host
    os.environ["MILDKRACHT_ALLOWED_HOSTS"] = ",".join(dict.fromkeys([*LOOPBACK_HOSTS, name]))


def _address(host: str, port: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return f"{name}:{port}"


def _url(host: str, port: int) -> str:
    return f"http://{_address(host, port)}/"
