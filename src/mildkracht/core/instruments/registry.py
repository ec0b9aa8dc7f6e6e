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
def get_instrument(instrument_id: str) -> Instrument:
    """The bundled instrument ``instrument_id``; UnknownInstrumentError names the known ones.

    Loads only that instrument's file, so a command that needs one starts quickly.
    """
    path = bundled_directory() / f"{instrument_id}.yaml"
    if instrument_id.isidentifier() and path.is_file():
        return load_instrument(path)
    known = sorted(p.stem for p in bundled_directory().glob("*.yaml"))
    raise UnknownInstrumentError(instrument_id, known)


def instruments_for(use: Use) -> list[Instrument]:
    """The instruments that may be offered for ``use`` (the app or research)."""
    return [i for i in all_instruments().values() if use in i.uses]
