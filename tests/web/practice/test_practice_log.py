import json
import re
from datetime import datetime, time, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from mildkracht.core.practices.progress import consistency, encouragement
from mildkracht.web.practice.models import Moment, PracticeSession, PracticeSettings

pytestmark = pytest.mark.django_db

GUILT = re.compile(
    r"\b(missed|miss|streak|lost|lose your|failed|failure|behind|should have|"
    r"gemist|verloren|mislukt|achterstand|reeks|had moeten|te weinig)\b",
    re.IGNORECASE,
)


def at_noon(days_ago: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def practise(owner, minutes: float, days_ago: int = 0, kind: str = "formal") -> PracticeSession:
    return PracticeSession.objects.create(
        owner=owner,
        kind=kind,
        source="manual",
        started_at=at_noon(days_ago),
        seconds=int(minutes * 60),
    )


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


# Logging from the player and the timer


def test_the_player_logs_the_real_seconds_and_leads_to_the_closing_screen(owner_client, owner):
    response = owner_client.post(
        reverse("practice:log_practice"),
        {"exercise": "soothing-touch", "seconds": "287"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    session = PracticeSession.objects.get(owner=owner)
    assert (session.exercise_id, session.seconds, session.kind, session.source) == (
        "soothing-touch",
        287,
        "formal",
        "player",
    )
    assert session.exercise_version == "1"
    assert abs((timezone.now() - session.started_at).total_seconds() - 287) < 5
    assert json.loads(response.content)["next"] == reverse(
        "practice:session_done", args=[session.pk]
    )
    closing = owner_client.get(reverse("practice:session_done", args=[session.pk])).content.decode()
    assert "Je hebt 5 minuten geoefend" in closing
    assert "?prompt=exercise%3Asoothing-touch%3A1&amp;session=" in closing


def test_an_informal_exercise_counts_as_practice_in_daily_life(owner_client, owner):
    owner_client.post(
        reverse("practice:log_practice"), {"exercise": "three-kind-breaths", "seconds": "60"}
    )
    assert PracticeSession.objects.get(owner=owner).kind == "informal"


def test_the_timer_logs_silent_sitting_without_an_exercise(owner_client, owner):
    response = owner_client.post(reverse("practice:log_practice"), {"seconds": "600"})
    session = PracticeSession.objects.get(owner=owner)
    assert (session.exercise_id, session.source, session.seconds) == ("", "timer", 600)
    assert response.status_code == 302


def test_without_javascript_the_player_form_logs_whole_minutes(owner_client, owner):
    response = owner_client.post(
        reverse("practice:log_practice"), {"exercise": "kind-breathing", "minutes": "12"}
    )
    session = PracticeSession.objects.get(owner=owner)
    assert session.seconds == 720
    assert response["Location"] == reverse("practice:session_done", args=[session.pk])


@pytest.mark.parametrize("data", [{}, {"seconds": "0"}, {"seconds": "-5"}, {"seconds": "99999"}])
def test_nonsense_minutes_are_not_logged(owner_client, owner, data):
    response = owner_client.post(
        reverse("practice:log_practice"), data, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert not PracticeSession.objects.exists()


def test_logging_needs_a_post(owner_client):
    assert owner_client.get(reverse("practice:log_practice")).status_code == 405


# Logging, editing and deleting by hand


def test_a_practice_is_logged_by_hand_with_a_note(owner_client, owner):
    response = owner_client.post(
        reverse("practice:session_new"),
        {
            "kind": "informal",
            "exercise_id": "",
            "day": "2026-03-02",
            "start_time": "07:30",
            "minutes": "7,5",
            "note": "Even stilgestaan bij de koffie.",
        },
    )
    assert response.status_code == 302
    session = PracticeSession.objects.get(owner=owner)
    assert session.kind == "informal"
    assert session.seconds == 450
    assert session.source == "manual"
    assert timezone.localtime(session.started_at).strftime("%Y-%m-%d %H:%M") == "2026-03-02 07:30"
    assert session.note == "Even stilgestaan bij de koffie."
    log = owner_client.get(reverse("practice:session_list")).content.decode()
    assert "Even stilgestaan bij de koffie." in log


def test_a_practice_is_edited(owner_client, owner):
    session = practise(owner, 10)
    page = owner_client.get(reverse("practice:session_edit", args=[session.pk])).content.decode()
    assert 'value="10,0"' in page
    owner_client.post(
        reverse("practice:session_edit", args=[session.pk]),
        {
            "kind": "formal",
            "exercise_id": "kind-letter",
            "day": "2026-03-03",
            "start_time": "21:00",
            "minutes": "25",
            "note": "Een brief aan mezelf.",
        },
    )
    session.refresh_from_db()
    assert (session.exercise_id, session.seconds, session.note) == (
        "kind-letter",
        1500,
        "Een brief aan mezelf.",
    )


def test_a_practice_is_deleted_only_after_confirmation(owner_client, owner):
    session = practise(owner, 10)
    page = owner_client.get(reverse("practice:session_delete", args=[session.pk])).content.decode()
    assert "Ja, verwijderen" in page
    assert PracticeSession.objects.filter(pk=session.pk).exists()
    response = owner_client.post(reverse("practice:session_delete", args=[session.pk]))
    assert response.status_code == 302
    assert not PracticeSession.objects.filter(pk=session.pk).exists()


# Informal moments: at most two clicks


class _MomentForm(HTMLParser):
    """What a browser sends when one button of the moment form is clicked."""

    def __init__(self, button: str) -> None:
        super().__init__()
        self.button = button
        self.action = None
        self.inside = False
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("class") == "moment-form":
            self.action, self.inside = attributes["action"], True
        elif self.inside and tag == "input":
            if attributes.get("type") == "hidden" or "checked" in attributes:
                self.data[attributes["name"]] = attributes["value"]
        elif self.inside and tag == "button" and attributes.get("value") == self.button:
            self.data[attributes["name"]] = attributes["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def click_moment_button(client, page_url: str, button: str, area: str | None = None):
    form = _MomentForm(button)
    form.feed(client.get(page_url).content.decode())
    assert form.action and "kind" in form.data, "the button is on the page"
    if area is not None:  # the second click: another area chip
        form.data["area"] = area
    return client.post(form.action, form.data)


@pytest.mark.parametrize("page", ["pages:home", "practice:index", "practice:moment_list"])
def test_a_moment_is_logged_with_one_click(owner_client, owner, page):
    response = click_moment_button(owner_client, reverse(page), "break")
    assert response.status_code == 302
    assert response["Location"] == reverse(page)
    moment = Moment.objects.get(owner=owner)
    assert (moment.kind, moment.area) == ("break", "self")
    assert (timezone.now() - moment.at).total_seconds() < 5
    following = owner_client.get(response["Location"]).content.decode()
    assert "Genoteerd: zelfcompassiepauze (mezelf)." in following


def test_a_moment_at_work_takes_two_clicks(owner_client, owner):
    click_moment_button(owner_client, reverse("practice:index"), "boundary", area="work")
    assert list(Moment.objects.values_list("kind", "area")) == [("boundary", "work")]


def test_a_moment_never_redirects_away_from_the_site(owner_client, owner):
    response = owner_client.post(
        reverse("practice:moment_new"),
        {"area": "self", "kind": "need", "next": "https://example.org/"},
    )
    assert response["Location"] == reverse("practice:index")


def test_a_moment_gets_a_note_and_can_be_deleted(owner_client, owner):
    moment = Moment.objects.create(owner=owner, area="relationships", kind="kind_word")
    owner_client.post(
        reverse("practice:moment_edit", args=[moment.pk]),
        {
            "kind": "kind_word",
            "area": "relationships",
            "day": "2026-04-01",
            "at_time": "18:15",
            "note": "Na het gesprek met mijn zus.",
        },
    )
    moment.refresh_from_db()
    assert moment.note == "Na het gesprek met mijn zus."
    assert (
        "Na het gesprek met mijn zus."
        in owner_client.get(reverse("practice:moment_list")).content.decode()
    )
    owner_client.post(reverse("practice:moment_delete", args=[moment.pk]))
    assert not Moment.objects.exists()


# The week view, the goal, consistency and encouragement


def _week_totals(page: str) -> list[str]:
    footer = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S).group(1)
    return re.findall(r"<td>([^<]*)</td>", footer)


def test_the_week_view_sums_formal_and_informal_minutes_and_moments(owner_client, owner):
    practise(owner, 12)
    practise(owner, 10.4)
    practise(owner, 5, kind="informal")
    practise(owner, 30, days_ago=7)  # the week before
    Moment.objects.create(owner=owner, area="self", kind="break", at=at_noon())
    page = owner_client.get(reverse("practice:week")).content.decode()
    assert _week_totals(page) == ["22", "5", "27", "1"]
    today = re.search(r'<tr class="is-today">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", today) == ["22", "5", "27", "1"]
    assert "doel gehaald" in today
    assert "27 minuten geoefend deze week." in page
    assert "Je dagdoel is op 1 dag gehaald." in page
    assert '<table class="week-table">' in page and 'role="img"' in page


def test_the_week_view_goes_back_a_week_but_not_into_the_future(owner_client, owner):
    practise(owner, 30, days_ago=7)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    previous = monday - timedelta(days=7)
    page = owner_client.get(reverse("practice:week") + f"?start={previous}").content.decode()
    assert _week_totals(page)[2] == "30"
    assert "Volgende week" in page
    future = monday + timedelta(days=14)
    page = owner_client.get(reverse("practice:week") + f"?start={future}").content.decode()
    assert f"?start={monday + timedelta(days=7)}" not in page
    assert owner_client.get(reverse("practice:week") + "?start=garbage").status_code == 200


def test_the_daily_goal_is_twenty_minutes_and_can_be_changed(owner_client, owner):
    practise(owner, 15)
    page = owner_client.get(reverse("practice:index")).content.decode()
    assert "15 van je 20 minuten vandaag" in page
    response = owner_client.post(reverse("practice:goal"), {"daily_goal_minutes": "10"})
    assert response.status_code == 302
    assert PracticeSettings.objects.get(owner=owner).daily_goal_minutes == 10
    page = owner_client.get(reverse("practice:week")).content.decode()
    assert "Dagdoel: 10 minuten" in page
    assert "doel gehaald" in page
    assert (
        owner_client.post(reverse("practice:goal"), {"daily_goal_minutes": "-1"}).status_code == 200
    )
    assert PracticeSettings.objects.get(owner=owner).daily_goal_minutes == 10


def test_without_a_goal_the_pages_show_what_was_done_and_no_goal(owner_client, owner):
    response = owner_client.post(reverse("practice:goal"), {"daily_goal_minutes": "0"})
    assert response.status_code == 302
    assert PracticeSettings.objects.get(owner=owner).daily_goal_minutes == 0
    for days_ago in (0, 1, 3):
        practise(owner, 25, days_ago=days_ago)
    index = visible_text(owner_client.get(reverse("practice:index")).content.decode())
    assert "Vandaag 25 minuten geoefend." in index
    assert "De afgelopen vier maanden heb je op 3 dagen geoefend." in index
    assert "Je oefent zonder dagdoel." in index
    assert "Je regelmaat:" in index  # steadiness stays: how steadily one practises at all
    week = owner_client.get(reverse("practice:week")).content.decode()
    for page in (owner_client.get(reverse("practice:index")).content.decode(), week):
        for goal_figure in ("dagdoel van", "Dagdoel:", "doel gehaald", "chart-goal", "van je 0"):
            assert goal_figure not in page, goal_figure
    assert "Je hebt op" in visible_text(week)


def test_the_first_day_shows_minutes_and_days_and_no_ratio(owner_client, owner):
    practise(owner, 3)
    page = visible_text(owner_client.get(reverse("practice:index")).content.decode())
    assert "3 van je 20 minuten vandaag" in page
    assert "De afgelopen vier maanden heb je op 1 dag geoefend." in page
    assert "Je regelmaat" not in page
    assert "%" not in page
    practise(owner, 3, days_ago=1)  # a second day of practice: now a steadiness to read
    page = visible_text(owner_client.get(reverse("practice:index")).content.decode())
    assert "Je regelmaat:" in page


def test_the_consistency_and_encouragement_come_from_the_core(owner_client, owner):
    for days_ago in range(3, 17):
        practise(owner, 20, days_ago=days_ago)
    today = timezone.localdate()
    expected = consistency({today - timedelta(days=d): 20.0 for d in range(3, 17)}, today, 20)
    page = owner_client.get(reverse("practice:index")).content.decode()
    assert f"Je regelmaat: {int(expected * 100 + 0.5)}%" in page
    assert f'value="{expected:.3f}"' in page
    assert encouragement(expected, 0, 20, "nl") in page


def test_a_first_visit_is_welcomed_without_a_zero(owner_client):
    page = visible_text(owner_client.get(reverse("practice:index")).content.decode())
    assert encouragement(0.0, 0, 20, "nl") in page
    assert "regelmaat: 0%" not in page


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "history",
    [[], [0], [1], list(range(1, 30)), list(range(6, 40)), [20, 21, 22]],
    ids=["nothing", "today", "yesterday", "every-day", "a-pause-of-five-days", "long-ago"],
)
def test_progress_is_never_worded_as_guilt(owner_client, owner, language, history):
    owner.language = language
    owner.save(update_fields=["language"])
    for days_ago in history:
        practise(owner, 25, days_ago=days_ago)
    for name in ("practice:index", "practice:week", "practice:session_list", "pages:home"):
        text = visible_text(owner_client.get(reverse(name)).content.decode())
        assert GUILT.findall(text) == [], name


# A moment noted with one tap can be undone, for a short while


def _undo_form(html: str) -> tuple[str, dict[str, str]]:
    form = re.search(
        r'<form class="undo-form" method="post" action="([^"]+)">(.*?)</form>', html, re.S
    )
    assert form, "the confirmation offers to undo"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    return form.group(1), fields


def test_a_moment_noted_with_one_tap_can_be_undone(owner_client, owner):
    response = click_moment_button(owner_client, reverse("practice:index"), "touch")
    page = owner_client.get(response["Location"]).content.decode()
    assert "Genoteerd: kalmerende aanraking (mezelf)." in page
    assert "Ongedaan maken" in page
    action, fields = _undo_form(page)
    undone = owner_client.post(action, fields)
    assert undone.status_code == 302
    assert undone["Location"] == reverse("practice:index")
    assert not Moment.objects.filter(owner=owner).exists()
    after = owner_client.get(undone["Location"]).content.decode()
    assert "Ongedaan gemaakt" in after
    assert "undo-form" not in after


def test_the_undo_is_offered_once_with_the_confirmation(owner_client, owner):
    response = click_moment_button(owner_client, reverse("practice:index"), "touch")
    owner_client.get(response["Location"])
    assert "undo-form" not in owner_client.get(reverse("practice:index")).content.decode()


def test_a_moment_can_no_longer_be_undone_after_ten_minutes(owner_client, owner):
    response = click_moment_button(owner_client, reverse("practice:index"), "touch")
    action, fields = _undo_form(owner_client.get(response["Location"]).content.decode())
    eleven_minutes_ago = timezone.now() - timedelta(minutes=11)
    Moment.objects.filter(owner=owner).update(created_at=eleven_minutes_ago)
    late = owner_client.post(action, fields)
    assert late["Location"] == reverse("practice:moment_list")
    assert Moment.objects.filter(owner=owner).count() == 1
    assert "niet meer ongedaan maken" in owner_client.get(late["Location"]).content.decode()


def test_nobody_undoes_another_persons_moment(owner_client, owner, django_user_model):
    other = django_user_model.objects.create_user("bram", password="another calm lake")
    theirs = Moment.objects.create(owner=other, area="self", kind="break")
    response = owner_client.post(reverse("practice:moment_undo", args=[theirs.pk]))
    assert response.status_code == 404
    assert Moment.objects.filter(pk=theirs.pk).exists()


def test_undo_is_a_post_only(owner_client, owner):
    mine = Moment.objects.create(owner=owner, area="self", kind="break")
    assert owner_client.get(reverse("practice:moment_undo", args=[mine.pk])).status_code == 405
    assert Moment.objects.filter(pk=mine.pk).exists()


def test_the_week_shows_no_zeros_and_leaves_the_days_to_come_empty(owner_client, owner):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    page = owner_client.get(reverse("practice:week")).content.decode()
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    assert len(rows) == 7
    for offset, row in enumerate(rows):
        cells = re.findall(r"<td>([^<]*)</td>", row)
        day = monday + timedelta(days=offset)
        assert cells == (["", "", "", ""] if day > today else ["–", "–", "–", "–"])
