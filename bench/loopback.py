"""What the web benchmarks share: a kept-alive client on loopback, and percentiles.

The client speaks plain HTTP/1.1 over one kept-alive socket and reads each response whole
(status line, headers, then exactly Content-Length bytes, or chunks). It is deliberately
lean: the load generator shares the machine's two CPUs with the server, and Python's
http.client spent about 0.25 ms of CPU per request (mostly parsing headers with the email
package), time taken from the server being measured. This one spends about a fifth of that.
"""

from __future__ import annotations

import socket
from urllib.parse import urlencode

TIMEOUT_SECONDS = 30
FORM = "application/x-www-form-urlencoded"


class Client:
    """One client: a kept-alive connection with its own cookies and headers."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}
        self.socket: socket.socket | None = None
        self.buffer = b""

    def _connect(self) -> socket.socket:
        if self.socket is None:
            self.socket = socket.create_connection(("127.0.0.1", self.port), TIMEOUT_SECONDS)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.buffer = b""
        return self.socket

    def close(self) -> None:
        if self.socket is not None:
            self.socket.close()
            self.socket = None

    def request(self, method: str, path: str, body: str | None = None, kind: str = "") -> int:
        """Send one request and read its whole response; returns the status code."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        payload = body.encode() if body is not None else b""
        if kind:
            lines.append(f"Content-Type: {kind}")
        if body is not None or method == "POST":
            lines.append(f"Content-Length: {len(payload)}")
        connection = self._connect()
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload)
        status, headers = self._read_head()
        length = headers.get(b"content-length")
        if length is not None:
            self._read_exactly(int(length))
        elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            self._read_chunks()
        else:  # the body ends with the connection
            while self._receive():
                pass
            self.close()
        for cookie in headers.get(b"set-cookie", b"").split(b"\n"):
            if cookie:
                name, _, rest = cookie.decode("latin-1").partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status

    def _receive(self) -> bool:
        assert self.socket is not None
        data = self.socket.recv(65536)
        self.buffer += data
        return bool(data)

    def _read_head(self) -> tuple[int, dict[bytes, bytes]]:
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            if not self._receive():
                raise ConnectionError("the server closed the connection mid-response")
        head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
        status_line, *header_lines = head.split(b"\r\n")
        headers: dict[bytes, bytes] = {}
        for line in header_lines:
            name, _, value = line.partition(b":")
            key = name.strip().lower()
            value = value.strip()
            # Several Set-Cookie headers are kept, one per line.
            headers[key] = headers[key] + b"\n" + value if key in headers else value
        return int(status_line.split(b" ", 2)[1]), headers

    def _read_exactly(self, count: int) -> bytes:
        while len(self.buffer) < count:
            if not self._receive():
                raise ConnectionError("the server closed the connection mid-body")
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _read_chunks(self) -> None:
        while True:
            while (end := self.buffer.find(b"\r\n")) < 0:
                if not self._receive():
                    raise ConnectionError("the server closed the connection mid-chunk")
            size = int(self.buffer[:end].split(b";", 1)[0], 16)
            self.buffer = self.buffer[end + 2 :]
            self._read_exactly(size + 2)  # the chunk and its CRLF
            if size == 0:
                return

    def post_form(self, path: str, form: dict[str, str]) -> int:
        return self.request("POST", path, urlencode(form), FORM)

    def log_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        form = {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        status = self.post_form("/accounts/login/", form)
        if status != 302:
            raise RuntimeError(f"{username} could not log in ({status})")


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` from 0 to 1)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def process_cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU time (user, system) of a process and its child processes, from /proc (Linux).

    (0.0, 0.0) where /proc is not there. The server's worker processes are its children.
    """
    import os

    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    user = system = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            user += int(fields[11]) / ticks
            system += int(fields[12]) / ticks
            with open(f"/proc/{current}/task/{current}/children") as handle:
                pending.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return user, system


def child_named(pid: int, name: str) -> int | None:
    """The process id of ``pid``'s child process called ``name`` (Linux), or None."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(child) for child in handle.read().split()]
    except (OSError, ValueError):
        return None
    for child in children:
        try:
            with open(f"/proc/{child}/comm") as handle:
                if handle.read().strip() == name:
                    return child
        except OSError:
            continue
    return None


def scheduler_seconds(pid: int | None) -> tuple[float, float]:
    """Seconds a one-threaded process has spent on a CPU and waiting for one, from
    /proc/PID/schedstat (Linux); (0.0, 0.0) where that cannot be read."""
    if pid is None:
        return 0.0, 0.0
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            on_cpu, waiting, _slices = handle.read().split()
        return int(on_cpu) / 1e9, int(waiting) / 1e9
    except (OSError, ValueError):
        return 0.0, 0.0


def connections_per_process(server_pid: int, clients: list[Client]) -> list[int]:
    """How many of these clients' connections each server process holds (Linux).

    Kept-alive clients stay with the process that accepted them, so this split shapes the
    results: printed with them. Empty where /proc is not there.
    """
    import os

    ports = {client.socket.getsockname()[1] for client in clients if client.socket}
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as handle:
                lines = handle.read().splitlines()[1:]
        except OSError:
            return []
        for line in lines:
            fields = line.split()
            # The server's end of a client's connection: the client's port is the remote one.
            if fields[3] == "01" and int(fields[2].rsplit(":", 1)[1], 16) in ports:
                established.add(fields[9])
    counts = []
    pending = [server_pid]
    while pending:
        pid = pending.pop()
        try:
            held = {
                os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1] for fd in os.listdir(f"/proc/{pid}/fd")
            }
            with open(f"/proc/{pid}/task/{pid}/children") as handle:
                pending.extend(int(child) for child in handle.read().split())
            with open(f"/proc/{pid}/comm") as handle:
                serves = handle.read().strip() != "mildkracht-db"  # the writer serves no one
        except OSError:
            continue
        if serves:
            counts.append(len(established & held))
    return sorted(counts, reverse=True)
