"""Change since baseline, reliable change and practice dose, against hand-computed values."""

from __future__ import annotations

import math
from datetime import date

import pytest

from mildkracht.core.practices.progress import Entry
from mildkracht.core.progress_report import (
    MIN_PAIRS,
    NEFF_GERMER_2013,
    SCS_TOTAL_ALPHA,
    SCS_TOTAL_REFERENCE,
    Measurement,
    ScaleReference,
    change_between,
    changes_since_baseline,
    dose_pairs,
    minutes_between,
    pearson,
    practice_change_relation,
    reliable_change_threshold,
)
from mildkracht.core.stats.errors import InvalidInputError

REFERENCE = ScaleReference(0.6, 0.92, "test", "test", verified=False)
BASELINE = Measurement(date(2026, 1, 5), 2.5, "baseline")
WEEK_8 = Measurement(date(2026, 3, 2), 3.4, "week8")


def test_change_since_baseline_in_points_per_cent_and_rci() -> None:
    # S_diff = √2 · 0.6 · √0.08 = 0.24; RCI = 0.9 / 0.24 = 3.75; 100 · 0.9 / 2.5 = 36 %.
    change = change_between(BASELINE, WEEK_8, REFERENCE)
    assert change.points == pytest.approx(0.9)
    assert change.percent == pytest.approx(36.0)
    assert change.reliable.s_diff == pytest.approx(0.24)
    assert change.reliable.rci == pytest.approx(3.75)
    assert change.reliable.beyond_error


def test_a_small_change_stays_within_measurement_error() -> None:
    change = change_between(BASELINE, Measurement(date(2026, 3, 2), 2.9), REFERENCE)
    assert change.reliable.rci == pytest.approx(0.4 / 0.24)
    assert not change.reliable.beyond_error


def test_the_scs_reference_is_the_checked_published_one() -> None:
    # Garcia-Campayo et al. (2014), sample 1 (n = 268, 26 items): SD 3.68 of the 6-30 sum of
    # the six subscale means, so 3.68 / 6 for our mean of those means; test-retest .92.
    assert SCS_TOTAL_REFERENCE.sd == 3.68 / 6
    assert SCS_TOTAL_REFERENCE.reliability == 0.92
    assert SCS_TOTAL_REFERENCE.verified is True
    for source in (SCS_TOTAL_REFERENCE.sd_source, SCS_TOTAL_REFERENCE.reliability_source):
        assert "Garcia-Campayo" in source
        assert "doi:10.1186/1477-7525-12-4" in source
    assert "3.68" in SCS_TOTAL_REFERENCE.sd_source
    assert "test-retest" in SCS_TOTAL_REFERENCE.reliability_source


def test_the_scs_reference_puts_the_threshold_near_half_a_point() -> None:
    # S_diff = √2 · (3.68 / 6) · √(1 − 0.92) = 0.61333 · √0.16 = 0.61333 · 0.4 = 0.245333;
    # 1.96 · 0.245333 = 0.480853; RCI of +1.00 = 1 / 0.245333 = 4.0761.
    change = change_between(BASELINE, Measurement(date(2026, 3, 2), 3.5))
    assert change.reliable.s_diff == pytest.approx(0.245333, abs=1e-6)
    assert 1.96 * change.reliable.s_diff == pytest.approx(0.480853, abs=1e-6)
    assert change.reliable.rci == pytest.approx(4.0761, abs=1e-4)


def test_changes_are_measured_from_the_earliest_measurement_up_to_today() -> None:
    later = Measurement(date(2026, 4, 5), 3.0, "month3")
    changes = changes_since_baseline([later, WEEK_8, BASELINE], date(2026, 3, 2), REFERENCE)
    assert [(c.before, c.after) for c in changes] == [(BASELINE, WEEK_8)]
    assert changes_since_baseline([BASELINE], date(2026, 3, 2)) == []


def test_percent_change_is_absent_from_a_zero_baseline() -> None:
    change = change_between(Measurement(date(2026, 1, 1), 0.0), WEEK_8, REFERENCE)
    assert change.percent is None
    assert change.points == pytest.approx(3.4)


def test_the_published_trial_is_neff_and_germer_2013_as_reported() -> None:
    assert NEFF_GERMER_2013.rise_percent == 43.0
    assert (NEFF_GERMER_2013.program_participants, NEFF_GERMER_2013.waitlist_participants) == (
        25,
        27,
    )
    assert NEFF_GERMER_2013.follow_up_months == (6, 12)
    assert "69(1), 28-44" in NEFF_GERMER_2013.citation


def test_the_threshold_is_about_048_with_test_retest_and_061_with_alpha() -> None:
    assert reliable_change_threshold(SCS_TOTAL_REFERENCE) == pytest.approx(0.481, abs=5e-4)
    assert reliable_change_threshold(SCS_TOTAL_REFERENCE, SCS_TOTAL_ALPHA) == pytest.approx(
        0.613, abs=5e-4
    )


def test_minutes_count_from_the_earlier_day_up_to_not_including_the_later_day() -> None:
    entries = [
        Entry(date(2026, 1, 4), 100, True),  # before the baseline: not counted
        Entry(date(2026, 1, 5), 20, True),  # on the baseline day: counted
        Entry(date(2026, 1, 6), 5, False),
        Entry(date(2026, 3, 1), 15, True),
        Entry(date(2026, 3, 2), 30, True),  # on the re-test day: the next interval
    ]
    assert minutes_between(entries, BASELINE.taken, WEEK_8.taken) == (35.0, 5.0)


def test_dose_pairs_pair_minutes_with_the_change_of_each_interval() -> None:
    month3 = Measurement(date(2026, 4, 5), 3.2, "month3")
    entries = [Entry(date(2026, 1, 10), 40, True), Entry(date(2026, 3, 10), 10, False)]
    pairs = dose_pairs([BASELINE, WEEK_8, month3], entries, date(2026, 4, 5))
    assert [(p.minutes, round(p.change, 9)) for p in pairs] == [(40.0, 0.9), (10.0, -0.2)]
    assert pairs[1].informal_minutes == 10.0


def test_fewer_than_three_pairs_give_no_correlation() -> None:
    pairs = dose_pairs([BASELINE, WEEK_8], [], date(2026, 3, 2))
    relation = practice_change_relation(pairs)
    assert (relation.n, relation.r, relation.enough) == (1, None, False)
    assert MIN_PAIRS == 3


def test_three_pairs_give_pearsons_r() -> None:
    # minutes 0, 10, 20 and changes 0.1, 0.3, 0.2: r = 0.1·10 / √(200 · 0.02) = 0.5.
    scores = [2.0, 2.1, 2.4, 2.6]
    days = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]
    measurements = [Measurement(d, s) for d, s in zip(days, scores, strict=True)]
    entries = [Entry(date(2026, 2, 5), 10, True), Entry(date(2026, 3, 5), 20, False)]
    relation = practice_change_relation(dose_pairs(measurements, entries, date(2026, 4, 1)))
    assert relation.n == 3
    assert relation.r == pytest.approx(0.5)


def test_pearson_needs_variation_and_equal_lengths() -> None:
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    with pytest.raises(InvalidInputError):
        pearson([1, 2], [1])
    assert not math.isnan(pearson([1, 2, 4], [1, 3, 2]) or 0)
