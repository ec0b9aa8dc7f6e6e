"""What the web benchmarks share: a kept-alive client on loopback, and percentiles."""

from __future__ import annotations

import http.client
from urllib.parse import urlencode

TIMEOUT_SECONDS = 30
FORM = "application/x-www-form-urlencoded"


class Client:
    """One client: a kept-alive connection with its own cookies and headers."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}

    def request(self, method: str, path: str, body: str | None = None, kind: str = "") -> int:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if kind:
            headers["Content-Type"] = kind
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status

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
