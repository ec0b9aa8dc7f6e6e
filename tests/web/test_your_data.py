"""Export and erasure: a person can take everything with them, or delete everything."""

import json
from datetime import date, time

import pytest
from django.apps import apps
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.assessments.tokens import create_token
from mildkracht.web.practice.actions import log_practice, record_moment, set_daily_goal
from mildkracht.web.practice.models import JournalEntry
from mildkracht.web.program.actions import (
    enrol,
    pause,
    renew_calendar_feed,
    save_reminder_settings,
)
from mildkracht.web.program.models import PushSubscription, ReminderSent
from mildkracht.web.program.reminders import (
    reminder_tasks_of,
    send_push_reminder,
    send_reminder,
)

SECRET_WORDS = "mijn geheime dagboektekst"


def give_a_history(user: User) -> None:
    record_assessment(user, "scs", {n: 3 for n in range(1, 27)})
    session = log_practice(user, "soothing-touch", 300)
    moment = record_moment(user, "work", "boundary")
    JournalEntry.objects.create(
        owner=user, text=f"{SECRET_WORDS} {user.username}", session=session, moment=moment
    )
    enrolment = enrol(user, date(2026, 10, 1))
    pause(enrolment, date(2026, 10, 10))
    renew_calendar_feed(user)
    save_reminder_settings(user, time(8, 30), email_reminders=True)
    ReminderSent.objects.create(owner=user, kind="practice", for_date=date(2026, 10, 2))
    set_daily_goal(user, 25)
    create_token(user, "laptop")
    PushSubscription.objects.create(
        owner=user,
        endpoint=f"https://push.example.org/{user.username}",
        p256dh_key=f"secret-p256dh-{user.username}",
        auth_secret=f"secret-auth-{user.username}",
    )


@pytest.fixture
def outsider(db, password) -> User:
    user = User(username="outsider")
    user.set_password(password)
    user.save()
    return user


@task()
def other_task(user_id: int) -> None:
    """Another task with a person's id as its first argument: not a reminder."""


def owned_models() -> list:
    return [
        model
        for model in apps.get_models()
        if any(field.name == "owner" for field in model._meta.get_fields())
    ]


def test_the_export_holds_everything_of_mine_and_nothing_of_others(owner_client, owner, outsider):
    give_a_history(owner)
    give_a_history(outsider)
    response = owner_client.get("/accounts/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    data = json.loads(response.content)["data"]
    for model in owned_models():
        mine = model.objects.filter(owner=owner).count()
        assert len(data.get(model._meta.label_lower, [])) == mine, model._meta.label_lower
    assert [row["text"] for row in data["practice.journalentry"]] == [f"{SECRET_WORDS} owner"]
    assert data["program.pause"], "a pause belongs to the person through the enrolment"
    assert data["assessments.assessment"][0]["scores"]["total"] == 3.0
    text = response.content.decode()
    assert "outsider" not in text
    assert "password" not in data["accounts.user"][0]
    assert "secret-" not in text  # a device's push keys are left out


def test_erasure_after_the_password_deletes_everything_of_mine_only(
    owner_client, owner, outsider, password
):
    give_a_history(owner)
    give_a_history(outsider)
    response = owner_client.post("/accounts/erase/", {"password": password})
    assert response.status_code == 302
    assert not User.objects.filter(pk=owner.pk).exists()
    for model in owned_models():
        assert not model.objects.filter(owner_id=owner.pk).exists(), model._meta.label_lower
        if model is not User:
            assert model.objects.filter(owner=outsider).exists(), model._meta.label_lower
    assert owner_client.get("/accounts/settings/").status_code == 302  # logged out


def test_erasure_deletes_my_queued_and_finished_reminders_only(
    owner_client, owner, outsider, password
):
    for user in (owner, outsider):
        send_reminder.enqueue(user.pk, "practice", "2026-10-02")
        send_reminder.enqueue(user.pk, "retest", "2026-10-03")
        send_push_reminder.enqueue(user.pk, "practice", "2026-10-02")
    DBTaskResult.objects.filter(args_kwargs__args__1="retest").update(status="SUCCESSFUL")
    unrelated = other_task.enqueue(owner.pk)  # the same id, but not a reminder
    owner_id = owner.pk
    owner_client.post("/accounts/erase/", {"password": password})
    assert not reminder_tasks_of(owner_id).exists()
    assert reminder_tasks_of(outsider.pk).count() == 3
    assert DBTaskResult.objects.filter(pk=unrelated.id).exists()


def test_the_export_lists_my_reminder_tasks(owner_client, owner, outsider):
    send_reminder.enqueue(owner.pk, "practice", "2026-10-02")
    send_reminder.enqueue(outsider.pk, "practice", "2026-10-02")
    data = json.loads(owner_client.get("/accounts/export/").content)["data"]
    rows = data[DBTaskResult._meta.label_lower]
    assert [row["args_kwargs"]["args"] for row in rows] == [[owner.pk, "practice", "2026-10-02"]]


def test_a_wrong_password_deletes_nothing(owner_client, owner):
    give_a_history(owner)
    response = owner_client.post("/accounts/erase/", {"password": "not it"})
    assert response.status_code == 200
    assert (
        "Nothing has been deleted" in response.content.decode()
        or "Er is niets" in response.content.decode()
    )
    assert JournalEntry.objects.filter(owner=owner).count() == 1
    assert User.objects.filter(pk=owner.pk).exists()


def test_export_and_erasure_need_a_login(client, db):
    assert client.get("/accounts/export/").status_code == 302
    assert client.post("/accounts/erase/", {"password": "x"}).status_code == 302


def test_the_settings_page_offers_both(owner_client):
    page = owner_client.get("/accounts/settings/").content.decode()
    assert "/accounts/export/" in page
    assert "/accounts/erase/" in page
