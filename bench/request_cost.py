"""The CPU cost of one request inside the app, without a server or a network (issue 3, part 7).

    .venv/bin/python bench/request_cost.py [--requests 3000] [--profile api_submit]

Calls the WSGI application directly, in this one process, with the requests that
bench/web_benchmark.py sends (the bare view and the API submit, same people, same data), and
reports the CPU time per request of each. With no server, no sockets and no other process,
the figures are much steadier than the benchmark's, so they show what a change to the
request's own path saves. ``--profile NAME`` prints cProfile's view of that request.

With ``--writer``, the writer process of `mildkracht serve` commits the INSERTs, as in the
server (the time it spends is its own, not counted here); without it, a commit is made in
this process, as it is when no writer runs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from web_benchmark import SUBMISSION, seed

Call = Callable[[], int]


def environ(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> dict:
    found = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        found["CONTENT_LENGTH"] = str(len(body))
        found["CONTENT_TYPE"] = "application/json"
    for name, value in headers.items():
        found["HTTP_" + name.upper().replace("-", "_")] = value
    return found


def caller(application: Callable, method: str, path: str, headers: dict, body: bytes) -> Call:
    statuses: list[str] = []

    def start_response(status: str, _headers: list, _info: object = None) -> None:
        statuses.append(status)

    def call() -> int:
        statuses.clear()
        result = application(environ(method, path, headers, body), start_response)
        for _chunk in result:
            pass
        if hasattr(result, "close"):
            result.close()
        return int(statuses[0].split()[0])

    return call


def cost(call: Call, count: int, expected: int) -> float:
    """Microseconds of this thread's CPU per call, over ``count`` calls."""
    start = time.thread_time()
    for _ in range(count):
        status = call()
        if status != expected:
            raise SystemExit(f"expected {expected}, got {status}")
    return (time.thread_time() - start) / count * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", choices=["bare", "api_submit"])
    parser.add_argument("--only", choices=["bare", "api_submit"], help="measure this one only")
    parser.add_argument("--writer", action="store_true", help="commit through the writer")
    arguments = parser.parse_args()

    # No static files are collected here (none are asked for); WhiteNoise would warn.
    warnings.filterwarnings("ignore", message="No directory at")
    with tempfile.TemporaryDirectory(prefix="mildkracht-cost-") as directory:
        token = seed(Path(directory))
        from django.conf import settings

        settings.ROOT_URLCONF = "web_benchmark_urls"
        from mildkracht.web.wsgi import application

        writer = None
        if arguments.writer:
            from mildkracht.web.serve import THREADS
            from mildkracht.web.sqlite import writer as sqlite_writer

            writer = sqlite_writer.start(1, THREADS, [])
            if writer is None:
                raise SystemExit("the writer did not start (a SQLite file on Linux is needed)")
            writer.attach(0)

        calls = {
            "bare": (caller(application, "GET", "/bench/bare/", {}, b""), 200),
            "api_submit": (
                caller(
                    application,
                    "POST",
                    "/api/assessments",
                    {"Authorization": f"Bearer {token}"},
                    SUBMISSION.encode(),
                ),
                201,
            ),
        }
        try:
            measure(calls, arguments)
        finally:
            if writer is not None:
                writer.stop()
    return 0


def measure(calls: dict[str, tuple[Call, int]], arguments: argparse.Namespace) -> None:
    for call, expected in calls.values():
        cost(call, 200, expected)  # warm up
    if arguments.only:
        calls = {arguments.only: calls[arguments.only]}
    if arguments.profile:
        call, expected = calls[arguments.profile]
        profiler = cProfile.Profile()
        profiler.runcall(cost, call, arguments.requests, expected)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        return
    results: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(arguments.rounds):  # alternately, so both see the same drift
        for name, (call, expected) in calls.items():
            results[name].append(cost(call, arguments.requests, expected))
    bare_best = min(results.get("bare", [0.0]))
    for name, values in results.items():
        best = min(values)
        print(
            f"{name:12} best {best:6.1f} µs  median {sorted(values)[len(values) // 2]:6.1f} µs"
            f"  ({bare_best / best:.0%} of the bare view's rate, CPU only)"
        )


if __name__ == "__main__":
    sys.exit(main())
