"""Reading the reflective self-assessments: balance, relationship styles, gender expectations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.core.practices.library import library
from mildkracht.core.practices.model import Function, Side
from mildkracht.core.reflect import (
    FIERCE_FUNCTIONS,
    TENDER_FUNCTIONS,
    Context,
    Gap,
    ReflectError,
    Style,
    balance_change,
    balance_profile,
    exercises_for_functions,
    gender_expectations,
    relationship_profile,
)

BALANCE = get_instrument("balance")
RELATIONSHIPS = get_instrument("relationship_styles")
GENDER = get_instrument("gender_expectations")


def balance_values(**functions: float) -> dict[str, float | None]:
    values: dict[str, float | None] = {f.value: 3.0 for f in TENDER_FUNCTIONS + FIERCE_FUNCTIONS}
    values.update(functions)
    tender = [v for k, v in values.items() if k in {f.value for f in TENDER_FUNCTIONS}]
    fierce = [v for k, v in values.items() if k in {f.value for f in FIERCE_FUNCTIONS}]
    values["tender"] = sum(v for v in tender if v is not None) / 3
    values["fierce"] = sum(v for v in fierce if v is not None) / 3
    return values


def test_the_difference_is_fierce_minus_tender() -> None:
    profile = balance_profile(balance_values(comfort=2, soothe=2, validate=2, protect=4))
    assert profile.tender == 2
    assert profile.fierce == pytest.approx(10 / 3)
    assert profile.difference == pytest.approx(10 / 3 - 2)


def test_the_clearly_lower_side_is_the_less_developed_one() -> None:
    assert balance_profile(balance_values(comfort=1)).less_developed is Side.TENDER
    assert balance_profile(balance_values(provide=1.5)).less_developed is Side.FIERCE


def test_sides_less_than_half_a_point_apart_are_balanced() -> None:
    # tender 3, fierce 3 + 1.4 / 3 ≈ 3.47: about the same
    assert balance_profile(balance_values(protect=4.4)).less_developed is None
    # exactly half a point is a clear difference
    assert balance_profile(balance_values(protect=4.5)).less_developed is Side.TENDER


def test_the_focus_is_the_less_developed_side_lowest_first() -> None:
    profile = balance_profile(balance_values(protect=1.5, provide=1.0, motivate=2.0, comfort=1.25))
    assert profile.less_developed is Side.FIERCE
    assert profile.focus_functions() == (Function.PROVIDE, Function.PROTECT, Function.MOTIVATE)


def test_a_balanced_profile_focuses_on_the_three_lowest_of_all() -> None:
    profile = balance_profile(balance_values(validate=2.5, motivate=2.0, comfort=2.75))
    assert profile.less_developed is None
    assert profile.focus_functions() == (Function.MOTIVATE, Function.VALIDATE, Function.COMFORT)


def test_a_missing_score_is_reported_by_name() -> None:
    values = balance_values()
    values["soothe"] = None
    with pytest.raises(ReflectError, match="soothe"):
        balance_profile(values)


def test_the_profile_reads_what_the_engine_scores() -> None:
    answers = {n: 1 for n in BALANCE.item_numbers}
    for n in (2, 14, 20, 4, 10, 16, 6, 12, 18, 24):  # the fierce items that are not reversed
        answers[n] = 5
    answers[8] = answers[22] = 1  # reversed fierce items: 1 scores as 5
    answers[15] = answers[17] = 5  # reversed tender items: 5 scores as 1
    profile = balance_profile(score_response(BALANCE, answers).values)
    assert (profile.tender, profile.fierce, profile.difference) == (1.0, 5.0, 4.0)
    assert profile.less_developed is Side.TENDER


def test_change_is_current_minus_previous() -> None:
    before = balance_profile(balance_values(comfort=2, protect=4))
    after = balance_profile(balance_values(comfort=3.5, protect=3.5))
    change = balance_change(before, after)
    assert change.functions[Function.COMFORT] == 1.5
    assert change.functions[Function.PROTECT] == -0.5
    assert change.tender == pytest.approx(0.5)
    assert change.fierce == pytest.approx(-1 / 6)
    assert change.difference == pytest.approx(-1 / 6 - 0.5)


@given(st.lists(st.floats(min_value=1, max_value=5), min_size=6, max_size=6))
def test_no_change_between_equal_profiles(means: list[float]) -> None:
    functions = TENDER_FUNCTIONS + FIERCE_FUNCTIONS
    profile = balance_profile(
        balance_values(**{f.value: m for f, m in zip(functions, means, strict=True)})
    )
    change = balance_change(profile, profile)
    assert change.tender == change.fierce == change.difference == 0
    assert set(change.functions.values()) == {0}


def test_suggested_exercises_train_the_functions_of_the_side_short_ones_first() -> None:
    chosen = exercises_for_functions(
        library().values(), (Function.PROVIDE, Function.PROTECT), Side.FIERCE, limit=4
    )
    assert len(chosen) == 4
    assert all(e.side is Side.FIERCE for e in chosen)
    assert all({Function.PROVIDE, Function.PROTECT} & set(e.functions) for e in chosen)
    durations = [e.duration_minutes for e in chosen]
    assert durations == sorted(durations)
    assert any(Function.PROVIDE in e.functions for e in chosen)
    assert any(Function.PROTECT in e.functions for e in chosen)


def test_every_function_of_the_focus_gets_an_exercise_before_a_second_one() -> None:
    focus = (Function.VALIDATE, Function.SOOTHE, Function.COMFORT)
    chosen = exercises_for_functions(library().values(), focus, Side.TENDER, limit=3)
    for function in focus:
        assert any(function in exercise.functions for exercise in chosen)


def test_the_limit_is_never_exceeded_and_a_small_pool_is_used_up() -> None:
    exercises = list(library().values())
    assert exercises_for_functions(exercises, (Function.MOTIVATE,), limit=50) == tuple(
        sorted(
            (e for e in exercises if Function.MOTIVATE in e.functions),
            key=lambda e: (e.duration_minutes, e.id),
        )
    )
    assert exercises_for_functions(exercises, (), limit=3) == ()


def relationship_answers(style_answers: dict[Style, int]) -> dict[int, int | None]:
    items = {
        Style.SELF_FOCUSED: (1, 6, 7, 12, 13, 18, 19, 24),
        Style.OTHER_FOCUSED: (2, 4, 8, 10, 14, 16, 20, 22),
        Style.MUTUAL: (3, 5, 9, 11, 15, 17, 21, 23),
    }
    return {n: style_answers[style] for style, numbers in items.items() for n in numbers}


def test_relationship_styles_per_context_from_the_engine() -> None:
    answers = relationship_answers({Style.SELF_FOCUSED: 1, Style.OTHER_FOCUSED: 5, Style.MUTUAL: 3})
    answers[19] = answers[24] = 4  # at work: self-focused 4
    profile = relationship_profile(score_response(RELATIONSHIPS, answers).values)
    assert [entry.context for entry in profile.contexts] == list(Context)
    partner, _, _, work = profile.contexts
    assert partner.styles == {Style.SELF_FOCUSED: 1, Style.OTHER_FOCUSED: 5, Style.MUTUAL: 3}
    assert partner.strong == (Style.OTHER_FOCUSED,)
    assert partner.leading is Style.OTHER_FOCUSED
    assert work.strong == (Style.SELF_FOCUSED, Style.OTHER_FOCUSED)
    assert work.leading is Style.OTHER_FOCUSED
    assert profile.overall[Style.SELF_FOCUSED] == pytest.approx(7 / 4)
    assert profile.contexts_where_strong(Style.SELF_FOCUSED) == (Context.WORK,)
    assert profile.contexts_where_strong(Style.OTHER_FOCUSED) == tuple(Context)
    assert profile.contexts_where_strong(Style.MUTUAL) == ()


def test_no_style_leads_when_two_are_equally_high() -> None:
    answers = relationship_answers({Style.SELF_FOCUSED: 2, Style.OTHER_FOCUSED: 4, Style.MUTUAL: 4})
    answers[3] = 5  # partner: mutual 4.5, other-focused 4, exactly half a point apart
    profile = relationship_profile(score_response(RELATIONSHIPS, answers).values)
    partner, *others = profile.contexts
    assert partner.leading is Style.MUTUAL
    assert all(entry.leading is None for entry in others)
    assert partner.strong == (Style.OTHER_FOCUSED, Style.MUTUAL)


def gender_values(
    self_tender: float, self_fierce: float, expected_tender: float, expected_fierce: float
) -> dict[str, float | None]:
    return {
        "self_tender": self_tender,
        "self_fierce": self_fierce,
        "expected_tender": expected_tender,
        "expected_fierce": expected_fierce,
    }


def test_the_gap_is_expected_minus_self() -> None:
    result = gender_expectations(gender_values(2.5, 4, 4.25, 3.75))
    assert result.tender.gap == 1.75
    assert result.tender.direction is Gap.MORE_EXPECTED
    assert result.fierce.gap == -0.25
    assert result.fierce.direction is Gap.ABOUT_THE_SAME
    assert gender_expectations(gender_values(4, 4, 3.5, 3)).fierce.direction is Gap.LESS_EXPECTED


@pytest.mark.parametrize(
    ("values", "room"),
    [
        ((2.0, 4.0, 3.0, 3.0), Side.TENDER),  # sees little tenderness in themselves
        ((4.0, 2.5, 3.0, 3.0), Side.FIERCE),
        ((3.0, 3.25, 4.5, 2.0), Side.FIERCE),  # seen evenly; fierceness is not expected
        ((3.0, 3.0, 1.5, 4.0), Side.TENDER),
        ((3.0, 3.25, 3.0, 3.25), None),
    ],
)
def test_the_side_that_might_want_more_room(
    values: tuple[float, float, float, float], room: Side | None
) -> None:
    assert gender_expectations(gender_values(*values)).room_for is room


def test_gender_scores_from_the_engine() -> None:
    answers = {n: 3 for n in GENDER.item_numbers}
    answers.update({9: 5, 11: 5, 13: 5, 15: 5})  # every tender trait strongly expected
    result = gender_expectations(score_response(GENDER, answers).values)
    assert (result.tender.self_seen, result.tender.expected) == (3.0, 5.0)
    assert result.tender.direction is Gap.MORE_EXPECTED
    assert result.room_for is Side.FIERCE
