"""Write scs_answers.csv: synthetic answers plus edge cases (run once; the file is committed)."""

import csv
import random
from pathlib import Path

NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}
SUBSCALES = {
    "sk": [5, 12, 19, 23, 26],
    "sj": [1, 8, 11, 16, 21],
    "ch": [3, 7, 10, 15],
    "is": [4, 13, 18, 25],
    "mi": [9, 14, 17, 22],
    "oi": [2, 6, 20, 24],
}


def by_subscale(values: dict[str, int]) -> list[int]:
    row = [0] * 26
    for name, items in SUBSCALES.items():
        for n in items:
            row[n - 1] = values[name]
    return row


def main() -> None:
    rng = random.Random(20260101)
    rows = [
        ("all_ones", [1] * 26),
        ("all_fives", [5] * 26),
        ("all_threes", [3] * 26),
        # total exactly 2.5 and 3.5: the band boundaries (moderate and high)
        ("boundary_2_5", by_subscale({"sk": 2, "sj": 3, "ch": 2, "is": 3, "mi": 2, "oi": 3})),
        ("boundary_3_5", by_subscale({"sk": 3, "sj": 2, "ch": 3, "is": 2, "mi": 3, "oi": 2})),
    ]
    for index in range(300):
        level = rng.gauss(0, 1)
        row = []
        for n in range(1, 27):
            sign = -1 if n in NEGATIVE else 1
            row.append(min(5, max(1, round(3 + 0.9 * level * sign + rng.gauss(0, 0.9)))))
        rows.append((f"p{index + 1:03d}", row))
    rows[10][1][4] = None  # an unanswered self-kindness item
    rows[20][1][0] = None  # an unanswered self-judgment item
    with Path(__file__).with_name("scs_answers.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *[f"scs_{n}" for n in range(1, 27)]])
        for name, row in rows:
            writer.writerow([name, *["" if v is None else v for v in row]])


if __name__ == "__main__":
    main()
