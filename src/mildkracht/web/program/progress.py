"""The figures of the progress page and the report, computed once by the core.

Every number shown comes from here, so the page, the print view and the PDF agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.practices import schedule
from mildkracht.core.practices.library import bundled_program
from mildkracht.core.practices.model import PROGRAM_WEEKS
from mildkracht.core.practices.progress import Entry, WeekView, week_view
from mildkracht.core.progress_report import (
    NEFF_GERMER_2013,
    SCS_TOTAL_REFERENCE,
    Change,
    DosePair,
    Measurement,
    PublishedTrial,
    Relation,
    ScaleReference,
    change_between,
    dose_pairs,
    practice_change_relation,
)
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.presentation import alerts_to_show
from mildkracht.web.practice.models import PracticeSettings
from mildkracht.web.program.history import (
    SCS,
    WELLBEING,
    Scored,
    measurements,
    practice_entries,
    program_scs,
    scored_by_instrument,
)
from mildkracht.web.program.models import Enrolment

COMPONENTS = (
    "self_kindness",
    "self_judgment",
    "common_humanity",
    "isolation",
    "mindfulness",
    "over_identification",
)
NEGATIVE_COMPONENTS = frozenset({"self_judgment", "isolation", "over_identification"})


def scs_reference() -> ScaleReference:
    """The reference for reliable change; settings may override the published defaults."""
    sd = getattr(settings, "MILDKRACHT_SCS_REFERENCE_SD", None)
    reliability = getattr(settings, "MILDKRACHT_SCS_REFERENCE_RELIABILITY", None)
    if sd is None and reliability is None:
        return SCS_TOTAL_REFERENCE
    return ScaleReference(
        sd=float(sd if sd is not None else SCS_TOTAL_REFERENCE.sd),
        reliability=float(
            reliability if reliability is not None else SCS_TOTAL_REFERENCE.reliability
        ),
        sd_source="set by this installation",
        reliability_source="set by this installation",
        verified=False,
    )


@dataclass(frozen=True)
class ComponentChange:
    id: str
    name: str
    negative: bool
    before: float
    after: float

    @property
    def points(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class WellbeingRow:
    instrument_id: str
    name: str
    taken: date
    context: str
    total: float
    low: float
    high: float
    band: str
    alert: bool


@dataclass(frozen=True)
class Progress:
    today: date
    scs: list[Scored]
    baseline: Scored | None
    # Which program moment each SCS counts for (by its pk): "baseline", "week8", ...
    moments: dict[int, str]
    changes: list[Change]
    latest_components: list[ComponentChange]
    weeks: list[tuple[int, WeekView]]
    goal_minutes: int  # 0: no goal
    days_practised: int  # every day with practice, up to today
    pairs: list[DosePair]
    relation: Relation
    reference: ScaleReference
    trial: PublishedTrial
    wellbeing: dict[str, list[WellbeingRow]]
    help_now: bool

    @property
    def latest_change(self) -> Change | None:
        return self.changes[-1] if self.changes else None


def build_progress(user: User, today: date, lang: str) -> Progress:
    scored = scored_by_instrument(user, [SCS, *WELLBEING])
    scs = [item for item in scored[SCS] if item.taken <= today]
    enrolment = Enrolment.objects.filter(owner=user).first()
    moments = _moments(scs, enrolment)
    baseline = _baseline(scs, moments)
    later = [item for item in scs if baseline and item.submitted_at > baseline.submitted_at]
    reference = scs_reference()
    changes = (
        [change_between(_total(baseline), _total(item), reference) for item in later]
        if baseline
        else []
    )
    entries = [entry for entry in practice_entries(user) if entry.day <= today]
    series = measurements([baseline, *later]) if baseline else []
    pairs = dose_pairs(series, entries, today)
    wellbeing = _wellbeing(scored, today, lang)
    goal = goal_minutes(user)
    return Progress(
        today=today,
        scs=scs,
        baseline=baseline,
        moments=moments,
        changes=changes,
        latest_components=_components(baseline, later[-1], lang) if later and baseline else [],
        weeks=_weeks(enrolment, entries, today, goal),
        goal_minutes=goal,
        days_practised=len({entry.day for entry in entries if entry.minutes > 0}),
        pairs=pairs,
        relation=practice_change_relation(pairs),
        reference=reference,
        trial=NEFF_GERMER_2013,
        wellbeing=wellbeing,
        help_now=any(rows and rows[-1].alert for rows in wellbeing.values()),
    )


def _total(item: Scored) -> Measurement:
    return measurements([item])[0]


def _moments(scs: list[Scored], enrolment: Enrolment | None) -> dict[int, str]:
    """The program moment each SCS counts for; without a program, the first is the start."""
    if enrolment is not None:
        found = {item.pk: name for name, item in program_scs(scs, enrolment.schedule()).items()}
        if schedule.BASELINE in found.values() or not scs:
            return found
        return {scs[0].pk: schedule.BASELINE, **found}
    return {scs[0].pk: schedule.BASELINE} if scs else {}


def _baseline(scs: list[Scored], moments: dict[int, str]) -> Scored | None:
    found = next((item for item in scs if moments.get(item.pk) == schedule.BASELINE), None)
    return found or (scs[0] if scs else None)


def _components(before: Scored, after: Scored, lang: str) -> list[ComponentChange]:
    instrument = get_instrument(SCS)
    return [
        ComponentChange(
            id=component,
            name=instrument.score(component).names.get(lang),
            negative=component in NEGATIVE_COMPONENTS,
            before=before.scores.values[component] or 0.0,
            after=after.scores.values[component] or 0.0,
        )
        for component in COMPONENTS
    ]


def goal_minutes(user: User) -> int:
    """The person's daily goal (the practice app's setting), else the program's."""
    found = (
        PracticeSettings.objects.filter(owner=user)
        .values_list("daily_goal_minutes", flat=True)
        .first()
    )
    # 0 is a choice of its own: no goal.
    return int(found) if found is not None else bundled_program().daily_goal_minutes


def _weeks(
    enrolment: Enrolment | None, entries: list[Entry], today: date, goal: int
) -> list[tuple[int, WeekView]]:
    """The program weeks that have begun; without a program, the last eight calendar weeks."""
    if enrolment is not None:
        plan = enrolment.schedule()
        found = []
        for number in range(1, PROGRAM_WEEKS + 1):
            start = schedule.week_start(plan, number)
            if start is None or start > today:
                break
            found.append((number, week_view(entries, start, goal)))
        return found
    monday = today - timedelta(days=today.weekday())
    return [
        (index + 1, week_view(entries, monday - timedelta(weeks=7 - index), goal))
        for index in range(8)
    ]


def _wellbeing(
    scored: dict[str, list[Scored]], today: date, lang: str
) -> dict[str, list[WellbeingRow]]:
    found: dict[str, list[WellbeingRow]] = {}
    for instrument_id in WELLBEING:
        instrument = get_instrument(instrument_id)
        total_score = instrument.score("total")
        low, high = instrument.score_range(total_score)
        rows = []
        for item in scored[instrument_id]:
            total = item.scores.values.get("total")
            if total is None or item.taken > today:
                continue
            band = next((b for b in item.scores.bands.values() if b is not None), None)
            rows.append(
                WellbeingRow(
                    instrument_id=instrument_id,
                    name=instrument.short_names.get(lang),
                    taken=item.taken,
                    context=item.context,
                    total=total,
                    low=low,
                    high=high,
                    band=band.labels.get(lang) if band else "",
                    # As everywhere outside the own result page: an alert raised by a private
                    # item (PHQ-9 item 9) is not repeated here, where a page can be printed.
                    alert=bool(alerts_to_show(instrument, item.scores, own_page=False)),
                )
            )
        if rows:
            found[instrument_id] = rows
    return found
