"""`mildkracht instruments`, `codebook` and `reliability` as a researcher uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mildkracht.cli import main

ANSWERS = Path(__file__).parents[1] / "core" / "instruments" / "reference" / "scs_answers.csv"


def test_instruments_lists_every_instrument(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["instruments", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for instrument_id in ("scs", "scs_sf", "sscs_l", "sscs_s", "phq9", "dass21"):
        assert f"\n{instrument_id} " in f"\n{out}"


def test_instruments_show_prints_items_keys_and_citation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["instruments", "show", "scs", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Neff, K. D. (2003)" in out
    assert "1 R I'm disapproving and judgmental about my own flaws and inadequacies." in out
    assert "self_judgment (negative): items 1, 8, 11, 16, 21" in out


def test_instruments_show_says_when_dutch_is_our_translation(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["instruments", "show", "scs"]) == 0
    assert "our own translation" in capsys.readouterr().out


def test_an_unknown_instrument_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["instruments", "show", "xyz"]) == 2
    assert "unknown instrument 'xyz'" in capsys.readouterr().err


def test_codebook_lists_every_output_variable_with_its_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["codebook", "--instrument", "scs"]) == 0
    out = capsys.readouterr().out
    assert "scs_total_sum" in out and "26–130" in out
    assert "scs_band" in out and "moderate from 2.5" in out
    assert "a value on a boundary belongs to the higher band" in out


def test_reliability_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reliability", str(ANSWERS), "--instrument", "scs", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["instrument"] == "scs"
    assert report["n"] == 303  # 305 rows, two with an unanswered item
    assert next(iter(report["scales"])) == "total"
    assert report["scales"]["total"]["k"] == 26
    assert 0.9 < report["scales"]["total"]["alpha"] < 1
    assert {"alpha", "omega_total", "std_alpha", "items"} <= set(report["scales"]["self_kindness"])
    assert "total_sum" not in report["scales"]  # the same keyed items as the total


def test_reliability_reverses_negative_items_in_the_total(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["reliability", str(ANSWERS), "--instrument", "scs", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["scales"]["total"]["items"]
    names = {item["item"] for item in items}
    assert "scs_1 (R)" in names and "scs_5" in names
    assert all(item["r_drop"] > 0 for item in items)


def test_reliability_of_bad_input_names_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + "3," * 25 + "8\n")
    assert main(["reliability", str(source), "--instrument", "scs"]) == 2
    assert "row 2, column 'scs_26'" in capsys.readouterr().err


def test_the_progress_bar_stays_silent_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mildkracht.commands import ProgressBar

    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 6_000_000)
    bar = ProgressBar.for_file(big)
    bar(0.5)
    bar.clear()
    assert not bar.enabled
    assert capsys.readouterr().err == ""


def test_the_progress_bar_draws_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from mildkracht.commands import ProgressBar

    bar = ProgressBar(enabled=True)
    bar(0.5)
    bar.clear()
    err = capsys.readouterr().err
    assert "[###############...............]  50%" in err
    assert err.endswith("\r")
