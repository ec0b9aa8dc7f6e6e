"""Reading the results of the three reflective self-assessments (not validated tests).

The balance profile, relationship styles and gender expectations are our own instruments
(src/mildkracht/core/instruments/data/). The scoring engine computes their means; this
module turns those means into what a result page explains: which side is less developed,
what changed since last time, which relationship style stands out, and where self and
expectation differ. Every threshold below is a plain, documented choice of this project,
not a published cut-off; see docs/reflective-tools.md.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mildkracht.core.practices.model import Exercise, Function, Side

#: Two means on a 1–5 scale that differ by less than this are read as "about the same".
#: Half a scale point: smaller differences are easily a matter of mood on the day.
CLEAR_DIFFERENCE = 0.5

#: A relationship style counts as strong in a context from this mean on: halfway between
#: "partly true, partly not" (3) and "mostly true" (4).
STRONG_STYLE = 3.5

TENDER_FUNCTIONS = (Function.COMFORT, Function.SOOTHE, Function.VALIDATE)
FIERCE_FUNCTIONS = (Function.PROTECT, Function.PROVIDE, Function.MOTIVATE)
FUNCTIONS = TENDER_FUNCTIONS + FIERCE_FUNCTIONS


class ReflectError(ValueError):
    """Scores that cannot be read: a score is missing (an unanswered item)."""


def _value(values: Mapping[str, float | None], score_id: str) -> float:
    value = values.get(score_id)
    if value is None:
        raise ReflectError(f"the score {score_id!r} is missing; answer every item to see it")
    return float(value)


def _lower_side(tender: float, fierce: float) -> Side | None:
    """The side with the clearly lower mean; None when they are about the same."""
    if abs(fierce - tender) < CLEAR_DIFFERENCE - 1e-9:
        return None
    return Side.TENDER if tender < fierce else Side.FIERCE


# --- the balance profile -----------------------------------------------------------------


@dataclass(frozen=True)
class BalanceProfile:
    """The tender and fierce means, their difference and the six function means."""

    tender: float
    fierce: float
    functions: Mapping[Function, float]

    @property
    def difference(self) -> float:
        """fierce − tender: above 0 the fierce side is stronger, below 0 the tender side."""
        return round(self.fierce - self.tender, 12)

    @property
    def less_developed(self) -> Side | None:
        """The side whose mean is at least CLEAR_DIFFERENCE lower; None when balanced."""
        return _lower_side(self.tender, self.fierce)

    def focus_functions(self) -> tuple[Function, ...]:
        """The functions to practise, lowest mean first.

        The three functions of the less developed side; when the sides are about even,
        the three lowest of all six. Ties keep the order comfort … motivate.
        """
        side = self.less_developed
        candidates = FUNCTIONS if side is None else _functions_of(side)
        ranked = sorted(candidates, key=lambda function: self.functions[function])
        return tuple(ranked[:3])


def _functions_of(side: Side) -> tuple[Function, ...]:
    return TENDER_FUNCTIONS if side is Side.TENDER else FIERCE_FUNCTIONS


def balance_profile(values: Mapping[str, float | None]) -> BalanceProfile:
    """Read the scores of the balance instrument (``score_response(...).values``).

    tender = mean(comfort, soothe, validate); fierce = mean(protect, provide, motivate),
    each function the mean of its four items after reversing the reverse-keyed ones
    (balance.yaml). Raises ReflectError when a score is missing.
    """
    return BalanceProfile(
        tender=_value(values, "tender"),
        fierce=_value(values, "fierce"),
        functions={function: _value(values, function.value) for function in FUNCTIONS},
    )


@dataclass(frozen=True)
class BalanceChange:
    """Current minus previous, for the two sides, their difference and each function."""

    tender: float
    fierce: float
    difference: float
    functions: Mapping[Function, float]


def balance_change(previous: BalanceProfile, current: BalanceProfile) -> BalanceChange:
    """The change from ``previous`` to ``current`` (current − previous) for every value.

    These are raw differences of means, not reliable change: the reliability of our own
    scales is not yet known (docs/reflective-tools.md).
    """
    return BalanceChange(
        tender=round(current.tender - previous.tender, 12),
        fierce=round(current.fierce - previous.fierce, 12),
        difference=round(current.difference - previous.difference, 12),
        functions={
            function: round(current.functions[function] - previous.functions[function], 12)
            for function in FUNCTIONS
        },
    )


def exercises_for_functions(
    exercises: Iterable[Exercise],
    functions: Sequence[Function],
    side: Side | None = None,
    limit: int = 4,
) -> tuple[Exercise, ...]:
    """A few exercises that train ``functions``, short ones first.

    Round by round, for each function in the given order (the weakest first), the shortest
    exercise offering it that is not chosen yet (ties by id), until ``limit`` are chosen or
    none is left; the result is sorted by duration, then id. With ``side``, only exercises
    of exactly that side are considered (integrated ones are not).
    """
    pool = [
        exercise
        for exercise in exercises
        if (side is None or exercise.side is side)
        and any(function in exercise.functions for function in functions)
    ]
    pool.sort(key=lambda exercise: (exercise.duration_minutes, exercise.id))
    chosen: list[Exercise] = []
    while len(chosen) < limit and len(chosen) < len(pool):
        for function in functions:
            found = next((e for e in pool if function in e.functions and e not in chosen), None)
            if found is not None and len(chosen) < limit:
                chosen.append(found)
    return tuple(sorted(chosen, key=lambda exercise: (exercise.duration_minutes, exercise.id)))


# --- relationship styles -----------------------------------------------------------------


class Style(enum.Enum):
    """How a person handles a clash between their own needs and another's."""

    SELF_FOCUSED = "self_focused"
    OTHER_FOCUSED = "other_focused"
    MUTUAL = "mutual"


class Context(enum.Enum):
    """The four parts of life the relationship-styles items ask about."""

    PARTNER = "partner"
    FAMILY = "family"
    FRIENDS = "friends"
    WORK = "work"


@dataclass(frozen=True)
class ContextStyles:
    """The three style means in one context; ``strong`` = those at least STRONG_STYLE."""

    context: Context
    styles: Mapping[Style, float]

    @property
    def strong(self) -> tuple[Style, ...]:
        return tuple(style for style in Style if self.styles[style] >= STRONG_STYLE - 1e-9)

    @property
    def leading(self) -> Style | None:
        """The style at least CLEAR_DIFFERENCE above both others; None when none stands out."""
        ranked = sorted(Style, key=lambda style: self.styles[style], reverse=True)
        top, second = ranked[0], ranked[1]
        if self.styles[top] - self.styles[second] >= CLEAR_DIFFERENCE - 1e-9:
            return top
        return None


@dataclass(frozen=True)
class RelationshipProfile:
    contexts: tuple[ContextStyles, ...]
    overall: Mapping[Style, float]

    def contexts_where_strong(self, style: Style) -> tuple[Context, ...]:
        """The contexts in which ``style`` is strong, in the order partner … work."""
        return tuple(entry.context for entry in self.contexts if style in entry.strong)


def relationship_profile(values: Mapping[str, float | None]) -> RelationshipProfile:
    """Read the scores of the relationship-styles instrument.

    Per context, each style is the mean of its two items; overall, each style is the mean
    of its four context means (relationship_styles.yaml). Raises ReflectError when a score
    is missing.
    """
    contexts = tuple(
        ContextStyles(
            context=context,
            styles={style: _value(values, f"{context.value}_{style.value}") for style in Style},
        )
        for context in Context
    )
    overall = {style: _value(values, style.value) for style in Style}
    return RelationshipProfile(contexts=contexts, overall=overall)


# --- gender expectations -----------------------------------------------------------------


class Gap(enum.Enum):
    """How what is expected of a person compares with how they see themselves."""

    MORE_EXPECTED = "more_expected"
    LESS_EXPECTED = "less_expected"
    ABOUT_THE_SAME = "about_the_same"


@dataclass(frozen=True)
class TraitGap:
    """For one side's traits: the self and expected means, and expected − self."""

    side: Side
    self_seen: float
    expected: float

    @property
    def gap(self) -> float:
        return round(self.expected - self.self_seen, 12)

    @property
    def direction(self) -> Gap:
        if self.gap >= CLEAR_DIFFERENCE - 1e-9:
            return Gap.MORE_EXPECTED
        if self.gap <= -CLEAR_DIFFERENCE + 1e-9:
            return Gap.LESS_EXPECTED
        return Gap.ABOUT_THE_SAME


@dataclass(frozen=True)
class GenderExpectations:
    tender: TraitGap
    fierce: TraitGap

    @property
    def room_for(self) -> Side | None:
        """The side that might want more room, or None.

        The side a person sees clearly less of in themselves (it may want room to grow);
        when both are seen about equally, the side clearly less expected of them (the
        world may give it less room); otherwise None.
        """
        seen = _lower_side(self.tender.self_seen, self.fierce.self_seen)
        if seen is not None:
            return seen
        return _lower_side(self.tender.expected, self.fierce.expected)


def gender_expectations(values: Mapping[str, float | None]) -> GenderExpectations:
    """Read the scores of the gender-expectations instrument.

    Each of the four scores is the mean of four trait items (gender_expectations.yaml).
    Raises ReflectError when a score is missing.
    """
    return GenderExpectations(
        tender=TraitGap(
            side=Side.TENDER,
            self_seen=_value(values, "self_tender"),
            expected=_value(values, "expected_tender"),
        ),
        fierce=TraitGap(
            side=Side.FIERCE,
            self_seen=_value(values, "self_fierce"),
            expected=_value(values, "expected_fierce"),
        ),
    )
