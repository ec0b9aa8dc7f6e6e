"""How fast the pages feel to people using the app at once, through a real server.

    .venv/bin/python bench/web_benchmark.py                    # 20 people, 1 s between requests
    .venv/bin/python bench/web_benchmark.py --clients 200 --pause 5 --postgres --workers 2
    .venv/bin/python bench/web_benchmark.py --pause 0           # back to back, page by page

Seeds a fresh database (SQLite in a temporary data directory, or a fresh PostgreSQL database
with --postgres) with one person per client, each with six months of history (bench/seed.py),
then starts the app on granian as `mildkracht serve` does (--workers processes, the same
threads), with one extra bare view that returns "ok" through the same middleware.

Each client is a person signed in (a session made as a login makes it). With a pause (the
default), each client visits, for --duration seconds, the pages a person visits in turn
(profile, week view, program progress, help, logging a moment, an API submission, and the
bare view), waiting about --pause seconds (0.5 to 1.5 times) between requests, on a
kept-alive connection like a browser's. With --pause 0, the clients
send --requests requests each to one page at a time, back to back, and the throughput of
each page is set next to the bare view's.

Reports, per page: the number of requests, errors, p50, p95 and max latency in ms; with
--pause 0 also requests per second. Results also go to bench/out/web_benchmark.json.
Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from loopback import Client, percentile
from seed import SUBMISSION, seed, signed_in_sessions

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
POSTGRES = os.environ.get("MILDKRACHT_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
JSON = "application/json"


def _moment(client: Client) -> int:
    form = {"area": "work", "kind": "break", "next": "/practice/"}
    form["csrfmiddlewaretoken"] = client.cookies["csrftoken"]
    return client.post_form("/practice/moments/new/", form)


def _api_submit(client: Client) -> int:
    return client.request("POST", "/api/assessments", SUBMISSION, JSON)


PAGES: dict[str, tuple[Callable[[Client], int], int]] = {
    "bare": (lambda client: client.request("GET", "/bench/bare/"), 200),
    "help": (lambda client: client.request("GET", "/help/"), 200),
    "profile": (lambda client: client.request("GET", "/profile/"), 200),
    "week": (lambda client: client.request("GET", "/practice/week/"), 200),
    "progress": (lambda client: client.request("GET", "/program/progress/"), 200),
    "moment": (_moment, 302),
    "api_submit": (_api_submit, 201),
}


class Results:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {name: [] for name in PAGES}
        self.errors: dict[str, int] = dict.fromkeys(PAGES, 0)
        self.wall: dict[str, float] = {}
        self.lock = threading.Lock()

    def add(self, page: str, milliseconds: float, ok: bool) -> None:
        with self.lock:
            self.times[page].append(milliseconds)
            self.errors[page] += not ok

    def summary(self) -> dict[str, dict[str, float]]:
        found = {}
        for page, times in self.times.items():
            if not times:
                continue
            found[page] = {
                "requests": len(times),
                "errors": self.errors[page],
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
            }
            if page in self.wall:
                found[page]["per_second"] = round(len(times) / self.wall[page], 1)
        return found


def visit(client: Client, token: str, page: str, results: Results) -> None:
    action, expected = PAGES[page]
    if page == "api_submit":
        client.headers["Authorization"] = f"Bearer {token}"
    start = time.perf_counter()
    try:
        status = action(client)
    except (OSError, ConnectionError):
        status = 0
        client.close()
    results.add(page, (time.perf_counter() - start) * 1000, status == expected)
    client.headers.pop("Authorization", None)


def signed_in(port: int, session: str) -> Client:
    """A browser that is signed in, with the CSRF cookie a page with a form gives."""
    client = Client(port)
    client.cookies["sessionid"] = session
    if client.request("GET", "/practice/") != 200 or "csrftoken" not in client.cookies:
        raise SystemExit("a seeded session did not work")
    return client


def person(port: int, session: str, token: str, arguments, results: Results, go) -> None:
    client = signed_in(port, session)
    generator = random.Random(session)
    pages = list(PAGES)
    generator.shuffle(pages)
    go.wait()
    deadline = time.monotonic() + arguments.duration
    index = 0
    while time.monotonic() < deadline:
        time.sleep(arguments.pause * generator.uniform(0.5, 1.5))
        visit(client, token, pages[index % len(pages)], results)
        index += 1
    client.close()


def with_pauses(port: int, sessions: list[str], token: str, arguments) -> Results:
    results = Results()
    go = threading.Event()
    threads = [
        threading.Thread(target=person, args=(port, session, token, arguments, results, go))
        for session in sessions
    ]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join()
    return results


def back_to_back(port: int, sessions: list[str], token: str, arguments) -> Results:
    results = Results()
    clients = [signed_in(port, session) for session in sessions]
    for page in arguments.pages:

        def send(client: Client, page: str = page) -> None:
            for _ in range(arguments.requests):
                visit(client, token, page, results)

        for client in clients[:4]:  # warm up each worker's code path
            visit(client, token, page, Results())
        threads = [threading.Thread(target=send, args=(client,)) for client in clients]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results.wall[page] = time.perf_counter() - start
    return results


@contextlib.contextmanager
def database(postgres: bool) -> Iterator[dict[str, str]]:
    if not postgres:
        yield {}
        return
    import psycopg

    name = f"mildkracht_bench_{os.getpid()}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": f"{POSTGRES}/{name}"}
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SERVERS = {
    "granian": """
import sys
from mildkracht.web.serve import server
server("127.0.0.1", int(sys.argv[1]), int(sys.argv[2]), "bench_app:application").serve()
""",
    # For comparison only (pip install waitress): one process of the same number of threads.
    "waitress": """
import sys
import waitress
from bench_app import application
from mildkracht.web.serve import THREADS
waitress.serve(application, host="127.0.0.1", port=int(sys.argv[1]), threads=THREADS,
               connection_limit=1000, _quiet=True)
""",
}


@contextlib.contextmanager
def running_server(
    data_dir: Path, env: dict[str, str], workers: int, kind: str = "granian"
) -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, **env, "MILDKRACHT_DATA_DIR": str(data_dir)}
    environment["PYTHONPATH"] = os.pathsep.join([str(HERE), environment.get("PYTHONPATH", "")])
    command = [sys.executable, "-c", SERVERS[kind], str(port), str(workers)]
    process = subprocess.Popen(command, env=environment, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("the server did not stop within 30 s: killed", file=sys.stderr)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between requests")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, with a pause")
    parser.add_argument("--requests", type=int, default=100, help="per client, back to back")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--server", choices=list(SERVERS), default="granian")
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=list(PAGES))
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mildkracht-bench-") as directory:
        data_dir = Path(directory)
        with database(arguments.postgres) as env:
            os.environ.update(env)
            token = seed(data_dir, arguments.clients)
            sessions = signed_in_sessions(arguments.clients)
            from django.db import connections

            connections.close_all()
            with running_server(data_dir, env, arguments.workers, arguments.server) as port:
                if arguments.pause > 0:
                    results = with_pauses(port, sessions, token, arguments)
                else:
                    results = back_to_back(port, sessions, token, arguments)
    report(arguments, results.summary())
    return 0


def report(arguments, summary: dict[str, dict[str, float]]) -> None:
    database_name = "PostgreSQL" if arguments.postgres else "SQLite"
    mode = f"{arguments.pause} s pause" if arguments.pause > 0 else "back to back"
    print(
        f"{arguments.clients} clients, {mode}, {database_name}, {arguments.server}: "
        f"{arguments.workers} worker(s) x {_threads()} threads"
    )
    bare_rate = summary.get("bare", {}).get("per_second")
    for page, figures in summary.items():
        line = (
            f"  {page:11} n={figures['requests']:6}  errors={figures['errors']:3}  "
            f"p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
            f"max {figures['max_ms']:7.1f} ms"
        )
        if "per_second" in figures:
            line += f"  {figures['per_second']:7.1f}/s"
            if bare_rate:
                line += f" ({figures['per_second'] / bare_rate:.0%} of bare)"
        print(line)
    OUT.mkdir(exist_ok=True)
    record = {"arguments": vars(arguments), "pages": summary}
    (OUT / "web_benchmark.json").write_text(json.dumps(record, indent=2))


def _threads() -> int:
    from mildkracht.web.serve import THREADS

    return THREADS


if __name__ == "__main__":
    sys.exit(main())
