"""JSON written with orjson: the API's answers, and the answers an assessment stores.

orjson writes the same JSON values as the standard library, several times faster (without
the spaces after ``,`` and ``:``). In the API's answers, dates and times are written by
Django's rule (ISO 8601 to the millisecond, UTC as ``Z``), as ninja's encoder wrote them;
anything orjson does not know (a lazy translation, a pydantic model, a Decimal) goes to
ninja's encoder. Tests hold both to ninja's own text.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import orjson
from ninja.responses import NinjaJSONEncoder

_NINJA = NinjaJSONEncoder().default
# Keys that are numbers become strings, as json.dumps makes them; dates and times come to
# _other, as they went to ninja's encoder with json.dumps.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _other(value: Any) -> Any:
    if type(value) is datetime:  # an answer's times: Django's rule, without the detour
        text = value.isoformat()
        if value.microsecond:
            text = text[:23] + text[26:]  # to the millisecond
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return _NINJA(value)


def to_json(data: Any) -> bytes:
    """``data`` as UTF-8 JSON bytes, as ninja's JSON encoder would give its values."""
    return orjson.dumps(data, default=_other, option=_OPTIONS)


class StoredJSONEncoder(json.JSONEncoder):
    """For a JSONField of whole numbers by key (an assessment's answers): orjson's JSON.

    Django hands the field's value to ``json.dumps(value, cls=this)`` (SQLite) or to
    PostgreSQL's adapter with the same call; both end here. A value JSON cannot hold raises
    TypeError, as it does with the standard library.
    """

    def encode(self, o: Any) -> str:
        return orjson.dumps(o, option=orjson.OPT_NON_STR_KEYS).decode()
