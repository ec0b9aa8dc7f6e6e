"""Benchmark `mildkracht score` on 1,000,000 synthetic SCS respondents (issue 2, part 6).

    .venv/bin/python bench/score_benchmark.py [--rows 1000000] [--repeat 3]

Measures wall time and peak memory (max RSS of the process) of `mildkracht score` from file
to file, and of a straightforward pandas implementation of the same scoring in the same run.
Targets: at most 2 s and 400 MB, and at least 5x faster than pandas. Timings are measured
here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MILDKRACHT = Path(sys.executable).with_name("mildkracht")

PANDAS_SCORER = r"""
import sys
import pandas as pd

SUBSCALES = {
    "self_kindness": [5, 12, 19, 23, 26], "self_judgment": [1, 8, 11, 16, 21],
    "common_humanity": [3, 7, 10, 15], "isolation": [4, 13, 18, 25],
    "mindfulness": [9, 14, 17, 22], "over_identification": [2, 6, 20, 24],
}
NEGATIVE = ["self_judgment", "isolation", "over_identification"]
data = pd.read_csv(sys.argv[1])
items = [f"scs_{n}" for n in range(1, 27)]
out = data.drop(columns=items)
for name, numbers in SUBSCALES.items():
    out[f"scs_{name}"] = data[[f"scs_{n}" for n in numbers]].mean(axis=1, skipna=False)
keyed = data[items].copy()
for name in NEGATIVE:
    for n in SUBSCALES[name]:
        keyed[f"scs_{n}"] = 6 - keyed[f"scs_{n}"]
parts = [out[f"scs_{name}"] if name not in NEGATIVE else 6 - out[f"scs_{name}"]
         for name in SUBSCALES]
out["scs_total"] = sum(parts) / 6
out["scs_total_item_mean"] = keyed.mean(axis=1, skipna=False)
out["scs_total_sum"] = keyed.sum(axis=1, skipna=False)
out["scs_cs"] = (parts[0] + parts[2] + parts[4]) / 3
out["scs_rus"] = (parts[1] + parts[3] + parts[5]) / 3
out["scs_band"] = pd.cut(out["scs_total"], [0, 2.5, 3.5, 6], right=False,
                         labels=["low", "moderate", "high"])
out.round(12).to_csv(sys.argv[2], index=False)
"""


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run of ``command``."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    data = OUT / f"scs_{args.rows}.csv"
    if not data.exists():
        subprocess.run(
            [sys.executable, HERE / "make_scs_data.py", str(args.rows), data], check=True
        )
    size_mb = data.stat().st_size / 1e6
    ours = [
        measure(
            [
                str(MILDKRACHT),
                "score",
                str(data),
                "--instrument",
                "scs",
                "-o",
                str(OUT / "scored_mildkracht.csv"),
            ]
        )
        for _ in range(args.repeat)
    ]
    pandas = [
        measure([sys.executable, "-c", PANDAS_SCORER, str(data), str(OUT / "scored_pandas.csv")])
        for _ in range(args.repeat)
    ]
    result = {
        "rows": args.rows,
        "input_mb": round(size_mb, 1),
        "cpus": os.cpu_count(),
        "mildkracht_seconds_median": round(statistics.median(t for t, _ in ours), 3),
        "mildkracht_peak_mb_max": round(max(m for _, m in ours), 1),
        "pandas_seconds_median": round(statistics.median(t for t, _ in pandas), 3),
        "pandas_peak_mb_max": round(max(m for _, m in pandas), 1),
    }
    result["speedup_vs_pandas"] = round(
        result["pandas_seconds_median"] / result["mildkracht_seconds_median"], 2
    )
    print(json.dumps(result, indent=2))
    (OUT / "score_benchmark.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
