"""Errors of the instrument package, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence


class InstrumentError(Exception):
    """Base class of every instrument problem."""


class InstrumentFileError(InstrumentError):
    """A data file is unreadable or invalid; lists every problem with its field."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in instrument file:\n{lines}")


class UnknownInstrumentError(InstrumentError):
    def __init__(self, instrument_id: str, known: Sequence[str]) -> None:
        self.instrument_id = instrument_id
        super().__init__(
            f"unknown instrument {instrument_id!r}; known instruments: {', '.join(known)}"
        )


class AnswerError(InstrumentError):
    """Answers that cannot be scored (out of range, not a number, unknown item)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))
