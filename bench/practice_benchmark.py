"""Benchmark logging an informal moment and opening the week view (issue 4, part 6).

    .venv/bin/python bench/practice_benchmark.py [--clients 20] [--requests 50] [--think-ms 0]

Starts `mildkracht serve` (waitress, as the command line runs it) on loopback with a fresh
SQLite data directory, gives each of ``--clients`` people two months of practice history,
logs them in, and lets them all at once alternate between logging a moment (a POST, one
write) and opening the week view (a GET), ``--requests`` times each. Between two requests a
client waits ``--think-ms`` on average (uniformly 0.5x to 1.5x; 0: no pause at all, which
saturates the server and measures its queue as much as its speed). Reports the latency
p50, p95 and maximum per operation. Target: p95 at most 50 ms at 20 concurrent clients.
Timings are measured here, never asserted in tests. Results also go to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from loopback import Client, connections_per_process, percentile, process_cpu_seconds

from mildkracht.web.serve import THREADS, default_processes

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
PASSWORD = "a calm lake at dawn, slowly"
HISTORY_DAYS = 60

SERVE = (
    "import sys; from pathlib import Path; from mildkracht.web.serve import serve; "
    "sys.exit(serve('127.0.0.1', 0, Path(sys.argv[1])))"
)


def seed(data_dir: Path, clients: int) -> None:
    """People with two sessions a day for two months, prepared before the server starts."""
    from mildkracht.web.runtime import prepare

    prepare(data_dir)
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from mildkracht.web.accounts.models import User
    from mildkracht.web.practice.models import PracticeSession

    password = make_password(PASSWORD)
    now = timezone.now()
    for number in range(clients):
        user = User.objects.create(username=f"person{number}", password=password)
        PracticeSession.objects.bulk_create(
            PracticeSession(
                owner=user,
                exercise_id="soothing-touch",
                kind="formal" if repeat == 0 else "informal",
                source="player",
                started_at=now - timedelta(days=day, hours=3 * repeat),
                seconds=600 + 60 * repeat,
            )
            for day in range(HISTORY_DAYS)
            for repeat in range(2)
        )


def timed(function, *args) -> tuple[float, int]:
    start = time.perf_counter()
    status = function(*args)
    return (time.perf_counter() - start) * 1000, status


def pause(think_ms: float, generator: random.Random) -> None:
    if think_ms > 0:
        time.sleep(think_ms * generator.uniform(0.5, 1.5) / 1000)


def run_client(
    port: int, number: int, requests: int, think_ms: float, ready, start, results, connected
) -> None:
    client = Client(port)
    client.log_in(f"person{number}", PASSWORD)
    connected.append(client)
    areas = ["self", "relationships", "caregiving", "work"]
    generator = random.Random(number)
    ready.wait()
    start.wait()
    for index in range(requests):
        pause(think_ms, generator)
        form = {
            "area": areas[index % 4],
            "kind": "break",
            "next": "/practice/",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        }
        elapsed, status = timed(client.post_form, "/practice/moments/new/", form)
        results["moment"].append((elapsed, status == 302))
        pause(think_ms, generator)
        elapsed, status = timed(client.request, "GET", "/practice/week/")
        results["week"].append((elapsed, status == 200))


def start_server(data_dir: Path) -> tuple[subprocess.Popen, int]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MILDKRACHT_")}
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(data_dir)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    return process, int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=50, help="of each kind, per client")
    parser.add_argument("--think-ms", type=float, default=0.0, help="average pause per client")
    arguments = parser.parse_args()
    clients = max(1, min(arguments.clients, 200))
    requests = max(1, min(arguments.requests, 1000))

    with tempfile.TemporaryDirectory(prefix="mildkracht-bench-") as temporary:
        data_dir = Path(temporary) / "data"
        os.environ["MILDKRACHT_DATA_DIR"] = str(data_dir)
        seed(data_dir, clients)
        server, port = start_server(data_dir)
        try:
            results: dict[str, list[tuple[float, bool]]] = {"moment": [], "week": []}
            connected: list[Client] = []
            ready, start = threading.Barrier(clients + 1), threading.Barrier(clients + 1)
            threads = [
                threading.Thread(
                    target=run_client,
                    args=(port, n, requests, arguments.think_ms, ready, start, results, connected),
                    daemon=True,
                )
                for n in range(clients)
            ]
            for thread in threads:
                thread.start()
            ready.wait(timeout=120)  # every client has logged in and waits for the start
            began = time.perf_counter()
            server_began, client_began = process_cpu_seconds(server.pid), time.process_time()
            start.wait(timeout=120)
            for thread in threads:
                thread.join(timeout=600)
            wall = time.perf_counter() - began
            server_ended, client_cpu = process_cpu_seconds(server.pid), time.process_time()
            client_cpu -= client_began
            # Read afterwards, from the connections the clients keep open: no time from the run.
            split = connections_per_process(server.pid, connected)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)

    report = {
        "clients": clients,
        "requests_per_client": requests,
        "think_ms": arguments.think_ms,
        "wall_seconds": round(wall, 2),
        "cpus": os.cpu_count(),
        "connections_per_server_process": split,
    }
    print(
        f"{clients} concurrent clients, {requests} of each request per client, "
        f"think time {arguments.think_ms:g} ms, SQLite, waitress ({default_processes()} "
        f"processes x {THREADS} threads), {os.cpu_count()} CPUs; connections per server "
        f"process: {', '.join(map(str, split)) or 'unknown'}"
    )
    for name, label in (("moment", "log a moment (POST)"), ("week", "open the week view (GET)")):
        times = [elapsed for elapsed, _ok in results[name]]
        failures = sum(1 for _elapsed, ok in results[name] if not ok)
        row = {
            "count": len(times),
            "failures": failures,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
        }
        report[name] = row
        print(
            f"  {label:28} n={row['count']:5}  p50 {row['p50_ms']:6.1f} ms  "
            f"p95 {row['p95_ms']:6.1f} ms  max {row['max_ms']:6.1f} ms  failures {failures}"
        )
    total = sum(report[name]["count"] for name in ("moment", "week"))
    server_cpu = sum(server_ended) - sum(server_began)
    report["server_cpu_ms_per_request"] = round(server_cpu / total * 1000, 2)
    report["server_system_cpu_ms_per_request"] = round(
        (server_ended[1] - server_began[1]) / total * 1000, 2
    )
    report["client_cpu_ms_per_request"] = round(client_cpu / total * 1000, 2)
    report["idle_cpu_share"] = round(
        max(0.0, 1 - (server_cpu + client_cpu) / (wall * (os.cpu_count() or 1))), 2
    )
    print(
        f"  throughput {total / wall:.0f} requests/s; CPU/request: server "
        f"{report['server_cpu_ms_per_request']:.2f} ms "
        f"({report['server_system_cpu_ms_per_request']:.2f} in the kernel), clients "
        f"{report['client_cpu_ms_per_request']:.2f} ms; CPUs idle "
        f"{report['idle_cpu_share']:.0%}; target p95 <= 50 ms"
    )
    OUT.mkdir(exist_ok=True)
    name = f"practice_benchmark_think{arguments.think_ms:g}.json"
    (OUT / name).write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
