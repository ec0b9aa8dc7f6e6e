"""The group's figures: the right numbers for the right people, and never a person's own."""

from __future__ import annotations

import re
import zlib
from datetime import timedelta

import numpy as np
import pytest
from course_support import START, at, join_people, practise, take
from django.utils import timezone, translation

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.courses import actions
from mildkracht.web.courses.dashboard import dashboard
from mildkracht.web.courses.models import Membership
from mildkracht.web.courses.templatetags.course_tags import statistic

pytestmark = pytest.mark.django_db

# Six people's SCS answers (every item the same value, 1-5): totals differ from each other
# and from the group's mean, so a shown individual total would be found.
START_ITEMS = [2, 3, 3, 4, 2, 5]
WEEK8_ITEMS = [3, 4, 3, 5, 3, 5]
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}


def answers(value: int, negative: int) -> dict[int, int]:
    return {n: (negative if n in SCS_NEGATIVE else value) for n in range(1, 27)}


def total(value: int, negative: int) -> float:
    return (3 * value + 3 * (6 - negative)) / 6


def a_course_run(course, people, clock, negatives=(3, 2, 4, 1, 3, 2)):
    for person, value, negative in zip(people, START_ITEMS, negatives, strict=False):
        take(person, "scs", answers(value, negative), at(START))
        practise(person, at(START + timedelta(days=2)), 10 + value)
    for person, value, negative in zip(people, WEEK8_ITEMS, negatives, strict=False):
        take(
            person,
            "scs",
            answers(value, negative - 1 if negative > 1 else 1),
            at(START + timedelta(days=50)),
        )
    clock(at(START + timedelta(days=52)))


def test_six_people_give_the_groups_change_with_the_core_statistics(course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")
    (change,) = board.changes
    assert change.shown.state == "current"
    row = next(row for row in change.rows if row["id"] == "total")
    before = [total(v, n) for v, n in zip(START_ITEMS, (3, 2, 4, 1, 3, 2), strict=True)]
    after = [total(v, max(n - 1, 1)) for v, n in zip(WEEK8_ITEMS, (3, 2, 4, 1, 3, 2), strict=True)]
    assert row["n"] == 6
    assert row["mean_from"] == pytest.approx(np.mean(before))
    assert row["mean_change"] == pytest.approx(np.mean(np.subtract(after, before)))
    assert row["df"] == 5
    assert row["improved"] + row["unchanged"] + row["declined"] == 6
    (start_table,) = [t for t in board.scores if t.point == "baseline"]
    first = next(row for row in start_table.rows if row["id"] == "total")
    assert first["sd"] == pytest.approx(np.std(before, ddof=1))


def test_with_four_people_nothing_is_shown_but_not_enough_people_yet(course, clock):
    people = join_people(course, 4)
    a_course_run(course, people, clock)
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")
    assert not board.has_any_figure
    assert {t.shown.state for t in board.changes + board.scores} == {"too_few"}


def test_a_person_who_withdraws_consent_is_not_counted_and_the_figure_is_held_back(course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    dashboard(course, timezone.now(), timezone.now().date(), "en")  # shown for six
    membership = Membership.objects.get(participant=people[0])
    actions.set_consent(membership, figures=False, research=False)
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")
    assert {t.shown.state for t in board.changes + board.scores} == {"too_close"}


def test_a_person_who_leaves_is_out_of_the_figures_from_then_on(course, clock):
    people = join_people(course, 11)
    a_course_run(course, people[:6], clock)
    for person in people[6:]:
        take(person, "scs", answers(4, 2), at(START + timedelta(days=1)))
        take(person, "scs", answers(4, 2), at(START + timedelta(days=50)))
    dashboard(course, timezone.now(), timezone.now().date(), "en")  # eleven
    for person in people[6:]:
        actions.leave(Membership.objects.get(participant=person), timezone.now())
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")
    (change,) = board.changes
    assert change.shown.state == "current"
    assert change.shown.numbers["n"] == 6  # five left at once: a step of five is allowed


def test_no_teacher_page_or_answer_holds_a_participants_own_score(
    verified_teacher_client, course, clock
):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    pages = [
        f"/courses/{course.pk}/",
        "/courses/",
        f"/courses/{course.pk}/edit/",
        "/api/assessments",
        "/api/practice/sessions",
        "/api/practice/week",
    ]
    texts = []
    for url in pages:
        response = verified_teacher_client.get(url)
        texts.append(response.content.decode(errors="replace"))
    pdf = verified_teacher_client.get(f"/courses/{course.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    texts.append(pdf_text(pdf.content))
    everything = "\n".join(texts)
    assert 'data-figure="change:scs:week8"' in everything  # the page does show figures
    own = _own_values(people) - _released_values(course)
    assert own  # there are individual values that no figure equals
    for value in own:
        assert f">{value}<" not in everything and f" {value} " not in everything, value
        assert f"({value})" not in everything, value


def _numbers(value) -> list[float]:
    if isinstance(value, dict):
        return [n for item in value.values() for n in _numbers(item)]
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [float(value)] if isinstance(value, (int, float)) and value is not None else []


def _formatted(value: float) -> set[str]:
    text = f"{value:.2f}"
    return {text, text.replace(".", ",")}


def _released_values(course) -> set[str]:
    shown = set()
    for release in course.releases.all():
        for number in _numbers(release.numbers):
            shown |= _formatted(number) | _formatted(-number)
    return shown


def _own_values(people) -> set[str]:
    from mildkracht.web.program.history import scored_assessments

    own = set()
    for person in people:
        for scored in scored_assessments(person, "scs"):
            for value in scored.scores.values.values():
                if value is not None:
                    own |= _formatted(value)
    return own


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2: its (compressed) content streams, decoded."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


def test_the_report_pdf_opens_and_names_no_participant(verified_teacher_client, course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    pdf = verified_teacher_client.get(f"/courses/{course.pk}/report.pdf").content
    text = pdf_text(pdf)
    assert course.name in text
    assert all(person.username not in text for person in people)


def test_the_teachers_page_shows_a_figure_once_it_is_released_not_the_page_kept_before(
    verified_teacher_client, teacher, course, clock
):
    people = join_people(course, 5)
    for person in people[:4]:
        take(person, "scs", answers(3, 3), at(START))
    clock(at(START + timedelta(days=1)))
    page = verified_teacher_client.get(f"/courses/{course.pk}/").content.decode()
    assert 'data-figure="scores:scs:baseline"' not in page
    assert "Nog niet genoeg mensen" in page
    take(people[4], "scs", answers(4, 2), at(START))
    page = verified_teacher_client.get(f"/courses/{course.pk}/").content.decode()
    assert 'data-figure="scores:scs:baseline"' in page
    assert "Gemiddelde" in page
    assert "SCS: bij de start" in page  # the group's start, not "Je beginpunt"
    teacher.language = "en"
    teacher.save()
    page = verified_teacher_client.get(f"/courses/{course.pk}/").content.decode()
    assert "Mean" in page
    assert "Gemiddelde" not in page


def test_a_participant_sees_the_groups_change_next_to_their_own_after_week_8(client, course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    client.force_login(people[0])
    page = client.get(f"/courses/mine/{course.pk}/").content.decode()
    before = [total(v, n) for v, n in zip(START_ITEMS, (3, 2, 4, 1, 3, 2), strict=True)]
    assert "In de groep ging het gemiddelde, voor de 6 mensen" in page
    assert f"van {np.mean(before):.2f}".replace(".", ",") in page


def test_practice_minutes_reach_the_weeks_figures_and_the_link_with_change(course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)  # 10 + the start's item value minutes, in week 1
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")
    week_1 = dict(board.practice)[1]
    assert week_1.numbers["practising"] == 6
    assert week_1.numbers["median"] == pytest.approx(np.median([10 + v for v in START_ITEMS]))
    (change,) = board.changes
    row = next(row for row in change.rows if row["id"] == "total")
    assert row["spearman_n"] == 6


def test_the_scores_are_listed_in_the_instruments_order_as_the_database_keeps_them(course, clock):
    people = join_people(course, 6)
    a_course_run(course, people, clock)
    dashboard(course, timezone.now(), timezone.now().date(), "en")
    board = dashboard(course, timezone.now(), timezone.now().date(), "en")  # read back
    (change,) = board.changes
    (start_table,) = [t for t in board.scores if t.point == "baseline"]
    order = [score.id for score in get_instrument("scs").default_scores()]
    for rows in (change.rows, start_table.rows):
        shown = [row["id"] for row in rows]
        assert len(shown) >= 7
        assert shown == [score_id for score_id in order if score_id in shown]


def test_a_statistic_below_zero_has_a_minus_sign_like_its_interval():
    with translation.override("nl"):
        assert statistic(-7.861) == "\N{MINUS SIGN}7,86"
        assert statistic(0.5) == "0,50"
        assert statistic(None) == "–"
