"""Change between two scores: reliable change (Jacobson & Truax 1991) and percent change."""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from mildkracht.core.stats.errors import InvalidInputError

# Two-sided 5 % criterion of Jacobson & Truax (1991): |RCI| > 1.96.
RELIABLE_CHANGE_CRITERION = 1.96


class Direction(enum.StrEnum):
    """The sign of the difference after − before; whether that is better depends on the scale."""

    INCREASE = "increase"
    DECREASE = "decrease"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ReliableChange:
    """A change between two scores measured against the scale's measurement error.

    difference: after − before. s_diff: standard error of the difference.
    rci: difference / s_diff. beyond_error: |rci| > 1.96. direction: sign of the difference.
    """

    difference: float
    s_diff: float
    rci: float
    beyond_error: bool
    direction: Direction


def reliable_change(before: float, after: float, sd: float, reliability: float) -> ReliableChange:
    """Jacobson & Truax's reliable change index between two scores of one person.

    S_E = SD · √(1 − r), S_diff = √2 · S_E = √2 · SD · √(1 − r), RCI = (after − before) / S_diff,
    with SD the standard deviation of the scale in a reference group and r its reliability
    (e.g. alpha or test–retest). |RCI| > 1.96 means a change larger than measurement error
    alone would give in 95 % of cases. ``direction`` is only the sign of the difference: for
    a scale where lower is better (PHQ-9), a decrease is the improvement.

    Raises InvalidInputError unless the scores and SD are finite, SD > 0 and 0 ≤ r < 1.
    Reference: Jacobson & Truax (1991), Journal of Consulting and Clinical Psychology 59,
    12–19.
    """
    _require_finite(before=before, after=after, sd=sd, reliability=reliability)
    if sd <= 0:
        raise InvalidInputError(f"the standard deviation must be positive; got {sd}")
    if not 0 <= reliability < 1:
        raise InvalidInputError(
            f"the reliability must be at least 0 and below 1; got {reliability} "
            "(with r = 1 there is no measurement error to compare with)"
        )
    difference = after - before
    s_diff = math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)
    rci = difference / s_diff
    return ReliableChange(
        difference=difference,
        s_diff=s_diff,
        rci=rci,
        beyond_error=abs(rci) > RELIABLE_CHANGE_CRITERION,
        direction=_direction(difference),
    )


def percent_change(before: float, after: float) -> float:
    """Change relative to the first score, in percent: 100 · (after − before) / before.

    Defined only for a positive first score (scores on the scales we use are never negative;
    from 0 any rise is an infinite percentage). Raises InvalidInputError otherwise.
    Reference: the usual relative change, the unit in which the average rise after an
    8-week program is reported.
    """
    _require_finite(before=before, after=after)
    if before <= 0:
        raise InvalidInputError(
            f"percent change needs a positive first score; got {before} "
            "(report the difference instead)"
        )
    return 100.0 * (after - before) / before


def _direction(difference: float) -> Direction:
    if difference > 0:
        return Direction.INCREASE
    if difference < 0:
        return Direction.DECREASE
    return Direction.UNCHANGED


def _require_finite(**values: float) -> None:
    for name, value in values.items():
        if not math.isfinite(value):
            raise InvalidInputError(f"{name} must be a finite number; got {value}")
