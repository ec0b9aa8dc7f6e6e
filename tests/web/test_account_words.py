"""The account pages in our own words, and the language a person chose kept through login."""

from __future__ import annotations

from django.urls import reverse

from mildkracht.web.accounts.time_zones import time_zone_choices


def test_the_setup_form_has_our_own_help_texts_in_plain_dutch(client, db):
    page = client.get(reverse("accounts:setup")).content.decode()
    assert "De naam waarmee je inlogt" in page
    assert "Een korte zin die je kunt onthouden, werkt goed" in page
    for formal in ("Uw ", " uw ", "@/./+/-/_"):
        assert formal not in page, formal
    assert "Je bent hier de eerste" in page
    assert "installatie" not in page


def test_the_common_time_zones_come_first_and_the_odd_ones_are_gone():
    names = [name for name, _ in time_zone_choices()]
    assert names[:2] == ["Europe/Amsterdam", "Europe/Brussels"]
    for odd in ("Factory", "W-SU", "Etc/GMT+5", "US/Eastern"):
        assert odd not in names
    assert "Europe/Paris" in names and "UTC" in names
    assert len(names) == len(set(names))


def test_api_tokens_sit_under_an_advanced_heading_after_your_data(owner_client):
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    advanced = page.index('<h2 id="advanced-title">Geavanceerd</h2>')
    assert page.index('id="your-data"') < advanced < page.index('id="api-tokens-title"')


def test_english_chosen_on_the_login_page_survives_the_login(client, owner, password):
    client.post(reverse("accounts:language"), {"language": "en", "next": "/accounts/login/"})
    assert "Log in" in client.get(reverse("accounts:login")).content.decode()
    response = client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.language == "en"
    assert client.get("/").headers["Content-Language"] == "en"


def test_logging_in_without_a_new_choice_keeps_the_accounts_language(client, owner, password):
    owner.language = "en"
    owner.save()
    client.post(reverse("accounts:login"), {"username": "owner", "password": password})
    owner.refresh_from_db()
    assert owner.language == "en"
