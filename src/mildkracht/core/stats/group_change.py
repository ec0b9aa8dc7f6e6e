"""How a group changed between two time points: the figures a course or a study reports.

For n people measured twice (from, to), with d = to − from per person:

- the means, the mean change with its t interval, and the change of the group mean in
  percent of the first mean (the unit of the "about 43 % more self-compassion" result);
- the paired t-test (t, df, two-sided p), as R's ``t.test(to, from, paired = TRUE)``;
- Cohen's d_z = mean(d) / SD(d), with the noncentral t interval;
- how many improved, stayed within measurement error or declined by the reliable change
  index (Jacobson & Truax 1991), when a reference SD and reliability are known;
- Spearman's rho between practice minutes and change, with its n and interval.

Everything is computed from the numbers passed in; nothing here reads a file or a clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mildkracht.core.stats.change import Direction, percent_change, reliable_change
from mildkracht.core.stats.correlation import Interval, RankCorrelation, spearman
from mildkracht.core.stats.distributions import (
    noncentrality_for,
    t_quantile,
    t_two_sided_p,
)
from mildkracht.core.stats.errors import InvalidInputError, NotEnoughDataError

FloatArray = npt.NDArray[np.float64]
Numbers = Sequence[float] | FloatArray

#: The fewest pairs for which a change is computed at all: an SD needs two.
MIN_PAIRS = 2


@dataclass(frozen=True)
class ReliableChangeReference:
    """The SD and reliability of a score in a reference group, and which way is better."""

    sd: float
    reliability: float
    higher_is_better: bool = True


@dataclass(frozen=True)
class ReliableChangeCounts:
    """How many changed beyond measurement error (|RCI| > 1.96) for the better or worse."""

    improved: int
    unchanged: int
    declined: int


@dataclass(frozen=True)
class EffectSize:
    """Cohen's d_z with its confidence interval."""

    d_z: float
    interval: Interval


@dataclass(frozen=True)
class PairedTest:
    """The paired t-test of the mean change against 0."""

    t: float
    df: int
    p: float


@dataclass(frozen=True)
class GroupChange:
    """The change of one score in a group of ``n`` people with both measurements.

    ``percent_change`` is None when the first mean is not positive; ``test`` and
    ``effect_size`` are None when every person changed by the same amount (SD of the
    changes 0: t and d_z are undefined); ``reliable`` is None without a reference;
    ``practice`` is None without practice minutes.
    """

    n: int
    mean_from: float
    mean_to: float
    mean_change: float
    mean_change_interval: Interval
    percent_change: float | None
    test: PairedTest | None
    effect_size: EffectSize | None
    reliable: ReliableChangeCounts | None
    practice: RankCorrelation | None


def group_change(
    before: Numbers,
    after: Numbers,
    *,
    reference: ReliableChangeReference | None = None,
    minutes: Numbers | None = None,
    confidence: float = 0.95,
) -> GroupChange:
    """Every figure of a group's change from ``before`` to ``after`` (one pair per person).

    ``minutes`` (optional, NaN where unknown) are each person's practice minutes, correlated
    with the change by :func:`spearman`. Raises NotEnoughDataError for fewer than 2 pairs and
    InvalidInputError for lists of unequal length or values that are not finite.
    See :func:`mean_change_interval`, :func:`paired_t_test`, :func:`cohens_d_z`,
    :func:`reliable_change_counts` for the formulas.
    """
    first, second = _pairs(before, after)
    _check_confidence(confidence)
    differences = second - first
    mean_from, mean_to = float(first.mean()), float(second.mean())
    practice = None
    if minutes is not None:
        practice = spearman(_same_length(minutes, len(first)), differences, confidence)
    return GroupChange(
        n=len(first),
        mean_from=mean_from,
        mean_to=mean_to,
        mean_change=float(differences.mean()),
        mean_change_interval=mean_change_interval(differences, confidence),
        percent_change=percent_change(mean_from, mean_to) if mean_from > 0 else None,
        test=paired_t_test(differences) if _varies(differences) else None,
        effect_size=cohens_d_z(differences, confidence) if _varies(differences) else None,
        reliable=reliable_change_counts(first, second, reference) if reference else None,
        practice=practice,
    )


def mean_change_interval(differences: Numbers, confidence: float = 0.95) -> Interval:
    """The t interval of the mean change: d̄ ± t_(1+c)/2, n−1 · SD(d) / √n.

    SD with n − 1 in the denominator. Reference: Student's one-sample interval, as R's
    ``t.test(to, from, paired = TRUE)$conf.int``.
    """
    values = _differences(differences)
    n = len(values)
    margin = t_quantile((1 + confidence) / 2, n - 1) * float(values.std(ddof=1)) / math.sqrt(n)
    mean = float(values.mean())
    return Interval(mean - margin, mean + margin)


def paired_t_test(differences: Numbers) -> PairedTest:
    """The paired t-test: t = d̄ / (SD(d) / √n), df = n − 1, p = 2 · P(T_df ≥ |t|).

    Raises InvalidInputError when every difference is the same (SD 0: t is undefined).
    Reference: Student (1908); as R's ``t.test(to, from, paired = TRUE)``.
    """
    values = _differences(differences)
    n = len(values)
    t = float(values.mean()) / (_sd(values) / math.sqrt(n))
    return PairedTest(t=t, df=n - 1, p=t_two_sided_p(t, n - 1))


def cohens_d_z(differences: Numbers, confidence: float = 0.95) -> EffectSize:
    """Cohen's d_z = d̄ / SD(d), with its interval by inverting the noncentral t.

    t = d_z · √n follows a noncentral t with df = n − 1 and noncentrality δ = d_z(true) · √n.
    The interval's ends are the δ with P(T ≤ t | δ) = (1 + c) / 2 and (1 − c) / 2, divided by
    √n. Raises InvalidInputError when every difference is the same (SD 0).
    References: Cohen (1988), Statistical Power Analysis, 2nd ed., p. 48 (d_z); Steiger &
    Fouladi (1997) and Cumming & Finch (2001), Educational and Psychological Measurement 61,
    532–574 (the noncentral t interval).
    """
    values = _differences(differences)
    n = len(values)
    d_z = float(values.mean()) / _sd(values)
    t, df = d_z * math.sqrt(n), n - 1
    lower = noncentrality_for(t, df, (1 + confidence) / 2) / math.sqrt(n)
    upper = noncentrality_for(t, df, (1 - confidence) / 2) / math.sqrt(n)
    return EffectSize(d_z=d_z, interval=Interval(lower, upper))


def reliable_change_counts(
    before: Numbers, after: Numbers, reference: ReliableChangeReference
) -> ReliableChangeCounts:
    """Counts of reliable improvement, no reliable change and reliable decline.

    Per person RCI = (after − before) / (√2 · SD · √(1 − r)) with the reference SD and
    reliability r (:func:`mildkracht.core.stats.change.reliable_change`); |RCI| > 1.96 is a
    change beyond measurement error, an improvement when it goes the better way.
    Reference: Jacobson & Truax (1991), Journal of Consulting and Clinical Psychology 59, 12–19.
    """
    first, second = _pairs(before, after)
    better = Direction.INCREASE if reference.higher_is_better else Direction.DECREASE
    improved = declined = 0
    for start, end in zip(first.tolist(), second.tolist(), strict=True):
        change = reliable_change(start, end, reference.sd, reference.reliability)
        if change.beyond_error and change.direction is better:
            improved += 1
        elif change.beyond_error:
            declined += 1
    return ReliableChangeCounts(improved, len(first) - improved - declined, declined)


def _pairs(before: Numbers, after: Numbers) -> tuple[FloatArray, FloatArray]:
    first = np.asarray(before, dtype=np.float64)
    second = np.asarray(after, dtype=np.float64)
    if first.ndim != 1 or first.shape != second.shape:
        raise InvalidInputError(
            f"a change needs one 'from' and one 'to' value per person; got {first.shape} "
            f"and {second.shape}"
        )
    if not (np.isfinite(first).all() and np.isfinite(second).all()):
        raise InvalidInputError("every 'from' and 'to' value must be a finite number")
    if len(first) < MIN_PAIRS:
        raise NotEnoughDataError(
            f"a change needs at least {MIN_PAIRS} people with both measurements; got {len(first)}"
        )
    return first, second


def _differences(differences: Numbers) -> FloatArray:
    values = np.asarray(differences, dtype=np.float64)
    if values.ndim != 1 or not np.isfinite(values).all():
        raise InvalidInputError("the changes must be one list of finite numbers")
    if len(values) < MIN_PAIRS:
        raise NotEnoughDataError(f"a change needs at least {MIN_PAIRS} people; got {len(values)}")
    return values


def _same_length(minutes: Numbers, n: int) -> FloatArray:
    values = np.asarray(minutes, dtype=np.float64)
    if values.shape != (n,):
        raise InvalidInputError(f"one practice time per person is needed: {n}, got {values.shape}")
    return values


def _sd(values: FloatArray) -> float:
    if not _varies(values):
        raise InvalidInputError(
            "every person changed by the same amount, so the SD of the changes is 0 and "
            "t and d_z are undefined"
        )
    return float(values.std(ddof=1))


def _varies(values: FloatArray) -> bool:
    """False when the values are (essentially) all the same.

    As R's t.test: a standard error below 10 machine epsilons of the mean is rounding noise
    (changes such as 3.4 − 3.3 and 4.4 − 4.3 differ only in their last bits).
    """
    standard_error = float(values.std(ddof=1)) / math.sqrt(len(values))
    noise = 10 * float(np.finfo(np.float64).eps) * abs(float(values.mean()))
    return standard_error > 0 and standard_error >= noise


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise InvalidInputError(f"the confidence level must lie between 0 and 1; got {confidence}")
