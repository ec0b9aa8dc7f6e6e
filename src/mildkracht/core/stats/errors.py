"""Errors of the statistics package, each with a message a person can act on."""

from __future__ import annotations

from collections.abc import Sequence


class StatisticsError(Exception):
    """Base class of every statistics problem: the input cannot give a defined value."""


class NotEnoughDataError(StatisticsError):
    """Too few items or too few complete respondents for the statistic."""


class NoVarianceError(StatisticsError):
    """One or more items got the same answer from every respondent."""

    def __init__(self, items: Sequence[str]) -> None:
        self.items = tuple(items)
        super().__init__(
            f"item(s) {', '.join(self.items)} got the same answer from every complete "
            "respondent, so their correlations are undefined; leave them out and run again"
        )


class InvalidInputError(StatisticsError):
    """An argument is outside the range where the formula is defined."""


class NotConvergedError(StatisticsError):
    """An iterative estimate did not settle within its iteration budget."""
