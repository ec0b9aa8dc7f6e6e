"""Secrets that a first start generates into the data directory.

Each secret is a file readable by its owner only. It is created atomically (written to a
temporary file, then hard-linked into place, which fails if the name exists) and never
overwritten: two processes starting at once agree on one value, and a restart keeps the
sessions and the encrypted text readable.
"""

import base64
import binascii
import contextlib
import os
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

SECRET_KEY_FILE = "secret_key"
ENCRYPTION_KEY_FILE = "encryption_key"
OWNER_ONLY = 0o600


class SecretsError(Exception):
    """A secret file exists but cannot be used."""


@dataclass(frozen=True)
class Secrets:
    secret_key: str
    encryption_key: bytes


def ensure_secrets(data_dir: Path) -> Secrets:
    """Return the installation's secrets, generating any that are missing."""
    data_dir = Path(data_dir)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret_key = _ensure_file(data_dir / SECRET_KEY_FILE, lambda: secrets.token_urlsafe(64))
    encryption_key = _ensure_file(
        data_dir / ENCRYPTION_KEY_FILE, lambda: Fernet.generate_key().decode("ascii")
    )
    _check_secret_key(data_dir / SECRET_KEY_FILE, secret_key)
    _check_encryption_key(data_dir / ENCRYPTION_KEY_FILE, encryption_key)
    return Secrets(secret_key=secret_key, encryption_key=encryption_key.encode("ascii"))


def _ensure_file(path: Path, generate: Callable[[], str]) -> str:
    if not path.exists():
        _create_exclusively(path, generate())
    return path.read_text(encoding="ascii").strip()


def _create_exclusively(path: Path, content: str) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        os.chmod(temporary, OWNER_ONLY)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(content + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: keep its secret
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _check_secret_key(path: Path, value: str) -> None:
    if len(value) < 50:
        raise SecretsError(
            f"The secret key in {path} is too short. Move the file away to generate a new one "
            "(everyone will have to log in again)."
        )


def _check_encryption_key(path: Path, value: str) -> None:
    # A comma-separated list, newest first, while the keys are rotated (see web/crypto.py).
    keys = [key.strip() for key in value.split(",")]
    try:
        valid = all(len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32 for key in keys)
    except (binascii.Error, ValueError):
        valid = False
    if not valid:
        raise SecretsError(
            f"The encryption key in {path} is not a valid key. Restore it from a backup: "
            "without it, encrypted text cannot be read."
        )
