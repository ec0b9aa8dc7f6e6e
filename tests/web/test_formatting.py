"""One score reads the same on every surface: result page, history, progress, PDF and API."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse
from django.utils import translation

from mildkracht.web.assessments.actions import record_assessment
from mildkracht.web.formatting import score_text, signed_text

# An SCS response whose total is exactly 3.025: rounded half to even (Python's round, numpy)
# it reads 3,02; a half away from zero, 3,03.
TOTAL_3_025 = {
    1: 5, 2: 5, 3: 1, 4: 4, 5: 5, 6: 2, 7: 5, 8: 5, 9: 2, 10: 4, 11: 1, 12: 4, 13: 3,
    14: 5, 15: 5, 16: 2, 17: 5, 18: 4, 19: 4, 20: 3, 21: 4, 22: 3, 23: 1, 24: 5, 25: 5, 26: 5,
}  # fmt: skip


def _pdf_text(data: bytes) -> str:
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            texts.append(stream.decode("latin-1"))
    return "\n".join(texts)


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [(3.025, "3,03", "3.03"), (3.625, "3,63", "3.63"), (-0.125, "−0,13", "−0.13")],
)
def test_a_score_is_rounded_half_away_from_zero_in_each_language(value, dutch, english):
    shown = signed_text if value < 0 else score_text
    with translation.override("nl"):
        assert shown(value) == dutch
    with translation.override("en"):
        assert shown(value) == english


def test_a_persons_score_reads_the_same_on_every_surface(owner, owner_client):
    owner.language = "nl"
    owner.save()
    assessment, missing = record_assessment(owner, "scs", TOTAL_3_025)
    assert missing == []
    pages = {
        "result": reverse("assessments:result", args=[assessment.pk]),
        "history": reverse("assessments:history"),
        "progress": reverse("program:progress"),
    }
    for name, url in pages.items():
        html = owner_client.get(url).content.decode()
        assert "3,03" in html, name
        assert "3,02" not in html, name
    assert "(3,03)" in _pdf_text(owner_client.get(reverse("program:report")).content)
    api = owner_client.get(f"/api/assessments/{assessment.pk}").json()
    assert api["scores"]["values"]["total"] == pytest.approx(3.025)
    assert api["scores"]["rounded"]["total"] == 3.03
