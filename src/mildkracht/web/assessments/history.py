"""The profile (the latest results) and the history (every result, the total over time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mildkracht.core.instruments.errors import UnknownInstrumentError
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.assessments import charts
from mildkracht.web.assessments.catalogue import PROFILE_INSTRUMENT, SELF_COMPASSION
from mildkracht.web.assessments.models import PRACTICE_CHECKS, Assessment
from mildkracht.web.assessments.presentation import ResultView, result_view
from mildkracht.web.formatting import chart_date


@dataclass(frozen=True)
class TrendRow:
    when: datetime
    text: str
    band: str


@dataclass(frozen=True)
class Trend:
    name: str
    chart: SafeString
    rows: tuple[TrendRow, ...]


@dataclass(frozen=True)
class Draft:
    assessment: Assessment
    name: str
    answered: int
    total: int


def _known(assessments: Iterable[Assessment]) -> list[Assessment]:
    """Leave out answers to an instrument this installation no longer has."""
    known = []
    for assessment in assessments:
        try:
            get_instrument(assessment.instrument_id)
        except UnknownInstrumentError:
            continue
        known.append(assessment)
    return known


def _questionnaires(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Everything but the short checks around a practice (shown with the practice)."""
    return assessments.exclude(context__in=PRACTICE_CHECKS)


def _submitted(assessments: QuerySet[Assessment]) -> list[Assessment]:
    submitted = _questionnaires(assessments).filter(submitted_at__isnull=False)
    return _known(submitted.order_by("-submitted_at", "-pk"))


def profile_of(assessments: QuerySet[Assessment], lang: str) -> dict[str, object]:
    """The latest self-compassion result in full, and the latest result of each other one."""
    latest: dict[str, Assessment] = {}
    for assessment in _submitted(assessments):
        latest.setdefault(assessment.instrument_id, assessment)
    featured_id = next((i for i in SELF_COMPASSION if i in latest), None)
    featured = result_view(latest[featured_id], lang) if featured_id else None
    others = [
        result_view(assessment, lang)
        for instrument_id, assessment in sorted(latest.items())
        if instrument_id != featured_id
    ]
    return {"featured": featured, "others": others, "has_results": bool(latest)}


def history_of(assessments: QuerySet[Assessment], lang: str) -> dict[str, object]:
    """Every submitted result (newest first), the drafts, and the SCS total over time."""
    entries = [result_view(assessment, lang) for assessment in _submitted(assessments)]
    unsent = _questionnaires(assessments).filter(submitted_at__isnull=True)
    drafts = [_draft(assessment, lang) for assessment in _known(unsent.order_by("-created_at"))]
    return {
        "entries": entries,
        "drafts": drafts,
        "trend": total_trend(entries, PROFILE_INSTRUMENT, lang),
        "has_practice_checks": assessments.filter(context__in=PRACTICE_CHECKS).exists(),
    }


def _draft(assessment: Assessment, lang: str) -> Draft:
    instrument = get_instrument(assessment.instrument_id)
    answered = sum(1 for number in instrument.item_numbers if number in assessment.item_answers)
    return Draft(assessment, instrument.names.get(lang), answered, len(instrument.items))


def total_trend(entries: Iterable[ResultView], instrument_id: str, lang: str) -> Trend | None:
    """The main score of ``instrument_id`` over time, as a line chart and its rows."""
    scored = sorted(
        (
            (_when(entry), entry.main)
            for entry in entries
            if entry.instrument.id == instrument_id and entry.main and entry.main.value is not None
        ),
        key=lambda pair: pair[0],
    )
    if not scored:
        return None
    name = get_instrument(instrument_id).short_names.get(lang)
    first = scored[0][1]
    points = [
        charts.Point(when.timestamp(), main.value or 0.0, _short_date(when), main.text)
        for when, main in scored
    ]
    chart = charts.line_chart(
        points,
        minimum=first.minimum,
        maximum=first.maximum,
        title=_("%(instrument)s: your total over time") % {"instrument": name},
        description=_("One point per questionnaire; the same numbers are in the table below."),
        chart_id=f"trend-{instrument_id}",
    )
    rows = tuple(TrendRow(when, main.text, main.band) for when, main in scored)
    return Trend(name=name, chart=mark_safe(chart), rows=rows)  # charts escapes every text


def _when(entry: ResultView) -> datetime:
    return entry.assessment.submitted_at or entry.assessment.created_at


def _short_date(moment: datetime) -> str:
    return chart_date(timezone.localtime(moment))
