"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis).

Every operation is called with requests generated from /api/openapi.json, in the process,
through the WSGI application, as a person with an API token. Each answer must be no server
error and must be what the schema says (status, content type, body). The number of examples
per operation is MILDKRACHT_FUZZ_EXAMPLES (25 by default: about a minute; `python3 dev.py
test` runs that), so a longer run is ``MILDKRACHT_FUZZ_EXAMPLES=1000 pytest
tests/web/test_api_fuzz.py``. The requests made are counted and reported at the end.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from mildkracht.web.api import api
from mildkracht.web.assessments.tokens import create_token
from mildkracht.web.wsgi import application

# Two of schemathesis's checks ask what this API cannot promise:
# - ignored_auth: a request is the person's with either a token or a session; the check
#   spoils one while the fuzzing's token still holds (401s: tests/web/test_api_mounts.py).
# - positive_data_acceptance: the schema cannot say which items and answers each
#   questionnaire takes, nor which id is the person's own: those are refused with a 422 or
#   a 404, as the schema says they may be.
NOT_CHECKED = [checks.ignored_auth, checks.positive_data_acceptance]
EXAMPLES = int(os.environ.get("MILDKRACHT_FUZZ_EXAMPLES", "25"))
REQUESTS = {"made": 0, "server errors": 0}


def _schema() -> schemathesis.schemas.BaseSchema:
    """The schema /api/openapi.json serves (a test holds the two the same), for the app."""
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
    loaded.app = application
    return loaded


schema = _schema()


@pytest.fixture
def bearer(owner) -> dict[str, str]:
    _record, token = create_token(owner, "fuzzing")
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _one_connection_for_the_test():
    """The requests run in the test's transaction, as Django's test client runs them: it
    does not let the end of a request close the connection (with PostgreSQL's pool, the
    next request would then need a new one inside the transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module", autouse=True)
def _report_the_requests(request):
    yield
    line = (
        f"API fuzzing: {REQUESTS['made']} requests, {REQUESTS['server errors']} server errors "
        f"({EXAMPLES} examples per operation)"
    )
    # Past the output capture, as capsys.disabled() does: the count is the run's report.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\n{line}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_answer_is_what_the_schema_says(case, bearer):
    response = case.call(headers=bearer)
    REQUESTS["made"] += 1
    if response.status_code >= 500:
        REQUESTS["server errors"] += 1
    case.validate_response(response, excluded_checks=NOT_CHECKED)
