"""Problems with a researcher's input file, reported so that they can be fixed in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: How many problems a message lists before it only counts the rest.
SHOWN_PROBLEMS = 10


@dataclass(frozen=True)
class CellProblem:
    row: int
    """The row as a spreadsheet shows it: the header is row 1, the first answers row 2."""
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.value!r} {self.message}"


class InputError(Exception):
    """The input cannot be used; nothing was written."""

    def __init__(self, source: str, problems: Sequence[str | CellProblem], total: int = 0) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.total = max(total, len(self.problems))
        super().__init__(self.render())

    def render(self) -> str:
        shown = [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]]
        if self.total == 1:
            return f"{self.source}: {shown[0]}"
        lines = [f"{self.source}: {self.total} problems"]
        lines += [f"  {line}" for line in shown]
        hidden = self.total - len(shown)
        if hidden > 0:
            lines.append(f"  ... and {hidden} more")
        return "\n".join(lines)


class ProblemCollector:
    """Keeps the first problems of a long file and counts all of them."""

    def __init__(self) -> None:
        self.kept: list[CellProblem] = []
        self.total = 0

    def add(self, problem: CellProblem) -> None:
        self.total += 1
        if len(self.kept) < SHOWN_PROBLEMS:
            self.kept.append(problem)

    def raise_if_any(self, source: str) -> None:
        if self.total:
            raise InputError(source, self.kept, self.total)
