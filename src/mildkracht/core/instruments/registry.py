"""The instruments that ship with Mildkracht, loaded once."""

from __future__ import annotations

from functools import cache

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.loader import bundled_directory, load_directory, load_instrument
from mildkracht.core.instruments.model import Instrument, Use


@cache
def all_instruments() -> dict[str, Instrument]:
    """Every bundled instrument by id (validated; a bad bundled file raises)."""
    return load_directory(bundled_directory())


@cache
def bundled_ids() -> frozenset[str]:
    """The ids of the bundled instruments: the names of their files, listed once."""
    return frozenset(path.stem for path in bundled_directory().glob("*.yaml"))


@cache
def get_instrument(instrument_id: str) -> Instrument:
    """The bundled instrument ``instrument_id``; UnknownInstrumentError names the known ones.

    Loads only that instrument's file, so a command that needs one starts quickly. The id
    comes from people (a URL, a request body): it is looked up among the known ids, never
    made into a path first, which a long or odd id would make the file system refuse.
    """
    if instrument_id not in bundled_ids():
        raise UnknownInstrumentError(instrument_id, sorted(bundled_ids()))
    return load_instrument(bundled_directory() / f"{instrument_id}.yaml")


def instruments_for(use: Use) -> list[Instrument]:
    """The instruments that may be offered for ``use`` (the app or research)."""
    return [i for i in all_instruments().values() if use in i.uses]
