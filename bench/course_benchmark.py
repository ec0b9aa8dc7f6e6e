"""How fast a course server feels: teachers on their dashboards while participants practise.

    .venv/bin/python bench/course_benchmark.py     # 10 courses x 30, 20 teachers, 200 people
    .venv/bin/python bench/course_benchmark.py --duration 60 --pause 5 --workers 2

Seeds a fresh PostgreSQL database (bench/course_seed.py) with --courses courses of --people
participants each and a year of data: the SCS at the start, in week 8 and after 3, 6 and 12
months, practice on about two days in three, reported attendance. Starts the app on granian
as `mildkracht serve --workers N` does. Then, for --duration seconds:

- --teachers clients (spread over the courses, two per teacher by default, each signed in with
  a password and a recovery code) look at their course's page with the group's figures,
  the dashboard;
- --participants clients (spread over the courses) visit the home page, the practice page
  and their course's page, and log a practice,

each waiting about --pause seconds (0.5 to 1.5 times) between requests, on a kept-alive
connection like a browser's. Before the clock starts, each course's dashboard is opened
once, as its teacher would have done during the year: figures released then are shown again.

With --profile, no server is started: the dashboard of the first course is requested through
the WSGI application in this process (as bench/request_cost.py does), its CPU time per
request is reported, and cProfile's view of it printed.

Reports the p50, p95 and max latency in ms of the dashboard and of the participants' pages
(each and together); results also go to bench/out/course_benchmark.json. The target for the
dashboard is p95 <= 200 ms.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from course_seed import PASSWORD, Seeded, seed
from loopback import Client, percentile
from web_benchmark import database, running_server

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
TARGET_MS = 200


def _log_practice(client: Client, course: int) -> int:
    form = {"exercise": "soothing-touch", "minutes": "10"}
    form["csrfmiddlewaretoken"] = client.cookies["csrftoken"]
    return client.post_form("/practice/log/", form)


PARTICIPANT_PAGES: dict[str, tuple[Callable[[Client, int], int], int]] = {
    "home": (lambda client, course: client.request("GET", "/"), 200),
    "practice": (lambda client, course: client.request("GET", "/practice/"), 200),
    "my_course": (lambda client, course: client.request("GET", f"/courses/mine/{course}/"), 200),
    "log_practice": (_log_practice, 302),
}


class Results:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.lock = threading.Lock()

    def add(self, page: str, milliseconds: float, ok: bool) -> None:
        with self.lock:
            self.times.setdefault(page, []).append(milliseconds)
            self.errors[page] = self.errors.get(page, 0) + (not ok)

    def summary(self) -> dict[str, dict[str, float]]:
        everyone = [name for name in PARTICIPANT_PAGES if name in self.times]
        groups = {name: [name] for name in self.times}
        groups["participants (all)"] = everyone
        found = {}
        for group, names in groups.items():
            times = [t for name in names for t in self.times[name]]
            if not times:
                continue
            found[group] = {
                "requests": len(times),
                "errors": sum(self.errors[name] for name in names),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "max_ms": round(max(times), 1),
            }
        return found


def timed(
    results: Results, client: Client, page: str, expected: int, action: Callable[[], int]
) -> None:
    start = time.perf_counter()
    try:
        status = action()
    except (OSError, ConnectionError):
        status = 0
        client.close()
    results.add(page, (time.perf_counter() - start) * 1000, status == expected)


def teacher_login(port: int, name: str, code: str) -> Client:
    client = Client(port)
    client.log_in(name, PASSWORD)
    form = {"token": code, "next": "/courses/", "csrfmiddlewaretoken": client.cookies["csrftoken"]}
    status = client.post_form("/courses/two-factor/", form)
    if status != 302:
        raise RuntimeError(f"{name} could not give the second factor ({status})")
    return client


def teacher(client: Client, course: int, seed_number: int, arguments, results, go) -> None:
    generator = random.Random(seed_number)
    go.wait()
    deadline = time.monotonic() + arguments.duration
    while time.monotonic() < deadline:
        time.sleep(arguments.pause * generator.uniform(0.5, 1.5))
        timed(
            results, client, "dashboard", 200, lambda: client.request("GET", f"/courses/{course}/")
        )
    client.close()


def participant(client: Client, course: int, seed_number: int, arguments, results, go) -> None:
    generator = random.Random(seed_number)
    pages = list(PARTICIPANT_PAGES)
    generator.shuffle(pages)
    go.wait()
    deadline = time.monotonic() + arguments.duration
    index = 0
    while time.monotonic() < deadline:
        time.sleep(arguments.pause * generator.uniform(0.5, 1.5))
        name = pages[index % len(pages)]
        action, expected = PARTICIPANT_PAGES[name]
        timed(results, client, name, expected, functools.partial(action, client, course))
        index += 1
    client.close()


def clients(port: int, seeded: Seeded, arguments) -> list[tuple[Callable, Client, int]]:
    """Signed-in clients: teachers spread over the courses, then participants."""
    found = []
    courses = sorted(seeded.teachers)
    for number in range(arguments.teachers):
        course = courses[number % len(courses)]
        name, codes = seeded.teachers[course]
        found.append((teacher, teacher_login(port, name, codes[number // len(courses)]), course))
    for number in range(arguments.participants):
        course = courses[number % len(courses)]
        client = Client(port)
        client.log_in(seeded.participants[course][number // len(courses)], PASSWORD)
        found.append((participant, client, course))
    return found


def run(port: int, seeded: Seeded, arguments) -> Results:
    everyone = clients(port, seeded, arguments)
    for role, client, course in everyone:
        # Logging in took a while: a connection idle since then may have been closed.
        client.close()
        if role is teacher:  # each dashboard once, as during the year
            client.request("GET", f"/courses/{course}/")
    results = Results()
    go = threading.Event()
    threads = [
        threading.Thread(target=role, args=(client, course, n, arguments, results, go))
        for n, (role, client, course) in enumerate(everyone)
    ]
    for thread in threads:
        thread.start()
    go.set()
    for thread in threads:
        thread.join()
    return results


def profile(seeded: Seeded, requests: int) -> None:
    """The dashboard's CPU per request in this process, then cProfile's view of it."""
    import cProfile
    import pstats

    from django.test import Client as TestClient
    from request_cost import caller, cost

    from mildkracht.web.wsgi import application

    course = min(seeded.teachers)
    name, codes = seeded.teachers[course]
    browser = TestClient(HTTP_HOST="127.0.0.1")
    from mildkracht.web.accounts.models import User

    browser.force_login(User.objects.get(username=name))
    browser.post("/courses/two-factor/", {"token": codes[-1], "next": "/"})
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    call = caller(application, "GET", f"/courses/{course}/", {"Cookie": cookie}, b"")
    cost(call, 3, 200)  # the year's releases, made once
    best = min(cost(call, requests, 200) for _ in range(3))
    print(f"dashboard: {best / 1000:.1f} ms of CPU per request (best of 3 x {requests})")
    profiler = cProfile.Profile()
    profiler.runcall(cost, call, requests, 200)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--courses", type=int, default=10)
    parser.add_argument("--people", type=int, default=30, help="participants per course")
    parser.add_argument("--teachers", type=int, default=20, help="teacher clients")
    parser.add_argument("--participants", type=int, default=200, help="participant clients")
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between requests")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="profile the dashboard instead")
    arguments = parser.parse_args()
    if arguments.participants > arguments.courses * arguments.people:
        parser.error("more participant clients than participants")

    with tempfile.TemporaryDirectory(prefix="mildkracht-course-bench-") as directory:
        data_dir = Path(directory)
        with database(postgres=True) as env:
            os.environ.update(env)
            started = time.perf_counter()
            seeded = seed(data_dir, arguments.courses, arguments.people)
            print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
            if arguments.profile:
                profile(seeded, 20)
                return 0
            from django.db import connections

            connections.close_all()
            with running_server(data_dir, env, arguments.workers) as port:
                results = run(port, seeded, arguments)
    report(arguments, results.summary())
    return 0


def report(arguments, summary: dict[str, dict[str, float]]) -> None:
    print(
        f"{arguments.courses} courses x {arguments.people} participants, a year of data; "
        f"{arguments.teachers} teachers and {arguments.participants} participants, "
        f"{arguments.pause} s pause, {arguments.duration:.0f} s; PostgreSQL, "
        f"{arguments.workers} worker(s)"
    )
    for page, figures in summary.items():
        print(
            f"  {page:18} n={figures['requests']:6}  errors={figures['errors']:3}  "
            f"p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  "
            f"max {figures['max_ms']:7.1f} ms"
        )
    dashboard = summary.get("dashboard", {}).get("p95_ms")
    if dashboard is not None:
        verdict = "meets" if dashboard <= TARGET_MS else "misses"
        print(f"dashboard p95 {dashboard:.1f} ms {verdict} the target of {TARGET_MS} ms")
    OUT.mkdir(exist_ok=True)
    record = {"arguments": vars(arguments), "pages": summary}
    (OUT / "course_benchmark.json").write_text(json.dumps(record, indent=2))


if __name__ == "__main__":
    sys.exit(main())
