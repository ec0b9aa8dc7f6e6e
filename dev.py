#!/usr/bin/env python3
"""Set up and run Mildkracht with nothing but Python installed.

    python3 dev.py run     install (first time) and start the app on http://127.0.0.1:8000/
    python3 dev.py test    install (first time) and run every check and test

Everything goes into .venv in this folder, pinned by constraints.txt. Only the Python
standard library is used here, so this works on a fresh machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".mildkracht-installed"
CHROMIUM = Path("/usr/bin/chromium")
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/test"


def step(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run(*command: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(part) for part in command], cwd=ROOT, env=env)
    if completed.returncode != 0:
        print(f"\nFailed ({completed.returncode}): {' '.join(map(str, command))}", file=sys.stderr)
        raise SystemExit(completed.returncode)


def install(extras: str) -> None:
    """Create .venv and install the pinned packages, unless they are already there."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may meet an older python3
        raise SystemExit("Mildkracht needs Python 3.11 or newer.")
    files = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]
    wanted = hashlib.sha256(b"".join(f.read_bytes() for f in files) + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not PYTHON.exists():
        step("Creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    step("Installing Mildkracht and its pinned dependencies")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", target)
    STAMP.write_text(wanted)


def ensure_system_packages() -> None:
    """Browser tests drive Debian's Chromium; the translation check runs GNU gettext."""
    missing = []
    if not (CHROMIUM.exists() or os.environ.get("MILDKRACHT_CHROMIUM")):
        missing.append("chromium")
    if not shutil.which("msgfmt"):
        missing.append("gettext")
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        step(f"Installing {', '.join(missing)} (Debian packages) for the tests")
        run("apt-get", "update", "-qq")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "install", "-y", "-qq", *missing, env=env)
        return
    raise SystemExit(
        f"The tests need {' and '.join(missing)}. Install them (Debian/Ubuntu: sudo apt-get "
        f"install {' '.join(missing)}); MILDKRACHT_CHROMIUM may point at another Chromium."
    )


def postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def command_run(arguments: list[str]) -> None:
    install("")
    os.execv(str(BIN / "mildkracht"), [str(BIN / "mildkracht"), "serve", *arguments])


def command_test(arguments: list[str]) -> None:
    install("test")
    ensure_system_packages()
    step("ruff: lint and format")
    run(PYTHON, "-m", "ruff", "check", "src", "tests", "bench", "dev.py")
    run(PYTHON, "-m", "ruff", "format", "--check", "src", "tests", "bench", "dev.py")
    step("mypy --strict on the whole package (django-stubs plugin)")
    run(PYTHON, "-m", "mypy")
    step("pytest (SQLite)")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    run(PYTHON, "-m", "pytest", *arguments, env=env)
    if os.environ.get("DATABASE_URL") or postgres_answers():
        url = os.environ.get("DATABASE_URL", POSTGRES_URL)
        step(f"pytest against PostgreSQL ({url.split('@')[-1]})")
        run(
            PYTHON,
            "-m",
            "pytest",
            "tests/web",
            "-m",
            "not e2e",
            *arguments,
            env={**env, "DATABASE_URL": url},
        )
    print("\nAll checks passed.")


def main() -> None:
    commands = {"run": command_run, "test": command_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        raise SystemExit(2)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
