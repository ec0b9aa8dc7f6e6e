"""The personal calendar feed (iCalendar): practice times and questionnaire dates.

Titles and descriptions are generic on purpose: a calendar is often shared or synced with
other services, so nothing in it says anything about a person's health or scores.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from mildkracht.core.practices import schedule
from mildkracht.web.program.actions import hash_token
from mildkracht.web.program.clock import local_date, zone_of
from mildkracht.web.program.models import CalendarFeed, Enrolment, ReminderSettings

PRACTICE_MINUTES = 20
PRODUCT_ID = "-//Mildkracht//Mildkracht//NL"


def feed_for_token(token: str) -> bytes | None:
    """The calendar for a feed token; None for an unknown (or renewed) token."""
    if not token or len(token) > 100 or not token.isascii():
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token_hash=hash_token(token)).first()
    if feed is None:
        return None
    with translation.override(feed.owner.language or "nl"):
        ical: bytes = build_calendar(feed).to_ical()
    return ical


def build_calendar(feed: CalendarFeed) -> Calendar:
    user = feed.owner
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Mildkracht")
    enrolment = Enrolment.objects.filter(owner=user).first()
    settings_row = ReminderSettings.objects.filter(owner=user).first()
    first_day = enrolment.start if enrolment else local_date(user, feed.created_at)
    if settings_row is not None and settings_row.practice_time is not None:
        calendar.add_component(
            _practice_event(feed, first_day, settings_row.practice_time, zone_of(user))
        )
    if enrolment is not None:
        for name, day in schedule.retest_dates(enrolment.schedule()).items():
            if name != schedule.BASELINE:
                calendar.add_component(_retest_event(feed, name, day))
    calendar.add_missing_timezones()
    return calendar


def _practice_event(feed: CalendarFeed, first_day: date, at: time, zone: tzinfo) -> Event:
    event = Event()
    event.add("uid", f"practice-{feed.pk}@mildkracht")
    event.add("summary", "Mildkracht")
    event.add("description", _("A little time for yourself."))
    start = datetime.combine(first_day, at, tzinfo=zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=PRACTICE_MINUTES))
    event.add("dtstamp", feed.created_at)
    event.add("rrule", {"freq": "daily"})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Mildkracht")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def _retest_event(feed: CalendarFeed, name: str, day: date) -> Event:
    event = Event()
    event.add("uid", f"{name}-{feed.pk}@mildkracht")
    event.add("summary", "Mildkracht")
    event.add("description", _("A moment to look back on how you are doing, in Mildkracht."))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", feed.created_at)
    event.add("transp", "TRANSPARENT")
    return event
