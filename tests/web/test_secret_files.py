import os
import stat
import threading

import pytest
from cryptography.fernet import Fernet

from mildkracht.web.secret_files import (
    ENCRYPTION_KEY_FILE,
    SECRET_KEY_FILE,
    SecretsError,
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
