"""The JSON API: instruments, my assessments, valid and invalid submissions, tokens."""

import json

import pytest
from django.test import Client

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.assessments import actions, tokens
from mildkracht.web.assessments.models import ApiToken, Assessment

pytestmark = pytest.mark.django_db


def _post(client: Client, body: object, **headers: str):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/assessments", data, content_type="application/json", **headers)


def _answers(instrument_id: str, value: int) -> dict[str, int]:
    return {str(n): value for n in get_instrument(instrument_id).item_numbers}


@pytest.fixture
def token(owner) -> str:
    _record, token = tokens.create_token(owner, "my script")
    return token


@pytest.fixture
def token_client(token) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


# Instruments


def test_the_instruments_come_with_their_items_in_the_persons_language(owner_client):
    response = owner_client.get("/api/instruments")
    assert response.status_code == 200
    instruments = {item["id"]: item for item in response.json()}
    assert {"scs", "scs_sf", "sscs_s", "phq9", "balance"} <= set(instruments)
    assert "dass21" not in instruments  # research only
    scs = instruments["scs"]
    assert scs["language"] == "nl"
    assert scs["own_translation"] is True
    assert [item["number"] for item in scs["items"]] == list(range(1, 27))
    assert scs["items"][0]["text"] == get_instrument("scs").item(1).text.nl
    assert scs["items"][0]["options"][0] == {"value": 1, "label": "Bijna nooit"}


def test_the_language_can_be_asked_for(owner_client):
    scs = owner_client.get("/api/instruments/scs?lang=en").json()
    assert scs["language"] == "en"
    assert scs["own_translation"] is False
    assert scs["items"][0]["text"] == get_instrument("scs").item(1).text.en


def test_an_unknown_language_is_a_named_problem(owner_client):
    response = owner_client.get("/api/instruments?lang=fr")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"].endswith("lang")


def test_an_unknown_instrument_is_404(owner_client):
    response = owner_client.get("/api/instruments/nonsense")
    assert response.status_code == 404
    assert "nonsense" in response.json()["detail"]


def test_the_phq9_lists_its_extra_question(owner_client):
    phq9 = owner_client.get("/api/instruments/phq9?lang=en").json()
    assert phq9["extra_items"][0]["id"] == "difficulty"
    assert [option["value"] for option in phq9["extra_items"][0]["options"]] == [0, 1, 2, 3]


# Submitting


def test_a_valid_submission_is_stored_and_returns_the_cores_scores(owner_client, owner):
    response = _post(owner_client, {"instrument": "scs", "answers": _answers("scs", 3)})
    assert response.status_code == 201
    body = response.json()
    assessment = Assessment.objects.get(owner=owner)
    assert body["id"] == assessment.pk
    assert body["submitted"] is True
    expected = actions.scores_of(assessment)
    assert body["scores"]["values"] == dict(expected.values)
    assert body["scores"]["bands"]["band"] == {"id": "moderate", "label": "gemiddeld"}
    assert body["answers"] == _answers("scs", 3)


@pytest.mark.parametrize(
    "body",
    [
        {"instrument": "scs", "answers": {"1": 2, "5": 4}, "submit": False, "context": "baseline"},
        # a cleared answer (None) in a draft: unanswered, in the answer as when read back
        {"instrument": "scs", "answers": {"1": 2, "2": None, "26": 5}, "submit": False},
        # a private item (PHQ-9's 9th) that raises an alert, shown to its owner
        {"instrument": "phq9", "answers": {**{str(n): 1 for n in range(1, 9)}, "9": 3}},
        {"instrument": "phq9", "answers": {str(n): 1 for n in range(1, 10)}},
        {"instrument": "scs", "answers": {str(n): n % 5 + 1 for n in range(1, 27)}},
    ],
)
def test_a_submissions_answer_is_exactly_what_reading_it_back_gives(token_client, body):
    """The submit answer is rendered without a second validation: it must still be exactly
    what the schema allows and what GET /api/assessments/{id} (validated by ninja) returns."""
    from mildkracht.web.assessments.api import AssessmentOut

    response = _post(token_client, body)
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    created = response.json()
    read_back = token_client.get(f"/api/assessments/{created['id']}")
    assert created == read_back.json()
    assert response.content == read_back.content  # the same text, types and order
    AssessmentOut.model_validate(created)  # raises on anything the schema does not allow
    assert list(created) == list(AssessmentOut.model_fields)


def test_a_draft_may_be_incomplete(owner_client, owner):
    response = _post(owner_client, {"instrument": "scs", "answers": {"1": 2}, "submit": False})
    assert response.status_code == 201
    assert response.json()["submitted"] is False
    assert response.json()["scores"]["unanswered"] == list(range(2, 27))
    assert Assessment.objects.get(owner=owner).submitted_at is None


def test_submitting_with_missing_items_names_each_and_stores_nothing(owner_client):
    answers = _answers("scs", 3)
    del answers["4"], answers["9"]
    response = _post(owner_client, {"instrument": "scs", "answers": answers})
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert [(p["field"], p["code"]) for p in problems] == [
        ("answers.4", "missing"),
        ("answers.9", "missing"),
    ]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"instrument": "nonsense", "answers": {}}, [("instrument", "unknown_instrument")]),
        ({"instrument": "dass21", "answers": {}}, [("instrument", "unknown_instrument")]),
        (
            {"instrument": "scs", "answers": {"1": 3, "27": 3, "x": 1}},
            [("answers.27", "unknown_item"), ("answers.x", "unknown_item")],
        ),
        (
            {"instrument": "scs", "answers": {"1": 0, "2": 6}},
            [("answers.1", "off_scale"), ("answers.2", "off_scale")],
        ),
        ({"instrument": "scs", "answers": {"1": 2.5}}, [("answers.1", "off_scale")]),
        (
            {"instrument": "scs", "answers": {"1": "often", "2": True, "3": [1], "4": {}}},
            [
                ("answers.1", "not_a_number"),
                ("answers.2", "not_a_number"),
                ("answers.3", "not_a_number"),
                ("answers.4", "not_a_number"),
            ],
        ),
        (
            {"instrument": "phq9", "answers": {"1": 1}, "extra_answers": {"difficulty": 9}},
            [("extra_answers.difficulty", "off_scale")],
        ),
    ],
)
def test_invalid_submissions_name_each_problem(owner_client, body, expected):
    response = _post(owner_client, {**body, "submit": False})
    assert response.status_code == 422
    payload = response.json()
    assert [(p["field"], p["code"]) for p in payload["problems"]] == expected
    assert all(p["message"] for p in payload["problems"])
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"1": 3}},  # no instrument
        {"instrument": 5, "answers": {}},
        {"instrument": "scs", "answers": [1, 2, 3]},
        {"instrument": "scs", "answers": {}, "context": "x" * 100},
        [1, 2, 3],
    ],
)
def test_a_malformed_body_is_a_named_4xx_not_a_500(owner_client, body):
    response = _post(owner_client, body)
    assert response.status_code == 422
    assert response.json()["problems"]
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("text", ["{not json", "", "null", '"scs"'])
def test_unreadable_json_is_a_4xx_not_a_500(owner_client, text):
    response = _post(owner_client, text)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


# My assessments


def test_the_list_holds_my_assessments_with_scores_and_no_answers(
    owner_client, scs_result, scs_draft
):
    response = owner_client.get("/api/assessments")
    assert response.status_code == 200
    listed = response.json()
    assert [item["id"] for item in listed] == [scs_draft.pk, scs_result.pk]
    assert listed[1]["scores"]["values"] == dict(actions.scores_of(scs_result).values)
    assert all("answers" not in item for item in listed)


def test_the_list_can_be_filtered_by_instrument(owner_client, scs_result, phq9_with_thoughts):
    listed = owner_client.get("/api/assessments?instrument=phq9").json()
    assert [item["id"] for item in listed] == [phq9_with_thoughts.pk]


def test_phq9_item_9_never_appears_in_the_list(owner_client, phq9_with_thoughts):
    listed = owner_client.get("/api/assessments").json()
    (phq9,) = listed
    assert "answers" not in phq9
    assert phq9["scores"]["alerts"] == []  # its alert would give item 9 away


def test_the_owner_sees_every_answer_of_one_assessment(owner_client, phq9_with_thoughts):
    response = owner_client.get(f"/api/assessments/{phq9_with_thoughts.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["answers"]["9"] == 1
    assert body["extra_answers"] == {"difficulty": 1}
    assert body["scores"]["alerts"] == ["thoughts_of_death"]


def test_deleting_an_assessment(owner_client, scs_result):
    response = owner_client.delete(f"/api/assessments/{scs_result.pk}")
    assert response.status_code == 204
    assert not Assessment.objects.exists()


# Another person


def test_an_outsider_gets_404_for_the_owners_assessment(outsider_client, scs_result):
    assert outsider_client.get(f"/api/assessments/{scs_result.pk}").status_code == 404
    assert outsider_client.delete(f"/api/assessments/{scs_result.pk}").status_code == 404
    assert Assessment.objects.filter(pk=scs_result.pk).exists()


def test_an_outsiders_list_holds_only_their_own(outsider_client, outsider, scs_result):
    response = _post(outsider_client, {"instrument": "scs", "answers": _answers("scs", 2)})
    mine = response.json()["id"]
    assert [item["id"] for item in outsider_client.get("/api/assessments").json()] == [mine]
    assert Assessment.objects.get(pk=mine).owner == outsider


# Authentication


def test_without_a_session_or_token_the_api_answers_401(client, scs_result):
    for url in ("/api/instruments", "/api/assessments", f"/api/assessments/{scs_result.pk}"):
        assert client.get(url).status_code == 401
    assert _post(client, {"instrument": "scs", "answers": {}}).status_code == 401


def test_a_session_needs_the_csrf_token_to_submit(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = _post(client, {"instrument": "scs", "answers": _answers("scs", 3)})
    assert response.status_code == 403
    assert not Assessment.objects.exists()
    client.get("/accounts/settings/")  # sets the CSRF cookie, as any page does
    csrf = client.cookies["csrftoken"].value
    response = _post(
        client, {"instrument": "scs", "answers": _answers("scs", 3)}, HTTP_X_CSRFTOKEN=csrf
    )
    assert response.status_code == 201


def test_a_token_authenticates_without_a_session_or_csrf(token_client, owner):
    assert token_client.get("/api/assessments").status_code == 200
    csrf_checking = Client(
        enforce_csrf_checks=True, HTTP_AUTHORIZATION=token_client.defaults["HTTP_AUTHORIZATION"]
    )
    response = _post(csrf_checking, {"instrument": "scs", "answers": _answers("scs", 4)})
    assert response.status_code == 201
    assert Assessment.objects.get().owner == owner


def test_a_token_speaks_its_owners_language(token_client):
    scs = token_client.get("/api/instruments/scs").json()
    assert scs["language"] == "nl"


def test_a_token_records_when_it_was_last_used(token_client):
    assert ApiToken.objects.get().last_used_at is None
    token_client.get("/api/instruments")
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer mk_wrong", "Bearer ", "Basic abc", "mk_x"])
def test_a_wrong_token_is_refused(scs_result, header):
    client = Client(HTTP_AUTHORIZATION=header)
    assert client.get("/api/assessments").status_code == 401


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_read_in_any_case(scs_result, token, scheme):
    client = Client(HTTP_AUTHORIZATION=f"{scheme} {token}")
    assert client.get("/api/assessments").status_code == 200


@pytest.mark.parametrize("header", ["Token {token}", "Bearer", "{token}", "Bearer  {token}"])
def test_a_token_under_another_scheme_or_without_one_is_refused(scs_result, token, header):
    client = Client(HTTP_AUTHORIZATION=header.format(token=token))
    assert client.get("/api/assessments").status_code == 401


def test_a_revoked_token_no_longer_works(token_client, owner):
    tokens.revoke_token(owner, ApiToken.objects.get().pk)
    assert token_client.get("/api/assessments").status_code == 401


def test_only_the_hash_of_a_token_is_stored(token):
    record = ApiToken.objects.get()
    assert token not in (record.token_hash, record.prefix, record.name)
    assert token.startswith(record.prefix)


def test_the_token_of_the_owner_does_not_open_an_outsiders_assessment(token_client, outsider):
    theirs, _ = actions.record_assessment(outsider, "scs", _answers("scs", 3))
    assert token_client.get(f"/api/assessments/{theirs.pk}").status_code == 404


# The settings page


def test_a_token_is_created_on_the_settings_page_and_shown_once(owner_client, owner):
    page = owner_client.get("/accounts/settings/").content.decode()
    assert 'action="/api-tokens/new/"' in page
    response = owner_client.post("/api-tokens/new/", {"name": "phone"})
    record = ApiToken.objects.get(owner=owner)
    shown = response.content.decode()
    token = shown.split('id="new-token" class="token-field" value="')[1].split('"')[0]
    assert token.startswith(record.prefix)
    assert response["Cache-Control"] == "no-store"
    later = owner_client.get("/accounts/settings/").content.decode()
    assert record.prefix in later
    assert token not in later
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/assessments").status_code == 200


def test_a_token_is_revoked_on_the_settings_page(owner_client, token):
    record = ApiToken.objects.get()
    response = owner_client.post(f"/api-tokens/{record.pk}/revoke/")
    assert response["Location"] == "/accounts/settings/"
    assert not ApiToken.objects.exists()


def test_an_outsider_cannot_revoke_the_owners_token(outsider_client, token):
    record = ApiToken.objects.get()
    assert outsider_client.post(f"/api-tokens/{record.pk}/revoke/").status_code == 404
    assert ApiToken.objects.exists()


# Headers and schema


def test_api_answers_are_not_stored_in_caches(token_client, scs_result):
    for url in ("/api/instruments", "/api/assessments", f"/api/assessments/{scs_result.pk}"):
        assert token_client.get(url)["Cache-Control"] == "no-store"


def test_the_openapi_schema_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Mildkracht API"
    paths = schema["paths"]
    assert {
        "/api/instruments",
        "/api/instruments/{instrument_id}",
        "/api/assessments",
        "/api/assessments/{assessment_id}",
    } <= set(paths)
    assert {"get", "post"} <= set(paths["/api/assessments"])
    assert "delete" in paths["/api/assessments/{assessment_id}"]
    schemes = schema["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}
