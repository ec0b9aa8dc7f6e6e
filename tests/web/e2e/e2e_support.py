"""What every end-to-end test needs: Debian's Chromium, a real `mildkracht serve`, and a check
of each page with axe-core plus a screenshot for people to look at.

Imported by the test modules of this folder (pytest puts the folder on sys.path).
"""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from own_process import environment

CHROMIUM = os.environ.get("MILDKRACHT_CHROMIUM", "/usr/bin/chromium")
# No sandbox as root; no background traffic: this machine has no network beyond loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "screenshots"
STARTUP_SECONDS = 60


class Server:
    """`mildkracht serve` in a process of its own, on a free port and a fresh data dir;
    ``env`` adds to its environment (e.g. the DATABASE_URL of a fresh PostgreSQL database)."""

    def __init__(self, data_dir: Path, env: dict[str, str] | None = None) -> None:
        self.data_dir = data_dir
        code = (
            "import sys; from pathlib import Path; from mildkracht.web.serve import serve; "
            "sys.exit(serve('127.0.0.1', int(sys.argv[2]), Path(sys.argv[1])))"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(data_dir), str(_free_port())],
            env={**environment(), **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        line = self.lines.get(timeout=STARTUP_SECONDS)
        match = re.search(r"(http://\S+)", line)
        assert match, line
        self.url = match.group(1).rstrip("/")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        finally:
            self.process.kill()


def _free_port() -> int:
    # The server prints the port it was given: port 0 would print 0, not the one it got.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_page(page, name: str) -> None:
    """A full-page screenshot for people to see; no serious or critical axe-core violations."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    results = Axe().run(page)
    serious = [
        (violation["id"], violation["help"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: {serious}"


def log_in_or_set_up(page, server, name: str, password: str) -> None:
    """Log ``name`` in; on a fresh installation, make them its owner first."""
    page.goto(server.url + "/")
    page.fill("input[name='username']", name)
    if page.url.endswith("/accounts/setup/"):
        page.fill("input[name='password1']", password)
        page.fill("input[name='password2']", password)
    else:
        page.fill("input[name='password']", password)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")
