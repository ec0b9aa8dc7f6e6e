import os
import stat
import threading

import pytest
from cryptography.fernet import Fernet

from mildkracht.web.secret_files import (
    ENCRYPTION_KEY_FILE,
    PUSH_KEY_FILE,
    SECRET_KEY_FILE,
    SecretsError,
    ensure_push_key,
    ensure_secrets,
)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_first_start_creates_secrets_readable_by_the_owner_only(tmp_path):
    data_dir = tmp_path / "new" / "data"
    ensure_secrets(data_dir)
    assert _mode(data_dir / SECRET_KEY_FILE) == 0o600
    assert _mode(data_dir / ENCRYPTION_KEY_FILE) == 0o600
    assert _mode(data_dir) == 0o700


def test_the_secrets_are_usable(tmp_path):
    secrets = ensure_secrets(tmp_path)
    assert len(secrets.secret_key) >= 50
    token = Fernet(secrets.encryption_key).encrypt(b"dear diary")
    assert Fernet(secrets.encryption_key).decrypt(token) == b"dear diary"


def test_a_second_start_keeps_the_secrets(tmp_path):
    first = ensure_secrets(tmp_path)
    before = {name: (tmp_path / name).stat().st_mtime_ns for name in os.listdir(tmp_path)}
    second = ensure_secrets(tmp_path)
    assert second == first
    after = {name: (tmp_path / name).stat().st_mtime_ns for name in os.listdir(tmp_path)}
    assert after == before


def test_no_temporary_files_are_left_behind(tmp_path):
    ensure_secrets(tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted([SECRET_KEY_FILE, ENCRYPTION_KEY_FILE])


def test_simultaneous_first_starts_agree_on_one_secret(tmp_path):
    results = []

    def start():
        results.append(ensure_secrets(tmp_path))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1
    assert set(os.listdir(tmp_path)) == {SECRET_KEY_FILE, ENCRYPTION_KEY_FILE}


def test_a_damaged_encryption_key_is_refused_not_replaced(tmp_path):
    (tmp_path / ENCRYPTION_KEY_FILE).write_text("not a key\n")
    with pytest.raises(SecretsError, match="backup"):
        ensure_secrets(tmp_path)
    assert (tmp_path / ENCRYPTION_KEY_FILE).read_text() == "not a key\n"


# The data directory kept private, and the key kept elsewhere (issue 19)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_data_directory_others_could_read_is_made_private_with_a_warning(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    for name in ("mildkracht.sqlite3", "mildkracht.sqlite3-wal"):
        (data_dir / name).write_bytes(b"")
        os.chmod(data_dir / name, 0o644)
    with pytest.warns(UserWarning, match="could be read by others"):
        ensure_secrets(data_dir)
    assert _mode(data_dir) == 0o700
    assert {path.name: _mode(path) for path in data_dir.iterdir()} == {
        "mildkracht.sqlite3": 0o600,
        "mildkracht.sqlite3-wal": 0o600,
        SECRET_KEY_FILE: 0o600,
        ENCRYPTION_KEY_FILE: 0o600,
    }


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_key_can_live_outside_the_data_directory(tmp_path, monkeypatch):
    key_file = tmp_path / "elsewhere" / "mildkracht.key"
    monkeypatch.setenv("MILDKRACHT_KEY_FILE", str(key_file))
    secrets = ensure_secrets(tmp_path / "data")
    assert not (tmp_path / "data" / ENCRYPTION_KEY_FILE).exists()
    assert key_file.read_text().strip().encode() == secrets.encryption_key
    assert _mode(key_file) == 0o600


def test_a_key_file_elsewhere_is_not_made_anew_while_the_key_is_in_the_data_directory(
    tmp_path,
):
    first = ensure_secrets(tmp_path / "data")
    with pytest.raises(SecretsError, match="Move it there"):
        ensure_secrets(tmp_path / "data", key_file=tmp_path / "elsewhere.key")
    (tmp_path / "data" / ENCRYPTION_KEY_FILE).rename(tmp_path / "elsewhere.key")
    moved = ensure_secrets(tmp_path / "data", key_file=tmp_path / "elsewhere.key")
    assert moved.encryption_key == first.encryption_key


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_push_key_is_made_once_readable_by_the_owner_only(tmp_path):
    first = ensure_push_key(tmp_path)
    assert _mode(tmp_path / PUSH_KEY_FILE) == 0o600
    assert ensure_push_key(tmp_path) == first
    assert first.startswith("-----BEGIN PRIVATE KEY-----")


def test_a_damaged_push_key_is_refused_not_replaced(tmp_path):
    (tmp_path / PUSH_KEY_FILE).write_text("not a key\n")
    with pytest.raises(SecretsError, match="not a P-256 private key"):
        ensure_push_key(tmp_path)
    assert (tmp_path / PUSH_KEY_FILE).read_text() == "not a key\n"
