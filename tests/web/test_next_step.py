"""The home page's next step follows where a person is, and always names the 8-week program."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.program import actions as program_actions
from mildkracht.web.program.clock import local_today

SCS_ALL_THREES = dict.fromkeys(range(1, 27), 3)


def _step(client) -> tuple[str, str]:
    html = client.get(reverse("pages:home")).content.decode()
    section = re.search(
        r'<section class="next-step" id="next-step" data-step="(\w+)"(.*?)</section>', html, re.S
    )
    assert section, "the home page shows a next step"
    return section.group(1), " ".join(section.group(2).split())


@pytest.fixture
def english(owner):
    owner.language = "en"
    owner.save()
    return owner


def test_a_newcomer_is_asked_for_the_first_questionnaire_and_told_of_the_program(
    owner_client, english
):
    kind, text = _step(owner_client)
    assert kind == "first_questionnaire"
    assert "8-week program" in text
    assert 'href="/questionnaires/scs/"' in text


def test_a_questionnaire_left_half_done_comes_first(owner_client, english):
    draft, _ = record_assessment(english, "scs", {1: 2}, submit_now=False)
    kind, text = _step(owner_client)
    assert kind == "draft"
    assert f'href="/assessments/{draft.pk}/"' in text


def test_after_the_first_questionnaire_the_program_is_offered(owner_client, english):
    record_assessment(english, "scs", SCS_ALL_THREES)
    kind, text = _step(owner_client)
    assert kind == "program"
    assert "8-week program" in text


def test_in_the_program_the_step_is_the_current_week_with_todays_minutes(owner_client, english):
    today = local_today(english)
    program_actions.enrol(english, today - timedelta(days=8))
    record_assessment(english, "scs", SCS_ALL_THREES, context="baseline")
    PracticeSession.objects.create(
        owner=english, kind="formal", source="manual", started_at=timezone.now(), seconds=600
    )
    kind, text = _step(owner_client)
    assert kind == "week"
    assert "Week 2 of the 8-week program" in text
    assert "Today you practised 10 minutes." in text
    assert 'href="/program/week/2/"' in text


def test_a_retest_that_is_due_comes_before_the_week(owner_client, english):
    today = local_today(english)
    program_actions.enrol(english, today - timedelta(weeks=8))
    kind, text = _step(owner_client)
    assert kind == "retest"
    assert "8-week program" in text


def test_the_next_step_speaks_dutch_by_default(owner_client):
    _kind, text = _step(owner_client)
    assert "programma van 8 weken" in text
