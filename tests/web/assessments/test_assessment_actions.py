"""The assessment workflows: raw answers are the record, scores come from the core."""

import pytest

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.web.assessments import actions
from mildkracht.web.assessments.answers import InvalidAnswers
from mildkracht.web.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_a_new_assessment_is_an_empty_draft_with_the_instrument_version(owner):
    assessment = actions.start_assessment(owner, "scs", context="baseline")
    assert assessment.submitted_at is None
    assert assessment.answers == {}
    assert assessment.instrument_version == get_instrument("scs").version
    assert assessment.context == "baseline"


def test_an_instrument_the_app_does_not_offer_cannot_be_started(owner):
    with pytest.raises(UnknownInstrumentError):
        actions.start_assessment(owner, "dass21")  # research only
    with pytest.raises(UnknownInstrumentError):
        actions.start_assessment(owner, "no_such_scale")


def test_saving_merges_answers_and_keeps_earlier_ones(owner):
    assessment = actions.start_assessment(owner, "scs")
    actions.save_answers(assessment, {1: 2, 2: 3})
    actions.save_answers(assessment, {"2": 5, 3: 4})
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.answers == {"1": 2, "2": 5, "3": 4}


def test_saving_none_clears_an_answer(owner):
    assessment = actions.start_assessment(owner, "scs")
    actions.save_answers(assessment, {1: 2, 2: 3})
    actions.save_answers(assessment, {1: None})
    assert Assessment.objects.get(pk=assessment.pk).answers == {"2": 3}


def test_invalid_answers_are_all_named_and_nothing_is_saved(owner):
    assessment = actions.start_assessment(owner, "scs")
    with pytest.raises(InvalidAnswers) as raised:
        actions.save_answers(assessment, {1: 2, 27: 3, 4: 9, 5: "often", 6: True, 7: 2.5})
    problems = {(problem.field, problem.code) for problem in raised.value.problems}
    assert problems == {
        ("answers.27", "unknown_item"),
        ("answers.4", "off_scale"),
        ("answers.5", "not_a_number"),
        ("answers.6", "not_a_number"),
        ("answers.7", "off_scale"),
    }
    assert Assessment.objects.get(pk=assessment.pk).answers == {}


def test_submitting_an_incomplete_draft_lists_what_is_missing_and_keeps_the_answers(
    owner, scs_answers
):
    assessment = actions.start_assessment(owner, "scs")
    answers = dict(scs_answers)
    del answers[7], answers[20]
    actions.save_answers(assessment, answers)
    assert actions.submit(assessment) == [7, 20]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.submitted_at is None
    assert len(stored.answers) == 24


def test_a_complete_draft_is_submitted(owner, scs_answers):
    assessment = actions.start_assessment(owner, "scs")
    actions.save_answers(assessment, scs_answers)
    assert actions.submit(assessment) == []
    assert Assessment.objects.get(pk=assessment.pk).submitted_at is not None


def test_a_submitted_assessment_no_longer_changes(scs_result, scs_answers):
    with pytest.raises(actions.AlreadySubmitted):
        actions.save_answers(scs_result, {1: 5 if scs_answers[1] != 5 else 1})
    assert Assessment.objects.get(pk=scs_result.pk).answers["1"] == scs_answers[1]


def test_extra_questions_are_stored_apart_from_the_items(owner):
    answers = dict.fromkeys(get_instrument("phq9").item_numbers, 1)
    assessment, missing = actions.record_assessment(owner, "phq9", answers, {"difficulty": 2})
    assert missing == []
    assert assessment.extra_answers == {"difficulty": 2}
    assert "difficulty" not in assessment.answers


def test_an_extra_answer_off_its_options_is_named(owner):
    answers = dict.fromkeys(get_instrument("phq9").item_numbers, 1)
    with pytest.raises(InvalidAnswers) as raised:
        actions.record_assessment(owner, "phq9", answers, {"difficulty": 7, "mood": 1})
    assert {(p.field, p.code) for p in raised.value.problems} == {
        ("extra_answers.difficulty", "off_scale"),
        ("extra_answers.mood", "unknown_item"),
    }
    assert not Assessment.objects.exists()


def test_the_scores_are_the_cores_scores_of_the_stored_answers(scs_result, scs_answers):
    expected = score_response(get_instrument("scs"), scs_answers)
    assert actions.scores_of(scs_result) == expected


def test_deleting_removes_the_assessment(scs_result):
    actions.delete_assessment(scs_result)
    assert not Assessment.objects.exists()
