"""Where a person stands in the program today: week, pause, and questionnaires due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices import schedule
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.program.history import SCS, WELLBEING, Scored, program_scs, scored_assessments
from mildkracht.web.program.models import Enrolment

ASSESSMENT_LABELS: dict[str, Promise] = {
    schedule.BASELINE: _("Your starting point"),
    schedule.WEEK_8: _("Week 8"),
    "month3": _("Three months after the start"),
    "month6": _("Six months after the start"),
    "month12": _("A year after the start"),
}

INSTRUMENT_LABELS: dict[str, Promise] = {
    SCS: _("Self-Compassion Scale"),
    "phq9": _("Mood (PHQ-9)"),
    "gad7": _("Worry and tension (GAD-7)"),
    "swls": _("Satisfaction with life (SWLS)"),
    "shs": _("Happiness (SHS)"),
}


@dataclass(frozen=True)
class Offer:
    """A questionnaire offered now: the program moment it belongs to, and what to take."""

    context: str
    label: Promise
    offered_from: date
    scs_done: bool
    wellbeing_open: tuple[str, ...]


@dataclass(frozen=True)
class ProgramState:
    enrolment: Enrolment
    today: date
    week: int | None
    paused: bool
    finished: bool
    dates: dict[str, date]
    done: dict[str, Scored]
    offers: list[Offer] = field(default_factory=list)

    @property
    def before_start(self) -> bool:
        return self.week is None


def program_state(enrolment: Enrolment, today: date) -> ProgramState:
    plan = enrolment.schedule()
    user = enrolment.owner
    done = program_scs(scored_assessments(user, SCS), plan)
    dates = schedule.retest_dates(plan)
    due = schedule.due_assessments(plan, today, done.keys())
    taken = _wellbeing_taken(user)
    offers = [
        Offer(
            context=name,
            label=ASSESSMENT_LABELS[name],
            offered_from=dates[name],
            scs_done=False,
            wellbeing_open=tuple(i for i in WELLBEING if (i, name) not in taken),
        )
        for name in due
    ]
    # Once the SCS of a moment is done, its optional well-being questionnaires stay on offer
    # until the next moment comes.
    latest_done = _latest_reached_done(done, dates, today)
    if latest_done and latest_done not in due:
        open_wellbeing = tuple(i for i in WELLBEING if (i, latest_done) not in taken)
        if open_wellbeing:
            offers.append(
                Offer(
                    latest_done,
                    ASSESSMENT_LABELS[latest_done],
                    dates[latest_done],
                    True,
                    open_wellbeing,
                )
            )
    return ProgramState(
        enrolment=enrolment,
        today=today,
        week=schedule.current_week(plan, today),
        paused=schedule.is_paused(plan, today),
        finished=schedule.is_finished(plan, today),
        dates=dates,
        done=done,
        offers=offers,
    )


def _wellbeing_taken(user: User) -> set[tuple[str, str]]:
    rows = (
        Assessment.objects.owned_by(user)
        .submitted()
        .filter(instrument_id__in=WELLBEING)
        .values_list("instrument_id", "context")
    )
    return set(rows)


def _latest_reached_done(done: dict[str, Scored], dates: dict[str, date], today: date) -> str:
    reached = [name for name in schedule.ASSESSMENTS if name in dates and dates[name] <= today]
    return reached[-1] if reached and reached[-1] in done else ""
