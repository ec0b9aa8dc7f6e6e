import io
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mildkracht.web.accounts.models import User

pytestmark = pytest.mark.django_db


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_reads_the_password_from_standard_input(monkeypatch, password, argon2_hashing):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("adduser", "bea", "--language", "en", stdout=out)
    user = User.objects.get(username="bea")
    assert user.check_password(password)
    assert user.password.startswith("argon2")
    assert user.language == "en"
    assert not user.is_superuser
    assert "bea" in out.getvalue()


def test_it_asks_twice_at_a_terminal_until_the_passwords_match(monkeypatch, password):
    answers = iter(["one thing", "another", password, password])
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    err = io.StringIO()
    call_command("adduser", "bea", stdout=io.StringIO(), stderr=err)
    assert User.objects.get(username="bea").check_password(password)
    assert "De twee wachtwoorden verschillen" in err.getvalue()


def test_it_gives_up_after_three_tries_at_a_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "1234")
    with pytest.raises(CommandError):
        call_command("adduser", "bea", stdout=io.StringIO(), stderr=io.StringIO())
    assert not User.objects.exists()


def test_it_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("12345678\n"))
    with pytest.raises(CommandError, match=r"cijfers|numeric"):
        call_command("adduser", "bea")
    assert not User.objects.exists()


def test_it_refuses_a_name_that_is_taken(monkeypatch, owner, password):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    with pytest.raises(CommandError, match="owner"):
        call_command("adduser", "owner")
    assert User.objects.count() == 1


def test_it_refuses_an_empty_password(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(CommandError):
        call_command("adduser", "bea")
    assert not User.objects.exists()


def test_it_refuses_an_invalid_name(monkeypatch, password):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    with pytest.raises(CommandError):
        call_command("adduser", "no spaces please")
    assert not User.objects.exists()
