"""Reminders by e-mail and by push notification: which are due, and sending each exactly once.

``enqueue_due_reminders(now)`` is called every minute by ``mildkracht worker``; each due
reminder becomes a task. An e-mail task records a ReminderSent row and sends the mail in one
transaction: the row's unique constraint (owner, kind, channel, day) means that a worker
running twice, two workers at once, or a task run twice send one mail. A push task goes to
every device the person turned notifications on for (program.push); its row is committed
before the devices are called, so that no write lock is held while a push service answers,
and deleted again when none of them could be reached, for the next round to try once more.
Tasks wait in the database until a worker runs them; one still queued when its day is over
is dropped, not sent late.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mildkracht.core.practices import schedule
from mildkracht.web.accounts.models import User
from mildkracht.web.program import push
from mildkracht.web.program.clock import local_today, zone_of
from mildkracht.web.program.history import SCS, program_scs, scored_assessments
from mildkracht.web.program.models import (
    Enrolment,
    ReminderChannel,
    ReminderKind,
    ReminderSent,
    ReminderSettings,
)

# A reminder is sent from its time until this much later; a worker that was off all day
# does not send yesterday's reminders in the evening.
SEND_WINDOW = timedelta(hours=3)
# Re-test reminders go out at the practice time, or at this time without one.
DEFAULT_RETEST_TIME = time(9, 0)


def due_reminders(
    now: datetime, channel: str = ReminderChannel.EMAIL
) -> list[tuple[int, str, date]]:
    """(user id, kind, local day) of each reminder due at ``now`` and not yet sent."""
    due = []
    for user, practice_time in _people_to_remind(channel):
        local_now = now.astimezone(zone_of(user))
        today = local_now.date()
        if not _in_window(local_now, practice_time or DEFAULT_RETEST_TIME):
            continue
        if practice_time is not None:
            due.append((user.pk, ReminderKind.PRACTICE.value, today))
        if _retest_due(user, today):
            due.append((user.pk, ReminderKind.RETEST.value, today))
    recent = ReminderSent.objects.filter(
        channel=channel, for_date__gte=(now - timedelta(days=2)).date()
    )
    sent = set(recent.values_list("owner_id", "kind", "for_date"))
    return [reminder for reminder in due if reminder not in sent]


def _people_to_remind(channel: str) -> list[tuple[User, time | None]]:
    """Who wants reminders this way, with their practice time: e-mail by choice and with a
    confirmed address; notifications on every device they were turned on for."""
    if channel == ReminderChannel.EMAIL:
        rows = (
            ReminderSettings.objects.filter(email_reminders=True, owner__is_active=True)
            .exclude(owner__email="")
            .select_related("owner")
        )
        return [(row.owner, row.practice_time) for row in rows]
    people = (
        User.objects.filter(is_active=True, push_subscriptions__isnull=False)
        .distinct()
        .select_related("reminder_settings")
    )
    return [(user, _practice_time(user)) for user in people]


def _practice_time(user: User) -> time | None:
    settings_row = getattr(user, "reminder_settings", None)  # None when never saved
    return settings_row.practice_time if settings_row is not None else None


def _in_window(local_now: datetime, at: time) -> bool:
    start = datetime.combine(local_now.date(), at, tzinfo=local_now.tzinfo)
    return start <= local_now < start + SEND_WINDOW


def _retest_due(user: User, today: date) -> bool:
    """True on the day a re-test becomes due (only that day: no repeated nagging)."""
    enrolment = Enrolment.objects.filter(owner=user).first()
    if enrolment is None:
        return False
    plan = enrolment.schedule()
    dates = schedule.retest_dates(plan)
    done = program_scs(scored_assessments(user, SCS), plan)
    return any(
        dates.get(name) == today and name not in done
        for name in schedule.due_assessments(plan, today, done.keys())
        if name != schedule.BASELINE
    )


def enqueue_due_reminders(now: datetime) -> int:
    """Enqueue a task for each due reminder; return how many were enqueued."""
    by_mail = due_reminders(now)
    for user_id, kind, day in by_mail:
        send_reminder.enqueue(user_id, kind, day.isoformat())
    by_push = due_reminders(now, ReminderChannel.PUSH)
    for user_id, kind, day in by_push:
        send_push_reminder.enqueue(user_id, kind, day.isoformat())
    return len(by_mail) + len(by_push)


@task()
def send_reminder(user_id: int, kind: str, for_date: str) -> bool:
    """Send one reminder unless it was already sent; True when this call sent it."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    if local_today(user) != date.fromisoformat(for_date):
        return False  # queued while no worker ran: yesterday's reminder is no use today
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                owner=user, kind=kind, for_date=date.fromisoformat(for_date)
            )
            with translation.override(user.language or "nl"):
                subject, body = _message(kind)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False  # sent before: the unique constraint keeps it to one
    return True


@task()
def send_push_reminder(user_id: int, kind: str, for_date: str) -> bool:
    """Notify each of the person's devices unless done before; True when one was reached."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    day = date.fromisoformat(for_date)
    if user is None or local_today(user) != day:
        return False
    devices = list(user.push_subscriptions.all())
    if not devices:
        return False
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                owner=user, kind=kind, channel=ReminderChannel.PUSH, for_date=day
            )
    except IntegrityError:
        return False  # sent before
    with translation.override(user.language or "nl"):
        message = push_message(kind)
    ttl = int(SEND_WINDOW.total_seconds())
    results = [push.send(device, message, ttl) for device in devices]
    if push.Delivery.FAILED in results and push.Delivery.SENT not in results:
        claim.delete()  # no device was reached: the next round tries again
        return False
    return push.Delivery.SENT in results


def push_message(kind: str) -> push.Message:
    """Generic words: a phone shows them on its lock screen, for anyone to read."""
    if kind == ReminderKind.RETEST:
        body = _("Something is ready for you, whenever it suits you.")
    else:
        body = _("A moment for yourself?")
    return push.Message(title="Mildkracht", body=body, tag=f"mildkracht-{kind}")


def reminder_tasks_of(user_id: int) -> QuerySet[DBTaskResult[Any, Any]]:
    """The person's reminder tasks, queued or finished: their id is the task's first argument.

    The queue knows people only by the id in a task's JSON arguments, not by a relation, so
    deleting the account does not reach these rows by itself.
    """
    paths = [send_reminder.module_path, send_push_reminder.module_path]
    return DBTaskResult.objects.filter(task_path__in=paths).filter(
        Q(args_kwargs__args__0=user_id) | Q(args_kwargs__kwargs__user_id=user_id)
    )


def _message(kind: str) -> tuple[str, str]:
    """A generic subject and text: nothing about health or scores in a mail."""
    if kind == ReminderKind.RETEST:
        body = _(
            "Hello,\n\nThere is a moment waiting for you in Mildkracht to look back on how "
            "you are doing. Whenever it suits you.\n\nMildkracht"
        )
    else:
        body = _(
            "Hello,\n\nThis is your reminder to take a little time for yourself. "
            "A few kind minutes are enough.\n\nMildkracht"
        )
    return "Mildkracht", body
