"""The time zones a person can choose: the usual ones first, then every place by name."""

from __future__ import annotations

import zoneinfo

#: Where most people using Mildkracht live: shown first.
COMMON = ("Europe/Amsterdam", "Europe/Brussels")

#: Zones named after a place ("Europe/Paris"). Left out: aliases and leftovers of the time
#: zone database that mean nothing to a person, such as "Factory", "W-SU" or "Etc/GMT+5".
REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


def _label(name: str) -> str:
    return name.replace("_", " ")


def time_zone_choices() -> list[tuple[str, str]]:
    """The common zones, then every zone named after a place in a region, then UTC."""
    places = sorted(
        name
        for name in zoneinfo.available_timezones()
        if name.split("/")[0] in REGIONS and name not in COMMON
    )
    return [(name, _label(name)) for name in (*COMMON, *places, "UTC")]
