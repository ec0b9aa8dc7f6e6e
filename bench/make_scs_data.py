"""Write synthetic SCS answers: ``python bench/make_scs_data.py ROWS OUT.csv [--seed N]``.

Each respondent has a latent self-compassion level; items follow it (negative items
inversely) with noise, so the data look like real answers (alpha about .9).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}


def synthetic_answers(rows: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    level = rng.normal(0, 1, size=(rows, 1))
    signs = np.array([-1.0 if n in NEGATIVE else 1.0 for n in range(1, 27)])
    raw = 3 + 0.8 * level * signs + rng.normal(0, 0.8, size=(rows, 26))
    return np.clip(np.rint(raw), 1, 5).astype(np.int8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    answers = synthetic_answers(args.rows, args.seed)
    header = "id,age," + ",".join(f"scs_{n}" for n in range(1, 27))
    ages = np.random.default_rng(args.seed + 1).integers(18, 80, size=args.rows)
    with args.output.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        step = 100_000
        for start in range(0, args.rows, step):
            block = answers[start : start + step]
            lines = [
                f"R{start + i + 1:07d},{ages[start + i]}," + ",".join(map(str, row))
                for i, row in enumerate(block.tolist())
            ]
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
