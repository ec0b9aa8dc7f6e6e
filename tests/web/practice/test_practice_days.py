"""Practice and moments counted on the person's own calendar days (one plain query each)."""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mildkracht.core.practices.progress import Entry
from mildkracht.web.practice import overview
from mildkracht.web.practice.models import Moment, PracticeSession

pytestmark = pytest.mark.django_db

# Around midnight, around the end of summer time in Europe (27 October 2024, 03:00 → 02:00),
# and at the edges of the days asked for.
TIMES = [
    datetime(2024, 10, 25, 21, 59, 59, tzinfo=UTC),  # 23:59:59 in Amsterdam
    datetime(2024, 10, 25, 22, 0, 0, tzinfo=UTC),  # 00:00 in Amsterdam, the 26th
    datetime(2024, 10, 26, 23, 30, 0, tzinfo=UTC),  # 00:30 on the 27th (winter time)
    datetime(2024, 10, 27, 0, 45, 0, tzinfo=UTC),  # 01:45 on the 27th
    datetime(2024, 10, 27, 22, 59, 0, tzinfo=UTC),  # 23:59 on the 27th
    datetime(2024, 10, 27, 23, 0, 0, tzinfo=UTC),  # 00:00 on the 28th: outside
    datetime(2024, 10, 23, 21, 59, 0, tzinfo=UTC),  # the 23rd: outside
    datetime(2024, 10, 24, 12, 0, 0, 123456, tzinfo=UTC),  # with microseconds
]
FIRST, LAST = date(2024, 10, 24), date(2024, 10, 27)


@pytest.fixture
def history(owner):
    for number, when in enumerate(TIMES):
        PracticeSession.objects.create(
            owner=owner,
            kind="formal" if number % 2 else "informal",
            source="manual",
            started_at=when,
            seconds=60 * (number + 1),
        )
        Moment.objects.create(owner=owner, area="work", kind="break", at=when)


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "America/Los_Angeles", "Asia/Kolkata"])
def test_the_days_are_the_persons_own_and_match_the_orm(owner, history, zone):
    with timezone.override(ZoneInfo(zone)):
        expected = sorted(
            Entry(timezone.localdate(s.started_at), s.seconds / 60, s.kind == "formal")
            for s in PracticeSession.objects.filter(owner=owner)
            if overview.local_midnight(FIRST)
            <= s.started_at
            < overview.local_midnight(LAST + timedelta(days=1))
        )
        assert sorted(overview.practice_entries(owner, FIRST, LAST)) == expected
        moments = Counter(
            timezone.localdate(m.at)
            for m in Moment.objects.filter(owner=owner)
            if overview.local_midnight(FIRST)
            <= m.at
            < overview.local_midnight(LAST + timedelta(days=1))
        )
        assert overview.moments_per_day(owner, FIRST, LAST) == moments


def test_in_amsterdam_the_boundaries_fall_on_local_midnight(owner, history):
    with timezone.override(ZoneInfo("Europe/Amsterdam")):
        days = Counter(entry.day for entry in overview.practice_entries(owner, FIRST, LAST))
        assert days == {
            date(2024, 10, 24): 1,
            date(2024, 10, 25): 1,
            date(2024, 10, 26): 1,
            date(2024, 10, 27): 3,
        }
        assert overview.moments_per_day(owner, FIRST, LAST) == days


def test_another_persons_practice_is_not_counted(owner, outsider, history):
    with timezone.override(ZoneInfo("Europe/Amsterdam")):
        assert overview.practice_entries(outsider, FIRST, LAST) == []
        assert overview.moments_per_day(outsider, FIRST, LAST) == Counter()
