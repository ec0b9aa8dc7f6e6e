"""The CPU cost of one request inside the app, without a server or a network.

    .venv/bin/python bench/request_cost.py [--requests 300] [--rounds 5] [--only profile]
                                           [--profile week]

Calls the WSGI application directly, in this one process, for one person with six months
of history (bench/seed.py): the bare view, the help page, the profile, the week view, the
program's progress page (signed in with a session) and an API submission (with a token).
Reports the CPU time of this thread per request, best and median of the rounds, and each
as a multiple of the bare view's in the same run. With no server, no sockets and no other
process, the figures are much steadier than the web benchmark's. ``--profile NAME`` prints
cProfile's view of that request.
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

from seed import SUBMISSION, seed

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


PAGES = {
    "bare": "/bench/bare/",
    "help": "/help/",
    "profile": "/profile/",
    "week": "/practice/week/",
    "progress": "/program/progress/",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    names = [*PAGES, "api_submit"]
    parser.add_argument("--profile", choices=names, help="print cProfile's view of this one")
    parser.add_argument("--only", choices=names, help="measure this one (and the bare view)")
    arguments = parser.parse_args()

    # No static files are collected here (none are asked for); WhiteNoise would warn.
    warnings.filterwarnings("ignore", message="No directory at")
    with tempfile.TemporaryDirectory(prefix="mildkracht-cost-") as directory:
        token = seed(Path(directory), 1)
        from django.conf import settings
        from django.test import Client

        from mildkracht.web.accounts.models import User

        settings.ROOT_URLCONF = "web_benchmark_urls"
        browser = Client()
        browser.force_login(User.objects.get(username="person0"))
        cookie = f"sessionid={browser.cookies['sessionid'].value}"
        from mildkracht.web.wsgi import application

        calls = {
            name: (caller(application, "GET", path, {"Cookie": cookie}, b""), 200)
            for name, path in PAGES.items()
        }
        bearer = {"Authorization": f"Bearer {token}"}
        submit = caller(application, "POST", "/api/assessments", bearer, SUBMISSION.encode())
        calls["api_submit"] = (submit, 201)
        measure(calls, arguments)
    return 0


def measure(calls: dict[str, tuple[Call, int]], arguments: argparse.Namespace) -> None:
    for call, expected in calls.values():
        cost(call, 200, expected)  # warm up
    if arguments.only:
        calls = {name: calls[name] for name in ("bare", arguments.only)}
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
            f"  {best / bare_best:4.1f} x the bare view's CPU"
        )


if __name__ == "__main__":
    sys.exit(main())
