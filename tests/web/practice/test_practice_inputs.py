"""Links and forms with values no page can use (issue 19): a 400 page or a form error."""

import pytest
from django.urls import reverse

from mildkracht.web.assessments.models import ApiToken
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession
from mildkracht.web.validation import parse_id

SUPERSCRIPT_TWO = "²"  # a digit to str.isdigit(), not a number to int()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("practice:timer", {"minutes": SUPERSCRIPT_TWO}),
        ("journal:new", {"session": SUPERSCRIPT_TWO}),
        ("journal:new", {"moment": SUPERSCRIPT_TWO}),
        ("journal:new", {"session": "99999999999999999999"}),
        ("practice:week", {"start": "0001-01-01"}),
        ("practice:week", {"start": "0002-01-01"}),
    ],
)
def test_a_link_with_a_value_that_is_no_number_or_day_is_a_400_page(owner_client, url, query):
    response = owner_client.get(reverse(url), query)
    assert response.status_code == 400
    assert "pages/400.html" in [template.name for template in response.templates]


def test_a_player_link_with_a_check_that_is_no_number_is_a_400_page(owner_client):
    url = reverse("practice:player", args=["soothing-touch"])
    assert owner_client.get(url, {"before": SUPERSCRIPT_TWO}).status_code == 400


def test_the_week_page_says_which_days_can_be_shown(owner_client):
    response = owner_client.get(reverse("practice:week"), {"start": "0001-01-01"})
    assert "2000-01-01" in response.content.decode()


def test_ordinary_links_still_work(owner_client):
    assert owner_client.get(reverse("practice:timer"), {"minutes": "5"}).status_code == 200
    assert owner_client.get(reverse("practice:week"), {"start": "2000-01-03"}).status_code == 200
    assert owner_client.get(reverse("journal:new"), {"session": "12"}).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"), [("7", 7), ("", None), (None, None), ("9223372036854775807", 2**63 - 1)]
)
def test_an_id_is_parsed_from_ascii_digits(value, expected):
    assert parse_id(value) == expected


def _session_form(note: str) -> dict[str, str]:
    return {
        "kind": "formal",
        "exercise_id": "",
        "day": "2026-03-02",
        "start_time": "07:30",
        "minutes": "10",
        "note": note,
    }


@pytest.mark.parametrize("length", [10_000, 10_001])
def test_a_note_in_a_form_has_the_apis_limit(owner_client, length):
    owner_client.post(reverse("practice:session_new"), _session_form("x" * length))
    assert PracticeSession.objects.count() == (1 if length == 10_000 else 0)


def test_a_moment_note_in_a_form_has_the_apis_limit(owner_client, owner):
    moment = Moment.objects.create(owner=owner, area="self", kind="break")
    data = {
        "kind": "break",
        "area": "self",
        "day": "2026-03-02",
        "at_time": "07:30",
        "note": "x" * 10_001,
    }
    response = owner_client.post(reverse("practice:moment_edit", args=[moment.pk]), data)
    assert response.status_code == 200  # the form again, with its error
    moment.refresh_from_db()
    assert moment.note == ""


def test_a_journal_entry_in_a_form_has_the_apis_limit(owner_client):
    owner_client.post(reverse("journal:new"), {"text": "x" * 100_001})
    assert JournalEntry.objects.count() == 0


def test_a_nul_character_in_a_note_is_a_form_error(owner_client):
    owner_client.post(reverse("practice:session_new"), _session_form("a\x00b"))
    assert PracticeSession.objects.count() == 0


@pytest.mark.parametrize("name", ["a\x00b", "x" * 101])
def test_a_token_name_is_checked_as_a_form_field(owner_client, name):
    response = owner_client.post(reverse("assessments:token_create"), {"name": name})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_a_token_with_a_plain_name_is_made(owner_client):
    response = owner_client.post(reverse("assessments:token_create"), {"name": "laptop"})
    assert response.status_code == 200
    assert ApiToken.objects.get().name == "laptop"


def test_a_day_out_of_range_in_a_form_is_a_form_error(owner_client):
    data = {**_session_form("a note"), "day": "0001-01-01", "start_time": "00:00"}
    response = owner_client.post(reverse("practice:session_new"), data)
    assert response.status_code == 200
    assert "2000-01-01" in response.content.decode()
    assert PracticeSession.objects.count() == 0
