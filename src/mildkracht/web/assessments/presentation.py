"""Scores as a person reads them: names, formatted values, ranges, bands and components.

Every number comes from the core (actions.scores_of); this module only labels and formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mildkracht.core.instruments.model import Band, Instrument, Kind, Method, Polarity, Score
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import ResponseScores
from mildkracht.web.assessments import charts
from mildkracht.web.assessments.actions import scores_of
from mildkracht.web.assessments.catalogue import Section, section_of
from mildkracht.web.assessments.explanations import (
    COMPONENTS,
    Explanation,
    InstrumentNote,
    note_for,
)
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.formatting import score_text


@dataclass(frozen=True)
class BandStep:
    lower: str
    upper: str
    label: str
    current: bool


@dataclass(frozen=True)
class ScoreView:
    id: str
    name: str
    value: float | None
    text: str
    minimum: float
    maximum: float
    range_text: str
    band: str
    band_steps: tuple[BandStep, ...]

    @property
    def shared_boundary(self) -> str:
        """The first bound two bands share (a mean such as 2,5), where the rule matters."""
        if len(self.band_steps) < 2 or self.band_steps[0].upper != self.band_steps[1].lower:
            return ""
        return self.band_steps[1].lower


@dataclass(frozen=True)
class ComponentView:
    id: str
    name: str
    value: float | None
    text: str
    lower_is_kinder: bool
    explanation: Explanation | None


@dataclass(frozen=True)
class ResultView:
    assessment: Assessment
    instrument: Instrument
    name: str
    short_name: str
    scores: tuple[ScoreView, ...]
    main: ScoreView | None
    components: tuple[ComponentView, ...]
    components_chart: SafeString
    alert: bool
    note: InstrumentNote | None
    reflective: bool
    section: str

    @property
    def has_lower_is_kinder(self) -> bool:
        return any(component.lower_is_kinder for component in self.components)

    @property
    def shows_two_sides(self) -> bool:
        """Whether the tender and fierce sides belong with this result."""
        return self.section == Section.SELF_COMPASSION.value or self.instrument.id == "balance"


def result_view(assessment: Assessment, lang: str, *, own_page: bool = False) -> ResultView:
    """The result of one assessment in ``lang``.

    ``own_page``: the person's own result page, the only place where an alert raised by a
    private item (PHQ-9 item 9) may show; lists and summaries never reveal it.
    """
    instrument = get_instrument(assessment.instrument_id)
    scores = scores_of(assessment)
    views = tuple(_score_view(instrument, score, scores, lang) for score in _shown(instrument))
    components = _components(instrument, scores, lang)
    return ResultView(
        assessment=assessment,
        instrument=instrument,
        name=instrument.names.get(lang),
        short_name=instrument.short_names.get(lang),
        scores=views,
        main=_main(views),
        components=components,
        components_chart=_components_chart(instrument, components, lang),
        alert=bool(alerts_to_show(instrument, scores, own_page=own_page)),
        note=note_for(instrument.id, instrument.kind is Kind.REFLECTIVE),
        reflective=instrument.kind is Kind.REFLECTIVE,
        section=section_of(instrument).value,
    )


def alerts_to_show(instrument: Instrument, scores: ResponseScores, *, own_page: bool) -> list[str]:
    """The ids of the alerts to act on; outside the own result page, none from private items."""
    return [
        alert.id
        for alert in scores.alerts
        if own_page or alert.item is None or alert.item not in instrument.private_items
    ]


def _shown(instrument: Instrument) -> tuple[Score, ...]:
    return instrument.default_scores()


def _main(views: Sequence[ScoreView]) -> ScoreView | None:
    for view in views:
        if view.id == "total":
            return view
    return views[0] if views else None


def _score_view(
    instrument: Instrument, score: Score, scores: ResponseScores, lang: str
) -> ScoreView:
    value = scores.values.get(score.id)
    minimum, maximum = instrument.score_range(score)
    band = _band_for(instrument, score.id)
    band_range = scores.bands.get(band.column) if band else None
    return ScoreView(
        id=score.id,
        name=score.names.get(lang),
        value=value,
        text=format_score(score, value),
        minimum=minimum,
        maximum=maximum,
        range_text=f"{_plain(minimum)}–{_plain(maximum)}",
        band=band_range.labels.get(lang) if band_range else "",
        band_steps=_band_steps(band, score, maximum, band_range.id if band_range else "", lang)
        if band
        else (),
    )


def format_score(score: Score, value: float | None) -> str:
    """A score as shown: sums as whole numbers, means with two decimals, localised."""
    if value is None:
        return _("no score")
    whole = score.method is Method.SUM and float(value).is_integer()
    return score_text(value, 0 if whole else 2)


def _plain(value: float) -> str:
    return score_text(value, 0 if float(value).is_integer() else 1)


def _band_for(instrument: Instrument, score_id: str) -> Band | None:
    return next((band for band in instrument.bands if band.score == score_id), None)


def _band_steps(
    band: Band, score: Score, maximum: float, current: str, lang: str
) -> tuple[BandStep, ...]:
    """Each band from its lower bound to the next one's; for whole-number scores (sums),
    up to the whole number below the next bound, so that 0–4 and 5–9 do not overlap."""
    whole = score.method is Method.SUM and float(score.multiplier).is_integer()
    uppers = [r.lower - 1 if whole else r.lower for r in band.ranges[1:]] + [maximum]
    return tuple(
        BandStep(
            lower=_plain(band_range.lower),
            upper=_plain(upper),
            label=band_range.labels.get(lang),
            current=band_range.id == current,
        )
        for band_range, upper in zip(band.ranges, uppers, strict=True)
    )


def _components(
    instrument: Instrument, scores: ResponseScores, lang: str
) -> tuple[ComponentView, ...]:
    """The subscale scores the instrument reports (SCS: its six components)."""
    components = []
    for subscale in instrument.subscales:
        if subscale.id not in scores.values:
            continue  # an optional score, such as the SCS-SF subscales
        score = instrument.score(subscale.id)
        value = scores.values[subscale.id]
        components.append(
            ComponentView(
                id=subscale.id,
                name=score.names.get(lang),
                value=value,
                text=format_score(score, value),
                # A negative component scored without reversing: more of it is less kind.
                lower_is_kinder=subscale.polarity is Polarity.NEGATIVE and not score.apply_reverse,
                explanation=COMPONENTS.get(subscale.id),
            )
        )
    return tuple(components)


def _components_chart(
    instrument: Instrument, components: Sequence[ComponentView], lang: str
) -> SafeString:
    if not components:
        return mark_safe("")
    ranges = [instrument.score_range(instrument.score(c.id)) for c in components]
    bars = [
        charts.Bar(
            label=component.name,
            value=component.value,
            value_text=component.text,
            note=str(_("lower is kinder")) if component.lower_is_kinder else "",
            warm=component.lower_is_kinder,
        )
        for component in components
    ]
    svg = charts.bar_chart(
        bars,
        minimum=min(low for low, _high in ranges),
        maximum=max(high for _low, high in ranges),
        title=_("%(instrument)s: your scores per component")
        % {"instrument": instrument.short_names.get(lang)},
        description=_("One bar per component; the same numbers are in the table below."),
        chart_id=f"components-{instrument.id}",
    )
    return mark_safe(svg)  # charts escapes every text it writes
