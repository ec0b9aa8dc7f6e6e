import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from mildkracht.core.practices.library import library

pytestmark = pytest.mark.django_db


def _titles(page: str) -> list[str]:
    return re.findall(r'<h2 class="card-title"><a href="/practice/exercises/([\w-]+)/">', page)


def test_the_library_lists_every_exercise(owner_client):
    page = owner_client.get(reverse("practice:exercise_list")).content.decode()
    assert sorted(_titles(page)) == sorted(library())
    assert f"{len(library())} oefeningen" in page


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("side=fierce", lambda e: e.side.value == "fierce"),
        ("side=integrated", lambda e: e.side.value == "integrated"),
        ("function=protect", lambda e: "protect" in [f.value for f in e.functions]),
        ("area=caregiving", lambda e: "caregiving" in [a.value for a in e.areas]),
        ("duration=5", lambda e: e.duration_minutes <= 5),
        ("mode=informal", lambda e: e.mode.value == "informal"),
        (
            "side=tender&duration=5&area=self",
            lambda e: (
                e.side.value == "tender"
                and e.duration_minutes <= 5
                and "self" in [a.value for a in e.areas]
            ),
        ),
    ],
)
def test_the_library_filters_by_side_function_area_duration_and_mode(owner_client, query, keep):
    page = owner_client.get(reverse("practice:exercise_list") + "?" + query).content.decode()
    expected = sorted(e.id for e in library().values() if keep(e))
    assert expected, "the filter should match some exercises"
    assert sorted(_titles(page)) == expected


def test_an_unknown_filter_value_shows_the_whole_list_with_a_kind_note(owner_client):
    response = owner_client.get(reverse("practice:exercise_list") + "?side=grumpy")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Een van de keuzes is onbekend" in page
    assert len(_titles(page)) == len(library())


def test_a_filter_that_matches_nothing_says_so_gently(owner_client):
    url = reverse("practice:exercise_list") + "?side=fierce&area=caregiving&duration=5&mode=formal"
    page = owner_client.get(url).content.decode()
    if not _titles(page):
        assert "Laat er eens een open" in page


def test_the_exercise_page_is_readable_without_javascript(owner_client):
    exercise = library()["soothing-touch"]
    response = owner_client.get(reverse("practice:exercise_detail", args=[exercise.id]))
    page = response.content.decode()
    assert f"<h1>{escape(exercise.title.nl)}</h1>" in page
    assert escape(exercise.purpose.nl) in page
    for step in exercise.steps:
        assert escape(step.text.nl) in page
    assert escape(exercise.backdraft.nl) in page
    assert "Mild" in page and "Zacht" not in page and "Troosten, Kalmeren" in page
    assert f'action="{reverse("practice:player", args=[exercise.id])}"' in page
    assert "player.js" not in page  # the steps are in the page itself, not made by a script


def test_the_exercise_page_speaks_english_too(english_owner_client):
    exercise = library()["drawing-a-boundary"]
    page = english_owner_client.get(
        reverse("practice:exercise_detail", args=[exercise.id])
    ).content.decode()
    assert escape(exercise.title.en) in page
    assert escape(exercise.backdraft.en) in page
    assert "If difficult feelings come up" in page


def test_an_unknown_exercise_is_not_found(owner_client):
    response = owner_client.get(reverse("practice:exercise_detail", args=["no-such-thing"]))
    assert response.status_code == 404


def test_the_player_shows_every_step_and_a_form_that_works_without_javascript(owner_client):
    exercise = library()["kind-breathing"]
    page = owner_client.get(reverse("practice:player", args=[exercise.id])).content.decode()
    assert page.count('class="player-step"') == len(exercise.steps)
    for step in exercise.steps:
        assert escape(step.text.nl) in page
    assert f'action="{reverse("practice:log_practice")}"' in page
    assert 'name="minutes"' in page and 'name="csrfmiddlewaretoken"' in page
    assert re.search(r'<script src="/static/practice/player\.js" defer></script>', page)
    assert 'data-speech-lang="nl-NL"' in page
    assert "style=" not in page, "the CSP forbids style attributes"


def test_the_player_passes_its_texts_to_javascript_in_the_page_language(english_owner_client):
    page = english_owner_client.get(
        reverse("practice:player", args=["kind-breathing"])
    ).content.decode()
    assert 'data-speech-lang="en-GB"' in page
    assert 'data-text-step="Step {number} of {total}"' in page
    assert 'data-text-breathe-in="Breathe in"' in page


def test_the_timer_offers_lengths_and_then_a_silent_sitting(owner_client):
    page = owner_client.get(reverse("practice:timer")).content.decode()
    assert 'name="minutes" value="20"' in page
    page = owner_client.get(reverse("practice:timer") + "?minutes=20").content.decode()
    assert 'data-mode="timer"' in page
    assert 'data-seconds="1200"' in page
    odd = owner_client.get(reverse("practice:timer") + "?minutes=7").content.decode()
    assert 'data-mode="timer"' not in odd


def test_the_practice_pages_ask_to_log_in(client, db):
    for name in ("practice:index", "practice:exercise_list", "practice:timer", "journal:list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_navigation_links_to_practice_and_journal(owner_client):
    page = owner_client.get(reverse("pages:home")).content.decode()
    assert '<a href="/practice/">Oefenen</a>' in page
    assert '<a href="/journal/">Dagboek</a>' in page
    practice = owner_client.get(reverse("practice:week")).content.decode()
    assert '<a href="/practice/" aria-current="true">Oefenen</a>' in practice
