"""The progress figures, formatted for the page in the person's language, with charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.progress_report import (
    MIN_PAIRS,
    SCS_TOTAL_ALPHA,
    reliable_change_threshold,
)
from mildkracht.web.accounts.models import User
from mildkracht.web.assessments import charts as shared_charts
from mildkracht.web.formatting import chart_date, score_text, signed_text, whole_text
from mildkracht.web.practice import checks
from mildkracht.web.program import charts
from mildkracht.web.program.history import SCS, Scored
from mildkracht.web.program.progress import (
    COMPONENTS,
    NEGATIVE_COMPONENTS,
    Progress,
    build_progress,
)
from mildkracht.web.program.state import ASSESSMENT_LABELS

KIND_SIDE = [c for c in COMPONENTS if c not in NEGATIVE_COMPONENTS]
HARSH_SIDE = [c for c in COMPONENTS if c in NEGATIVE_COMPONENTS]


# Every number through the one rounding of web.formatting (half away from zero).
decimal = score_text
signed = signed_text
minutes = whole_text


def context_label(context: str) -> str:
    label = ASSESSMENT_LABELS.get(context)
    return str(label) if label else ""


def moment_label(figures: Progress, item: Scored) -> str:
    """The program moment an SCS counts for, else that it was filled in on one's own."""
    return context_label(figures.moments.get(item.pk, "")) or _("On your own initiative")


def progress_context(user: User, today: date, lang: str) -> dict[str, Any]:
    figures = build_progress(user, today, lang)
    instrument = get_instrument(SCS)
    names = {c: instrument.score(c).names.get(lang) for c in COMPONENTS}
    return {
        "p": figures,
        "rows": _scs_rows(figures, names),
        "component_names": [names[c] for c in COMPONENTS],
        "change": _change(figures),
        "components": [
            {
                "name": c.name,
                "negative": c.negative,
                "before": decimal(c.before),
                "after": decimal(c.after),
                "points": signed(c.points),
            }
            for c in figures.latest_components
        ],
        "weeks": _weeks(figures),
        "weekly_goal": minutes(figures.goal_minutes * 7) if figures.goal_minutes else "",
        "pairs": [
            {
                "from": pair.start.taken,
                "to": pair.end.taken,
                "formal": minutes(pair.formal_minutes),
                "informal": minutes(pair.informal_minutes),
                "minutes": minutes(pair.minutes),
                "change": signed(pair.change),
            }
            for pair in figures.pairs
        ],
        "relation_r": decimal(figures.relation.r) if figures.relation.r is not None else "",
        "min_pairs": MIN_PAIRS,
        "trial": figures.trial,
        "trial_percent": minutes(figures.trial.rise_percent),
        "rci_threshold": decimal(reliable_change_threshold(figures.reference)),
        "alpha": decimal(SCS_TOTAL_ALPHA),
        "alpha_threshold": decimal(reliable_change_threshold(figures.reference, SCS_TOTAL_ALPHA)),
        "wellbeing": _wellbeing(figures),
        "charts": _charts(figures, names),
        "kind_legend": [(names[c], f"chart-c{i}") for i, c in enumerate(KIND_SIDE)],
        "harsh_legend": [(names[c], f"chart-c{i}") for i, c in enumerate(HARSH_SIDE)],
        "helped": _helped(user),
        "few_checks": checks.FEW,
    }


def _helped(user: User) -> list[dict[str, Any]]:
    """Per exercise, the average shift in the state self-compassion check (after − before)."""
    return [
        {
            "title": row.title,
            "count": row.count,
            "change": signed(row.mean_change),
            "few": row.few,
        }
        for row in checks.exercise_shifts(user)
    ]


def _scs_rows(figures: Progress, names: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "taken": item.taken,
            "context": moment_label(figures, item),
            "total": decimal(item.scores.values["total"] or 0),
            "components": [decimal(item.scores.values[c] or 0) for c in COMPONENTS],
        }
        for item in figures.scs
    ]


def _change(figures: Progress) -> dict[str, Any] | None:
    change = figures.latest_change
    if change is None:
        return None
    reliable = change.reliable
    return {
        "before": decimal(change.before.score),
        "after": decimal(change.after.score),
        "before_date": change.before.taken,
        "after_date": change.after.taken,
        "points": signed(change.points),
        "percent": signed(change.percent, 0) if change.percent is not None else "",
        "rci": signed(reliable.rci),
        "s_diff": decimal(reliable.s_diff),
        "beyond": reliable.beyond_error,
        "rise": change.points > 0,
        # Three places, so that √2 × SD × √(1 − r) as shown gives the S_diff shown.
        "sd": decimal(figures.reference.sd, 3),
        "reliability": decimal(figures.reference.reliability),
        "verified": figures.reference.verified,
    }


def _weeks(figures: Progress) -> list[dict[str, Any]]:
    goal = figures.goal_minutes * 7
    # What was done before any ratio: no share of the goal without a goal, for a week without
    # practice ("0%"), or before a second day of practice (a first short practice read "2%").
    ratios = bool(goal) and figures.days_practised >= 2
    return [
        {
            "number": number,
            "start": view.week_start,
            "formal": minutes(view.formal),
            "informal": minutes(view.informal),
            "total": minutes(view.total),
            "days": view.days_practised,
            "days_at_goal": view.days_at_goal,
            "share": minutes(100 * view.total / goal) if ratios and view.total else "",
        }
        for number, view in figures.weeks
    ]


def _wellbeing(figures: Progress) -> list[dict[str, Any]]:
    return [
        {
            "id": instrument_id,
            "name": rows[0].name,
            "low": minutes(rows[0].low),
            "high": minutes(rows[0].high),
            "rows": [
                {
                    "taken": row.taken,
                    "context": context_label(row.context) or _("On your own initiative"),
                    "total": decimal(row.total, 0 if row.total == int(row.total) else 2),
                    "band": row.band,
                }
                for row in rows
            ],
        }
        for instrument_id, rows in figures.wellbeing.items()
    ]


def _charts(figures: Progress, names: dict[str, str]) -> dict[str, Any]:
    def series(component: str, css: str) -> charts.Series:
        points = [(i.taken, i.scores.values[component] or 0.0) for i in figures.scs]
        return charts.Series(names.get(component, component), points, css)

    return {
        # The profile's chart of the assessments app, so the total looks the same everywhere.
        "total": mark_safe(
            shared_charts.line_chart(
                [
                    shared_charts.Point(
                        x=item.taken.toordinal(),
                        value=item.scores.values["total"] or 0.0,
                        label=chart_date(item.taken),
                        value_text=decimal(item.scores.values["total"] or 0.0),
                    )
                    for item in figures.scs
                ],
                minimum=1,
                maximum=5,
                title=_("Self-compassion over time"),
                description=_("Your total on the Self-Compassion Scale (1 to 5)."),
                chart_id="progress-total",
            )
        ),
        "kind": charts.line_chart(
            [series(c, f"chart-c{i}") for i, c in enumerate(KIND_SIDE)], 1, 5, _("Kind side")
        ),
        "harsh": charts.line_chart(
            [series(c, f"chart-c{i}") for i, c in enumerate(HARSH_SIDE)], 1, 5, _("Harsh side")
        ),
        "minutes": charts.bar_chart(
            [(str(n), v.formal, v.informal) for n, v in figures.weeks],
            figures.goal_minutes * 7,
            _("Practice minutes per week"),
            _("goal"),
        ),
        "dose": charts.scatter(
            [(p.minutes, p.change) for p in figures.pairs], _("Minutes and change")
        ),
    }
