"""Progress you can trust: change since the baseline, reliable change, and practice dose.

Everything is computed from what the caller passes in (scores with their dates, practice
entries with their local dates, the date of "today"); nothing here reads the clock.

Decisions, in one place:

- **Change** is always measured from the baseline (the first measurement) to a later one:
  points = after − before, per cent = 100 · (after − before) / before
  (:func:`mildkracht.core.stats.change.percent_change`).
- **Reliable change** uses Jacobson & Truax (1991) with the reference SD and reliability in
  :data:`SCS_TOTAL_REFERENCE` (see its notes for the published source of both values).
- **Minutes between two assessments** count the practice on the days from the day of the
  earlier assessment up to, but not including, the day of the later one. Practice on the
  day of an assessment therefore counts toward the interval that begins that day.
- **Practice and change together**: one pair per interval between consecutive assessments
  (minutes practised in the interval, change in the total over the interval). With fewer
  than :data:`MIN_PAIRS` pairs no correlation is given: a correlation of one or two points
  says nothing. With more, Pearson's r with its n, and no p-value: a person's own handful of
  re-tests is not a sample from which to test hypotheses.
- **The published trial** (:data:`NEFF_GERMER_2013`) is described in words beside the
  person's own figures: who took part and what the group reported. It is never drawn as a
  line from the person's own start: a rise in per cent projected onto another baseline is
  not what anyone reached (from 3.5 up it would pass the scale's maximum of 5).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from mildkracht.core.stats.change import (
    RELIABLE_CHANGE_CRITERION,
    ReliableChange,
    percent_change,
    reliable_change,
)
from mildkracht.core.stats.errors import InvalidInputError


@dataclass(frozen=True)
class ScaleReference:
    """The SD and reliability of a score in a reference group, for reliable change.

    ``verified`` is True only when both values were checked against the cited source.
    """

    sd: float
    reliability: float
    sd_source: str
    reliability_source: str
    verified: bool


#: The SCS total (the authors' key: mean of the six subscale means, 1-5), with both values
#: from one open-access validation study, checked against the article:
#: Garcia-Campayo J, Navarro-Gil M, Andrés E, Montero-Marin J, López-Artal L, Demarzo MMP
#: (2014). Validation of the Spanish versions of the long (26 items) and short (12 items)
#: forms of the Self-Compassion Scale (SCS). Health and Quality of Life Outcomes 12:4,
#: doi:10.1186/1477-7525-12-4 (PMC3896764). Sample 1: university students, n = 268, long form.
#:
#: - SD 3.68 / 6: the table of means and SDs gives the overall score as the SUM of the six
#:   subscale means (negative subscales reversed; 6-30): M = 17.95, SD = 3.68. Our total is
#:   the MEAN of the same six means, that sum divided by 6, so its SD is 3.68 / 6 = 0.613.
#: - reliability 0.92: the test-retest coefficient of the long form (abstract: .92, 95 % CI
#:   .89-.94). Jacobson & Truax (1991) use the test-retest reliability for change over time;
#:   the same article gives Cronbach's alpha .87 for the 26 items.
#:
#: With these values S_diff = √2 · (3.68 / 6) · √0.08 ≈ 0.2453, so a change of more than
#: 1.96 · 0.2453 ≈ 0.481 points on the total is beyond measurement error. The reference group
#: is Spanish students, not the person using the app: the index is an indication. The web app
#: lets a setting override both values (MILDKRACHT_SCS_REFERENCE_SD, ..._RELIABILITY).
_GARCIA_CAMPAYO_2014 = (
    "Garcia-Campayo et al. (2014), Validation of the Spanish versions of the long (26 items) "
    "and short (12 items) forms of the Self-Compassion Scale (SCS), Health and Quality of "
    "Life Outcomes 12:4, doi:10.1186/1477-7525-12-4"
)
SCS_TOTAL_REFERENCE = ScaleReference(
    sd=3.68 / 6,
    reliability=0.92,
    sd_source=(
        f"{_GARCIA_CAMPAYO_2014}, table of means and SDs, sample 1 (university students, "
        "n = 268, 26 items): overall score as the sum of the six subscale means (6-30), "
        "M = 17.95, SD = 3.68; converted to the mean of the subscale means (1-5) by dividing "
        "by 6: 3.68 / 6 = 0.613"
    ),
    reliability_source=(
        f"{_GARCIA_CAMPAYO_2014}, abstract: test-retest coefficient of the long (26-item) "
        "form .92 (95% CI .89-.94), sample 1 (university students, n = 268)"
    ),
    verified=True,
)


@dataclass(frozen=True)
class PublishedTrial:
    """What a published trial of an 8-week program reported, to be told in words."""

    citation: str
    program_participants: int
    waitlist_participants: int
    rise_percent: float
    follow_up_months: tuple[int, ...]


#: Neff KD, Germer CK (2013). A pilot study and randomized controlled trial of the mindful
#: self-compassion program. Journal of Clinical Psychology 69(1), 28-44,
#: doi:10.1002/jclp.21923. The randomised trial: 25 community adults (mostly women, mean age
#: about 51) in an 8-week Mindful Self-Compassion group against 27 on a waitlist.
#: Self-compassion rose by about 43 % in the MSC group; the gains held at 6 months and 1
#: year; more practice went with more gain. No change in points is given here: only figures
#: that can be traced to the paper are shown, and the per cent is the paper's own summary.
NEFF_GERMER_2013 = PublishedTrial(
    citation=(
        "Neff, K. D., & Germer, C. K. (2013). A pilot study and randomized controlled trial "
        "of the mindful self-compassion program. Journal of Clinical Psychology, 69(1), 28-44"
    ),
    program_participants=25,
    waitlist_participants=27,
    rise_percent=43.0,
    follow_up_months=(6, 12),
)

#: Cronbach's alpha of the 26-item SCS in the reference study of SCS_TOTAL_REFERENCE
#: (Garcia-Campayo et al. 2014): the internal consistency, shown beside the test-retest
#: reliability the threshold uses, so that a person sees what the choice changes.
SCS_TOTAL_ALPHA = 0.87

#: The fewest intervals for which a practice-change correlation is shown at all.
MIN_PAIRS = 3


@dataclass(frozen=True)
class Measurement:
    """One scored assessment: its local date, its score and its context (e.g. "week8")."""

    taken: date
    score: float
    context: str = ""


@dataclass(frozen=True)
class Change:
    """The change from ``before`` to ``after``: points, per cent and reliable change.

    ``percent`` is None when the first score is not positive (no relative change exists).
    """

    before: Measurement
    after: Measurement
    points: float
    percent: float | None
    reliable: ReliableChange


def change_between(
    before: Measurement, after: Measurement, reference: ScaleReference = SCS_TOTAL_REFERENCE
) -> Change:
    """The change from ``before`` to ``after``.

    points = after − before; percent = 100 · points / before;
    RCI = points / (√2 · SD · √(1 − r)) (Jacobson & Truax 1991) with ``reference``.
    """
    points = after.score - before.score
    try:
        percent: float | None = percent_change(before.score, after.score)
    except InvalidInputError:
        percent = None
    return Change(
        before=before,
        after=after,
        points=points,
        percent=percent,
        reliable=reliable_change(before.score, after.score, reference.sd, reference.reliability),
    )


def changes_since_baseline(
    measurements: Iterable[Measurement],
    today: date,
    reference: ScaleReference = SCS_TOTAL_REFERENCE,
) -> list[Change]:
    """The change from the baseline (the earliest measurement) to each later one.

    Measurements after ``today`` are left out; ties in date keep their given order.
    """
    ordered = _up_to(measurements, today)
    if len(ordered) < 2:
        return []
    baseline = ordered[0]
    return [change_between(baseline, later, reference) for later in ordered[1:]]


def _up_to(measurements: Iterable[Measurement], today: date) -> list[Measurement]:
    return sorted((m for m in measurements if m.taken <= today), key=lambda m: m.taken)


def reliable_change_threshold(reference: ScaleReference, reliability: float | None = None) -> float:
    """The smallest change in points beyond measurement error: 1.96 · √2 · SD · √(1 − r).

    ``reliability`` replaces the reference's own (e.g. alpha instead of test-retest); with
    SCS_TOTAL_REFERENCE that is about 0.48 points (r = .92) or 0.61 points (alpha .87).
    """
    r = reference.reliability if reliability is None else reliability
    if not 0 <= r < 1:
        raise InvalidInputError(f"the reliability must be at least 0 and below 1; got {r}")
    return RELIABLE_CHANGE_CRITERION * math.sqrt(2.0) * reference.sd * math.sqrt(1.0 - r)


# --- practice dose ------------------------------------------------------------------------


def minutes_between(
    entries: Iterable[tuple[date, float, bool]], start: date, end: date
) -> tuple[float, float]:
    """The formal and informal minutes practised from ``start`` up to (not including) ``end``.

    ``entries`` are (day, minutes, formal) tuples, such as progress.Entry.
    """
    formal = informal = 0.0
    for day, minutes, is_formal in entries:
        if start <= day < end:
            if is_formal:
                formal += minutes
            else:
                informal += minutes
    return formal, informal


@dataclass(frozen=True)
class DosePair:
    """One interval between consecutive assessments: minutes practised and the change."""

    start: Measurement
    end: Measurement
    formal_minutes: float
    informal_minutes: float
    change: float

    @property
    def minutes(self) -> float:
        return self.formal_minutes + self.informal_minutes


def dose_pairs(
    measurements: Iterable[Measurement],
    entries: Iterable[tuple[date, float, bool]],
    today: date,
) -> list[DosePair]:
    """One pair per interval between consecutive measurements up to ``today``.

    minutes = formal + informal minutes from the earlier day up to the later day (see
    :func:`minutes_between`); change = later score − earlier score.
    """
    entry_list = list(entries)
    pairs = []
    for earlier, later in itertools.pairwise(_up_to(measurements, today)):
        formal, informal = minutes_between(entry_list, earlier.taken, later.taken)
        pairs.append(DosePair(earlier, later, formal, informal, later.score - earlier.score))
    return pairs


@dataclass(frozen=True)
class Relation:
    """Pearson's r between minutes and change over ``n`` intervals.

    ``r`` is None when there are fewer than MIN_PAIRS intervals (``enough`` is False), or
    when the minutes or the changes are all the same (no correlation is defined).
    """

    n: int
    r: float | None
    enough: bool


def practice_change_relation(pairs: Sequence[DosePair]) -> Relation:
    """How minutes practised and change went together across a person's own intervals.

    r = Σ (x − x̄)(y − ȳ) / √(Σ (x − x̄)² · Σ (y − ȳ)²), x the minutes and y the change of
    each interval (Pearson's product-moment correlation); only from MIN_PAIRS intervals on.
    """
    n = len(pairs)
    if n < MIN_PAIRS:
        return Relation(n=n, r=None, enough=False)
    return Relation(
        n=n, r=pearson([p.minutes for p in pairs], [p.change for p in pairs]), enough=True
    )


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of two equally long sequences; None when either has no variation."""
    if len(xs) != len(ys):
        raise InvalidInputError(f"need as many x as y values, not {len(xs)} and {len(ys)}")
    if len(xs) < 2:
        return None
    mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    sxx, syy = math.fsum(d * d for d in dx), math.fsum(d * d for d in dy)
    if sxx <= 0 or syy <= 0:
        return None
    return max(
        -1.0, min(1.0, math.fsum(a * b for a, b in zip(dx, dy, strict=True)) / math.sqrt(sxx * syy))
    )
