"""Numbers and dates as a person reads them, in the page's language.

Every score on a page, in the PDF and in the API goes through :func:`score_text` (or the
core's ``round_half_away`` it uses), so one score reads the same everywhere.
"""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import pgettext

from mildkracht.core.rounding import SHOWN_DECIMALS, round_half_away


def score_text(value: float, places: int = SHOWN_DECIMALS) -> str:
    """A score rounded half away from zero, localised: 3.875 reads 3,88 in Dutch."""
    return number_format(round_half_away(value, places), decimal_pos=places, use_l10n=True)


def signed_text(value: float, places: int = SHOWN_DECIMALS) -> str:
    """A change with its sign as rounded: +0,50, −0,25, or 0,00 (no sign for none)."""
    rounded = round_half_away(value, places)
    text = score_text(abs(value), places)
    if rounded > 0:
        return "+" + text
    if rounded < 0:
        return "−" + text
    return text


def whole_text(value: float) -> str:
    """A count such as minutes: a whole number, a half away from zero."""
    return score_text(value, 0)


def chart_date(day: date) -> str:
    """A date under a chart, in one format per language: 28 Nov 2026, 28 nov 2026."""
    # Translators: Django's date format for a date under a chart. "j M Y" gives 28 Nov 2026;
    # Dutch writes the month small ("j b Y": 28 nov 2026).
    return date_format(day, pgettext("date under a chart", "j M Y"))
