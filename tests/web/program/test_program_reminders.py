"""E-mail reminders: due at the person's time, generic, and sent once however often it runs."""

from __future__ import annotations

from datetime import date, time

import pytest
from conftest import local, scs_answers, take
from django.core import mail

from mildkracht.web.program import actions
from mildkracht.web.program.models import ReminderSent
from mildkracht.web.program.reminders import due_reminders, enqueue_due_reminders, send_reminder
from mildkracht.web.program.worker import run_worker


@pytest.fixture
def wants_mail(person):
    actions.save_reminder_settings(person, time(7, 30), email_reminders=True)
    return person


def test_a_practice_reminder_is_due_from_the_chosen_local_time(wants_mail):
    assert due_reminders(local(2026, 3, 2, 7, 29)) == []
    assert due_reminders(local(2026, 3, 2, 7, 30)) == [
        (wants_mail.pk, "practice", date(2026, 3, 2))
    ]
    assert due_reminders(local(2026, 3, 2, 11, 0)) == []  # too late: not sent hours afterwards


def test_running_twice_sends_one_mail(wants_mail):
    moment = local(2026, 3, 2, 7, 31)
    assert enqueue_due_reminders(moment) == 1
    assert enqueue_due_reminders(moment) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(owner=wants_mail).count() == 1


def test_a_task_that_runs_twice_sends_once(wants_mail):
    send_reminder.call(wants_mail.pk, "practice", "2026-03-02")
    send_reminder.call(wants_mail.pk, "practice", "2026-03-02")
    assert len(mail.outbox) == 1


def test_the_mail_is_generic_and_in_the_persons_language(wants_mail):
    enqueue_due_reminders(local(2026, 3, 2, 7, 31))
    message = mail.outbox[0]
    assert message.subject == "Mildkracht"
    assert message.to == ["a@example.org"]
    assert "even tijd voor jezelf" in message.body
    for word in ("zelfcompassie", "score", "somber", "vragenlijst"):
        assert word not in message.body.lower()


def test_no_mail_without_consent_or_an_address(person):
    actions.save_reminder_settings(person, time(7, 30), email_reminders=False)
    assert due_reminders(local(2026, 3, 2, 7, 31)) == []
    actions.save_reminder_settings(person, time(7, 30), email_reminders=True)
    person.email = ""
    person.save()
    assert due_reminders(local(2026, 3, 2, 7, 31)) == []


def test_a_retest_reminder_comes_on_the_day_it_is_due_only(wants_mail):
    actions.enrol(wants_mail, date(2026, 1, 5))
    take(wants_mail, "scs", scs_answers(3, 3), local(2026, 1, 5, 9), "baseline")
    kinds = {kind for _, kind, _ in due_reminders(local(2026, 2, 23, 7, 35))}
    assert kinds == {"practice", "retest"}
    kinds = {kind for _, kind, _ in due_reminders(local(2026, 2, 24, 7, 35))}
    assert kinds == {"practice"}


def test_the_worker_command_checks_once(wants_mail, monkeypatch, capsys):
    monkeypatch.setattr(
        "mildkracht.web.program.worker.prepare", lambda data_dir: None, raising=False
    )
    monkeypatch.setattr("mildkracht.web.runtime.prepare", lambda data_dir: None)
    monkeypatch.setattr("django.utils.timezone.now", lambda: local(2026, 3, 2, 7, 31))
    assert run_worker(None, once=True) == 0
    assert run_worker(None, once=True) == 0
    assert len(mail.outbox) == 1
    assert "1 reminder(s)" in capsys.readouterr().out


def test_the_command_line_knows_the_worker():
    from mildkracht.cli import build_parser

    args = build_parser().parse_args(["worker", "--once"])
    assert (args.command, args.once) == ("worker", True)
