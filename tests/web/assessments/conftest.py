import pytest
from django.test import Client

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments import actions

PASSWORD = "a quiet path through the dunes"


@pytest.fixture
def outsider(db) -> User:
    user = User(username="outsider", language="en")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def outsider_client(outsider) -> Client:
    client = Client()
    client.force_login(outsider)
    return client


def all_answers(instrument_id: str) -> dict[int, int]:
    """A complete response that uses every value of the scale."""
    scale = get_instrument(instrument_id).scale
    width = scale.maximum - scale.minimum + 1
    return {
        number: scale.minimum + number % width
        for number in get_instrument(instrument_id).item_numbers
    }


@pytest.fixture
def scs_answers() -> dict[int, int]:
    return all_answers("scs")


@pytest.fixture
def scs_result(owner, scs_answers):
    assessment, missing = actions.record_assessment(owner, "scs", scs_answers)
    assert missing == []
    return assessment


@pytest.fixture
def scs_draft(owner):
    assessment, _ = actions.record_assessment(owner, "scs", {1: 2, 2: 3}, submit_now=False)
    return assessment


@pytest.fixture
def phq9_with_thoughts(owner):
    answers = {number: 0 for number in get_instrument("phq9").item_numbers}
    answers[9] = 1
    assessment, missing = actions.record_assessment(owner, "phq9", answers, {"difficulty": 1})
    assert missing == []
    return assessment
