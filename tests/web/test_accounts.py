import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mildkracht.web.accounts import ratelimit
from mildkracht.web.accounts.models import User

pytestmark = pytest.mark.django_db


def _session_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


# Owner set-up on a fresh installation


def test_the_first_visit_invites_the_owner_to_create_an_account(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:setup")


def test_the_login_page_of_a_fresh_installation_leads_to_the_setup(client):
    response = client.get(reverse("accounts:login"))
    assert response["Location"] == reverse("accounts:setup")


def test_the_setup_page_asks_for_a_name_and_a_password_twice(client, password):
    response = client.get(reverse("accounts:setup"))
    content = response.content.decode()
    assert response.status_code == 200
    for name in ("username", "password1", "password2", "csrfmiddlewaretoken"):
        assert f'name="{name}"' in content


def test_the_setup_creates_the_owner_and_logs_them_in(client, password, argon2_hashing):
    response = client.post(
        reverse("accounts:setup"),
        {"username": "anna", "password1": password, "password2": password},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    owner = User.objects.get()
    assert owner.username == "anna"
    assert owner.is_superuser
    assert owner.password.startswith("argon2")
    assert _session_user_id(client) == str(owner.pk)
    assert "Welkom, anna" in client.get(reverse("pages:home")).content.decode()


def test_the_owner_keeps_the_language_the_setup_was_done_in(client, password):
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    client.post(
        reverse("accounts:setup"),
        {"username": "anna", "password1": password, "password2": password},
    )
    assert User.objects.get().language == "en"


def test_the_setup_refuses_different_passwords_and_keeps_the_name(client, password):
    response = client.post(
        reverse("accounts:setup"),
        {"username": "anna", "password1": password, "password2": password + "!"},
    )
    assert response.status_code == 200
    assert 'value="anna"' in response.content.decode()
    assert not User.objects.exists()


def test_the_setup_is_gone_once_an_account_exists(client, owner, password):
    assert client.get(reverse("accounts:setup")).status_code == 404
    response = client.post(
        reverse("accounts:setup"),
        {"username": "intruder", "password1": password, "password2": password},
    )
    assert response.status_code == 404
    assert list(User.objects.values_list("username", flat=True)) == ["owner"]


# Logging in and out


def test_an_anonymous_visitor_of_an_installation_is_sent_to_the_login(client, owner):
    response = client.get("/")
    assert response["Location"] == reverse("accounts:login")


def test_a_person_logs_in_with_username_and_password(client, owner, password):
    response = client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:home")
    assert _session_user_id(client) == str(owner.pk)


def test_a_wrong_password_does_not_log_in(client, owner, password):
    response = client.post(reverse("accounts:login"), {"username": "owner", "password": "no"})
    assert response.status_code == 200
    assert _session_user_id(client) is None


def test_logging_out_needs_a_post_and_ends_the_session(owner_client):
    assert owner_client.get(reverse("accounts:logout")).status_code == 405
    response = owner_client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert _session_user_id(owner_client) is None


def test_forms_are_protected_against_cross_site_requests(owner, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert response.status_code == 403


# Rate limiting


def _fail_login(client, times: int, address: str = "127.0.0.1"):
    response = None
    for _ in range(times):
        response = client.post(
            reverse("accounts:login"),
            {"username": "owner", "password": "wrong"},
            REMOTE_ADDR=address,
        )
    return response


def test_after_five_failures_even_the_right_password_is_refused_kindly(client, owner, password):
    _fail_login(client, ratelimit.MAX_FAILURES)
    response = client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert response.status_code == 200
    assert _session_user_id(client) is None
    assert "Haal even adem" in response.content.decode()


def test_four_failures_still_allow_logging_in(client, owner, password):
    _fail_login(client, ratelimit.MAX_FAILURES - 1)
    client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert _session_user_id(client) == str(owner.pk)


def test_the_limit_is_per_address(client, owner, password):
    _fail_login(client, ratelimit.MAX_FAILURES, address="192.0.2.1")
    client.post(
        reverse("accounts:login"),
        {"username": "owner", "password": password},
        REMOTE_ADDR="192.0.2.2",
    )
    assert _session_user_id(client) == str(owner.pk)


def test_a_successful_login_clears_the_count(client, owner, password):
    _fail_login(client, ratelimit.MAX_FAILURES - 1)
    client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    client.post(reverse("accounts:logout"))
    _fail_login(client, ratelimit.MAX_FAILURES - 1)
    client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert _session_user_id(client) == str(owner.pk)


# Settings and language


def test_the_settings_page_changes_language_and_time_zone(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"), {"language": "en", "time_zone": "Europe/Brussels"}
    )
    assert response["Location"] == reverse("accounts:settings")
    owner.refresh_from_db()
    assert (owner.language, owner.time_zone) == ("en", "Europe/Brussels")
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert "Your settings have been saved." in page
    assert '<html lang="en">' in page


def test_the_settings_page_refuses_an_unknown_time_zone(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:settings"), {"language": "en", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert owner.time_zone == "Europe/Amsterdam"


def test_the_users_language_wins_over_the_browsers(owner_client, owner):
    owner.language = "en"
    owner.save()
    page = owner_client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Help now" in page


def test_the_language_switch_is_remembered_in_the_account(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:language"), {"language": "en", "next": reverse("pages:help")}
    )
    assert response["Location"] == reverse("pages:help")
    owner.refresh_from_db()
    assert owner.language == "en"
    assert "Help now" in owner_client.get(reverse("pages:help")).content.decode()


def test_the_language_switch_works_without_an_account(client, owner):
    client.post(reverse("accounts:language"), {"language": "en", "next": "/help/"})
    assert "Help now" in client.get(reverse("pages:help")).content.decode()
    client.post(reverse("accounts:language"), {"language": "nl", "next": "/help/"})
    assert "Hulp nu" in client.get(reverse("pages:help")).content.decode()


def test_the_language_switch_ignores_unknown_languages(owner_client, owner):
    owner_client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    owner.refresh_from_db()
    assert owner.language == "nl"


def test_dutch_is_the_default_for_a_new_account():
    user = get_user_model()(username="new")
    assert (user.language, user.time_zone) == ("nl", "Europe/Amsterdam")
