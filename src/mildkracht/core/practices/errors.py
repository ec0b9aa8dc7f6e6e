"""Errors of the practices package, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence


class PracticeError(Exception):
    """Base class of every practice, program, schedule and needs problem."""


class PracticeFileError(PracticeError):
    """An exercise, program or needs file is unreadable or invalid; lists every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in practice file:\n{lines}")


class ScheduleError(PracticeError):
    """An enrolment whose dates do not make sense (a pause that ends before it starts, ...)."""


class ChoiceError(PracticeError):
    """A value that is not one of the known choices (a side, a situation, a week, ...)."""


class ProgressError(PracticeError):
    """Practice minutes or a goal that cannot be counted (negative minutes, a goal of 0)."""
