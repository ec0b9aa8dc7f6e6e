"""Inputs that made the API answer 500 (issue 19): each is a 4xx in JSON and changes nothing."""

import json

import pytest

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession

LISTS = ["/api/journal/entries", "/api/practice/sessions", "/api/practice/moments"]
HUGE = "99999999999999999999"


def _is_json_error(response, status: int) -> bool:
    return (
        response.status_code == status
        and response["Content-Type"].startswith("application/json")
        and "detail" in response.json()
    )


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (Assessment, PracticeSession, Moment, JournalEntry)
    )


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("offset", ["-1", HUGE])
def test_an_offset_out_of_range_is_a_422(owner_client, url, offset):
    assert _is_json_error(owner_client.get(url, {"offset": offset}), 422)


@pytest.mark.parametrize("url", LISTS)
def test_a_list_still_pages_from_an_offset(owner_client, url):
    assert owner_client.get(url, {"offset": "5"}).json() == []


@pytest.mark.parametrize(
    "url",
    [
        f"/api/practice/sessions/{HUGE}",
        f"/api/practice/moments/{HUGE}",
        f"/api/journal/entries/{HUGE}",
        f"/api/assessments/{HUGE}",
    ],
)
def test_an_id_larger_than_any_database_holds_is_a_422(owner_client, url):
    if "moments" not in url:  # a moment is only ever deleted by its id
        assert _is_json_error(owner_client.get(url), 422)
    assert _is_json_error(owner_client.delete(url), 422)


@pytest.mark.parametrize("start", ["0001-01-01", "0002-01-01", "1999-12-31", "9999-12-31"])
def test_a_week_out_of_range_is_a_422(owner_client, start):
    response = owner_client.get("/api/practice/week", {"start": start})
    assert _is_json_error(response, 422)
    assert "2000-01-01" in response.json()["detail"]


def test_a_week_in_range_is_shown(owner_client):
    response = owner_client.get("/api/practice/week", {"start": "2000-01-05"})
    assert response.json()["week_start"] == "2000-01-03"


def test_a_251_character_instrument_id_is_unknown(owner_client):
    long_id = "x" * 251
    assert _is_json_error(owner_client.get(f"/api/instruments/{long_id}"), 404)
    response = owner_client.post(
        "/api/assessments", {"instrument": long_id}, content_type="application/json"
    )
    assert _is_json_error(response, 422)
    assert _counts() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "body",
    [
        '{"instrument": "\\ud800"}',
        '{"instrument": "scs", "answers": {"\\udfff": 1}}',
        '{"text": "\\ud800"}',
    ],
)
@pytest.mark.parametrize("url", ["/api/assessments", "/api/journal/entries"])
def test_a_lone_surrogate_is_a_400(owner_client, body, url):
    response = owner_client.post(url, body, content_type="application/json")
    assert _is_json_error(response, 400)
    assert _counts() == (0, 0, 0, 0)


def test_a_body_that_is_not_json_is_a_400(owner_client):
    response = owner_client.post("/api/assessments", b"\xff{", content_type="application/json")
    assert _is_json_error(response, 400)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/practice/moments", {"kind": "break", "note": "a\x00b"}),
        (
            "/api/practice/sessions",
            {"started_at": "2026-03-02T07:30:00Z", "seconds": 60, "note": "a\x00b"},
        ),
        ("/api/journal/entries", {"text": "a\x00b"}),
        ("/api/assessments", {"instrument": "scs", "submit": False, "context": "a\x00"}),
        ("/api/assessments", {"instrument": "scs\x00"}),
    ],
)
def test_a_nul_character_is_refused(owner_client, url, body):
    response = owner_client.post(url, json.dumps(body), content_type="application/json")
    assert _is_json_error(response, 422)
    assert _counts() == (0, 0, 0, 0)


def test_a_nul_character_in_a_filter_is_refused(owner_client):
    assert _is_json_error(owner_client.get("/api/assessments", {"instrument": "a\x00"}), 422)


@pytest.mark.parametrize("length", [10_000, 10_001])
def test_a_note_is_as_long_as_a_form_allows(owner_client, length):
    body = {"kind": "break", "note": "x" * length}
    response = owner_client.post(
        "/api/practice/moments", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == (201 if length == 10_000 else 422)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_schema_can_only_be_read(owner_client, method):
    assert getattr(owner_client, method)("/api/openapi.json").status_code == 405
    assert owner_client.get("/api/openapi.json").status_code == 200


@pytest.fixture
def schema(owner_client):
    return owner_client.get("/api/openapi.json").json()


def test_the_schema_documents_the_errors_of_every_operation(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "422"} <= operation["responses"].keys(), (method, path)
            if "{" in path:
                assert "404" in operation["responses"], (method, path)


def test_the_schema_allows_only_the_offsets_and_ids_the_api_takes(schema):
    for url in LISTS:
        (offset,) = schema["paths"][url]["get"]["parameters"]
        assert (offset["schema"]["minimum"], offset["schema"]["maximum"]) == (0, 10_000_000)
    (session_id,) = schema["paths"]["/api/practice/sessions/{session_id}"]["get"]["parameters"]
    assert (session_id["schema"]["minimum"], session_id["schema"]["maximum"]) == (1, 2**63 - 1)


# What the schema allows is what the API takes, and the other way round (found by fuzzing)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/practice/sessions", {"started_at": 0, "seconds": 60}),
        ("/api/practice/sessions", {"started_at": "2026-03-02T07:30:00Z", "seconds": "60"}),
        ("/api/practice/moments", {"kind": "break", "at": 1_700_000_000}),
        ("/api/journal/entries", {"text": "x", "session": "1"}),
        ("/api/assessments", {"instrument": "scs", "submit": 0}),
    ],
)
def test_a_value_of_another_type_than_the_schema_says_is_refused(owner_client, url, body):
    response = owner_client.post(url, json.dumps(body), content_type="application/json")
    assert _is_json_error(response, 422)
    assert _counts() == (0, 0, 0, 0)


def test_a_query_parameter_given_twice_is_refused(owner_client):
    response = owner_client.get("/api/practice/moments?offset=x&offset=0")
    assert _is_json_error(response, 422)


def test_the_schema_names_the_questionnaires_and_the_exercise_filters(schema):
    body = schema["paths"]["/api/assessments"]["post"]["requestBody"]["content"]
    (reference,) = body["application/json"]["schema"].values()
    instrument = schema["components"]["schemas"][reference.split("/")[-1]]["properties"][
        "instrument"
    ]
    assert "scs" in instrument["enum"] and "phq9" in instrument["enum"]
    parameters = schema["paths"]["/api/practice/exercises"]["get"]["parameters"]
    side = next(parameter for parameter in parameters if parameter["name"] == "side")
    assert side["schema"]["anyOf"][0] == {"$ref": "#/components/schemas/Side"}
    assert "fierce" in schema["components"]["schemas"]["Side"]["enum"]


@pytest.mark.parametrize(
    ("url", "body"),
    [
        # the year 1 east of UTC is before the year 1 in UTC: a 500 that fuzzing found
        ("/api/practice/sessions", {"started_at": "0001-01-01T00:02:00+00:06", "seconds": 254}),
        ("/api/practice/sessions", {"started_at": "1999-12-31T23:00:00Z", "seconds": 60}),
        ("/api/practice/moments", {"kind": "break", "at": "9999-12-31T23:59:59-12:00"}),
    ],
)
def test_a_time_out_of_the_range_that_can_be_shown_is_refused(owner_client, url, body):
    response = owner_client.post(url, json.dumps(body), content_type="application/json")
    assert _is_json_error(response, 422)
    assert _counts() == (0, 0, 0, 0)
