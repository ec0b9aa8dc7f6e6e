"""`serve` and `add_user` as the command line runs them: in a process of their own."""

import contextlib
import http.client
import json
import os
import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from own_process import environment

from mildkracht.web.secret_files import ENCRYPTION_KEY_FILE, SECRET_KEY_FILE

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`mildkracht serve` in a session of its own, so that a test can kill all its processes."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        workers: int = 1,
        env: dict | None = None,
        extra: list[str] | None = None,
    ) -> None:
        self.port = port or free_port()
        command = [sys.executable, "-m", "mildkracht", "serve", "--port", str(self.port)]
        command += ["--data-dir", str(data_dir), "--workers", str(workers), *(extra or [])]
        self.process = subprocess.Popen(
            command,
            env={**environment(), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def address(self) -> str:
        """The address it announced, once it answers there."""
        line = self.lines.get(timeout=STARTUP_SECONDS)
        match = re.fullmatch(r"Mildkracht draait op (http://\S+) — stop met Ctrl-C\n", line)
        assert match, line
        english = self.lines.get(timeout=5)
        assert english == f"Mildkracht is running at {match.group(1)} — stop with Ctrl-C\n"
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return match.group(1)
            except OSError:
                assert time.monotonic() < deadline, "the server never listened"
                time.sleep(0.05)

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=30)
        finally:
            self.kill()

    def kill(self) -> None:
        """Every process of the server at once, as a power cut would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process.stderr.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str) -> tuple[int, dict[str, str], str]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "mildkracht-data"


def test_serve_prepares_a_fresh_data_dir_and_answers(data_dir):
    server = Server(data_dir)
    try:
        address = server.address()
        status, headers, _ = _get(address)
        assert (status, headers["Location"]) == (302, "/accounts/setup/")
        assert headers["Server"] == "granian"
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


def _make_tokens(data_dir: Path, env: dict | None = None) -> list[str]:
    made = subprocess.run(
        [sys.executable, "-c", TOKENS, str(data_dir)],
        env={**environment(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.split()


def test_two_workers_serve_the_same_data(data_dir):
    own, _ = _make_tokens(data_dir)
    server = Server(data_dir, workers=2)
    try:
        address = server.address()
        answers = {str(number): 3 for number in range(1, 27)}
        body = {"instrument": "scs", "answers": answers}
        created = [_api(address, own, "POST", "/api/assessments", body) for _ in range(20)]
        assert {status for status, _ in created} == {201}
        status, listed = _api(address, own, "GET", "/api/assessments")
        assert (status, len(listed)) == (200, 20)
    finally:
        assert server.stop() == 0


def _write_until_stopped(address: str, token: str, stop: threading.Event, acknowledged: list):
    answers = {str(number): number % 5 + 1 for number in range(1, 27)}
    body = {"instrument": "scs", "answers": answers}
    while not stop.is_set():
        try:
            status, created = _api(address, token, "POST", "/api/assessments", body)
        except (OSError, ValueError):
            continue  # refused or cut off by the kill: not acknowledged
        if status == 201:
            acknowledged.append(created["id"])


def test_every_acknowledged_write_survives_killing_the_server(data_dir):
    """Kill every server process during concurrent writes, three times: no acknowledged
    row is lost and the database stays intact."""
    own, _ = _make_tokens(data_dir)
    acknowledged: list[int] = []
    for _cycle in range(3):
        server = Server(data_dir, workers=2)
        address = server.address()
        stop = threading.Event()
        writers = [
            threading.Thread(target=_write_until_stopped, args=(address, own, stop, acknowledged))
            for _ in range(6)
        ]
        for writer in writers:
            writer.start()
        # Kill it in the middle of the writes: once this round has had some acknowledged.
        wanted, deadline = len(acknowledged) + 20, time.monotonic() + 60
        while len(acknowledged) < wanted and time.monotonic() < deadline:
            time.sleep(0.05)
        server.kill()
        stop.set()
        for writer in writers:
            writer.join(timeout=30)
    database = sqlite3.connect(data_dir / "mildkracht.sqlite3")
    stored = {row[0] for row in database.execute("SELECT id FROM assessments_assessment")}
    assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    database.close()
    assert len(acknowledged) >= 60  # the test did write under load
    assert set(acknowledged) <= stored


LOGIN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """Cookies carried by hand from one server to another, as a reverse proxy would."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, url: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(url, data=data)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        request.add_header("Referer", url)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=10) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, b""
        for cookie in headers.get_all("Set-Cookie") or []:
            name, value = cookie.split(";", 1)[0].split("=", 1)
            self.cookies[name] = value
        return status, body.decode()

    def log_in(self, address: str, name: str, password: str) -> int:
        _, page = self.request(address + "accounts/login/")
        token = LOGIN_FORM.search(page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": name, "password": password}
        return self.request(address + "accounts/login/", form)[0]

    def log_out(self, address: str) -> int:
        _, page = self.request(address + "help/")
        token = LOGIN_FORM.search(page).group(1)
        return self.request(address + "accounts/logout/", {"csrfmiddlewaretoken": token})[0]


POSTGRES_URL = os.environ.get("MILDKRACHT_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _postgres_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@contextlib.contextmanager
def _database(kind: str):
    """The environment for a server over a database of its own: SQLite, or a fresh
    PostgreSQL database that is dropped afterwards."""
    if kind == "sqlite":
        yield {}
        return
    if not _postgres_answers():
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    import psycopg

    name = f"mildkracht_serve_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": f"{POSTGRES_URL}/{name}"}
    finally:
        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_login_and_a_logout_hold_across_two_server_processes(data_dir, kind):
    with _database(kind) as env:
        _make_tokens(data_dir, env)  # creates the people "ans" and "bo"
        first, second = Server(data_dir, env=env), Server(data_dir, env=env)
        try:
            one, other = first.address(), second.address()
            browser = Browser()
            assert browser.log_in(one, "ans", "a calm lake at dawn, slowly") == 302
            assert browser.request(other + "profile/")[0] == 200  # signed in there too
            assert browser.log_out(one) == 302
            status, _ = browser.request(other + "profile/")
            assert status == 302  # the session ended everywhere, at once
        finally:
            assert [first.stop(), second.stop()] == [0, 0]


def _get_from(source: str, port: int, path: str, headers: dict[str, str]) -> tuple[int, str]:
    """GET ``path`` from the loopback address ``source``, as a proxy there would send it."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("GET", path, headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


@pytest.mark.skipif(sys.platform != "linux", reason="the whole 127.0.0.0/8 is this machine's")
def test_behind_a_trusted_proxy_the_forwarded_scheme_counts_and_from_others_not(data_dir):
    env = {"MILDKRACHT_SECURE": "1", "MILDKRACHT_TRUSTED_PROXIES": "127.0.0.2"}
    server = Server(data_dir, env=env)
    try:
        server.address()
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        login = "/accounts/setup/"  # a fresh installation asks for its owner here
        # Through the proxy, a request the proxy received over https is served.
        assert _get_from("127.0.0.2", server.port, login, forwarded) == (200, "")
        # Through the proxy over plain http: sent to https.
        plain = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.9"}
        status, location = _get_from("127.0.0.2", server.port, login, plain)
        assert (status, location) == (301, "https://localhost/accounts/setup/")
        # Anyone else claiming https is not believed.
        status, location = _get_from("127.0.0.1", server.port, login, forwarded)
        assert (status, location) == (301, "https://localhost/accounts/setup/")
    finally:
        assert server.stop() == 0


def test_ctrl_c_stops_the_server_while_a_browser_keeps_its_connection_open(data_dir):
    server = Server(data_dir)
    try:
        server.address()
        browser = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        browser.request("GET", "/help/")
        assert browser.getresponse().read()
        server.process.send_signal(signal.SIGINT)
        assert server.process.wait(timeout=30) == 0  # not held until the browser lets go
        browser.close()
    finally:
        server.kill()


class ProxiedBrowser:
    """A browser whose requests reach the server through the proxy at ``source``, which
    names the browser's own address in X-Forwarded-For."""

    def __init__(self, port: int, source: str, client_address: str) -> None:
        self.port, self.source, self.client_address = port, source, client_address
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.source, 0)
        )
        headers = {
            "Host": "localhost",
            "X-Forwarded-For": self.client_address,
            "X-Forwarded-Proto": "https",
            "Referer": "https://localhost/accounts/login/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, page
        finally:
            connection.close()

    def log_in(self, name: str, password: str) -> tuple[int, str]:
        _, page = self.send("GET", "/accounts/login/")
        token = LOGIN_FORM.search(page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": name, "password": password}
        return self.send("POST", "/accounts/login/", form)


@pytest.mark.skipif(sys.platform != "linux", reason="the whole 127.0.0.0/8 is this machine's")
def test_behind_a_proxy_a_login_lockout_is_for_one_client_not_everyone(data_dir):
    _make_tokens(data_dir)  # the people "ans" and "bo"
    env = {"MILDKRACHT_SECURE": "1", "MILDKRACHT_TRUSTED_PROXIES": "127.0.0.2"}
    server = Server(data_dir, env=env)
    try:
        server.address()
        guesser = ProxiedBrowser(server.port, "127.0.0.2", "203.0.113.9")
        for _ in range(5):
            assert guesser.log_in("ans", "not the password")[0] == 200
        # Locked out: even the right password is not checked for this client now.
        assert guesser.log_in("ans", "a calm lake at dawn, slowly")[0] == 200
        # Another person behind the same proxy logs in to the same account as usual.
        other = ProxiedBrowser(server.port, "127.0.0.2", "198.51.100.4")
        assert other.log_in("ans", "a calm lake at dawn, slowly")[0] == 302
    finally:
        assert server.stop() == 0


def test_a_start_empties_the_shared_cache_of_parts_made_by_earlier_code(data_dir):
    first = Server(data_dir)
    first.address()
    assert first.stop() == 0
    database = sqlite3.connect(data_dir / "mildkracht.sqlite3")
    with database:
        database.execute(
            "INSERT INTO mildkracht_shared_cache (cache_key, value, expires) "
            "VALUES (':1:old-part', 'x', '2999-01-01 00:00:00')"
        )
    second = Server(data_dir)
    try:
        second.address()
        count = database.execute("SELECT count(*) FROM mildkracht_shared_cache").fetchone()
        assert count == (0,)
    finally:
        database.close()
        assert second.stop() == 0
