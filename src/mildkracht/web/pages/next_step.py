"""The home page's one "next step": it follows where a person is, not a fixed text.

In this order: a questionnaire left half done; a questionnaire of the 8-week program that is
due; the program's current week (with what was practised today); and without the program,
the first questionnaire or the program itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.practices.library import bundled_program
from mildkracht.core.rounding import round_half_away
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.exercises import language
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.program.clock import local_today, zone_of
from mildkracht.web.program.models import Enrolment
from mildkracht.web.program.state import program_state


@dataclass(frozen=True)
class NextStep:
    kind: str
    text: str
    url: str
    action: str


def next_step(user: User) -> NextStep:
    """The one step shown on the home page for this person now."""
    draft = Assessment.objects.owned_by(user).drafts().order_by("-created_at").first()
    if draft is not None:
        name = get_instrument(draft.instrument_id).short_names.get(language())
        return NextStep(
            "draft",
            _("You started %(name)s and have not finished it yet. It is kept for you.")
            % {"name": name},
            reverse("assessments:answer", args=[draft.pk]),
            _("Continue %(name)s") % {"name": name},
        )
    enrolment = Enrolment.objects.filter(owner=user).first()
    if enrolment is None:
        return _without_program(user)
    return _in_program(user, enrolment)


def _without_program(user: User) -> NextStep:
    if not Assessment.objects.owned_by(user).submitted().filter(instrument_id="scs").exists():
        return NextStep(
            "first_questionnaire",
            _(
                "A good first step: the Self-Compassion Scale, to see where you are now. "
                "There are no right or wrong answers. After that, the 8-week program can "
                "guide you, one theme a week."
            ),
            reverse("assessments:start", args=["scs"]),
            _("Fill in the Self-Compassion Scale"),
        )
    return NextStep(
        "program",
        _(
            "You know where you are now. The 8-week program guides you from here: one theme "
            "a week, a few exercises, and a little practice each day."
        ),
        reverse("program:overview"),
        _("Look at the 8-week program"),
    )


def _in_program(user: User, enrolment: Enrolment) -> NextStep:
    today = local_today(user)
    state = program_state(enrolment, today)
    due = [offer for offer in state.offers if not offer.scs_done]
    if due:
        return NextStep(
            "retest",
            _("A questionnaire of the 8-week program is ready for you: %(moment)s.")
            % {"moment": due[0].label},
            reverse("program:overview"),
            _("To the questionnaire"),
        )
    if state.week is None or state.finished:
        return NextStep(
            "program",
            _("Your 8-week program: see what is planned, and where you are."),
            reverse("program:overview"),
            _("To the 8-week program"),
        )
    week = bundled_program().weeks[state.week - 1]
    minutes = _minutes_today(user, today)
    text = _("Week %(number)s of the 8-week program: %(theme)s.") % {
        "number": state.week,
        "theme": week.theme.get(language()),
    }
    if minutes:
        text += " " + ngettext(
            "Today you practised %(count)s minute.",
            "Today you practised %(count)s minutes.",
            minutes,
        ) % {"count": minutes}
    return NextStep(
        "week",
        text,
        reverse("program:week", args=[state.week]),
        _("To this week"),
    )


def _minutes_today(user: User, today: date) -> int:
    start = datetime.combine(today, time.min, tzinfo=zone_of(user))
    seconds = PracticeSession.objects.filter(
        owner=user, started_at__gte=start, started_at__lt=start + timedelta(days=1)
    ).values_list("seconds", flat=True)
    return int(round_half_away(sum(seconds) / 60, 0))
