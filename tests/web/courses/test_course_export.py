"""The research export: consenting participants only, under their code, scored by the core."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pyreadstat
import pytest
from course_support import START, at, join_people, practise, scs_answers, take
from django.core.management import call_command

from mildkracht.web.accounts.models import User
from mildkracht.web.courses import actions
from mildkracht.web.courses.export import write_export
from mildkracht.web.courses.models import Membership
from mildkracht.web.courses.teachers import is_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(course, tmp_path):
    people = join_people(course, 5)
    for number, person in enumerate(people):
        take(person, "scs", scs_answers(3, 2), at(START))
        take(person, "scs", scs_answers(4, 2), at(START + timedelta(days=50)))
        practise(person, at(START + timedelta(days=8)), 15 + number)
        if number < 3:
            actions.set_consent(
                Membership.objects.get(participant=person), figures=True, research=True
            )
    write_export(course, tmp_path)
    return people, tmp_path


def test_only_consenting_participants_are_exported_under_their_code(course, exported):
    people, folder = exported
    codes = set(
        course.memberships.filter(consent_research=True).values_list("research_code", flat=True)
    )
    rows = list(csv.DictReader(io.StringIO((folder / "long.csv").read_text())))
    assert {row["code"] for row in rows} == codes
    assert {row["point"] for row in rows} == {"baseline", "week8"}
    text = "".join(
        (folder / name).read_text()
        for name in ("long.csv", "wide.csv", "practice.csv", "codebook.md")
    )
    assert all(person.username not in text for person in people)


def test_scores_are_recomputed_and_minutes_are_per_week(exported):
    _, folder = exported
    rows = list(csv.DictReader(io.StringIO((folder / "long.csv").read_text())))
    baseline = next(row for row in rows if row["point"] == "baseline")
    assert baseline["scs_1"] == "2" and baseline["scs_5"] == "3"
    assert float(baseline["scs_total"]) == pytest.approx((3 * 3 + 3 * 4) / 6)
    wide = list(csv.DictReader(io.StringIO((folder / "wide.csv").read_text())))
    assert sorted(float(row["minutes_week2"]) for row in wide) == [15.0, 16.0, 17.0]


def test_the_spss_files_have_variable_labels(exported):
    _, folder = exported
    frame, meta = pyreadstat.read_sav(str(folder / "wide.sav"))
    labels = meta.column_names_to_labels
    assert len(frame) == 3
    assert labels["baseline_scs_total"].startswith("baseline: SCS")
    assert labels["minutes_week1"] == "Minutes practised in program week 1"


def test_adduser_makes_a_teacher(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("een rustig meer bij dageraad\n"))
    call_command("adduser", "juf2", teacher=True)
    assert is_teacher(User.objects.get(username="juf2"))
