"""`mildkracht score` as a researcher uses it: formats, options and every kind of bad input."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mildkracht.cli import main

REFERENCE = Path(__file__).parents[1] / "core" / "instruments" / "reference"
ANSWERS = REFERENCE / "scs_answers.csv"


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def score(*arguments: str | Path) -> int:
    return main(["score", *map(str, arguments)])


def r_reference() -> dict[str, dict[str, str]]:
    with (REFERENCE / "scs_scored_by_r.csv").open() as handle:
        return {row["id"]: {k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)}


def test_it_scores_a_csv_file_to_a_csv_file_like_the_r_reference(tmp_path: Path) -> None:
    output = tmp_path / "scored.csv"
    assert score(ANSWERS, "--instrument", "scs", "-o", output) == 0
    rows = read_csv(output.read_text())
    reference = r_reference()
    assert len(rows) == len(reference)
    for row in rows:
        expected = reference[row["id"]]
        for key in ("scs_total", "scs_self_judgment", "scs_total_sum", "scs_rus"):
            mine = float(row[key]) if row[key] else np.nan
            theirs = float(expected[key]) if expected[key] not in ("", "NA") else np.nan
            assert np.isclose(mine, theirs, atol=1e-12, equal_nan=True), (row["id"], key)
        assert row["scs_band"] == ("" if expected["scs_band"] == "NA" else expected["scs_band"])


def test_output_columns_are_the_other_columns_then_the_scores(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "code;age;" + ";".join(f"scs_{n}" for n in range(1, 27)) + ";note\n"
        "007;41;" + ";".join(["3"] * 26) + ';says "hi", twice\n',
        encoding="utf-8",
    )
    output = tmp_path / "out.csv"
    assert score(source, "--instrument", "scs", "-o", output) == 0
    header, row = output.read_text().splitlines()
    assert header.split(",")[:3] == ["code", "age", "note"]
    assert header.split(",")[3:] == [
        "scs_self_kindness",
        "scs_self_judgment",
        "scs_common_humanity",
        "scs_isolation",
        "scs_mindfulness",
        "scs_over_identification",
        "scs_total",
        "scs_total_item_mean",
        "scs_total_sum",
        "scs_cs",
        "scs_rus",
        "scs_band",
    ]
    assert row.startswith('007,41,"says ""hi"", twice",3,3,3,3,3,3,3,3,78,3,3,moderate')


def test_without_an_output_file_csv_goes_to_stdout(capfdbinary: pytest.CaptureFixture) -> None:
    assert score(ANSWERS, "--instrument", "scs") == 0
    out = capfdbinary.readouterr().out.decode()
    assert out.startswith("id,scs_self_kindness")
    assert len(out.splitlines()) == 306


def test_a_prefix_and_a_mapping_file_find_other_column_names(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Q1,Q2\n", encoding="utf-8")
    source.write_text(",".join(f"Q{n}" for n in range(1, 7)) + "\n5,1,4,2,1,3\n")
    assert score(source, "--instrument", "sscs_s", "--prefix", "Q", "-o", tmp_path / "a.csv") == 0
    mapping = tmp_path / "map.csv"
    mapping.write_text("item,column\n" + "".join(f"{n},Q{n}\n" for n in range(1, 7)))
    assert (
        score(source, "--instrument", "sscs_s", "--columns", mapping, "-o", tmp_path / "b.csv") == 0
    )
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    assert read_csv((tmp_path / "a.csv").read_text())[0]["sscs_s_total"] == str(26 / 6)[:14]


def test_prorating_fills_a_score_with_one_missing_item(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    assert score(ANSWERS, "--instrument", "scs", "--prorate", "0.25", "-o", output) == 0
    rows = {row["id"]: row for row in read_csv(output.read_text())}
    assert rows["p006"]["scs_self_kindness"] != ""
    assert rows["p006"]["scs_total"] != ""


def test_it_reads_excel_and_spss_and_writes_spss_with_labels(tmp_path: Path) -> None:
    import openpyxl
    import pandas as pd
    import pyreadstat

    frame = pd.read_csv(ANSWERS)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([None if isinstance(v, float) and np.isnan(v) else v for v in values])
    workbook.save(tmp_path / "in.xlsx")
    pyreadstat.write_sav(frame, str(tmp_path / "in.sav"))

    assert score(tmp_path / "in.xlsx", "--instrument", "scs", "-o", tmp_path / "x.csv") == 0
    assert score(tmp_path / "in.sav", "--instrument", "scs", "-o", tmp_path / "s.sav") == 0
    from_excel = pd.read_csv(tmp_path / "x.csv")
    from_spss, meta = pyreadstat.read_sav(str(tmp_path / "s.sav"))
    assert np.allclose(from_excel["scs_total"], from_spss["scs_total"], equal_nan=True)
    assert "Self-compassion (total)" in meta.column_names_to_labels["scs_total"]


BAD_INPUTS = [
    # (file content, arguments, words the message must hold)
    ("", [], ["empty"]),
    ("id,scs_1\n1,3\n", [], ["missing item column", "scs_2", "--prefix"]),
    (
        "id,id," + ",".join(f"scs_{n}" for n in range(1, 27)) + "\n1,2," + "3," * 25 + "3\n",
        [],
        ["'id' appears 2 times"],
    ),
    (",".join(f"scs_{n}" for n in range(1, 27)) + "\n", [], ["no rows"]),
    (
        ",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + ",".join(["3"] * 25 + ["7"]) + "\n",
        [],
        ["row 2", "scs_26", "'7'", "1..5"],
    ),
    (
        ",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + ",".join(["3"] * 25 + ["vaak"]) + "\n",
        [],
        ["row 2", "scs_26", "'vaak'", "not a number"],
    ),
    (
        ",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + ",".join(["3"] * 25 + ["2.5"]) + "\n",
        [],
        ["row 2", "scs_26", "'2.5'"],
    ),
    ("a,b\n1,2\n", ["--instrument", "nope"], ["unknown instrument 'nope'", "scs"]),
]


@pytest.mark.parametrize(("content", "arguments", "words"), BAD_INPUTS)
def test_bad_input_gets_one_clear_message_exit_2_and_no_output(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    arguments: list[str],
    words: list[str],
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    output = tmp_path / "out.csv"
    instrument = [] if "--instrument" in arguments else ["--instrument", "scs"]
    assert score(source, *instrument, *arguments, "-o", output) == 2
    message = capsys.readouterr().err
    for word in words:
        assert word in message
    assert "in.csv" in message or "unknown instrument" in message
    assert list(tmp_path.iterdir()) == [source]  # no output, no temporary file


def test_many_problems_show_ten_and_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    lines = [",".join(f"scs_{n}" for n in range(1, 27))]
    lines += [",".join(["9"] * 26)] * 2
    source.write_text("\n".join(lines) + "\n")
    assert score(source, "--instrument", "scs", "-o", tmp_path / "out.csv") == 2
    message = capsys.readouterr().err
    assert "52 problems" in message
    assert "... and 42 more" in message
    assert message.count("row ") == 10


def test_a_bad_value_deep_in_a_long_file_leaves_an_existing_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    rows = [",".join(["3"] * 26)] * 200_000 + [",".join(["3"] * 25 + ["x"])]
    source.write_text(",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + "\n".join(rows) + "\n")
    output = tmp_path / "out.csv"
    output.write_text("previous results\n")
    assert score(source, "--instrument", "scs", "-o", output) == 2
    assert "row 200002" in capsys.readouterr().err
    assert output.read_text() == "previous results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_a_file_that_is_not_utf8_gets_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    header = "naam," + ",".join(f"scs_{n}" for n in range(1, 27))
    source.write_bytes((header + "\nJosé," + ",".join(["3"] * 26) + "\n").encode("cp1252"))
    assert score(source, "--instrument", "scs", "-o", tmp_path / "out.csv") == 2
    assert "--encoding cp1252" in capsys.readouterr().err
    assert (
        score(source, "--instrument", "scs", "--encoding", "cp1252", "-o", tmp_path / "out.csv")
        == 0
    )
    assert (tmp_path / "out.csv").read_text().splitlines()[1].startswith("José,")


def test_a_row_with_too_many_fields_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        ",".join(f"scs_{n}" for n in range(1, 27)) + "\n" + ",".join(["3"] * 27) + "\n"
    )
    assert score(source, "--instrument", "scs", "-o", tmp_path / "out.csv") == 2
    assert "27 fields" in capsys.readouterr().err


def test_it_runs_as_a_module_and_as_a_console_script() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "mildkracht", "instruments"], capture_output=True, text=True
    )
    assert completed.returncode == 0
    assert "scs" in completed.stdout


def test_answer_columns_are_read_from_arrow_buffers_exactly():
    """Slices (an offset into the buffers), several chunks and missing answers, against
    Arrow's own conversion."""
    import pyarrow as pa

    from mildkracht.research.tabular import _fill_floats

    values = [1, None, 3, 4, 5, None, 2, 2, 1, 5, None, 3, 4]
    for arrow_type in (pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.float64()):
        whole = pa.array(values, type=arrow_type)
        column = pa.chunked_array([whole.slice(3, 5), whole.slice(0, 2), whole.slice(9)])
        out = np.empty(len(column))
        _fill_floats(column, out)
        expected = column.to_numpy(zero_copy_only=False).astype(float)
        np.testing.assert_array_equal(out, expected)


def test_scoring_a_csv_file_leaves_pandas_unloaded(tmp_path):
    """pyarrow loads pandas (0.2 s) when asked to convert columns to or from numpy its way;
    the score command builds and reads its columns itself."""
    output = tmp_path / "scored.csv"
    code = (
        "import sys; from mildkracht.cli import main; "
        f"status = main(['score', {str(ANSWERS)!r}, '--instrument', 'scs', '--keep-items', "
        f"'-o', {str(output)!r}]); "
        "print('pandas' in sys.modules); sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert output.exists()
