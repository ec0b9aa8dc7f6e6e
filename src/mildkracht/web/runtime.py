"""Preparing a data directory so that Django can run on it: shared by `serve` and `user add`."""

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import platformdirs

from mildkracht.web.secret_files import create_private_file, ensure_push_key, ensure_secrets

LOCK_FILE = "startup.lock"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("mildkracht"))


def prepare(data_dir: Path | None, *, collect_static: bool = False) -> Path:
    """Create the data directory and its secrets, load Django and bring the database up to date.

    Safe to run by several processes at once: the migrations and the static files are
    prepared under a lock in the data directory.
    """
    data_dir = Path(data_dir or os.environ.get("MILDKRACHT_DATA_DIR") or default_data_dir())
    data_dir = data_dir.expanduser().resolve()
    os.environ["MILDKRACHT_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mildkracht.web.settings")
    ensure_secrets(data_dir)
    ensure_push_key(data_dir)

    import django
    from django.core.management import call_command

    django.setup()
    _create_private_database()
    with _locked(data_dir / LOCK_FILE):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache (settings.CACHES)
        if collect_static:
            call_command("collectstatic", interactive=False, verbosity=0)
    return data_dir


def _create_private_database() -> None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        create_private_file(Path(database["NAME"]))


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    create_private_file(path)
    with open(path, "a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield  # the lock is released when the file is closed
