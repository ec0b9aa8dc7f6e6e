"""The e-mail address in settings: kept only once confirmed through a signed link."""

import re

import pytest
from django.core import mail, signing

from mildkracht.web.accounts import email
from mildkracht.web.program import actions
from mildkracht.web.program.models import ReminderSettings


def _link(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def _ask(client, address="anna@example.org"):
    return client.post("/accounts/settings/email/", {"action": "send", "email": address})


def test_a_new_address_gets_a_link_and_is_kept_only_once_it_is_opened(owner_client, owner):
    _ask(owner_client)
    owner.refresh_from_db()
    assert owner.email == ""  # not before it is confirmed
    [message] = mail.outbox
    assert message.to == ["anna@example.org"]
    response = owner_client.get(_link(message))
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.email == "anna@example.org"


def test_the_link_uses_the_public_address(owner_client, settings):
    settings.MILDKRACHT_BASE_URL = "https://mildkracht.example.org"
    _ask(owner_client)
    assert _link(mail.outbox[0]).startswith("https://mildkracht.example.org/accounts/settings/")


def test_the_link_otherwise_uses_the_host_the_phone_came_to(owner_client, settings):
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    owner_client.post(
        "/accounts/settings/email/",
        {"action": "send", "email": "anna@example.org"},
        HTTP_HOST="192.168.1.20:8000",
    )
    assert _link(mail.outbox[0]).startswith("http://192.168.1.20:8000/")


def test_an_expired_link_does_not_confirm(owner_client, owner, settings, monkeypatch):
    _ask(owner_client)
    monkeypatch.setattr(email, "LINK_DAYS", 0)
    page = owner_client.get(_link(mail.outbox[0]), follow=True).content.decode()
    owner.refresh_from_db()
    assert owner.email == ""
    assert "verlopen" in page


def test_a_link_for_someone_else_does_not_confirm(owner_client, owner, django_user_model):
    other = django_user_model.objects.create_user("bram", password="another calm lake")
    token = email.confirmation_token(other, "bram@example.org")
    owner_client.get(f"/accounts/settings/email/confirm/{token}/")
    owner.refresh_from_db()
    assert owner.email == ""


def test_an_older_link_no_longer_works_once_the_address_changed(owner_client, owner):
    _ask(owner_client, "first@example.org")
    _ask(owner_client, "second@example.org")
    first, second = (_link(message) for message in mail.outbox)
    owner_client.get(second)
    owner_client.get(first)
    owner.refresh_from_db()
    assert owner.email == "second@example.org"


def test_a_tampered_link_does_not_confirm(owner, owner_client):
    token = email.confirmation_token(owner, "anna@example.org")
    data = signing.loads(token, salt=email.SALT)
    forged = signing.dumps({**data, "e": "mallory@example.org"}, salt="another salt")
    owner_client.get(f"/accounts/settings/email/confirm/{forged}/")
    owner.refresh_from_db()
    assert owner.email == ""


def test_no_address_is_asked_for_something_that_is_no_address(owner_client):
    _ask(owner_client, "not an address")
    assert mail.outbox == []


def test_removing_the_address_turns_e_mail_reminders_off(owner_client, owner):
    owner.email = "anna@example.org"
    owner.save()
    actions.save_reminder_settings(owner, None, email_reminders=True)
    owner_client.post("/accounts/settings/email/", {"action": "remove"})
    owner.refresh_from_db()
    assert owner.email == ""
    assert ReminderSettings.objects.get(owner=owner).email_reminders is False


def test_the_settings_page_says_plainly_when_the_server_has_no_mail(owner_client, settings):
    settings.EMAIL_HOST = ""
    assert "mail-not-set-up" in owner_client.get("/accounts/settings/").content.decode()
    settings.EMAIL_HOST = "smtp.example.org"
    assert "mail-not-set-up" not in owner_client.get("/accounts/settings/").content.decode()


def test_the_e_mail_reminder_option_stays_off_until_the_address_is_confirmed(owner_client, owner):
    page = owner_client.get("/program/reminders/").content.decode()
    assert re.search(r'<input[^>]*name="email_reminders"[^>]*disabled', page)
    assert "/accounts/settings/#email" in page
    owner_client.post("/program/reminders/", {"practice_time": "07:30", "email_reminders": "on"})
    assert ReminderSettings.objects.get(owner=owner).email_reminders is False
    owner.email = "anna@example.org"
    owner.save()
    owner_client.post("/program/reminders/", {"practice_time": "07:30", "email_reminders": "on"})
    assert ReminderSettings.objects.get(owner=owner).email_reminders is True


@pytest.mark.parametrize("path", ["/accounts/settings/email/confirm/x/"])
def test_the_link_needs_a_login(client, db, path):
    assert client.get(path).status_code == 302
