"""The SSCS-S right before and right after a practice, and "which practices help me most?"."""

import re

import pytest
from django.urls import reverse

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.models import PracticeSession

pytestmark = pytest.mark.django_db

# Items 2, 4 and 5 are reverse-scored: the SSCS-S total is the mean after reversing them.
REVERSED = (2, 4, 5)


def answers(kind: int, unkind: int) -> dict[str, str]:
    return {f"item_{n}": str(unkind if n in REVERSED else kind) for n in range(1, 7)}


def practise_with_checks(client, exercise_id: str, before: dict, after: dict) -> PracticeSession:
    response = client.get(reverse("practice:player", args=[exercise_id]) + "?check=1")
    assert response["Location"] == reverse("practice:check_before", args=[exercise_id])
    response = client.post(response["Location"], before)
    player_url = response["Location"]
    before_pk = int(re.search(r"\?before=(\d+)$", player_url).group(1))
    assert f'name="before" value="{before_pk}"' in client.get(player_url).content.decode()
    response = client.post(
        reverse("practice:log_practice"),
        {"exercise": exercise_id, "seconds": "300", "before": str(before_pk)},
    )
    session = PracticeSession.objects.latest("pk")
    assert response["Location"] == reverse("practice:check_after", args=[session.pk])
    response = client.post(response["Location"], after)
    assert response["Location"] == reverse("practice:session_done", args=[session.pk])
    return session


def test_the_shift_is_shown_after_the_practice_and_kept(owner_client, owner):
    session = practise_with_checks(
        owner_client, "soothing-touch", answers(kind=2, unkind=4), answers(kind=4, unkind=2)
    )
    session.refresh_from_db()
    assert session.before_check.context == "practice_before"
    assert session.after_check.context == "practice_after"
    assert session.before_check.answers == {"1": 2, "2": 4, "3": 2, "4": 4, "5": 4, "6": 2}
    assert session.before_check.instrument_id == "sscs_s"
    assert session.after_check.submitted_at is not None
    page = owner_client.get(reverse("practice:session_done", args=[session.pk])).content.decode()
    assert "2,0 ervoor, 4,0 erna (+2,0)" in page
    assert "Iets meer vriendelijkheid voor jezelf dan ervoor" in page


def test_a_lower_score_afterwards_is_met_kindly(owner_client):
    session = practise_with_checks(
        owner_client, "kind-letter", answers(kind=4, unkind=2), answers(kind=3, unkind=3)
    )
    page = owner_client.get(reverse("practice:session_done", args=[session.pk])).content.decode()
    assert "4,0 ervoor, 3,0 erna (−1,0)" in page
    assert "ook dat hoort erbij" in page


def test_the_check_must_be_answered_completely_or_skipped(owner_client, owner):
    incomplete = answers(kind=3, unkind=3)
    del incomplete["item_4"]
    response = owner_client.post(
        reverse("practice:check_before", args=["soothing-touch"]), incomplete
    )
    assert response.status_code == 200
    assert "Wil je alle zes de uitspraken beantwoorden?" in response.content.decode()
    assert not Assessment.objects.exists()
    assert (
        f'href="{reverse("practice:player", args=["soothing-touch"])}"' in response.content.decode()
    )


def test_the_check_offers_the_scale_from_the_instrument(owner_client):
    page = owner_client.get(
        reverse("practice:check_before", args=["soothing-touch"])
    ).content.decode()
    assert "Ik geef mezelf de zorg en zachtheid die ik nodig heb." in page
    assert page.count('type="radio"') == 30
    assert "Helemaal niet waar voor mij" in page


def test_someone_elses_check_is_never_linked(owner_client, outsider):
    theirs = Assessment.objects.create(
        owner=outsider,
        instrument_id="sscs_s",
        instrument_version="1",
        context="practice_before",
        answers={str(n): 3 for n in range(1, 7)},
    )
    response = owner_client.post(
        reverse("practice:log_practice"),
        {"exercise": "soothing-touch", "seconds": "120", "before": str(theirs.pk)},
    )
    session = PracticeSession.objects.get()
    assert session.before_check is None
    assert response["Location"] == reverse("practice:session_done", args=[session.pk])


def test_which_practices_help_most_lists_exercises_by_average_shift(owner_client):
    practise_with_checks(
        owner_client, "soothing-touch", answers(kind=2, unkind=4), answers(kind=3, unkind=3)
    )
    practise_with_checks(
        owner_client, "soothing-touch", answers(kind=2, unkind=4), answers(kind=4, unkind=2)
    )
    practise_with_checks(
        owner_client, "kind-letter", answers(kind=3, unkind=3), answers(kind=3, unkind=3)
    )
    page = owner_client.get(reverse("practice:insights")).content.decode()
    rows = re.findall(
        r'<th scope="row"><a href="/practice/exercises/([\w-]+)/">.*?</a></th>\s*'
        r"<td>([^<]*)</td>\s*<td>(\d+)</td>",
        page,
    )
    assert rows == [("soothing-touch", "+1,5", "2"), ("kind-letter", "0,0", "1")]
    assert "Zie deze getallen als een hint, niet als een oordeel." in page


def test_deleting_a_practice_deletes_its_checks(owner_client):
    session = practise_with_checks(
        owner_client, "soothing-touch", answers(kind=2, unkind=4), answers(kind=3, unkind=3)
    )
    owner_client.post(reverse("practice:session_delete", args=[session.pk]))
    assert not Assessment.objects.exists()
