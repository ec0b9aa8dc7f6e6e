"""Deciding, and remembering, which group figures a course shows.

For each candidate figure (figures.py):

1. If its latest release still stands on the same people, that release is shown as it was.
2. Else, if mildkracht.core.group_privacy allows a release over the current people, given
   every set released before from the same columns, its numbers are computed, kept and shown.
3. Else the latest release whose people all still count is shown again, marked as earlier.
4. Else the figure is withheld, with the reason (too few people, or too close to a figure
   shown before).

A release whose people no longer all count (someone left, or withdrew consent) is never
shown again, but stays in the ledger, so that later figures are checked against it.
New releases are made under a lock on the course, so two views at once cannot both release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from mildkracht.core.group_privacy import MIN_GROUP, may_release
from mildkracht.web.courses.figures import Candidate
from mildkracht.web.courses.models import Course, FigureRelease

CURRENT = "current"
EARLIER = "earlier"
TOO_FEW = "too_few"
TOO_CLOSE = "too_close"


@dataclass(frozen=True)
class Shown:
    """What a view shows for one figure: numbers (None when withheld) and why."""

    figure: str
    state: str
    numbers: dict[str, Any] | None
    waiting: int = 0  # how many more people are needed (too_few)
    release: int | None = None  # the FigureRelease shown (its numbers never change)

    @property
    def visible(self) -> bool:
        return self.numbers is not None


def resolve(course: Course, found: Sequence[Candidate], counted: Iterable[int]) -> dict[str, Shown]:
    """What to show for each candidate; ``counted`` are the ids of members who count now."""
    still = frozenset(counted)
    releases = list(course.releases.all())
    if all(_settled(candidate, releases, still) for candidate in found):
        return {c.figure: _decide(c, releases, still, None) for c in found}
    with transaction.atomic():
        # Lock the course: releases are decided one view at a time.
        Course.objects.select_for_update().filter(pk=course.pk).exists()
        releases = list(course.releases.all())
        return {c.figure: _decide(c, releases, still, course) for c in found}


def _settled(candidate: Candidate, releases: list[FigureRelease], still: frozenset[int]) -> bool:
    """True when nothing new could be released for this candidate (no lock needed)."""
    latest = _latest_standing(candidate.figure, releases, still)
    if latest is not None and frozenset(latest.people) == candidate.people:
        return True
    return not may_release(candidate.people, _released_sets(candidate, releases)).allowed


def _decide(
    candidate: Candidate,
    releases: list[FigureRelease],
    still: frozenset[int],
    course: Course | None,
) -> Shown:
    latest = _latest_standing(candidate.figure, releases, still)
    if latest is not None and frozenset(latest.people) == candidate.people:
        return Shown(candidate.figure, CURRENT, latest.numbers, release=latest.pk)
    decision = may_release(candidate.people, _released_sets(candidate, releases))
    if decision.allowed and course is not None:
        release = FigureRelease.objects.create(
            course=course,
            figure=candidate.figure,
            columns=list(candidate.columns),
            people=sorted(candidate.people),
            numbers=candidate.compute(),
        )
        releases.append(release)
        return Shown(candidate.figure, CURRENT, release.numbers, release=release.pk)
    if latest is not None:
        return Shown(candidate.figure, EARLIER, latest.numbers, release=latest.pk)
    if decision.reason == TOO_FEW:
        return Shown(candidate.figure, TOO_FEW, None, MIN_GROUP - len(candidate.people))
    return Shown(candidate.figure, TOO_CLOSE, None)


def _latest_standing(
    figure: str, releases: list[FigureRelease], still: frozenset[int]
) -> FigureRelease | None:
    standing = [r for r in releases if r.figure == figure and frozenset(r.people) <= still]
    return standing[-1] if standing else None


def _released_sets(candidate: Candidate, releases: list[FigureRelease]) -> list[list[int]]:
    wanted = set(candidate.columns)
    by_column: dict[str, list[list[int]]] = defaultdict(list)
    for release in releases:
        for column in release.columns:
            if column in wanted:
                by_column[column].append(release.people)
    return [people for column in candidate.columns for people in by_column[column]]
