"""`serve` and `add_user` as the command line runs them: in a process of their own."""

import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from own_process import environment

from mildkracht.web.secret_files import ENCRYPTION_KEY_FILE, SECRET_KEY_FILE

STARTUP_SECONDS = 60
# On Linux with two CPUs or more, `serve` runs two server processes and a writer process.
several_processes = pytest.mark.skipif(
    sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="one process elsewhere"
)


class Server:
    def __init__(self, data_dir: Path, port: int = 0) -> None:
        code = (
            "import sys; from pathlib import Path; from mildkracht.web.serve import serve; "
            f"sys.exit(serve('127.0.0.1', {port}, Path(sys.argv[1])))"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(data_dir)],
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def address(self) -> str:
        line = self.lines.get(timeout=STARTUP_SECONDS)
        match = re.fullmatch(r"Mildkracht draait op (http://\S+) — stop met Ctrl-C\n", line)
        assert match, line
        english = self.lines.get(timeout=5)
        assert english == f"Mildkracht is running at {match.group(1)} — stop with Ctrl-C\n"
        return match.group(1)

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.process.kill()
            self.process.stderr.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "mildkracht-data"


def test_serve_prepares_a_fresh_data_dir_and_answers(data_dir):
    server = Server(data_dir)
    try:
        address = server.address()
        status, headers, _ = _get(address)
        assert (status, headers["Location"]) == (302, "/accounts/setup/")
        assert headers["Server"] == "waitress"
        status, _, page = _get(address + "accounts/setup/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/pages/mildkracht\.[0-9a-f]+\.css)"', page)
        assert stylesheet, "static files are collected with hashed names"
        status, headers, _ = _get(address.rstrip("/") + stylesheet.group(1))
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
    finally:
        assert server.stop() == 0
    database = sqlite3.connect(data_dir / "mildkracht.sqlite3")
    assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert database.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10
    # the table of the cache that all server processes share (failed logins)
    assert database.execute("SELECT count(*) FROM mildkracht_shared_cache").fetchone() == (0,)
    database.close()


def test_ctrl_c_stops_the_server_cleanly(data_dir):
    server = Server(data_dir)
    server.address()
    assert server.stop(signal.SIGINT) == 0
    assert "gestopt" in server.lines.get(timeout=5)


def test_a_second_start_keeps_the_secrets_and_the_data(data_dir):
    first = Server(data_dir)
    first.address()
    assert first.stop() == 0
    secrets = {
        name: (data_dir / name).read_bytes() for name in (SECRET_KEY_FILE, ENCRYPTION_KEY_FILE)
    }
    second = Server(data_dir)
    try:
        status, _, _ = _get(second.address())
        assert status == 302
    finally:
        assert second.stop(signal.SIGTERM) == 0
    assert secrets == {name: (data_dir / name).read_bytes() for name in secrets}


def test_two_servers_can_start_on_the_same_data_at_once(data_dir):
    servers = [Server(data_dir), Server(data_dir)]
    try:
        addresses = [server.address() for server in servers]
        assert [_get(address)[0] for address in addresses] == [302, 302]
    finally:
        assert [server.stop() for server in servers] == [0, 0]


def test_a_port_in_use_is_reported_not_a_traceback(data_dir):
    first = Server(data_dir)
    try:
        port = int(first.address().rsplit(":", 1)[1].strip("/"))
        second = Server(data_dir, port=port)
        assert second.process.wait(timeout=STARTUP_SECONDS) == 1
        error = second.process.stderr.read()
        second.process.stderr.close()
        assert "kan niet starten" in error
        assert "Traceback" not in error
    finally:
        first.stop()


def _add_user(data_dir: Path, name: str, stdin: str) -> subprocess.CompletedProcess:
    code = (
        "import sys; from pathlib import Path; from mildkracht.web.users import add_user; "
        "sys.exit(add_user(sys.argv[1], Path(sys.argv[2])))"
    )
    return subprocess.run(
        [sys.executable, "-c", code, name, str(data_dir)],
        input=stdin,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )


def test_add_user_creates_an_account_on_a_fresh_data_dir(data_dir, password):
    result = _add_user(data_dir, "cas", password + "\n")
    assert result.returncode == 0, result.stderr
    assert "cas" in result.stdout
    again = _add_user(data_dir, "cas", password + "\n")
    assert again.returncode == 1
    assert "bestaat al" in again.stderr


@several_processes
def test_on_linux_two_processes_serve_and_stop_together(data_dir):
    server = Server(data_dir)
    try:
        address = server.address()
        found = _children(server.process.pid)
        assert len(found["servers"]) == 1
        assert len(found["writers"]) == 1  # sqlite/writer.py
        assert {_get(address)[0] for _ in range(20)} == {302}
    finally:
        assert server.stop() == 0
    for child in found["servers"] + found["writers"]:  # gone, not left running nor a zombie
        assert not Path(f"/proc/{child}").exists()


def _sockets_held(pid: int, port: int, state: str) -> int:
    """How many sockets on local ``port`` in ``state`` (01: established) ``pid`` holds."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == state and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    held = {os.readlink(descriptor)[8:-1] for descriptor in Path(f"/proc/{pid}/fd").iterdir()}
    return len(inodes & held)


@several_processes
def test_kept_alive_connections_are_spread_over_the_processes(data_dir):
    """Each request goes to the process that accepted its connection: the processes must
    share the connections, not leave one to serve nearly everyone."""
    import http.client

    server = Server(data_dir)
    clients: list[http.client.HTTPConnection] = []
    try:
        address = server.address()
        port = int(address.rsplit(":", 1)[1].strip("/"))
        (child,) = _children(server.process.pid)["servers"]
        for _ in range(20):
            client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            client.request("GET", "/help/")
            response = client.getresponse()
            response.read()
            assert response.status == 200
            clients.append(client)  # kept open
        held = [_sockets_held(pid, port, "01") for pid in (server.process.pid, child)]
        assert sum(held) == 20
        assert max(held) - min(held) <= 2, held
    finally:
        for client in clients:
            client.close()
        assert server.stop() == 0


@pytest.mark.skipif(
    sys.platform != "linux" or len(os.sched_getaffinity(0)) < 2, reason="one process elsewhere"
)
def test_each_server_process_keeps_to_cpus_of_its_own(data_dir):
    """Every thread of a server process on the same CPUs, the two processes on different
    ones, together all the CPUs the server may use; the writer free to use any of them."""
    allowed = os.sched_getaffinity(0)
    server = Server(data_dir)
    try:
        address = server.address()
        assert _get(address + "help/")[0] == 200  # the threads have started and served
        found = _children(server.process.pid)
        shares = []
        for pid in [server.process.pid, *found["servers"]]:
            threads = {frozenset(os.sched_getaffinity(int(task.name))) for task in _tasks(pid)}
            assert len(threads) == 1, threads  # every thread of the process alike
            shares.append(threads.pop())
        first, second = shares
        assert first and second and not first & second
        assert first | second == allowed
        (writer,) = found["writers"]
        assert all(os.sched_getaffinity(int(task.name)) == allowed for task in _tasks(writer))
    finally:
        assert server.stop() == 0


STOPPED_AS_IT_STARTS = """
import sys
from pathlib import Path
from mildkracht.web import serve

def stop_now(host, port):  # as if Ctrl-C came the moment the processes had started
    raise KeyboardInterrupt

serve._url = stop_now
sys.exit(serve.serve("127.0.0.1", 0, Path(sys.argv[1])))
"""


@several_processes
def test_a_stop_as_the_processes_start_stops_every_one_of_them(data_dir):
    finished = subprocess.run(
        [sys.executable, "-c", STOPPED_AS_IT_STARTS, str(data_dir)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
    )
    assert finished.returncode == 0, finished.stderr
    assert "gestopt" in finished.stdout
    assert _running_on(data_dir) == []  # no server process nor writer left behind


@several_processes
def test_when_the_first_process_is_killed_the_others_stop_too(data_dir):
    server = Server(data_dir)
    try:
        server.address()
        found = _children(server.process.pid)
    finally:
        server.process.kill()  # no chance to stop the others itself
        server.process.wait(timeout=30)
        server.process.stderr.close()
    started = found["servers"] + found["writers"]
    assert started  # on Linux with 2 CPUs: one more server and the writer
    deadline = time.monotonic() + 30
    while _running_on(data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _running_on(data_dir) == []


def _running_on(data_dir: Path) -> list[int]:
    """The processes still running (not ended, nor ended and waiting to be reaped) that
    were started with ``data_dir``."""
    running = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdecimal():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue  # ended meanwhile
        if str(data_dir).encode() in command and state not in ("Z", "X"):
            running.append(int(entry.name))
    return running


def _tasks(pid: int) -> list[Path]:
    return list(Path(f"/proc/{pid}/task").iterdir())


def test_the_cpus_are_dealt_out_to_the_server_processes_in_turn(monkeypatch):
    from mildkracht.web import serve

    bound: list[tuple[int, set[int]]] = []
    monkeypatch.setattr(serve.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 5}, raising=False)
    monkeypatch.setattr(
        serve.os,
        "sched_setaffinity",
        lambda pid, cpus: bound.append((pid, set(cpus))),
        raising=False,
    )
    assert serve.keep_to_own_cpus(0, 2) == {0, 2, 5}
    assert serve.keep_to_own_cpus(1, 2) == {1, 3}
    assert serve.keep_to_own_cpus(2, 3) == {2}
    assert bound == [(0, {0, 2, 5}), (0, {1, 3}), (0, {2})]
    bound.clear()
    assert serve.keep_to_own_cpus(0, 1) is None  # one process: where the system puts it
    assert serve.keep_to_own_cpus(5, 6) is None  # fewer CPUs than processes: likewise
    assert bound == []


def test_a_refused_binding_to_cpus_changes_nothing(monkeypatch):
    from mildkracht.web import serve

    def refuse(pid: int, cpus: object) -> None:
        raise PermissionError("not allowed here")

    monkeypatch.setattr(serve.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(serve.os, "sched_setaffinity", refuse, raising=False)
    assert serve.keep_to_own_cpus(0, 2) is None
    monkeypatch.delattr(serve.os, "sched_setaffinity")  # macOS, Windows
    assert serve.keep_to_own_cpus(0, 2) is None


def _children(pid: int) -> dict[str, list[int]]:
    """The server processes and the writer process that ``pid`` started (Linux)."""
    found: dict[str, list[int]] = {"servers": [], "writers": []}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        name = Path(f"/proc/{child}/comm").read_text().strip()
        found["writers" if name == "mildkracht-db" else "servers"].append(int(child))
    return found


def test_the_number_of_processes_follows_the_setting(monkeypatch):
    from mildkracht.web import serve

    monkeypatch.setattr(serve.sys, "platform", "linux")
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 8)
    monkeypatch.delenv("MILDKRACHT_PROCESSES", raising=False)
    assert serve.default_processes() == serve.PROCESSES
    monkeypatch.setenv("MILDKRACHT_PROCESSES", "3")
    assert serve.default_processes() == 3
    monkeypatch.setenv("MILDKRACHT_PROCESSES", "99")
    assert serve.default_processes() == 8  # at most one per CPU
    monkeypatch.setattr(serve.sys, "platform", "win32")
    assert serve.default_processes() == 1


TOKENS = """
import sys
from pathlib import Path
from mildkracht.web.runtime import prepare
prepare(Path(sys.argv[1]))
from mildkracht.web.accounts.actions import add_user
from mildkracht.web.assessments.tokens import create_token
for name in ("ans", "bo"):
    print(create_token(add_user(name, "a calm lake at dawn, slowly"), "test")[1])
"""


def _api(address: str, token: str, method: str, path: str, body: object = None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        address.rstrip("/") + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_answers_sent_to_the_api_of_a_running_server_are_stored(data_dir):
    """Through `serve` as it runs (on Linux its writer process commits the rows)."""
    made = subprocess.run(
        [sys.executable, "-c", TOKENS, str(data_dir)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    own, other = made.stdout.split()
    server = Server(data_dir)
    try:
        address = server.address()
        answers = {str(number): number % 5 + 1 for number in range(1, 27)}
        created = [
            _api(
                address, own, "POST", "/api/assessments", {"instrument": "scs", "answers": answers}
            )
            for _ in range(3)
        ]
        assert [status for status, _ in created] == [201, 201, 201]
        keys = [body["id"] for _, body in created]
        assert len(set(keys)) == 3
        status, shown = _api(address, own, "GET", f"/api/assessments/{keys[0]}")
        assert status == 200
        assert shown == created[0][1]
        status, listed = _api(address, own, "GET", "/api/assessments")
        assert sorted(item["id"] for item in listed) == sorted(keys)
        assert _api(address, other, "GET", f"/api/assessments/{keys[0]}")[0] == 404
        status, problem = _api(
            address, own, "POST", "/api/assessments", {"instrument": "scs", "answers": {"1": 9}}
        )
        assert status == 422
        assert problem["problems"]
    finally:
        assert server.stop() == 0
