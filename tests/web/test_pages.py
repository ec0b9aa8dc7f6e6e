import re

import pytest
from django.urls import reverse

from mildkracht.web.help import HELP
from mildkracht.web.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["pages:help", "accounts:login"]
PERSONAL_PAGES = [
    "pages:home",
    "pages:help",
    "assessments:questionnaires",
    "assessments:profile",
    "accounts:settings",
]


def _help_link(page: str) -> bool:
    return re.search(r'<a class="help-now" href="/help/">(Hulp nu|Help now)</a>', page) is not None


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_every_page_for_visitors_links_to_help_now(client, owner, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _help_link(response.content.decode())


def test_the_setup_page_links_to_help_now(client, db):
    assert _help_link(client.get(reverse("accounts:setup")).content.decode())


@pytest.mark.parametrize("name", PERSONAL_PAGES)
def test_every_personal_page_links_to_help_now(owner_client, name):
    response = owner_client.get(reverse(name))
    assert response.status_code == 200
    assert _help_link(response.content.decode())


def test_the_help_page_lists_every_number_without_logging_in(client, db):
    page = client.get(reverse("pages:help")).content.decode()
    for number in ("113", "0800-0113", "112", "1813"):
        assert f">{number}</a>" in page
    assert 'href="tel:08000113"' in page
    assert "Nederland" in page and "België" in page


def test_the_help_page_speaks_english_too(client, db):
    client.post(reverse("accounts:language"), {"language": "en", "next": "/help/"})
    page = client.get(reverse("pages:help")).content.decode()
    assert "<h1>Help now</h1>" in page
    assert "Emergency number, when you are in immediate danger." in page
    assert "Belgium" in page


def test_the_help_numbers_come_from_one_constant():
    numbers = [line.number for country in HELP for line in country.lines]
    assert numbers == ["113", "0800-0113", "112", "088 0767 000", "0800-2000", "1813", "112", "106"]
    crisis = [line.number for country in HELP for line in country.crisis_lines]
    assert crisis == ["113", "0800-0113", "112", "1813", "112"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ("De Luisterlijn", "Tele-Onthaal", "Veilig Thuis", "geweld")),
        ("en", ("De Luisterlijn", "Tele-Onthaal", "Veilig Thuis", "violence")),
    ],
)
def test_the_help_page_lists_the_listening_lines_in_both_languages(client, db, language, words):
    client.post(reverse("accounts:language"), {"language": language, "next": "/help/"})
    page = client.get(reverse("pages:help")).content.decode()
    for number, tel in (("088 0767 000", "0880767000"), ("106", "106"), ("0800-2000", "08002000")):
        assert f'<a class="help-number" href="tel:{tel}">{number}</a>' in page
    for word in words:
        assert word in page


def test_the_foot_of_every_page_keeps_to_the_crisis_lines(client, db):
    page = client.get(reverse("pages:help")).content.decode()
    footer = page.split('<footer class="site-footer">')[1]
    assert 'href="tel:113"' in footer
    assert "tel:0880767000" not in footer


def test_the_footer_of_every_page_shows_the_numbers(client, owner):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<a href="tel:113">113</a>' in page
    assert '<a href="tel:1813">1813</a>' in page


def test_dutch_is_the_default_language(client, db):
    page = client.get(reverse("pages:help")).content.decode()
    assert '<html lang="nl">' in page
    assert "<h1>Hulp nu</h1>" in page


def test_an_english_browser_still_sees_dutch_until_english_is_chosen(client, db):
    response = client.get(reverse("pages:help"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nl"
    client.post(reverse("accounts:language"), {"language": "en", "next": "/help/"})
    response = client.get(reverse("pages:help"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "name", ["assessments:questionnaires", "assessments:profile", "accounts:settings"]
)
def test_personal_pages_ask_a_visitor_to_log_in(client, owner, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_marks_the_current_page(owner_client):
    page = owner_client.get(reverse("assessments:profile")).content.decode()
    assert '<a href="/profile/" aria-current="page">Profiel</a>' in page


def test_the_page_has_landmarks_and_a_skip_link(owner_client):
    page = owner_client.get(reverse("pages:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in page
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in page


def test_logging_out_is_a_form_with_a_csrf_token(owner_client):
    page = owner_client.get(reverse("pages:home")).content.decode()
    form = re.search(r'<form class="logout" action="/accounts/logout/" method="post">(.*?)</form>',
                     page, re.S)  # fmt: skip
    assert form and "csrfmiddlewaretoken" in form.group(1)


# Headers


@pytest.mark.parametrize("name", ["pages:help", "accounts:login"])
def test_pages_forbid_inline_script_and_framing(client, owner, name):
    response = client.get(reverse(name))
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", PERSONAL_PAGES)
def test_pages_of_a_logged_in_person_are_not_stored_in_caches(owner_client, name):
    response = owner_client.get(reverse(name))
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_a_public_page_for_a_visitor_may_be_cached(client, db):
    assert "no-store" not in client.get(reverse("pages:help")).get("Cache-Control", "")


@pytest.mark.parametrize("name", PERSONAL_PAGES)
def test_no_page_has_inline_script_or_style(owner_client, name):
    page = owner_client.get(reverse(name)).content.decode()
    # A script is a file of our own, loaded by its address (CSP script-src 'self').
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", page, re.S)
    assert all(body == "" for body in scripts)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "<style" not in page
    assert " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)


def test_pages_load_nothing_from_other_sites(owner_client):
    page = owner_client.get(reverse("pages:home")).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    external = [s for s in sources if re.match(r"^(https?:)?//", s)]
    assert external == []


def test_the_only_external_links_are_the_help_sites(client, db):
    page = client.get(reverse("pages:help")).content.decode()
    external = set(re.findall(r'href="(https?://[^"]+)"', page))
    assert external == {
        "https://www.113.nl",
        "https://www.zelfmoord1813.be",
        "https://www.deluisterlijn.nl",
        "https://www.veiligthuis.nl",
        "https://www.tele-onthaal.be",
    }


# Error pages


def test_a_missing_page_is_a_calm_404_with_help(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page
    assert _help_link(page)


def test_an_expired_form_gets_a_kind_page_with_help(owner, password):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        reverse("accounts:login"), {"username": "owner", "password": password}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "Probeer het opnieuw" in page
    assert _help_link(page)
    assert "<style" not in page


def test_a_server_error_page_still_shows_the_help_numbers(rf):
    from mildkracht.web.pages.views import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<a class="help-now" href="/help/">Hulp nu</a>' in page
    assert '<a href="tel:08000113">0800-0113</a>' in page
