"""The research export of a course: only research-consenting participants, under their code.

Written into a folder: ``long.csv`` (a row per participant and assessment point),
``wide.csv`` (a row per participant), the same two as SPSS ``.sav`` files with variable
labels, ``practice.csv`` (minutes per program week) and ``codebook.md``. Item answers are
as given; every score is recomputed by the core. Never a name, a date of birth, an e-mail
address, a date of an answer, or anything a person wrote in their own words.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response
from mildkracht.core.practices import schedule
from mildkracht.research.codebook import codebook
from mildkracht.research.score_job import variable_labels
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.courses.group_data import LAST_WEEK, scored_row
from mildkracht.web.courses.models import Course, Membership
from mildkracht.web.practice.models import PracticeSession
from mildkracht.web.program.clock import local_date
from mildkracht.web.program.history import program_scs

POINTS = schedule.ASSESSMENTS
FILES = ("long.csv", "wide.csv", "long.sav", "wide.sav", "practice.csv", "codebook.md")


@dataclass
class ExportData:
    course: Course
    instruments: list[str]
    codes: list[str]
    #: (code, point) → instrument → item number → answer
    answers: dict[tuple[str, str], dict[str, dict[int, int]]] = field(default_factory=dict)
    #: code → week → minutes
    minutes: dict[str, dict[int, float]] = field(default_factory=dict)


def consenting(course: Course) -> list[Membership]:
    rows = course.memberships.active().filter(consent_research=True)
    return list(rows.select_related("participant").order_by("research_code"))


def export_data(course: Course) -> ExportData:
    members = consenting(course)
    instruments = [
        name
        for name in ("scs", "compassion", "phq9", "gad7", "swls", "shs")
        if any(name in course.questionnaires_at(point) for point in POINTS)
    ]
    data = ExportData(course, instruments, [m.research_code for m in members])
    by_owner = {member.participant_id: member for member in members}
    _read_answers(data, by_owner)
    _read_minutes(data, by_owner)
    return data


def _read_answers(data: ExportData, by_owner: dict[int, Membership]) -> None:
    rows = (
        Assessment.objects.submitted()
        .filter(owner_id__in=by_owner, instrument_id__in=data.instruments)
        .order_by("submitted_at", "pk")
    )
    found: dict[tuple[int, str], list[Any]] = defaultdict(list)
    answers: dict[int, dict[int, int]] = {}
    for row in rows:
        scored = scored_row(row, by_owner[row.owner_id])
        if scored is not None:
            found[(row.owner_id, row.instrument_id)].append(scored)
            answers[row.pk] = row.item_answers
    for (owner_id, instrument_id), scored_list in found.items():
        code = by_owner[owner_id].research_code
        for point, chosen in program_scs(scored_list, data.course.schedule()).items():
            if instrument_id in data.course.questionnaires_at(point):
                data.answers.setdefault((code, point), {})[instrument_id] = answers[chosen.pk]


def _read_minutes(data: ExportData, by_owner: dict[int, Membership]) -> None:
    rows = PracticeSession.objects.filter(owner_id__in=by_owner)
    for owner_id, started_at, seconds in rows.values_list("owner_id", "started_at", "seconds"):
        member = by_owner[owner_id]
        week = (local_date(member.participant, started_at) - data.course.start).days // 7 + 1
        if 1 <= week <= LAST_WEEK:
            weeks = data.minutes.setdefault(member.research_code, {})
            weeks[week] = weeks.get(week, 0.0) + seconds / 60


def _columns(instrument_id: str) -> list[str]:
    instrument = get_instrument(instrument_id)
    items = [f"{instrument_id}_{number}" for number in instrument.item_numbers]
    return items + [f"{instrument_id}_{score.id}" for score in instrument.default_scores()]


def _values(instrument_id: str, answers: dict[int, int] | None) -> list[Any]:
    instrument = get_instrument(instrument_id)
    if answers is None:
        return [None] * len(_columns(instrument_id))
    scores = score_response(instrument, answers).values
    return [answers.get(number) for number in instrument.item_numbers] + [
        scores.get(score.id) for score in instrument.default_scores()
    ]


def long_rows(data: ExportData) -> tuple[list[str], list[list[Any]]]:
    header = ["code", "point"] + [c for i in data.instruments for c in _columns(i)]
    rows = []
    for code in data.codes:
        for point in POINTS:
            answered = data.answers.get((code, point))
            if answered:
                values = [v for i in data.instruments for v in _values(i, answered.get(i))]
                rows.append([code, point, *values])
    return header, rows


def wide_rows(data: ExportData) -> tuple[list[str], list[list[Any]]]:
    weeks = range(1, schedule.PROGRAM_DAYS // 7 + 1)
    header = ["code"]
    header += [f"{point}_{c}" for point in POINTS for i in data.instruments for c in _columns(i)]
    header += [f"minutes_week{week}" for week in weeks]
    rows = []
    for code in data.codes:
        row: list[Any] = [code]
        for point in POINTS:
            answered = data.answers.get((code, point), {})
            row += [v for i in data.instruments for v in _values(i, answered.get(i))]
        row += [round(data.minutes.get(code, {}).get(week, 0.0), 2) for week in weeks]
        rows.append(row)
    return header, rows


def practice_rows(data: ExportData) -> tuple[list[str], list[list[Any]]]:
    rows = [
        [code, week, round(minutes, 2)]
        for code in data.codes
        for week, minutes in sorted(data.minutes.get(code, {}).items())
    ]
    return ["code", "week", "minutes"], rows


def _labels(data: ExportData, lang: str) -> dict[str, str]:
    labels = {"code": "Research code (random, this course only)", "point": "Assessment point"}
    for instrument_id in data.instruments:
        instrument = get_instrument(instrument_id)
        labels.update(variable_labels(instrument, lang))
        for number in instrument.item_numbers:
            labels[f"{instrument_id}_{number}"] = (
                f"{instrument.short_names.get(lang)} item {number}"
            )
    return labels


def write_export(course: Course, folder: Path, lang: str = "en") -> list[Path]:
    """Write every file of the export into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    data = export_data(course)
    tables = {"long": long_rows(data), "wide": wide_rows(data)}
    for name, (header, rows) in {**tables, "practice": practice_rows(data)}.items():
        (folder / f"{name}.csv").write_text(_csv(header, rows), encoding="utf-8")
    labels = _labels(data, lang)
    for name, (header, rows) in tables.items():
        _write_sav(folder / f"{name}.sav", header, rows, labels, lang)
    (folder / "codebook.md").write_text(_codebook(data, lang), encoding="utf-8")
    return [folder / name for name in FILES]


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if value is None else value for value in row] for row in rows])
    return text.getvalue()


def _write_sav(
    path: Path, header: list[str], rows: list[list[Any]], labels: dict[str, str], lang: str
) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(rows, columns=header)
    for column in header:
        if column not in ("code", "point"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    wide_labels = {}
    for column in header:
        point, _, rest = column.partition("_")
        if point in POINTS and rest in labels:
            wide_labels[column] = f"{point}: {labels[rest]}"
        elif column.startswith("minutes_week"):
            wide_labels[column] = f"Minutes practised in program week {column[12:]}"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=[labels.get(column) or wide_labels.get(column) for column in header],
    )


def _codebook(data: ExportData, lang: str) -> str:
    parts = [
        f"# Research export of course {data.course.pk}",
        "",
        f"{len(data.codes)} participants who consented to research. `code` is a random code "
        "for one participant in this course only; it is not derived from who they are. No "
        "names, no dates, nothing a participant wrote in their own words.",
        "",
        "Files: long.csv / long.sav (a row per participant and assessment point), wide.csv / "
        "wide.sav (a row per participant, columns prefixed with the point), practice.csv "
        "(minutes per program week; week 1 starts on the course's first day).",
        "",
        "Assessment points: " + ", ".join(POINTS) + " (start, week 8, 3, 6 and 12 months "
        "after the start). Item answers as given; scores recomputed by Mildkracht's core.",
        "",
    ]
    for instrument_id in data.instruments:
        instrument = get_instrument(instrument_id)
        parts += [
            f"## {instrument.names.get(lang)}",
            "",
            "```",
            codebook(instrument, lang),
            "```",
            "",
        ]
    return "\n".join(parts)


def zip_export(course: Course, folder: Path, lang: str = "en") -> bytes:
    paths = write_export(course, folder, lang)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, arcname=path.name)
    return buffer.getvalue()
