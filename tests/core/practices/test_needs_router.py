""" "What do I need right now?": from a situation, an intensity and the time to practices."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mildkracht.core.practices.errors import ChoiceError, PracticeError
from mildkracht.core.practices.library import bundled_needs, library
from mildkracht.core.practices.model import Exercise, Function, Side
from mildkracht.core.practices.needs import suggest

NEEDS = bundled_needs()
LIBRARY = library()
SITUATIONS = [situation.id for situation in NEEDS.situations]
INTENSITIES = [intensity.id for intensity in NEEDS.intensities]
TIMES = [time.minutes for time in NEEDS.times]


def practices(situation: str, minutes: int, intensity: str = "low") -> list[str]:
    suggestion = suggest(NEEDS, LIBRARY, situation, intensity, minutes, "nl")
    return [exercise.id for exercise in suggestion.practices]


def test_a_threat_leads_to_one_fierce_protecting_practice() -> None:
    for minutes in TIMES:
        [chosen] = suggest(NEEDS, LIBRARY, "threat", "low", minutes, "nl").practices
        assert chosen.side is Side.FIERCE
        assert Function.PROTECT in chosen.functions


def test_pain_leads_to_one_tender_practice() -> None:
    for minutes in TIMES:
        [chosen] = suggest(NEEDS, LIBRARY, "pain", "low", minutes, "nl").practices
        assert chosen.side is Side.TENDER
        assert {Function.COMFORT, Function.SOOTHE, Function.VALIDATE} & set(chosen.functions)


def test_an_unmet_need_leads_to_a_providing_practice() -> None:
    [chosen] = suggest(NEEDS, LIBRARY, "unmet_need", "medium", 15, "nl").practices
    assert chosen.side is Side.FIERCE and Function.PROVIDE in chosen.functions


def test_being_stuck_offers_one_tender_and_one_fierce_practice() -> None:
    tender, fierce = suggest(NEEDS, LIBRARY, "stuck", "low", 15, "nl").practices
    assert tender.side is Side.TENDER and Function.VALIDATE in tender.functions
    assert fierce.side is Side.FIERCE and Function.MOTIVATE in fierce.functions


@pytest.mark.parametrize(
    ("situation", "minutes", "expected"),
    [
        ("pain", 1, ["a-hand-for-yourself"]),
        ("pain", 5, ["tender-compassion-break"]),
        ("pain", 15, ["as-for-a-friend"]),
        ("threat", 1, ["a-firm-minute"]),
        ("threat", 5, ["fierce-compassion-break"]),
        ("unmet_need", 5, ["whats-needed-now"]),
        ("unmet_need", 15, ["what-do-i-need"]),
        ("stuck", 15, ["as-for-a-friend", "inner-encourager"]),
    ],
)
def test_the_choice_uses_the_time_well_and_is_always_the_same(
    situation: str, minutes: int, expected: list[str]
) -> None:
    assert practices(situation, minutes) == expected
    assert practices(situation, minutes) == expected


@given(
    situation=st.sampled_from(SITUATIONS),
    intensity=st.sampled_from(INTENSITIES),
    minutes=st.integers(1, 60),
)
def test_every_suggested_practice_fits_the_time_available(
    situation: str, intensity: str, minutes: int
) -> None:
    suggestion = suggest(NEEDS, LIBRARY, situation, intensity, minutes, "en")
    assert suggestion.practices
    for exercise in suggestion.exercises:
        assert exercise.duration_minutes <= minutes
    assert len(set(suggestion.exercises)) == len(suggestion.exercises)


def test_without_a_practice_short_enough_the_shortest_for_the_need_is_offered() -> None:
    longer = {
        exercise_id: dataclasses.replace(exercise, duration_minutes=exercise.duration_minutes + 5)
        for exercise_id, exercise in LIBRARY.items()
    }
    [chosen] = suggest(NEEDS, longer, "threat", "low", 1, "nl").practices
    assert chosen.id == "a-firm-minute"  # now 6 minutes: the shortest protecting one


def test_high_intensity_starts_with_soothing_and_shows_help() -> None:
    suggestion = suggest(NEEDS, LIBRARY, "threat", "high", 15, "en")
    assert suggestion.show_help
    assert suggestion.start_with is not None
    assert Function.SOOTHE in suggestion.start_with.functions
    assert suggestion.exercises[0] == suggestion.start_with
    assert suggestion.note.startswith("This is a lot.")


@pytest.mark.parametrize("intensity", ["low", "medium"])
def test_lower_intensities_go_straight_to_the_practice(intensity: str) -> None:
    suggestion = suggest(NEEDS, LIBRARY, "pain", intensity, 5, "nl")
    assert suggestion.start_with is None
    assert not suggestion.show_help


def test_the_practices_do_not_change_with_the_intensity() -> None:
    assert practices("stuck", 5, "high") == practices("stuck", 5, "low")


@pytest.mark.parametrize(
    ("situation", "intensity", "minutes", "words"),
    [
        ("boredom", "low", 5, "known situations: pain, threat"),
        ("pain", "extreme", 5, "known intensities: low, medium, high"),
        ("pain", "low", 0, "at least 1 minute"),
    ],
)
def test_unknown_answers_are_refused_with_the_known_ones(
    situation: str, intensity: str, minutes: int, words: str
) -> None:
    with pytest.raises(ChoiceError, match=words):
        suggest(NEEDS, LIBRARY, situation, intensity, minutes, "nl")


def test_a_library_without_a_fitting_side_says_what_is_missing() -> None:
    tender_only: dict[str, Exercise] = {
        key: exercise for key, exercise in LIBRARY.items() if exercise.side is Side.TENDER
    }
    with pytest.raises(PracticeError, match="no fierce exercise"):
        suggest(NEEDS, tender_only, "threat", "low", 5, "nl")
