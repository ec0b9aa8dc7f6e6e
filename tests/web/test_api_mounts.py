"""Every app's API router is mounted under /api/ and described in the OpenAPI schema."""

import pytest


@pytest.mark.django_db
def test_the_schema_describes_questionnaires_practice_and_journal(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/instruments",
        "/api/assessments",
        "/api/practice/sessions",
        "/api/practice/moments",
        "/api/journal/entries",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_practice_endpoints_need_a_person(client):
    assert client.get("/api/practice/sessions").status_code == 401
