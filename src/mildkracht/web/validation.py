"""What a person may send, one rule per field, shared by the forms and the API (issue 19).

A form's field and the API's field for the same thing take their limits from here, so a
note that a form accepts is one the API accepts, and the other way round. Django's form
fields refuse NUL characters themselves (PostgreSQL cannot store them); the API's text
fields say so with :data:`NO_NUL_PATTERN`, which the OpenAPI schema shows too.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: The largest id the databases store (a signed 64-bit integer): a larger one is no id.
MAX_ID = 2**63 - 1
#: The furthest a list may be paged: far beyond anyone's practice, far below MAX_ID.
MAX_OFFSET = 10_000_000
#: A note on a practice or a moment.
NOTE_MAX_LENGTH = 10_000
#: A journal entry.
JOURNAL_MAX_LENGTH = 100_000
#: The name of an API token.
TOKEN_NAME_MAX_LENGTH = 100
#: Text without NUL characters, as a JSON schema pattern (pydantic and the schema share it).
NO_NUL_PATTERN = r"^[^\x00]*$"
#: The weeks that can be shown: none before this day, none more than YEARS_AHEAD from now.
EARLIEST_DAY = date(2000, 1, 1)
YEARS_AHEAD = 5


def parse_id(value: str | None) -> int | None:
    """The id written in ``value`` (ASCII digits), or None when it is empty.

    ``str.isdigit()`` is not a parse: "²" is a digit to it, and int() refuses it. A value
    that is no id raises BadRequest, which Django answers with a 400 page.
    """
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdecimal() and len(value) <= 19):
        raise BadRequest(_("This link holds something that is not a number."))
    number = int(value)
    if not 1 <= number <= MAX_ID:
        raise BadRequest(_("This link holds something that is not a number."))
    return number


def latest_day(today: date) -> date:
    """The last day a week may be asked for: YEARS_AHEAD years after ``today``."""
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def day_in_range(day: date, today: date) -> bool:
    return EARLIEST_DAY <= day <= latest_day(today)


def out_of_range_message(today: date) -> str:
    return _("Choose a day from %(first)s to %(last)s.") % {
        "first": EARLIEST_DAY.isoformat(),
        "last": latest_day(today).isoformat(),
    }


def validate_day(day: date) -> None:
    """A form's day from EARLIEST_DAY to YEARS_AHEAD years on (the year 1 overflowed)."""
    today = timezone.localdate()
    if not day_in_range(day, today):
        raise ValidationError(out_of_range_message(today), code="out_of_range")
