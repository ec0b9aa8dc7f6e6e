"""The result pages of the three reflective tools: the core's numbers, kindly explained."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.core.practices.model import Side
from mildkracht.core.reflect import (
    TENDER_FUNCTIONS,
    balance_profile,
    gender_expectations,
    relationship_profile,
)
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.reflect.links import result_url

pytestmark = pytest.mark.django_db

NOTICE = "geen gevalideerde test"
VIEWS = {
    "balance": "reflect:balance",
    "relationship_styles": "reflect:relationships",
    "gender_expectations": "reflect:gender",
}


def dutch(value: float) -> str:
    """Two decimals, half up, with a decimal comma."""
    rounded = Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{rounded:.2f}".replace(".", ",")


def balance_answers(tender: int, fierce: int) -> dict[int, int]:
    """Every tender item answered ``tender`` and every fierce one ``fierce`` (after keying)."""
    instrument = get_instrument("balance")
    answers = {}
    for subscale in instrument.subscales:
        wanted = tender if subscale.id in {f.value for f in TENDER_FUNCTIONS} else fierce
        for number in subscale.items:
            answers[number] = 6 - wanted if instrument.item(number).reverse else wanted
    return answers


def take(user: User, instrument_id: str, answers: dict[int, int]) -> Assessment:
    assessment, missing = record_assessment(user, instrument_id, answers)
    assert missing == []
    return assessment


def page(client, instrument_id: str, assessment: Assessment) -> str:
    response = client.get(reverse(VIEWS[instrument_id], kwargs={"pk": assessment.pk}))
    assert response.status_code == 200
    return response.content.decode()


def cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


@pytest.fixture
def outsider(db) -> User:
    return User.objects.create_user(username="outsider", password="another calm lake")


def test_the_balance_page_shows_the_cores_numbers(owner, owner_client):
    answers = balance_answers(tender=2, fierce=4)
    answers[1] = 5  # comfort: 2, 2, 2, 5 → 2.75
    assessment = take(owner, "balance", answers)
    html = page(owner_client, "balance", assessment)
    profile = balance_profile(score_response(get_instrument("balance"), answers).values)
    shown = cells(html)
    assert shown[:2] == [dutch(profile.tender), dutch(profile.fierce)]
    for value in profile.functions.values():
        assert dutch(value) in shown
    assert f"het verschil is {dutch(abs(profile.difference))} punt" in html
    assert profile.less_developed is Side.TENDER
    assert "Je krachtige kant is verder ontwikkeld dan je milde kant" in html
    assert 'role="img"' in html


def test_the_balance_page_suggests_exercises_of_the_less_developed_side(owner, owner_client):
    assessment = take(owner, "balance", balance_answers(tender=5, fierce=1))
    html = page(owner_client, "balance", assessment)
    players = re.findall(r'href="/practice/exercises/([a-z0-9-]+)/play/"', html)
    assert 1 <= len(players) <= 4
    from mildkracht.core.practices.library import library

    assert {library()[exercise].side for exercise in players} == {Side.FIERCE}
    durations = [library()[exercise].duration_minutes for exercise in players]
    assert durations == sorted(durations)
    assert "Oefeningen voor je krachtige kant" in html


def test_retaking_the_balance_shows_the_change(owner, owner_client):
    first = take(owner, "balance", balance_answers(tender=2, fierce=3))
    Assessment.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(days=60))
    second = take(owner, "balance", balance_answers(tender=4, fierce=3))
    html = page(owner_client, "balance", second)
    assert "Sinds de vorige keer" in html
    shown = cells(html)
    assert shown[:4] == ["4,00", "2,00", "+2,00", "3,00"]
    assert "vorige keer 2,00" in html  # in the chart too
    first_html = page(owner_client, "balance", first)
    assert "Sinds de vorige keer" not in first_html


def test_the_relationship_page_shows_every_context_as_the_core_computes(owner, owner_client):
    answers = {n: 3 for n in range(1, 25)}
    answers.update({2: 5, 4: 4, 20: 5, 22: 5})  # other-focused with the partner and at work
    assessment = take(owner, "relationship_styles", answers)
    html = page(owner_client, "relationship_styles", assessment)
    profile = relationship_profile(
        score_response(get_instrument("relationship_styles"), answers).values
    )
    expected = [dutch(entry.styles[s]) for entry in profile.contexts for s in entry.styles]
    expected += [dutch(value) for value in profile.overall.values()]
    assert cells(html) == expected
    assert html.count('role="img"') == 4
    assert "Bij je partner en op je werk zet je vaak de ander voorop" in html
    assert "krachtige kant" in html


def test_the_relationship_page_names_caring_strength_for_a_mutual_style(owner, owner_client):
    answers = {n: 2 for n in range(1, 25)}
    answers.update({n: 5 for n in (3, 5, 9, 11, 15, 17, 21, 23)})
    html = page(owner_client, "relationship_styles", take(owner, "relationship_styles", answers))
    assert "Dat is zorgzame kracht" in html
    assert "zet je vaak de ander voorop" not in html


def test_the_gender_page_shows_self_expected_and_the_gap(owner, owner_client):
    answers = {n: 3 for n in range(1, 17)}
    answers.update({9: 5, 11: 5, 13: 4, 15: 5})  # more tenderness expected
    assessment = take(owner, "gender_expectations", answers)
    html = page(owner_client, "gender_expectations", assessment)
    result = gender_expectations(
        score_response(get_instrument("gender_expectations"), answers).values
    )
    assert cells(html) == [
        dutch(result.tender.self_seen),
        dutch(result.tender.expected),
        "+" + dutch(result.tender.gap),
        dutch(result.fierce.self_seen),
        dutch(result.fierce.expected),
        dutch(result.fierce.gap),
    ]
    assert "Je voelt dat er meer mildheid van je wordt verwacht dan je bij jezelf ziet" in html
    assert result.room_for is Side.FIERCE
    assert "Misschien wil je krachtige kant meer ruimte" in html


@pytest.mark.parametrize("instrument_id", list(VIEWS))
def test_every_result_page_says_it_is_a_reflective_tool_and_offers_a_retake(
    owner, owner_client, instrument_id
):
    answers = {n: 3 for n in get_instrument(instrument_id).item_numbers}
    html = page(owner_client, instrument_id, take(owner, instrument_id, answers))
    assert NOTICE in html
    assert f'href="{reverse("assessments:start", args=[instrument_id])}"' in html
    assert "Opnieuw invullen" in html


@pytest.mark.parametrize("instrument_id", list(VIEWS))
def test_an_outsider_gets_a_404(owner, outsider, client, instrument_id):
    answers = {n: 3 for n in get_instrument(instrument_id).item_numbers}
    assessment = take(owner, instrument_id, answers)
    client.force_login(outsider)
    url = reverse(VIEWS[instrument_id], kwargs={"pk": assessment.pk})
    assert client.get(url).status_code == 404


def test_a_draft_or_another_instrument_is_a_404(owner, owner_client):
    draft, _ = record_assessment(owner, "balance", {1: 3}, submit_now=False)
    assert owner_client.get(reverse("reflect:balance", args=[draft.pk])).status_code == 404
    answers = {n: 3 for n in get_instrument("gender_expectations").item_numbers}
    other = take(owner, "gender_expectations", answers)
    assert owner_client.get(reverse("reflect:balance", args=[other.pk])).status_code == 404


def test_a_visitor_is_asked_to_log_in(owner, client):
    answers = {n: 3 for n in get_instrument("balance").item_numbers}
    assessment = take(owner, "balance", answers)
    response = client.get(reverse("reflect:balance", args=[assessment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_overview_lists_the_three_tools_with_the_latest_result(owner, owner_client):
    answers = {n: 3 for n in get_instrument("balance").item_numbers}
    assessment = take(owner, "balance", answers)
    html = owner_client.get(reverse("reflect:index")).content.decode()
    assert NOTICE in html
    assert f'href="{result_url("balance", assessment.pk)}"' in html
    for instrument_id in VIEWS:
        assert reverse("assessments:start", args=[instrument_id]) in html


def test_the_result_url_is_only_for_the_reflective_tools():
    assert result_url("balance", 7) == "/reflect/balance/7/"
    assert result_url("scs", 7) is None


def test_the_pages_speak_english_too(owner, owner_client):
    owner.language = "en"
    owner.save()
    answers = balance_answers(tender=2, fierce=4)
    html = page(owner_client, "balance", take(owner, "balance", answers))
    assert "not a validated test" in html
    assert "Your fierce side is more developed than your tender side" in html
    assert "2.00" in html
