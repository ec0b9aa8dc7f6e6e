"""A data directory as `mildkracht serve` makes it: private, and without the key (when it
is kept elsewhere) nothing in it can be read (issue 19)."""

import os
import stat
import subprocess
import sys

import pytest
from own_process import environment

SECRET_WORDS = "words only I may read"

SCRIPT = f"""
from mildkracht.web.runtime import prepare
prepare(None)
from django.db import connection
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments import actions
from mildkracht.web.practice.models import JournalEntry
person = User.objects.create_user("someone", password="a calm lake at dawn")
answers = {{number: 0 for number in range(1, 10)}}
answers[9] = 3
actions.record_assessment(person, "phq9", answers, {{"difficulty": 2}})
JournalEntry.objects.create(owner=person, text={SECRET_WORDS!r})
connection.close()
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """A data directory after a first start and some health data, its key kept apart."""
    root = tmp_path_factory.mktemp("at-rest")
    data_dir = root / "data"
    env = {
        **environment(),
        "MILDKRACHT_DATA_DIR": str(data_dir),
        "MILDKRACHT_KEY_FILE": str(root / "key" / "mildkracht.key"),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_directory_and_every_file_in_it_are_the_owners_alone(data_dir):
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in data_dir.iterdir()
        if path.is_file()
    }
    assert "mildkracht.sqlite3" in modes
    assert modes == dict.fromkeys(modes, 0o600)


def test_a_backup_of_the_data_directory_without_the_key_reveals_no_answer_or_entry(data_dir):
    assert not (data_dir / "encryption_key").exists()
    contents = b"".join(path.read_bytes() for path in data_dir.iterdir() if path.is_file())
    assert SECRET_WORDS.encode() not in contents
    for plain in (b'"9":3', b'"9": 3', b"difficulty"):
        assert plain not in contents
