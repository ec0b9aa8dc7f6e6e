"""The README's backup recipe for a PostgreSQL server: pg_dump, then pg_restore into an empty
database, gives back every person, answer and score."""

import shutil
import subprocess
import sys
import time

import pytest
from own_process import environment
from test_serve import POSTGRES_URL, _database, _make_tokens

pytestmark = pytest.mark.skipif(
    shutil.which("pg_dump") is None or shutil.which("pg_restore") is None,
    reason="needs PostgreSQL's pg_dump and pg_restore",
)

COUNT = """
import sys
from pathlib import Path
from mildkracht.web.runtime import prepare
prepare(Path(sys.argv[1]))
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments import actions
from mildkracht.web.assessments.models import Assessment
ans = User.objects.get(username="ans")
if sys.argv[2] == "write":
    actions.record_assessment(ans, "scs", {n: n % 5 + 1 for n in range(1, 27)})
totals = [round(actions.scores_of(a).values["total"], 6) for a in Assessment.objects.all()]
print(User.objects.count(), totals)
"""


def _run(data_dir, env, what: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", COUNT, str(data_dir), what],
        env={**environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_dump_restored_into_an_empty_database_gives_everything_back(tmp_path):
    data_dir = tmp_path / "data"
    with _database("postgres") as env:
        _make_tokens(data_dir, env)
        before = _run(data_dir, env, "write")
        dump = tmp_path / "mildkracht.dump"
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), env["DATABASE_URL"]], check=True)
        restored = f"mildkracht_restored_{int(time.time())}"
        import psycopg

        with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{restored}"')
        try:
            url = f"{POSTGRES_URL}/{restored}"
            subprocess.run(["pg_restore", "--no-owner", "-d", url, str(dump)], check=True)
            after = _run(data_dir, {"DATABASE_URL": url}, "read")
        finally:
            with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
    assert before == after
    assert before.startswith("2 [")  # two people, and the answers scored again
