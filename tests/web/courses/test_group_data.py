"""The values behind a course's figures: practice minutes per program week."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from course_support import START, at, join_people, practise

from mildkracht.web.courses.group_data import group_data

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def test_practice_counts_in_the_program_week_of_the_persons_own_date(course):
    amsterdam, new_york = join_people(course, 2)
    new_york.time_zone = "America/New_York"
    new_york.save()
    end_of_week_1 = START + timedelta(days=6)
    practise(amsterdam, at(end_of_week_1, 23) + timedelta(minutes=30), 10)  # week 1
    practise(amsterdam, at(end_of_week_1 + timedelta(days=1), 0) + timedelta(minutes=30), 20)
    practise(amsterdam, at(START - timedelta(days=1), 23), 40)  # before the start
    # 23:30 in New York is 05:30 the next morning in Amsterdam: still week 1 for this person
    practise(new_york, datetime.combine(end_of_week_1, time(23, 30), NEW_YORK), 5)
    practise(new_york, datetime.combine(START, time(9), NEW_YORK), 7)
    today = START + timedelta(days=9)
    practise(amsterdam, at(today + timedelta(days=1)), 80)  # after today: not yet
    data = group_data(course, at(today), today)
    by_person = {m.participant_id: pk for pk, m in data.members.items()}
    assert data.weekly_minutes[by_person[amsterdam.pk]] == {1: 10, 2: 20}
    assert data.weekly_minutes[by_person[new_york.pk]] == {1: 12}
    assert data.minutes_until(by_person[amsterdam.pk], START + timedelta(days=7)) == 10


def test_practice_is_counted_up_to_the_last_follow_up_week(course):
    (person,) = join_people(course, 1)
    practise(person, at(START + timedelta(weeks=52, days=1)), 15)  # week 53
    practise(person, at(START + timedelta(weeks=53, days=1)), 25)  # week 54: not counted
    today = START + timedelta(weeks=60)
    data = group_data(course, at(today), today)
    assert list(data.weekly_minutes.values()) == [{53: 15}]
