"""`mildkracht change` as a researcher uses it: long-form data in, a group's change out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mildkracht.cli import main
from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.progress_report import SCS_TOTAL_REFERENCE
from mildkracht.core.stats.group_change import ReliableChangeReference, group_change
from mildkracht.research.change_job import KEYS

SCS = get_instrument("scs")
ITEMS = [f"scs_{number}" for number in SCS.item_numbers]

# Whole totals (every answer a whole number); changes 1, 0, 1, 2 and -1.
PEOPLE = {
    "p1": (2.0, 3.0, "120"),
    "p2": (3.0, 3.0, "30"),
    "p3": (3.0, 4.0, "300"),
    "p4": (1.0, 3.0, "300"),
    "p5": (4.0, 3.0, ""),
}


def answers_for(total: float) -> list[str]:
    """SCS answers whose total is ``total``: positive items at it, negative items reversed."""
    return [f"{6 - total if SCS.item(n).reverse else total:g}" for n in SCS.item_numbers]


def long_file(
    tmp_path: Path, people: dict[str, tuple[float, float, str]] = PEOPLE, extra: str = ""
) -> Path:
    lines = [",".join(["person", "time", "minutes", *ITEMS])]
    for person, (before, after, minutes) in people.items():
        lines.append(",".join([person, "baseline", "", *answers_for(before)]))
        lines.append(",".join([person, "week8", minutes, *answers_for(after)]))
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def change(path: Path, *options: str) -> int:
    arguments = ["--instrument", "scs", "--id", "person", "--time", "time"]
    return main(["change", str(path), *arguments, "--from", "baseline", "--to", "week8", *options])


def change_json(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> dict[str, Any]:
    assert change(path, "--json", *options) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def test_json_has_the_stable_keys_for_the_total_and_every_subscale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = change_json(long_file(tmp_path), capsys, "--minutes", "minutes")
    assert report["instrument"] == "scs"
    assert report["people_with_both"] == 5
    assert {"total", "self_kindness", "self_judgment", "mindfulness"} <= set(report["scores"])
    for figures in report["scores"].values():
        assert list(figures) == [*KEYS, "reliable_change_reference"]


def test_the_total_s_figures_are_the_core_s_on_the_scored_totals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    total = change_json(long_file(tmp_path), capsys, "--minutes", "minutes")["scores"]["total"]
    reference = ReliableChangeReference(SCS_TOTAL_REFERENCE.sd, SCS_TOTAL_REFERENCE.reliability)
    expected = group_change(
        [before for before, _, _ in PEOPLE.values()],
        [after for _, after, _ in PEOPLE.values()],
        reference=reference,
        minutes=[float(m) if m else float("nan") for _, _, m in PEOPLE.values()],
    )
    assert total["n"] == 5
    assert total["mean_change"] == pytest.approx(expected.mean_change)
    assert total["percent_change"] == pytest.approx(expected.percent_change)
    assert expected.test is not None and total["t"] == pytest.approx(expected.test.t)
    assert total["df"] == 4
    assert expected.effect_size is not None
    assert total["d_z_ci"] == pytest.approx(
        [expected.effect_size.interval.lower, expected.effect_size.interval.upper]
    )
    # Beyond 0.48 points: p1, p3 and p4 rose, p5 fell, p2 stayed: 3 improved, 1 declined.
    assert (total["improved"], total["unchanged"], total["declined"]) == (3, 1, 1)
    assert total["spearman_n"] == 4  # p5's minutes are unknown


def test_reliable_change_is_null_where_no_reference_is_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scores = change_json(long_file(tmp_path), capsys)["scores"]
    assert scores["total"]["reliable_change_reference"]["reliability"] == 0.92
    for name in ("self_kindness", "isolation", "total_sum"):
        assert scores[name]["reliable_change_reference"] is None
        assert scores[name]["improved"] is None and scores[name]["declined"] is None


def test_without_minutes_the_spearman_figures_are_null(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    total = change_json(long_file(tmp_path), capsys)["scores"]["total"]
    assert total["spearman_rho"] is None and total["spearman_n"] is None


def test_people_with_one_time_point_and_other_time_points_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = (
        ",".join(["p6", "baseline", "", *answers_for(2.0)])
        + "\n"
        + ",".join(["p1", "week4", "", *answers_for(5.0)])
        + "\n"
    )
    report = change_json(long_file(tmp_path, extra=extra), capsys)
    assert report["people_with_both"] == 5
    assert report["scores"]["total"]["mean_from"] == pytest.approx(2.6)


def test_an_unanswered_item_leaves_that_person_out_of_that_score_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = long_file(tmp_path)
    lines = path.read_text().splitlines()
    cells = lines[2].split(",")  # p1 at week8
    cells[3 + ITEMS.index("scs_5")] = ""  # a self-kindness item
    lines[2] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    scores = change_json(path, capsys)["scores"]
    assert scores["self_kindness"]["n"] == 4
    assert scores["total"]["n"] == 4
    assert scores["self_judgment"]["n"] == 5


def test_the_text_report_names_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert change(long_file(tmp_path), "--minutes", "minutes") == 0
    out = capsys.readouterr().out
    assert "Change in scs from 'baseline' to 'week8' (5 people with both)" in out
    assert "total (n = 5)" in out
    assert "paired t(4) = " in out
    assert "Cohen's d_z = " in out
    assert "reliable change: 3 improved, 1 within measurement error, 1 declined" in out
    assert "reliable change: no published reference for this score" in out
    assert "Spearman's rho = " in out and "n = 4" in out


def bad_input(path: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert change(path, *options) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_second_row_for_a_person_and_time_point_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ",".join(["p2", "week8", "", *answers_for(3.0)]) + "\n"
    message = bad_input(long_file(tmp_path, extra=extra), capsys)
    assert "long.csv: row 12, column 'person': 'p2' has a second row for time 'week8'" in message
    assert "(the first is row 5)" in message


def test_a_missing_id_or_time_column_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = long_file(tmp_path)
    arguments = ["--instrument", "scs", "--id", "code", "--time", "wave"]
    assert main(["change", str(path), *arguments, "--from", "baseline", "--to", "week8"]) == 2
    message = capsys.readouterr().err
    assert "no column named --id 'code', --time 'wave'" in message
    assert "person, time, minutes" in message


def test_an_unknown_time_value_is_named_with_the_values_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = long_file(tmp_path)
    arguments = ["--instrument", "scs", "--id", "person", "--time", "time"]
    assert main(["change", str(path), *arguments, "--from", "baseline", "--to", "week 8"]) == 2
    message = capsys.readouterr().err
    assert "column 'time' has no rows for --to 'week 8'; its values are 'baseline', 'week8'" in (
        message
    )


def test_minutes_that_are_not_a_number_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = {**PEOPLE, "p3": (3.0, 4.0, "an hour")}
    message = bad_input(long_file(tmp_path, people), capsys, "--minutes", "minutes")
    assert "row 7, column 'minutes': 'an hour' is not a number of minutes" in message


def test_fewer_than_two_pairs_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = bad_input(long_file(tmp_path, {"p1": PEOPLE["p1"]}), capsys)
    assert "only 1 people have rows for both 'baseline' and 'week8'" in message


def test_an_answer_off_the_scale_is_named_as_score_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = long_file(tmp_path)
    text = path.read_text().replace("p3,week8,300,2,", "p3,week8,300,7,", 1)
    path.write_text(text)
    message = bad_input(path, capsys)
    assert "row 7, column 'scs_1': '7' is not a whole number from 1..5" in message


def test_an_empty_id_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = ",".join(["", "week8", "", *answers_for(3.0)]) + "\n"
    message = bad_input(long_file(tmp_path, extra=extra), capsys)
    assert "row 12, column 'person': '' is empty: every row needs an id" in message


def test_an_spss_file_with_numbered_people_and_time_points_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd
    import pyreadstat

    frame = pd.read_csv(long_file(tmp_path))
    frame["person"] = frame["person"].str[1:].astype(float)
    frame["time"] = frame["time"].map({"baseline": 0.0, "week8": 8.0})
    path = tmp_path / "long.sav"
    pyreadstat.write_sav(frame, str(path))
    arguments = ["--instrument", "scs", "--id", "person", "--time", "time", "--json"]
    assert main(["change", str(path), *arguments, "--from", "0", "--to", "8"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["people_with_both"] == 5
    assert report["scores"]["total"]["mean_change"] == pytest.approx(0.6)


def test_the_compassion_scale_s_change_has_no_reliable_change_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    compassion = get_instrument("compassion")
    items = [f"compassion_{number}" for number in compassion.item_numbers]
    lines = [",".join(["person", "time", *items])]
    for person, (before, after) in {"a": (2, 3), "b": (3, 3), "c": (2, 4)}.items():
        for time, total in (("t0", before), ("t1", after)):
            answers = [
                str(6 - total if compassion.item(n).reverse else total) for n in range(1, 25)
            ]
            lines.append(",".join([person, time, *answers]))
    path = tmp_path / "compassion.csv"
    path.write_text("\n".join(lines) + "\n")
    arguments = ["--instrument", "compassion", "--id", "person", "--time", "time", "--json"]
    assert main(["change", str(path), *arguments, "--from", "t0", "--to", "t1"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    assert list(scores) == [
        "kindness",
        "indifference",
        "common_humanity",
        "separation",
        "mindfulness",
        "disengagement",
        "total",
    ]
    assert scores["total"]["mean_change"] == pytest.approx(1.0)
    assert all(figures["reliable_change_reference"] is None for figures in scores.values())
