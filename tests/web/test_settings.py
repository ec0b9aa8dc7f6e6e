"""The settings as a server would run them, read in a fresh process from the environment."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def _run_manage(tmp_path, *arguments: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MILDKRACHT_") and key != "DATABASE_URL"
    }
    env.update({"MILDKRACHT_DATA_DIR": str(tmp_path / "data"), **environment})
    return subprocess.run(
        [sys.executable, "-m", "mildkracht.web.manage", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _setting(tmp_path, expression: str, **environment: str) -> str:
    code = f"from django.conf import settings; print(repr(({expression})))"
    result = _run_manage(tmp_path, "shell", "--no-imports", "-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_deployment_check_is_clean_behind_https(tmp_path):
    result = _run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                         MILDKRACHT_SECURE="1")  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_check_warns_without_https(tmp_path):
    result = _run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path):
    assert _setting(tmp_path, "settings.DEBUG") == "False"
    assert _setting(tmp_path, "settings.DEBUG", MILDKRACHT_DEBUG="1") == "True"


def test_secure_mode_makes_the_cookies_secure(tmp_path):
    expression = (
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS"
    )
    assert _setting(tmp_path, expression, MILDKRACHT_SECURE="1") == "(True, True, 31536000)"
    assert _setting(tmp_path, expression) == "(False, False, 0)"


def test_database_url_selects_postgresql(tmp_path):
    expression = "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']"
    value = _setting(tmp_path, expression, DATABASE_URL="postgres://someone@127.0.0.1:5432/test")
    assert value == "('django.db.backends.postgresql', 'test')"


def test_the_data_directory_holds_the_database_and_static_files(tmp_path):
    expression = "settings.DATABASES['default']['NAME'], settings.STATIC_ROOT"
    data_dir = (tmp_path / "data").resolve()
    value = _setting(tmp_path, expression)
    assert value == repr((str(data_dir / "mildkracht.sqlite3"), data_dir / "static"))


def test_allowed_hosts_default_to_this_computer(tmp_path):
    assert _setting(tmp_path, "settings.ALLOWED_HOSTS") == "['localhost', '127.0.0.1', '[::1]']"
    assert (
        _setting(tmp_path, "settings.ALLOWED_HOSTS", MILDKRACHT_ALLOWED_HOSTS="a.example, b")
        == "['a.example', 'b']"
    )


def test_the_sqlite_database_survives_a_crash(tmp_path, django_db_blocker):
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("runs against PostgreSQL")
    wrapper = DatabaseWrapper(
        {**settings.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3"), "OPTIONS": options}
    )
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
    assert wrapper.transaction_mode == "IMMEDIATE"
    wrapper.close()
    assert sqlite3.connect(tmp_path / "db.sqlite3").execute("PRAGMA journal_mode").fetchone() == (
        "wal",
    )


def test_passwords_are_hashed_with_argon2(argon2_hashing):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_user_model_is_our_own():
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_the_public_address_is_allowed_and_trusted(tmp_path):
    expression = (
        "settings.MILDKRACHT_BASE_URL, settings.ALLOWED_HOSTS[-1], settings.CSRF_TRUSTED_ORIGINS"
    )
    found = _setting(tmp_path, expression, MILDKRACHT_BASE_URL="https://mk.example.org:8443/")
    assert (
        found
        == "('https://mk.example.org:8443', 'mk.example.org', ['https://mk.example.org:8443'])"
    )
