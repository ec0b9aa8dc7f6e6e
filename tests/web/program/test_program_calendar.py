"""The calendar feed: a secret, renewable address with generic events a calendar can read."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar
from program_support import local

from mildkracht.web.program import actions
from mildkracht.web.program.models import CalendarFeed

HEALTH_WORDS = re.compile(
    r"depress|angst|anxi|zelfcompassie|self-compassion|phq|gad|scs|score|somber|stress|"
    r"vragenlijst|questionnaire|welzijn|well-being",
    re.I,
)


def _make_feed(client) -> str:
    response = client.post(reverse("program:calendar_settings"), {"action": "renew"})
    assert response.status_code == 200
    match = re.search(r'id="feed-url">(http://[^<]+)</code>', response.content.decode())
    assert match
    return match.group(1).removeprefix("http://testserver")


@pytest.fixture
def enrolled(person):
    actions.enrol(person, date(2026, 1, 5))
    actions.save_reminder_settings(person, time(7, 30), email_reminders=False)
    return person


def test_the_feed_has_a_daily_practice_event_in_the_persons_time_zone(person_client, enrolled):
    url = _make_feed(person_client)
    response = person_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    practice = [e for e in events if e.get("rrule")]
    assert len(practice) == 1
    assert practice[0]["rrule"]["FREQ"] == ["DAILY"]
    start = practice[0].decoded("dtstart")
    assert (start.date(), start.time()) == (date(2026, 1, 5), time(7, 30))
    assert str(start.tzinfo) == "Europe/Amsterdam"
    assert practice[0]["dtstart"].params["TZID"] == "Europe/Amsterdam"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_the_feed_has_the_retest_dates_as_all_day_events(person_client, enrolled):
    calendar = Calendar.from_ical(person_client.get(_make_feed(person_client)).content)
    days = sorted(e.decoded("dtstart") for e in calendar.walk("VEVENT") if not e.get("rrule"))
    assert days == [date(2026, 2, 23), date(2026, 4, 5), date(2026, 7, 5), date(2027, 1, 5)]


def test_the_feed_says_nothing_about_health(person_client, enrolled):
    body = person_client.get(_make_feed(person_client)).content.decode()
    for event in Calendar.from_ical(body).walk("VEVENT"):
        assert str(event["summary"]) == "Mildkracht"
        assert not HEALTH_WORDS.search(str(event["description"])), event["description"]


def test_renewing_the_address_makes_the_old_one_a_404(person_client, enrolled):
    old = _make_feed(person_client)
    new = _make_feed(person_client)
    assert old != new
    assert person_client.get(old).status_code == 404
    assert person_client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(owner=enrolled).count() == 1


def test_the_feed_works_without_a_login_but_only_with_the_secret(client, person_client, enrolled):
    url = _make_feed(person_client)
    client.logout()
    assert client.get(url).status_code == 200
    assert client.get("/program/calendar/guessed-token.ics").status_code == 404


def test_only_a_hash_of_the_token_is_stored(person_client, enrolled):
    url = _make_feed(person_client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarFeed.objects.get(owner=enrolled).token_hash
    assert token not in stored
    assert stored == actions.hash_token(token)


def test_stopping_the_feed_makes_it_a_404(person_client, enrolled):
    url = _make_feed(person_client)
    person_client.post(reverse("program:calendar_settings"), {"action": "stop"})
    assert person_client.get(url).status_code == 404


def test_the_reminder_settings_page_saves_a_time(person_client, person):
    response = person_client.post(
        reverse("program:reminders"), {"practice_time": "21:15", "email_reminders": "on"}
    )
    assert response.status_code == 302
    assert person.reminder_settings.practice_time == time(21, 15)
    assert person.reminder_settings.email_reminders is True
    page = person_client.get(reverse("program:reminders")).content.decode()
    assert 'value="21:15"' in page


def test_a_feed_without_a_program_has_only_the_practice_time(person_client, person, clock):
    clock(local(2026, 3, 1, 9))
    actions.save_reminder_settings(person, time(8, 0), email_reminders=False)
    calendar = Calendar.from_ical(person_client.get(_make_feed(person_client)).content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == timedelta(minutes=20)


def test_the_feed_address_is_the_public_one_when_it_is_set(person_client, enrolled, settings):
    settings.MILDKRACHT_BASE_URL = "https://mildkracht.example.org"
    response = person_client.post(reverse("program:calendar_settings"), {"action": "renew"})
    address = re.search(r'id="feed-url">([^<]+)</code>', response.content.decode()).group(1)
    assert address.startswith("https://mildkracht.example.org/program/calendar/")
    assert "127.0.0.1" not in address and "testserver" not in address
    path = address.removeprefix("https://mildkracht.example.org")
    assert person_client.get(path).status_code == 200  # and that address is the feed


def test_without_a_public_address_the_feed_is_at_the_host_the_phone_came_to(
    person_client, enrolled, settings
):
    settings.ALLOWED_HOSTS = ["192.168.1.20"]
    response = person_client.post(
        reverse("program:calendar_settings"), {"action": "renew"}, HTTP_HOST="192.168.1.20:8000"
    )
    assert 'id="feed-url">http://192.168.1.20:8000/program/calendar/' in response.content.decode()
