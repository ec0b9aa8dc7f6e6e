"""The API's JSON: orjson, with dates, times and everything else as ninja's encoder has them.

orjson writes the same JSON values as the standard library, several times faster (without
the spaces after ``,`` and ``:``). Dates and times go to ninja's encoder (Django's: ISO 8601
to the millisecond, UTC as ``Z``), so that they read exactly as before; so does anything
orjson does not know (a lazy translation, a pydantic model, a Decimal).
"""

from __future__ import annotations

from typing import Any

import orjson
from ninja.responses import NinjaJSONEncoder

_OTHERS = NinjaJSONEncoder().default
# Keys that are numbers become strings, as json.dumps makes them; dates and times go to
# ninja's encoder, as they did with json.dumps.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def to_json(data: Any) -> bytes:
    """``data`` as UTF-8 JSON bytes, as ninja's JSON encoder would give its values."""
    return orjson.dumps(data, default=_OTHERS, option=_OPTIONS)
