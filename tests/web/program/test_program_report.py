"""The PDF report: a real PDF with the person's figures, not cached, with a neutral name."""

from __future__ import annotations

import re
import zlib
from datetime import date

import pytest
from django.urls import reverse
from program_support import local, practise, scs_answers, take

from mildkracht.web.pdf import latin1
from mildkracht.web.practice.models import PracticeSettings
from mildkracht.web.program import actions


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by fpdf2: its (compressed) content streams, decoded."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


@pytest.fixture
def history(person):
    actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(2, 4), local(2026, 1, 5, 10), "baseline")
    take(person, "scs", scs_answers(3, 3), local(2026, 2, 23, 18), "week8")
    practise(person, local(2026, 1, 5, 20), 20)
    practise(person, local(2026, 1, 6, 7), 10, formal=False)
    return person


def test_the_report_is_a_pdf_with_the_persons_figures(person_client, history, clock):
    clock(local(2026, 2, 24, 9))
    response = person_client.get(reverse("program:report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        'attachment; filename="mildkracht-progress-2026-02-24.pdf"'
    )
    data = response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for figure in (
        "(+1,00)",
        "(+50%)",
        "(+4,08)",  # RCI 1,00 / (√2 · 3,68/6 · √0,08 = 0,2453)
        r"(2,00 \(5 januari 2026\))",
        "(Zelfvriendelijkheid)",
        "(30)",
        "(21%)",
    ):
        assert figure in text, figure
    assert "Mijn voortgang met Mildkracht" in text
    assert "geen doel" in text
    assert "anna" not in text


def test_wellbeing_is_in_the_report_only_when_asked(person_client, history, clock):
    take(history, "gad7", {n: 1 for n in range(1, 8)}, local(2026, 1, 5, 11), "baseline")
    clock(local(2026, 2, 24, 9))
    plain_response = person_client.get(reverse("program:report"))
    full_response = person_client.get(reverse("program:report") + "?wellbeing=1")
    without, with_wellbeing = pdf_text(plain_response.content), pdf_text(full_response.content)
    assert "mildkracht-progress-wellbeing-2026-02-24.pdf" in full_response["Content-Disposition"]
    assert "wellbeing" not in plain_response["Content-Disposition"]
    assert "GAD-7" not in without
    assert "GAD-7" in with_wellbeing
    assert "(7)" in with_wellbeing


def test_the_report_in_english(person_client, history, clock):
    history.language = "en"
    history.save()
    clock(local(2026, 2, 24, 9))
    text = pdf_text(person_client.get(reverse("program:report")).content)
    assert "My progress with Mildkracht" in text
    assert "(+1.00)" in text


def test_an_empty_history_still_gives_a_report(person_client, clock):
    clock(local(2026, 2, 24, 9))
    data = person_client.get(reverse("program:report")).content
    assert data.startswith(b"%PDF")
    assert "Nog geen Zelfcompassieschaal ingevuld" in pdf_text(data)


def test_characters_outside_latin_1_are_transliterated():
    assert latin1("−0,50 – “zacht” … √2") == '-0,50 - "zacht" ... sqrt2'
    assert latin1("Zoë één") == "Zoë één"
    assert latin1("Łódź") == "Lodz" or latin1("Łódź").endswith("odz")


def test_without_a_goal_the_report_shows_minutes_and_days_and_no_goal(
    person_client, person, history, clock
):
    PracticeSettings.objects.create(owner=person, daily_goal_minutes=0)
    clock(local(2026, 2, 24, 9))
    text = pdf_text(person_client.get(reverse("program:report")).content)
    assert "Oefenen zonder doel: elke minuut telt." in text
    assert "Weekdoel" not in text
    assert "Deel van het doel" not in text
    assert "(21%)" not in text
