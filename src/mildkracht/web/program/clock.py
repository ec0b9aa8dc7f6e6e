"""The date it is for a person: "now" in their own time zone (the core takes that date)."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from mildkracht.web.accounts.models import User


def zone_of(user: User) -> zoneinfo.ZoneInfo:
    """The person's time zone; the site's zone for a missing or unknown name."""
    name = user.time_zone or settings.TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_today(user: User, now: datetime | None = None) -> date:
    """The person's local date at ``now`` (default: this moment)."""
    return local_date(user, now or timezone.now())


def local_date(user: User, moment: datetime) -> date:
    """The person's local calendar date of an aware ``moment``."""
    return timezone.localtime(moment, zone_of(user)).date()
