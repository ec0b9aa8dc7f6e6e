"""The printable course report (fpdf2): the same group figures as the course page, in words.

Only released figures (releases.py) appear, exactly as on the page; a withheld figure says
why. No name of a participant is in it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from mildkracht.core.group_privacy import MIN_GROUP
from mildkracht.web.courses.dashboard import Dashboard, Table
from mildkracht.web.courses.releases import Shown
from mildkracht.web.courses.templatetags.course_tags import interval, p_value, percent
from mildkracht.web.formatting import score_text, signed_text, whole_text
from mildkracht.web.middleware import keep_private
from mildkracht.web.pdf import Report, heading, paragraph, text_table


def report_response(board: Dashboard) -> HttpResponse:
    response = HttpResponse(build_report(board), "application/pdf")
    name = f"mildkracht-course-{board.course.pk}-{board.today.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return keep_private(response)


def build_report(board: Dashboard) -> bytes:
    pdf = Report(format="A4")
    pdf.set_title("Mildkracht")
    pdf.set_creator("Mildkracht")
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    course = board.course
    heading(pdf, course.name, 16)
    paragraph(
        pdf,
        _("Course report of %(day)s. Eight weeks from %(start)s.")
        % {"day": date_format(board.today, "j F Y"), "start": date_format(course.start, "j F Y")},
    )
    paragraph(
        pdf,
        _(
            "Figures of the whole group, never of one person, and only with at least %(min)s "
            "people in them: %(count)s members agreed to be counted. A figure stays as it was "
            "shown until the people behind it change by at least %(min)s, so that no one's "
            "answers can be worked out from two reports."
        )
        % {"min": MIN_GROUP, "count": board.members},
    )
    heading(pdf, _("Questionnaires"))
    for table in board.scores:
        _scores(pdf, table)
    for table in board.changes:
        _change(pdf, table)
    _practice(pdf, board)
    _attendance(pdf, board)
    return bytes(pdf.output())


def _withheld(shown: Shown) -> str:
    if shown.state == "too_few":
        return _(
            "Not enough people yet: a figure is shown once at least %(min)s people who "
            "agreed to be counted are in it."
        ) % {"min": MIN_GROUP}
    return _(
        "Held back to keep answers private: the people in it differ from a figure shown "
        "before by fewer than %(min)s."
    ) % {"min": MIN_GROUP}


def _scores(pdf: FPDF, table: Table) -> None:
    heading(pdf, f"{table.name}: {table.label}", 11)
    if not table.shown.visible:
        paragraph(pdf, _withheld(table.shown))
        return
    rows = [[r["name"], r["n"], score_text(r["mean"]), score_text(r["sd"])] for r in table.rows]
    text_table(pdf, [_("Score"), "n", _("Mean"), "SD"], rows)


def _change(pdf: FPDF, table: Table) -> None:
    heading(
        pdf,
        _("Change in the %(name)s: from the start to %(label)s")
        % {"name": table.name, "label": table.label},
        11,
    )
    if not table.shown.visible:
        paragraph(pdf, _withheld(table.shown))
        return
    for row in table.rows:
        if row["id"] == "total":
            paragraph(
                pdf,
                _(
                    "For the %(n)s people who answered both times, the group's mean went from "
                    "%(start)s to %(end)s: a change of %(change)s points (95 %% confidence "
                    "interval %(ci)s), or %(pct)s of the starting mean."
                )
                % {
                    "n": row["n"],
                    "start": score_text(row["mean_from"]),
                    "end": score_text(row["mean_to"]),
                    "change": signed_text(row["mean_change"]),
                    "ci": interval(row["mean_change_ci"]),
                    "pct": percent(row["percent_change"]),
                },
            )
    header = [
        _("Score"),
        "n",
        _("Start"),
        _("Now"),
        _("Change (95 % CI)"),
        "%",
        "t (df), p",
        "d_z (95 % CI)",
        _("Better / same / worse"),
        "rho (95 % CI), n",
    ]
    text_table(pdf, header, [_change_row(row) for row in table.rows])
    paragraph(
        pdf,
        _(
            "Change: the mean of each person's later score minus their first, with its "
            "confidence interval (95 %). t, df and p: the paired t-test. d_z: the change in "
            "standard deviations of the changes. Better / same / worse: changes beyond "
            "measurement error (reliable change index), where a published reference exists. "
            "rho: Spearman's correlation between minutes practised and change."
        ),
    )


def _change_row(row: dict[str, Any]) -> list[str]:
    test = (
        f"{score_text(row['t'])} ({row['df']}), {p_value(row['p'])}"
        if row["t"] is not None
        else "-"
    )
    effect = (
        f"{score_text(row['d_z'])} ({interval(row['d_z_ci'])})" if row["d_z"] is not None else "-"
    )
    counts = (
        f"{row['improved']} / {row['unchanged']} / {row['declined']}"
        if row["improved"] is not None
        else "-"
    )
    rho = (
        f"{score_text(row['spearman_rho'])} ({interval(row['spearman_ci'])}), {row['spearman_n']}"
        if row["spearman_rho"] is not None
        else "-"
    )
    return [
        row["name"],
        str(row["n"]),
        score_text(row["mean_from"]),
        score_text(row["mean_to"]),
        f"{signed_text(row['mean_change'])} ({interval(row['mean_change_ci'])})",
        percent(row["percent_change"]),
        test,
        effect,
        counts,
        rho,
    ]


def _practice(pdf: FPDF, board: Dashboard) -> None:
    heading(pdf, _("Practice per week"))
    rows = []
    for week, shown in board.practice:
        if shown.numbers is None:
            rows.append([str(week), "-", "-", _withheld(shown).split(":")[0]])
            continue
        numbers = shown.numbers
        spread = (
            f"{whole_text(numbers['median'])} ({whole_text(numbers['lower'])}-"
            f"{whole_text(numbers['upper'])})"
        )
        rows.append([str(week), str(numbers["n"]), str(numbers["practising"]), spread])
    if rows:
        text_table(pdf, [_("Week"), "n", _("Practised"), _("Median (middle half)")], rows)
    paragraph(
        pdf,
        _(
            "Minutes practised per person in each week of the program. Half of the people "
            "practised more than the median, half less; the middle half lies between the "
            "two numbers in brackets."
        ),
    )


def _attendance(pdf: FPDF, board: Dashboard) -> None:
    heading(pdf, _("Attendance, as participants report it"))
    rows = []
    for number, starts, shown in board.attendance:
        day = date_format(starts, "j F Y")
        if shown.numbers is None:
            rows.append([str(number), day, _withheld(shown).split(":")[0]])
        else:
            rows.append([str(number), day, _("%(present)s of %(n)s") % shown.numbers])
    if rows:
        text_table(pdf, [_("Session"), _("Date"), _("Say they were there")], rows)
