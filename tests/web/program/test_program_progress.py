"""Every figure on the progress page, recomputed by hand from a person's history."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from program_support import local, practise, scs_answers, take

from mildkracht.web.practice.models import PracticeSettings
from mildkracht.web.program import actions


@pytest.fixture
def history(person):
    """Enrolled on Monday 5 January 2026; baseline that day, week-8 re-test on 23 February.

    Baseline: positive items 2, negative items 4: every component 2 (kind side) or 4 (harsh
    side), total = mean(2, 6 − 4, 2, 6 − 4, 2, 6 − 4) = 2.00.
    Week 8: every item 3: total 3.00.
    Change: +1.00 points; +50 % (1 / 2). Reference (Garcia-Campayo et al. 2014): SD 3.68 / 6
    = 0.61333 → 0,613, r = 0.92; S_diff = √2 · 0.61333 · √(1 − 0.92) = 0.61333 · √0.16
    = 0.61333 · 0.4 = 0.24533 → 0,25 (from the rounded SD: 0.613 · 0.4 = 0.2452 → 0,25 too);
    threshold 1.96 · 0.24533 = 0.48085 → 0,48;
    RCI = 1.00 / 0.24533 = 4.0761 → +4.08, beyond 1.96.
    Minutes from 5 January up to (not including) 23 February: 20 + 10 + 15 = 45
    (the 30 minutes on 23 February count toward the next period, the 60 on 4 January toward
    none). Week 1 (5-11 January): formal 20, informal 10, total 30 of 7 · 20 = 140: 21 %.
    """
    actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(2, 4), local(2026, 1, 5, 10), "baseline")
    take(person, "scs", scs_answers(3, 3), local(2026, 2, 23, 18), "week8")
    practise(person, local(2026, 1, 4, 20), 60)
    practise(person, local(2026, 1, 5, 20), 20)
    practise(person, local(2026, 1, 6, 7), 10, formal=False)
    practise(person, local(2026, 2, 22, 21), 15)
    practise(person, local(2026, 2, 23, 8), 30)
    return person


def _text(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">(.*?)</', html, re.S)
    assert match, element_id
    return match.group(1).strip()


def _table_rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table class="data-table" id="{table_id}">(.*?)</table>', html, re.S)
    assert table, table_id
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows[1:]]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in row] for row in cells]


def test_the_change_since_baseline_is_traceable(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _text(html, "change-points") == "+1,00"
    assert _text(html, "change-percent") == "+50%"
    assert _text(html, "change-rci") == "+4,08"
    assert "√2 × 0,613 × √(1 − 0,92) = 0,25" in html
    assert "bij andere mensen (0,613) en haar betrouwbaarheid (0,92)" in html
    assert "meer dan ongeveer 0,48 punten" in html
    assert (
        "Jouw stijging is groter dan zo&#x27;n meetfout" in html
        or "Jouw stijging is groter" in html
    )


def test_no_line_is_drawn_from_the_persons_own_start(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert "chart-reference" not in html.split('id="minutes-title"')[0]
    assert "stippellijn" not in html.split('id="minutes-title"')[0]


def test_the_published_trial_is_told_in_words_with_whom_and_what(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    trial = " ".join(_text(html, "trial").split())
    for words in ("Neff en Germer, 2013", "69(1), 28–44", "25 volwassenen", "27 anderen"):
        assert words in trial, words
    assert "ongeveer 43%" in trial
    assert "6 maanden en 1 jaar later" in trial
    assert "wie meer oefende" in trial


def test_the_threshold_names_its_reliability_and_the_one_alpha_would_give(
    person_client, history, clock
):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    choice = " ".join(_text(html, "reliability-choice").split())
    assert "test-hertestbetrouwbaarheid (0,92)" in choice
    assert "alfa, 0,87" in choice
    assert "ongeveer 0,61 punten zijn in plaats van 0,48" in choice
    assert "zeer waarschijnlijk" not in html


def test_the_page_names_the_published_source_of_the_reference(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    source = _text(html, "reference-source")
    assert "Garcia-Campayo en collega's (2014)" in source
    assert "268 studenten" in source
    assert "Die groep ben jij niet" in source
    assert "ingesteld door deze installatie" not in html


def test_the_scores_and_components_are_in_the_tables(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    scs = _table_rows(html, "scs-table")
    assert [row[1:3] for row in scs] == [["Je beginpunt", "2,00"], ["Week 8", "3,00"]]
    assert scs[0][3:] == ["2,00", "4,00", "2,00", "4,00", "2,00", "4,00"]
    components = _table_rows(html, "components-table")
    assert components[0] == ["Zelfvriendelijkheid", "2,00", "3,00", "+1,00"]
    assert components[1][1:] == ["4,00", "3,00", "−1,00"]


def test_the_minutes_per_week_and_between_assessments_are_traceable(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    weeks = _table_rows(html, "minutes-table")
    assert len(weeks) == 8
    assert weeks[0][2:] == ["20", "10", "30", "2", "21%"]  # minutes, days, share
    assert weeks[6][2:] == ["15", "0", "15", "1", "11%"]  # week 7: 16-22 February
    assert weeks[7][2:] == ["30", "0", "30", "1", "21%"]  # week 8 from 23 February
    dose = _table_rows(html, "dose-table")
    assert dose == [["5 januari 2026", "23 februari 2026", "35", "10", "45", "+1,00"]]


def test_one_period_gives_an_honest_sentence_instead_of_a_correlation(
    person_client, history, clock
):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    relation = _text(html, "relation")
    assert "minstens 3 periodes" in relation
    assert "Tot nu toe is er 1." in relation
    assert "r =" not in relation
    assert "hun uitkomst is geen doel" in html


def test_four_periods_give_pearsons_r(person_client, history, clock):
    # Follow-ups: 3 months 3.50, 6 months 3.00, a year 4.00; minutes 45, 30, 0, 40 per period.
    take(history, "scs", scs_answers(4, 3), local(2026, 4, 5, 9), "month3")  # total 3.50
    take(history, "scs", scs_answers(3, 3), local(2026, 7, 5, 9), "month6")  # total 3.00
    take(history, "scs", scs_answers(4, 2), local(2027, 1, 5, 9), "month12")  # total 4.00
    practise(history, local(2026, 8, 1, 9), 40)
    # Periods: (45, +1.0), (30, +0.5), (0, −0.5), (40, +1.0).
    # x̄ = 28.75, ȳ = 0.5; Sxy = 16.25·0.5 + 1.25·0 + (−28.75)(−1) + 11.25·0.5 = 42.5
    # Sxx = 264.0625 + 1.5625 + 826.5625 + 126.5625 = 1218.75; Syy = 0.25 + 0 + 1 + 0.25 = 1.5
    # r = 42.5 / √(1218.75 · 1.5) = 0.9940 → 0,99
    clock(local(2027, 1, 6, 9))
    person_client.force_login(history)  # a session from "a year ago" would have expired
    html = person_client.get(reverse("program:progress")).content.decode()
    dose = _table_rows(html, "dose-table")
    assert [(row[4], row[5]) for row in dose] == [
        ("45", "+1,00"),
        ("30", "+0,50"),
        ("0", "−0,50"),
        ("40", "+1,00"),
    ]
    assert "Over je 4 periodes" in _text(html, "relation")
    assert "r = 0,99" in _text(html, "relation")


def test_a_change_within_measurement_error_is_said_kindly(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(3, 3), local(2026, 1, 5, 10), "baseline")  # 3.00
    take(person, "scs", scs_answers(3, 3), local(2026, 2, 23, 18), "week8")
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _text(html, "change-rci") == "0,00"
    assert "Nog niet." in html
    assert "niets over de waarde van je oefenen" in html


def test_severe_distress_shows_the_help_block_at_once(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 5))
    take(person, "phq9", {n: 3 for n in range(1, 9)} | {9: 0}, local(2026, 1, 5, 10), "baseline")
    clock(local(2026, 1, 6, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert "Je hoeft dit niet alleen te dragen" in html  # total 24: the help block, calmly
    assert 'href="tel:113"' in html
    assert "geen diagnose" in html


def test_item_9_never_leaves_the_own_result_page(person_client, person, clock):
    # The assessments app shows help at once on the result page; the progress page (which
    # can be printed) neither repeats the item nor hints at it.
    take(person, "phq9", {n: 0 for n in range(1, 9)} | {9: 1}, local(2026, 1, 5, 10))
    clock(local(2026, 1, 6, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert "Je hoeft dit niet alleen te dragen" not in html
    assert "dood" not in html
    data = person_client.get(reverse("program:report") + "?wellbeing=1").content
    assert b"dood" not in data


def test_without_alerts_there_is_no_help_block(person_client, person, clock):
    take(person, "phq9", {n: 1 for n in range(1, 9)} | {9: 0}, local(2026, 1, 5, 10))
    clock(local(2026, 1, 6, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert "Je hoeft dit niet alleen te dragen" not in html
    assert "licht" in html  # 8: the authors' "mild" range


def test_an_outsider_sees_none_of_the_persons_figures(outsider_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = outsider_client.get(reverse("program:progress")).content.decode()
    assert "change-points" not in html
    assert "Je hebt de Zelfcompassieschaal nog niet ingevuld" in html


def test_the_page_speaks_english_too(person_client, history, clock):
    history.language = "en"
    history.save()
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _text(html, "change-points") == "+1.00"
    assert "√2 × 0.613 × √(1 − 0.92) = 0.25" in html
    assert "Garcia-Campayo and colleagues (2014), with 268 university students" in html
    assert "25 adults from the community" in _text(html, "trial")


def test_the_exercises_that_helped_most_come_from_the_before_and_after_checks(
    person_client, person, clock
):
    from mildkracht.web.practice import checks

    clock(local(2026, 1, 6, 9))
    session = practise(person, local(2026, 1, 6, 8), 10, exercise="soothing-touch")
    before = checks.record(person, {n: 3 for n in range(1, 7)}, checks.BEFORE)  # 3.00
    after = checks.record(person, {1: 5, 2: 1, 3: 5, 4: 1, 5: 1, 6: 5}, checks.AFTER)  # 5.00
    checks.attach(session, before=before, after=after)
    html = person_client.get(reverse("program:progress")).content.decode()
    rows = _table_rows(html, "helped-table")
    assert len(rows) == 1
    assert rows[0][1:] == ["1", "+2,00 (voorlopig alleen een aanwijzing)"]


def test_an_installation_can_set_the_reference_sd_and_reliability(
    person_client, history, clock, settings
):
    # SD 0.5, r 0.84: S_diff = √2 · 0.5 · √0.16 = 0.2828; RCI = 1.00 / 0.2828 = 3.54
    settings.MILDKRACHT_SCS_REFERENCE_SD = 0.5
    settings.MILDKRACHT_SCS_REFERENCE_RELIABILITY = 0.84
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _text(html, "change-rci") == "+3,54"
    assert "√2 × 0,500 × √(1 − 0,84) = 0,28" in html
    assert "ingesteld door deze installatie" in _text(html, "reference-source")
    assert "Garcia-Campayo" not in html


def test_a_week_without_practice_shows_no_zero_ratio(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    rows = _table_rows(html, "minutes-table")
    assert rows[0][-1] == "21%"  # week 1: 30 of 140 minutes
    assert rows[1][-2:] == ["0", "–"]  # week 2: nothing practised yet, and no "0%"
    assert "0%" not in " ".join(row[-1] for row in rows)


def test_every_scs_row_names_its_moment_also_when_taken_outside_the_program(
    person_client, person, clock
):
    actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(2, 4), local(2026, 1, 5, 9), "baseline")
    take(person, "scs", scs_answers(3, 3), local(2026, 1, 20, 9))  # on her own, in week 3
    take(person, "scs", scs_answers(3, 3), local(2026, 2, 24, 9))  # after the week-8 date
    clock(local(2026, 2, 25, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    moments = [row[1] for row in _table_rows(html, "scs-table")]
    assert moments == ["Je beginpunt", "Op eigen initiatief", "Week 8"]


def test_without_a_program_the_first_scs_is_the_starting_point(person_client, person, clock):
    take(person, "scs", scs_answers(2, 4), local(2026, 1, 5, 9))
    take(person, "scs", scs_answers(3, 3), local(2026, 2, 5, 9))
    clock(local(2026, 2, 6, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    moments = [row[1] for row in _table_rows(html, "scs-table")]
    assert moments == ["Je beginpunt", "Op eigen initiatief"]


def test_without_a_goal_the_progress_page_shows_minutes_and_days_and_no_goal(
    person_client, person, history, clock
):
    PracticeSettings.objects.create(owner=person, daily_goal_minutes=0)
    clock(local(2026, 2, 24, 9))
    html = person_client.get(reverse("program:progress")).content.decode()
    weeks = _table_rows(html, "minutes-table")
    assert weeks[0][2:] == ["20", "10", "30", "2"]  # no share column
    minutes_section = html.split('id="minutes-title"')[1].split('id="dose-title"')[0]
    for goal_figure in ("Deel van het doel", "weekdoel", "chart-reference", "%"):
        assert goal_figure not in minutes_section, goal_figure
    assert "Je oefent zonder doel" in minutes_section


def test_on_the_first_day_of_practice_no_share_of_the_goal_is_shown(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 5))
    practise(person, local(2026, 1, 5, 20), 3)
    clock(local(2026, 1, 5, 21))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _table_rows(html, "minutes-table") == [["1", "5 januari", "3", "0", "3", "1", "–"]]
    practise(person, local(2026, 1, 6, 20), 3)  # a second day: now a share to read
    clock(local(2026, 1, 6, 21))
    html = person_client.get(reverse("program:progress")).content.decode()
    assert _table_rows(html, "minutes-table")[0][-1] == "4%"
