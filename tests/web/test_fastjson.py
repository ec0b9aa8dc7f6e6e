"""The API's JSON (orjson) holds the same values as ninja's own encoder gave them."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel

from mildkracht.web.fastjson import to_json


def _ninja(data: object) -> str:
    return json.dumps(data, cls=NinjaJSONEncoder)


class _Shown(BaseModel):
    name: str
    value: float


def test_dates_and_times_read_exactly_as_ninjas_encoder_wrote_them():
    moments = [
        datetime(2026, 11, 28, 14, 8, 49, 123456, tzinfo=UTC),  # to the millisecond, as Z
        datetime(2026, 11, 28, 14, 8, 49, tzinfo=UTC),
        datetime(2026, 3, 1, 2, 3, 4, 500, tzinfo=timezone(timedelta(hours=14))),
        datetime(2026, 3, 1, 2, 3, 4),  # naive
        date(2026, 2, 28),
    ]
    written = json.loads(to_json(moments))
    assert written == json.loads(_ninja(moments))
    assert written[0] == "2026-11-28T14:08:49.123Z"


def test_the_values_of_an_answer_are_the_same():
    data = {
        "id": 7,
        "values": {"total": 3.23, "self_kindness": None, "big": 1e16, "small": 1e-7},
        "bands": {"total": {"id": "moderate", "label": gettext_lazy("Moderate")}},
        "answers": {1: 3, "2": 5},  # a number as a key becomes a string, as in json.dumps
        "unanswered": [],
        "complete": True,
        "amount": Decimal("2.50"),
        "model": _Shown(name="x", value=0.1),
        "text": "zachtheid — ‘mild’ \u2028 <script>",
    }
    with override("nl"):
        assert json.loads(to_json(data)) == json.loads(_ninja(data))


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**63), max_value=2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_any_plain_value_is_written_as_the_standard_library_writes_it(value):
    assert json.loads(to_json(value)) == json.loads(_ninja(value))


def test_the_api_answers_in_this_json(client):
    response = client.get("/api/instruments")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content == to_json({"detail": "Unauthorized"})


def test_stored_answers_are_compact_json_that_reads_back_the_same():
    from mildkracht.web.fastjson import StoredJSONEncoder

    answers = {"1": 3, "2": 5, "10": None}
    written = json.dumps(answers, cls=StoredJSONEncoder)
    assert written == '{"1":3,"2":5,"10":null}'
    assert json.loads(written) == answers
    assert json.dumps({1: 2}, cls=StoredJSONEncoder) == '{"1":2}'  # as json.dumps keys it


def test_a_value_json_cannot_hold_is_refused_as_the_standard_library_refuses_it():
    from mildkracht.web.fastjson import StoredJSONEncoder

    with pytest.raises(TypeError):
        json.dumps({"1": {3}}, cls=StoredJSONEncoder)


def test_an_assessment_stores_its_answers_in_that_json(owner):
    from django.db import connection

    from mildkracht.web.assessments import actions
    from mildkracht.web.assessments.models import Assessment
    from mildkracht.web.crypto import decrypt

    assessment, _missing = actions.record_assessment(owner, "swls", dict.fromkeys(range(1, 6), 4))
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM assessments_assessment WHERE id = %s", [assessment.pk])
        (stored,) = cursor.fetchone()
    # Encrypted at rest (web/crypto.py): the text inside is orjson's.
    assert decrypt(stored) == '{"1":4,"2":4,"3":4,"4":4,"5":4}'
    assert Assessment.objects.get(pk=assessment.pk).answers == {str(n): 4 for n in range(1, 6)}


@given(
    st.datetimes(
        timezones=st.sampled_from(
            [None, UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=5, minutes=30))]
        )
    )
)
def test_any_date_and_time_is_written_as_ninjas_encoder_wrote_it(moment):
    assert to_json([moment]) == _ninja([moment]).encode()
