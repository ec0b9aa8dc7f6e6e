""" "What do I need right now?": a few plain links from a hard moment to the player."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mildkracht.core.practices.library import bundled_needs, library
from mildkracht.core.practices.model import NeedSide, Side
from mildkracht.core.practices.needs import suggest
from mildkracht.web.practice.models import Moment

pytestmark = pytest.mark.django_db

NEEDS = bundled_needs()
NEED_URL = "/reflect/need/"


def get(client, **params) -> str:
    response = client.get(reverse("reflect:need"), params)
    assert response.status_code == 200
    return response.content.decode()


def links(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def players(html: str) -> list[str]:
    return re.findall(r'href="/practice/exercises/([a-z0-9-]+)/play/"', html)


def test_the_flow_starts_with_every_situation_as_a_plain_link(owner_client):
    html = get(owner_client)
    assert "Wat speelt er nu?" in html
    assert "Vraag 1 van 3" in html
    for situation in NEEDS.situations:
        assert f"{NEED_URL}?situation={situation.id}" in links(html)
        assert situation.labels.nl in html
    assert "<script" not in html.split("<main", 1)[1]  # the flow is plain links and forms


def test_each_answer_leads_to_the_next_question_by_a_link(owner_client):
    html = get(owner_client, situation="pain")
    assert "Hoe sterk voel je het?" in html
    assert f"{NEED_URL}?situation=pain&intensity=high" in links(html)
    html = get(owner_client, situation="pain", intensity="low")
    assert "Hoeveel tijd heb je?" in html
    assert f"{NEED_URL}?situation=pain&intensity=low&minutes=5" in links(html)
    assert f"{NEED_URL}?situation=pain" in links(html)  # change the intensity


@pytest.mark.parametrize("situation", [s.id for s in NEEDS.situations])
@pytest.mark.parametrize("minutes", [t.minutes for t in NEEDS.times])
def test_every_situation_leads_to_a_player_of_the_right_side(owner_client, situation, minutes):
    html = get(owner_client, situation=situation, intensity="medium", minutes=minutes)
    expected = suggest(NEEDS, library(), situation, "medium", minutes, "nl")
    assert players(html) == [exercise.id for exercise in expected.practices]
    sides = {library()[exercise].side for exercise in players(html)}
    wanted = NEEDS.situation(situation).side
    if wanted is NeedSide.BOTH:
        assert sides == {Side.TENDER, Side.FIERCE}
    else:
        assert sides == {Side(wanted.value)}
    assert "Hulp nu</a>" in html  # the header link, always there
    assert "Iemand om mee te praten" not in html


def test_high_intensity_starts_with_grounding_and_shows_help_calmly(owner_client):
    html = get(owner_client, situation="threat", intensity="high", minutes=5)
    expected = suggest(NEEDS, library(), "threat", "high", 5, "nl")
    assert expected.start_with is not None
    assert players(html) == [expected.start_with.id, *(e.id for e in expected.practices)]
    assert html.index("Eerst even houvast") < html.index("Daarna, als je eraan toe bent")
    assert "Iemand om mee te praten" in html
    assert 'href="tel:113"' in html and 'href="tel:08000113"' in html
    assert NEEDS.intensity("high").note.nl.split(".")[0] in html


def test_high_intensity_offers_help_while_asking_about_time(owner_client):
    html = get(owner_client, situation="pain", intensity="high")
    assert "Hoeveel tijd heb je?" in html
    assert "Wil je meteen met iemand praten?" in html


def test_every_screen_says_it_is_a_reflective_tool(owner_client):
    for params in ({}, {"situation": "stuck"}, {"situation": "stuck", "intensity": "low"}):
        assert "geen gevalideerde test" in get(owner_client, **params)
    assert "geen gevalideerde test" in get(
        owner_client, situation="stuck", intensity="low", minutes=1
    )


def test_an_unknown_answer_asks_the_question_again(owner_client):
    html = get(owner_client, situation="pain", intensity="unbearable", minutes="5")
    assert "Hoe sterk voel je het?" in html
    html = get(owner_client, situation="nonsense")
    assert "Wat speelt er nu?" in html
    html = get(owner_client, situation="pain", intensity="low", minutes="7")
    assert "Hoeveel tijd heb je?" in html


def test_the_moment_can_be_noted_with_one_click(owner, owner_client):
    html = get(owner_client, situation="threat", intensity="low", minutes=1)
    form = re.search(r'<form action="([^"]+)" method="post">(.*?)</form>', html, re.S)
    assert form and form.group(1) == reverse("practice:moment_new")
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    assert fields["kind"] == "boundary"
    data = {"kind": fields["kind"], "next": fields["next"].replace("&amp;", "&"), "area": "self"}
    response = owner_client.post(reverse("practice:moment_new"), data)
    assert response.status_code == 302
    assert response["Location"] == f"{NEED_URL}?situation=threat&intensity=low&minutes=1"
    moment = Moment.objects.get(owner=owner)
    assert (moment.kind, moment.area) == ("boundary", "self")


def test_a_visitor_is_asked_to_log_in(client, owner):
    response = client.get(reverse("reflect:need"))
    assert response.status_code == 302


def test_the_home_page_shows_the_card_prominently(owner_client):
    html = owner_client.get(reverse("pages:home")).content.decode()
    card = html.index('class="reflect-need-card"')
    assert card < html.index('id="next-step"')
    assert f'<a class="button" href="{NEED_URL}">Wat heb ik nu nodig?</a>' in html


def test_the_flow_speaks_english_too(owner, owner_client):
    owner.language = "en"
    owner.save()
    html = get(owner_client, situation="pain", intensity="high", minutes=15)
    assert "What do I need right now?" in html
    assert "not a validated test" in html
    assert "Someone to talk to" in html
    assert NEEDS.intensity("high").note.en.split(".")[0] in html


def test_something_threatening_shows_veilig_thuis_from_the_help_constant(owner, owner_client):
    html = get(owner_client, situation="threat", intensity="low", minutes=1)
    section = html.split('id="situation-help"')[1].split("</section>")[0]
    assert '<a class="help-number" href="tel:08002000">0800-2000</a>' in section
    assert "Veilig Thuis" in section and "Nederland" in section
    owner.language = "en"
    owner.save()
    html = get(owner_client, situation="threat", intensity="low", minutes=1)
    assert "Veilig Thuis: advice and help with violence or abuse at home" in html


def test_other_situations_do_not_show_veilig_thuis(owner_client):
    html = get(owner_client, situation="pain", intensity="low", minutes=1)
    assert "0800-2000" not in html
