"""The printable report as a PDF (fpdf2): profile and progress, in tables and simple charts."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from mildkracht.web.accounts.models import User
from mildkracht.web.formatting import chart_date
from mildkracht.web.middleware import keep_private
from mildkracht.web.pdf import Report, heading, latin1, paragraph, text_table
from mildkracht.web.program.page_figures import progress_context


def report_response(user: User, today: date, lang: str, include_wellbeing: bool) -> HttpResponse:
    response = HttpResponse(build_report(user, today, lang, include_wellbeing), "application/pdf")
    # No name, no date of birth, nothing personal in the file name; the day it was made, and
    # whether it holds the well-being questionnaires, so that two downloads differ.
    name = "mildkracht-progress-wellbeing" if include_wellbeing else "mildkracht-progress"
    response["Content-Disposition"] = f'attachment; filename="{name}-{today.isoformat()}.pdf"'
    return keep_private(response)


def build_report(user: User, today: date, lang: str, include_wellbeing: bool) -> bytes:
    data = progress_context(user, today, lang)
    pdf = Report(format="A4")
    pdf.set_title("Mildkracht")
    pdf.set_creator("Mildkracht")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    heading(pdf, _("My progress with Mildkracht"), 16)
    paragraph(pdf, _("Made on %(date)s.") % {"date": date_format(today, "j F Y")})
    _profile(pdf, data)
    _change(pdf, data)
    _practice(pdf, data)
    _dose(pdf, data)
    if include_wellbeing:
        _wellbeing(pdf, data)
    paragraph(
        pdf,
        _(
            "Mildkracht does not make diagnoses. These figures are for your own reflection. "
            "If things are not going well, please reach out: the numbers are at the bottom "
            "of each page."
        ),
    )
    return bytes(pdf.output())


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def _profile(pdf: FPDF, data: dict[str, Any]) -> None:
    heading(pdf, _("Self-compassion over time"))
    if not data["rows"]:
        paragraph(pdf, _("No Self-Compassion Scale filled in yet."))
        return
    # One column per assessment, one row per score: the names fit, the dates line up.
    header = [""] + [_day(r["taken"]) for r in data["rows"]]
    rows = [[_("Moment")] + [r["context"] for r in data["rows"]]]
    rows.append([_("Total")] + [r["total"] for r in data["rows"]])
    for index, name in enumerate(data["component_names"]):
        rows.append([name] + [r["components"][index] for r in data["rows"]])
    text_table(pdf, header, rows)
    scs = data["p"].scs
    _line_chart(pdf, [item.scores.values["total"] or 0.0 for item in scs], [i.taken for i in scs])


def _line_chart(pdf: FPDF, values: list[float], days: list[date]) -> None:
    """The total on its 1-5 scale, as points joined by lines."""
    if len(values) < 2:
        return
    left, top, width, height = pdf.l_margin + 10, pdf.get_y() + 2, 120, 40
    if top + height > pdf.h - 30:
        pdf.add_page()
        top = pdf.get_y() + 2
    pdf.set_draw_color(180, 180, 180)
    pdf.set_font("Helvetica", size=7)
    for level in range(1, 6):
        y = top + height * (5 - level) / 4
        pdf.line(left, y, left + width, y)
        pdf.text(left - 5, y + 1, str(level))
    pdf.set_draw_color(60, 90, 140)
    pdf.set_line_width(0.6)
    step = width / (len(values) - 1)
    points = [(left + i * step, top + height * (5 - v) / 4) for i, v in enumerate(values)]
    for (x1, y1), (x2, y2) in itertools.pairwise(points):
        pdf.line(x1, y1, x2, y2)
    pdf.set_font("Helvetica", size=6)
    for (x, y), day in zip(points, days, strict=True):
        pdf.circle(x=x, y=y, radius=1.2, style="F")
        pdf.text(x - 6, top + height + 4, latin1(chart_date(day)))
    pdf.set_line_width(0.2)
    pdf.set_y(top + height + 8)


def _change(pdf: FPDF, data: dict[str, Any]) -> None:
    change = data["change"]
    heading(pdf, _("Change since your starting point"))
    if change is None:
        paragraph(pdf, _("After your next questionnaire you will see here what has changed."))
        return
    text_table(
        pdf,
        [_("From"), _("To"), _("Change in points"), _("Change in per cent"), _("RCI")],
        [
            [
                f"{change['before']} ({_day(change['before_date'])})",
                f"{change['after']} ({_day(change['after_date'])})",
                change["points"],
                f"{change['percent']}%" if change["percent"] else "-",
                change["rci"],
            ]
        ],
    )
    if change["beyond"]:
        paragraph(pdf, _("This change is larger than measurement error alone could cause."))
    else:
        paragraph(pdf, _("This change is within what measurement error alone could cause."))
    if data["components"]:
        text_table(
            pdf,
            [_("Component"), _("Then"), _("Now"), _("Change")],
            [[c["name"], c["before"], c["after"], c["points"]] for c in data["components"]],
        )


def _practice(pdf: FPDF, data: dict[str, Any]) -> None:
    heading(pdf, _("Practice minutes per week"))
    goal = data["weekly_goal"]
    if goal:
        paragraph(pdf, _("Weekly goal: %(minutes)s minutes.") % {"minutes": goal})
    else:
        paragraph(pdf, _("Practice without a goal: every minute counts."))
    header = [_("Week"), _("Formal"), _("Informal"), _("Total"), _("Days")]
    rows = [
        [str(w["number"]), w["formal"], w["informal"], w["total"], str(w["days"])]
        for w in data["weeks"]
    ]
    if goal:
        header.append(_("Share of the goal"))
        for row, week in zip(rows, data["weeks"], strict=True):
            row.append(f"{week['share']}%" if week["share"] else "-")
    text_table(pdf, header, rows)


def _dose(pdf: FPDF, data: dict[str, Any]) -> None:
    heading(pdf, _("Practice and change together"))
    if data["pairs"]:
        text_table(
            pdf,
            [_("From"), _("To"), _("Minutes practised"), _("Change")],
            [[_day(p["from"]), _day(p["to"]), p["minutes"], p["change"]] for p in data["pairs"]],
        )
    relation = data["p"].relation
    if relation.enough and data["relation_r"]:
        paragraph(
            pdf,
            _("Across your %(n)s periods, minutes and change correlate r = %(r)s.")
            % {"n": relation.n, "r": data["relation_r"]},
        )
    else:
        paragraph(
            pdf,
            _(
                "A relation between practice and change needs at least %(count)s periods "
                "between questionnaires; there are %(n)s so far."
            )
            % {"count": data["min_pairs"], "n": relation.n},
        )
    trial = data["trial"]
    paragraph(
        pdf,
        _(
            "For comparison, in words: in a published trial (Neff and Germer, 2013, Journal "
            "of Clinical Psychology 69(1), 28-44), %(program)s adults from the community, "
            "mostly women with an average age of about 51, took an 8-week Mindful "
            "Self-Compassion course, and %(waitlist)s others waited for their turn. In the "
            "course group, self-compassion rose by about %(percent)s%%; the gains were still "
            "there 6 months and 1 year later, and those who practised more gained more. That "
            "group is not you, and its result is not a target."
        )
        % {
            "program": trial.program_participants,
            "waitlist": trial.waitlist_participants,
            "percent": data["trial_percent"],
        },
    )


def _wellbeing(pdf: FPDF, data: dict[str, Any]) -> None:
    if not data["wellbeing"]:
        return
    heading(pdf, _("Well-being (for your own reflection)"))
    for measure in data["wellbeing"]:
        paragraph(pdf, f"{measure['name']} ({measure['low']}-{measure['high']})")
        text_table(
            pdf,
            [_("Date"), _("Score"), _("The authors' range")],
            [[_day(r["taken"]), r["total"], r["band"] or "-"] for r in measure["rows"]],
        )
