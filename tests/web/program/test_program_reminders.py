"""E-mail reminders: due at the person's time, generic, queued in the database, sent once.

Tests that run the worker use a transactional database: the queue's worker, like the real
one, works outside any transaction that a test would wrap around it.
"""

from __future__ import annotations

import os
import signal
import threading
from datetime import date, time, timedelta
from time import sleep

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django_tasks_db.models import DBTaskResult
from program_support import local, scs_answers, take

from mildkracht.web.program import actions, reminders
from mildkracht.web.program import worker as worker_module
from mildkracht.web.program.models import ReminderSent
from mildkracht.web.program.reminders import due_reminders, enqueue_due_reminders, send_reminder
from mildkracht.web.program.worker import prune_finished_tasks, run_worker

MORNING = local(2026, 3, 2, 7, 31)  # a minute after the chosen practice time


@pytest.fixture
def wants_mail(person):
    actions.save_reminder_settings(person, time(7, 30), email_reminders=True)
    return person


@pytest.fixture
def worker(monkeypatch):
    """``worker()`` runs `mildkracht worker --once` on the test database."""
    monkeypatch.setattr("mildkracht.web.runtime.prepare", lambda data_dir: None)
    return lambda: run_worker(None, once=True)


def test_a_practice_reminder_is_due_from_the_chosen_local_time(wants_mail):
    assert due_reminders(local(2026, 3, 2, 7, 29)) == []
    assert due_reminders(local(2026, 3, 2, 7, 30)) == [
        (wants_mail.pk, "practice", date(2026, 3, 2))
    ]
    assert due_reminders(local(2026, 3, 2, 11, 0)) == []  # too late: not sent hours afterwards


def test_a_due_reminder_waits_in_the_database_as_a_task(wants_mail):
    assert enqueue_due_reminders(MORNING) == 1
    task = DBTaskResult.objects.get()
    assert (task.status, task.task_path) == ("READY", send_reminder.module_path)
    assert task.args_kwargs["args"] == [wants_mail.pk, "practice", "2026-03-02"]
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_queued_reminder_once_however_often_it_runs(wants_mail, clock, worker):
    clock(MORNING)
    enqueue_due_reminders(MORNING)  # and once more by the worker: not sent yet
    assert worker() == 0
    assert worker() == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(owner=wants_mail).count() == 1
    tasks = DBTaskResult.objects.all()
    assert {task.status for task in tasks} == {"SUCCESSFUL"}
    assert sorted(task.return_value for task in tasks) == [False, True]  # one sent, one not


@pytest.mark.django_db(transaction=True)
def test_a_queued_reminder_survives_a_restart_of_the_worker(wants_mail, clock, worker):
    enqueue_due_reminders(MORNING)  # then the worker stops before it runs the task
    later = local(2026, 3, 2, 10, 45)  # restarted after the sending window
    clock(later)
    assert due_reminders(later) == []  # so only the queued task can send it
    worker()
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_reminder_still_queued_the_next_day_is_dropped(wants_mail, clock, worker):
    enqueue_due_reminders(MORNING)
    clock(local(2026, 3, 3, 6, 0))
    worker()
    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_that_runs_twice_sends_once(wants_mail, clock):
    clock(MORNING)
    assert send_reminder.call(wants_mail.pk, "practice", "2026-03-02") is True
    assert send_reminder.call(wants_mail.pk, "practice", "2026-03-02") is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_reminder_at_once_send_one_mail(
    wants_mail, clock, monkeypatch
):
    clock(MORNING)
    first_is_sending = threading.Event()
    real_send_mail = reminders.send_mail

    def slow_send_mail(*args, **kwargs):
        first_is_sending.set()
        sleep(0.5)  # the second worker tries while the first one's transaction is open
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", slow_send_mail)
    outcomes = {}

    def send(name: str) -> None:
        try:
            outcomes[name] = send_reminder.call(wants_mail.pk, "practice", "2026-03-02")
        except OperationalError:  # SQLite's test database: locked by the first
            outcomes[name] = False
        finally:
            connection.close()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert first_is_sending.wait(timeout=10)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    first.join()
    second.join()
    assert outcomes == {"first": True, "second": False}
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.filter(owner=wants_mail).count() == 1


def test_the_mail_is_generic_and_in_the_persons_language(wants_mail, clock):
    clock(MORNING)
    send_reminder.call(wants_mail.pk, "practice", "2026-03-02")
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


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_checks_once_and_exits(wants_mail, clock, worker, capsys):
    clock(MORNING)
    assert worker() == 0
    assert worker() == 0
    assert len(mail.outbox) == 1
    output = capsys.readouterr().out
    assert "1 reminder(s)" in output
    assert output.count("stopped") == 2


def test_ctrl_c_stops_the_worker_cleanly(monkeypatch, capsys):
    monkeypatch.setattr("mildkracht.web.runtime.prepare", lambda data_dir: None)

    def press_ctrl_c(now):
        os.kill(os.getpid(), signal.SIGINT)
        return 0

    monkeypatch.setattr(reminders, "enqueue_due_reminders", press_ctrl_c)
    monkeypatch.setattr(worker_module, "prune_finished_tasks", lambda now: 0)
    handler_before = signal.getsignal(signal.SIGINT)
    assert run_worker(None) == 0  # without --once only a signal ends it
    assert "stopped" in capsys.readouterr().out
    assert signal.getsignal(signal.SIGINT) is handler_before


def queued_task(user_id: int, day: str, status: str, finished_days_ago: int | None = None):
    """A reminder task in ``status``, enqueued a month ago, finished some days ago."""
    result = send_reminder.enqueue(user_id, "practice", day)
    task = DBTaskResult.objects.get(pk=result.id)
    task.status = status
    task.enqueued_at = MORNING - timedelta(days=30)
    if finished_days_ago is not None:
        task.finished_at = MORNING - timedelta(days=finished_days_ago)
    task.save()
    return task


def test_finished_tasks_are_pruned_after_a_week_and_waiting_ones_kept(person):
    old_sent = queued_task(person.pk, "2026-02-01", "SUCCESSFUL", finished_days_ago=8)
    old_failed = queued_task(person.pk, "2026-02-02", "FAILED", finished_days_ago=8)
    recent = queued_task(person.pk, "2026-02-25", "SUCCESSFUL", finished_days_ago=6)
    waiting = queued_task(person.pk, "2026-02-03", "READY")
    running = queued_task(person.pk, "2026-02-04", "RUNNING")
    assert prune_finished_tasks(MORNING) == 2
    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert kept == {recent.pk, waiting.pk, running.pk}
    assert not DBTaskResult.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_prunes_old_finished_tasks_when_it_starts(person, clock, worker, capsys):
    queued_task(person.pk, "2026-02-01", "SUCCESSFUL", finished_days_ago=8)
    recent = queued_task(person.pk, "2026-02-25", "FAILED", finished_days_ago=1)
    clock(MORNING)
    assert worker() == 0
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
    assert "1 finished task(s) pruned" in capsys.readouterr().out


def test_the_command_line_knows_the_worker():
    from mildkracht.cli import build_parser

    args = build_parser().parse_args(["worker", "--once"])
    assert (args.command, args.once) == ("worker", True)
