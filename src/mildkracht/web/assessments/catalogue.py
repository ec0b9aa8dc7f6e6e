"""Which instruments the app offers, and in which section of the questionnaire page."""

from __future__ import annotations

import enum

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.model import Instrument, Kind, Use
from mildkracht.core.instruments.registry import get_instrument, instruments_for

# The self-compassion scales lead the page; every other validated instrument is an optional
# measure of well-being. The data files do not say which is which, so it is said here, with
# the order to show them in (others follow by id).
SELF_COMPASSION = ("scs", "scs_sf", "sscs_s", "sscs_l")
WELL_BEING = ("phq9", "gad7", "swls", "shs")
# The instrument whose total the profile follows over time.
PROFILE_INSTRUMENT = "scs"


class Section(enum.Enum):
    SELF_COMPASSION = "self_compassion"
    WELL_BEING = "well_being"
    REFLECTIVE = "reflective"


def section_of(instrument: Instrument) -> Section:
    if instrument.kind is Kind.REFLECTIVE:
        return Section.REFLECTIVE
    if instrument.id in SELF_COMPASSION:
        return Section.SELF_COMPASSION
    return Section.WELL_BEING


def offered_instruments() -> dict[Section, list[Instrument]]:
    """The instruments a person can take in the app, by section, in a stable order."""
    sections: dict[Section, list[Instrument]] = {section: [] for section in Section}
    for instrument in instruments_for(Use.APP):
        sections[section_of(instrument)].append(instrument)
    for instruments in sections.values():
        instruments.sort(key=_order)
    return sections


def _order(instrument: Instrument) -> tuple[int, str]:
    preferred = SELF_COMPASSION + WELL_BEING
    if instrument.id in preferred:
        return preferred.index(instrument.id), instrument.id
    return len(preferred), instrument.id


def offered_instrument(instrument_id: str) -> Instrument:
    """The instrument ``instrument_id`` if the app offers it; UnknownInstrumentError otherwise."""
    instrument = get_instrument(instrument_id)
    if Use.APP not in instrument.uses:
        raise UnknownInstrumentError(instrument_id, [])
    return instrument
