"""Secrets that a first start generates into the data directory, which is kept private.

The data directory is its owner's alone (0700), and so is every file in it (0600): the
database, its WAL and the secrets. A folder or file that others could read is made private
at the next start, with a warning.

The encryption key may live elsewhere: ``MILDKRACHT_KEY_FILE`` names its file (generated
there on a first start), so that a backup of the data directory without the key reveals
nothing of what is encrypted. ``MILDKRACHT_ENCRYPTION_KEY`` gives the key itself.

The key that signs Web Push messages (VAPID) is made the same way, on the first start of the
server or the worker (``ensure_push_key``); phones subscribe with its public half.

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
import stat
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

SECRET_KEY_FILE = "secret_key"
ENCRYPTION_KEY_FILE = "encryption_key"
PUSH_KEY_FILE = "push_private_key.pem"
OWNER_ONLY = 0o600
PRIVATE_FOLDER = 0o700
KEY_FILE_VARIABLE = "MILDKRACHT_KEY_FILE"


class SecretsError(Exception):
    """A secret file exists but cannot be used."""


@dataclass(frozen=True)
class Secrets:
    secret_key: str
    encryption_key: bytes


def ensure_secrets(data_dir: Path, key_file: Path | None = None) -> Secrets:
    """Return the installation's secrets, generating any that are missing.

    The encryption key is read from ``key_file``, else from the file that
    ``MILDKRACHT_KEY_FILE`` names, else from the data directory.
    """
    data_dir = Path(data_dir)
    data_dir.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    make_private(data_dir)
    key_path = _key_path(data_dir, key_file)
    secret_key = _ensure_file(data_dir / SECRET_KEY_FILE, lambda: secrets.token_urlsafe(64))
    encryption_key = _ensure_file(key_path, lambda: Fernet.generate_key().decode("ascii"))
    if os.name == "posix":
        _restrict(key_path, OWNER_ONLY)
    _check_secret_key(data_dir / SECRET_KEY_FILE, secret_key)
    _check_encryption_key(key_path, encryption_key)
    return Secrets(secret_key=secret_key, encryption_key=encryption_key.encode("ascii"))


def ensure_push_key(data_dir: Path) -> str:
    """The private key (PEM, P-256) that signs Web Push messages, generated if missing.

    Never replaced: the phones' subscriptions are bound to its public half.
    """
    path = Path(data_dir) / PUSH_KEY_FILE
    pem = _ensure_file(path, _new_push_key)
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except ValueError:
        key = None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise SecretsError(
            f"The push key in {path} is not a P-256 private key. Move it away to generate a "
            "new one (every phone then has to turn its notifications on again)."
        )
    return pem


def _new_push_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem.decode("ascii").strip()


def make_private(data_dir: Path) -> None:
    """The data directory and every file in it its owner's alone; warns of each it was not."""
    if os.name != "posix":
        return
    _restrict(data_dir, PRIVATE_FOLDER)
    for path in data_dir.iterdir():
        if not path.is_symlink() and not path.is_dir():
            _restrict(path, OWNER_ONLY)


def create_private_file(path: Path) -> None:
    """Create ``path`` (a database file) readable by its owner only, if it is not there.

    SQLite gives the WAL and the other files beside a database the database's own mode.
    """
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY))


def _restrict(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:  # another process's temporary file, gone already
        return
    if current & ~mode:
        warnings.warn(
            f"{path} could be read by others (mode {current:o}); it is now {mode:o}.",
            stacklevel=3,
        )
        os.chmod(path, mode)


def _key_path(data_dir: Path, key_file: Path | None) -> Path:
    chosen = key_file or os.environ.get(KEY_FILE_VARIABLE)
    if not chosen:
        return data_dir / ENCRYPTION_KEY_FILE
    path = Path(chosen).expanduser().resolve()
    old = data_dir / ENCRYPTION_KEY_FILE
    if not path.exists() and old.exists():
        # A new key there would leave everything encrypted with the old one unreadable.
        raise SecretsError(
            f"{KEY_FILE_VARIABLE} names {path}, which does not exist, while the key is still "
            f"in {old}. Move it there (mv {old} {path}), then start again."
        )
    path.parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return path


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
