"""Another person's practice, moment or journal entry is a 404 everywhere, and never changes."""

import pytest
from django.urls import reverse

from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession

pytestmark = pytest.mark.django_db

SESSION_PAGES = [
    "practice:session_edit",
    "practice:session_delete",
    "practice:session_done",
    "practice:check_after",
]
MOMENT_PAGES = ["practice:moment_edit", "practice:moment_delete"]
ENTRY_PAGES = ["journal:detail", "journal:edit", "journal:delete"]


@pytest.fixture
def things(owners_things):
    session, moment, entry = owners_things
    return {"session": session, "moment": moment, "entry": entry}


def _urls(things, missing: bool = False):
    """Every page of the owner's objects (or of objects that do not exist at all)."""
    pk = {key: 999_999 if missing else thing.pk for key, thing in things.items()}
    for name in SESSION_PAGES:
        yield reverse(name, args=[pk["session"]])
    for name in MOMENT_PAGES:
        yield reverse(name, args=[pk["moment"]])
    for name in ENTRY_PAGES:
        yield reverse(name, args=[pk["entry"]])


def test_every_page_of_someone_elses_object_is_not_found(outsider_client, things):
    for url, nowhere in zip(_urls(things), _urls(things, missing=True), strict=True):
        assert outsider_client.get(url).status_code == 404, url
        # A page only to look at answers a POST with 405, for any object: nothing is told.
        status = outsider_client.post(url, {"text": "x", "note": "x"}).status_code
        assert status == outsider_client.post(nowhere, {"text": "x"}).status_code, url
        assert status in (404, 405), url


def test_nothing_of_someone_else_changes_or_disappears(outsider_client, things):
    for url in _urls(things):
        outsider_client.post(
            url,
            {
                "text": "taken over",
                "note": "taken over",
                "kind": "formal",
                "minutes": "1",
                "day": "2026-01-01",
                "start_time": "01:00",
                "at_time": "01:00",
                "area": "self",
            },
        )
    assert PracticeSession.objects.get().note == "my private session note"
    assert Moment.objects.get().note == "said no"
    assert JournalEntry.objects.get().text == "dear diary"


def test_lists_and_summaries_show_only_ones_own_things(outsider_client, things):
    pages = [
        reverse("practice:index"),
        reverse("practice:session_list"),
        reverse("practice:moment_list"),
        reverse("practice:week"),
        reverse("practice:insights"),
        reverse("journal:list"),
    ]
    for url in pages:
        page = outsider_client.get(url).content.decode()
        for secret in ("dear diary", "my private session note", "said no"):
            assert secret not in page, url
    week = outsider_client.get(reverse("practice:week")).content.decode()
    assert "Deze week ligt nog helemaal open." in week


def test_someone_elses_session_or_moment_cannot_be_linked_to_a_journal_entry(
    outsider_client, outsider, things
):
    url = reverse("journal:new") + (f"?session={things['session'].pk}&moment={things['moment'].pk}")
    page = outsider_client.get(url).content.decode()
    assert "Na je oefening van" not in page
    outsider_client.post(
        reverse("journal:new"),
        {"session": things["session"].pk, "moment": things["moment"].pk, "text": "mine"},
    )
    entry = JournalEntry.objects.get(owner=outsider)
    assert (entry.session, entry.moment) == (None, None)


def test_the_owner_still_sees_their_own(owner_client, things):
    for url in _urls(things):
        assert owner_client.get(url).status_code in (200, 302), url
