"""How every score is rounded for people to read: one rule for pages, PDF and API.

Scores are stored and computed to twelve decimals (see ``scoring.DECIMALS``); a person
reads them to two. Python's ``round`` and numpy round half to even, and Django's
``number_format`` cuts digits off, so 3.875 read 3.87 in one place and 3.88 in another.
Here a value is rounded once, half away from zero, in decimal arithmetic.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

#: Two decimals: the precision at which scores on a 1-5 scale are shown.
SHOWN_DECIMALS = 2


def round_half_away(value: float, places: int = SHOWN_DECIMALS) -> Decimal:
    """``value`` rounded to ``places`` decimals, a half away from zero (3.875 → 3.88,
    −0.125 → −0.13).

    The float is read by its shortest representation (``repr``), so a stored 3.875 is
    exactly 3.875 here, not 3.87499999999999982236431605997495353221893310546875.
    ``decimal.ROUND_HALF_UP`` is Python's name for rounding half away from zero.
    Raises ValueError for NaN or infinity: a missing score has no rounded value.
    """
    if not math.isfinite(value):
        raise ValueError(f"only a finite number can be rounded; got {value}")
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return rounded + 0  # turns −0.00 into 0.00


def rounded_float(value: float, places: int = SHOWN_DECIMALS) -> float:
    """:func:`round_half_away` as a float, for JSON: 3.875 → 3.88."""
    return float(round_half_away(value, places))
