"""No sequence of a teacher's views reveals one person's answer, whatever the group does.

Hypothesis plays a course: people join, leave, come back, withdraw and give consent, answer
the SCS at the start and in week 8, practise and report attendance, while the teacher looks
at the group's figures on chosen days (time windows). Afterwards every figure the teacher was
shown is taken as an equation over the people behind it (n and the mean give the sum; the
SD gives the sum of squares; a count is a sum of 0/1 values): for each column of per-person
values, no person's own value may be a linear combination of the shown sums, and no figure
may stand on fewer than MIN_GROUP people.
"""

from __future__ import annotations

from datetime import time, timedelta

import numpy as np
import pytest
from course_support import START, at, practise, scs_answers, take
from hypothesis import HealthCheck, given, settings, target
from hypothesis import event as note
from hypothesis import strategies as st

from mildkracht.core.group_privacy import MIN_GROUP, fits_chain, may_release
from mildkracht.web.accounts.models import User
from mildkracht.web.courses import actions
from mildkracht.web.courses.actions import CourseDetails
from mildkracht.web.courses.dashboard import dashboard
from mildkracht.web.courses.models import Attendance, FigureRelease, Membership

PEOPLE = 9
DAYS = 70  # beyond week 8 (day 49)

event = st.one_of(
    st.tuples(st.just("join"), st.integers(0, PEOPLE - 1)),
    st.tuples(st.just("leave"), st.integers(0, PEOPLE - 1)),
    st.tuples(st.just("consent"), st.integers(0, PEOPLE - 1), st.booleans()),
    st.tuples(st.just("answer"), st.integers(0, PEOPLE - 1), st.integers(1, 5)),
    st.tuples(st.just("practise"), st.integers(0, PEOPLE - 1), st.integers(1, 60)),
    st.tuples(st.just("attend"), st.integers(0, PEOPLE - 1), st.integers(1, 8)),
    st.tuples(st.just("wait"), st.integers(1, 20)),
    st.just(("view",)),
)


def leaks(releases: list[FigureRelease]) -> list[str]:
    """Columns in which some person's value is determined by the shown sums."""
    found = []
    columns = {column for release in releases for column in release.columns}
    for column in sorted(columns):
        sets = [release.people for release in releases if column in release.columns]
        people = sorted({person for members in sets for person in members})
        index = {person: position for position, person in enumerate(people)}
        matrix = np.zeros((len(sets), len(people)))
        for row, members in enumerate(sets):
            matrix[row, [index[person] for person in members]] = 1
        rank = np.linalg.matrix_rank(matrix)
        for person in people:
            alone = np.zeros((1, len(people)))
            alone[0, index[person]] = 1
            if np.linalg.matrix_rank(np.vstack([matrix, alone])) == rank:
                found.append(f"{column}: person {person}")
    return found


class Course:
    """A course played by the events, with the clock at ``day`` days after the start."""

    def __init__(self, number: int) -> None:
        self.teacher = User.objects.create_user(f"t{number}", password="x")
        details = CourseDetails(
            name="c",
            language="nl",
            start=START,
            session_time=time(19),
            week8_questionnaires=["scs"],
        )
        self.course = actions.create_course(self.teacher, details)
        self.invitation = actions.new_invitation(self.course, at(START - timedelta(days=30)), 200)
        self.people = [
            User.objects.create_user(f"c{number}p{i}", password="x") for i in range(PEOPLE)
        ]
        self.day = -3

    @property
    def now(self):
        return at(START + timedelta(days=self.day))

    def membership(self, person: int) -> Membership | None:
        return Membership.objects.filter(
            course=self.course, participant=self.people[person]
        ).first()

    def play(self, step: tuple) -> None:
        kind, *arguments = step
        getattr(self, f"_{kind}")(*arguments)

    def _join(self, person: int) -> None:
        actions.join(self.people[person], self.invitation, self.now)

    def _leave(self, person: int) -> None:
        if (membership := self.membership(person)) is not None:
            actions.leave(membership, self.now)

    def _consent(self, person: int, figures: bool) -> None:
        if (membership := self.membership(person)) is not None:
            actions.set_consent(membership, figures=figures, research=False)

    def _answer(self, person: int, value: int) -> None:
        take(self.people[person], "scs", scs_answers(value, 6 - value), self.now)

    def _practise(self, person: int, minutes: int) -> None:
        practise(self.people[person], self.now, minutes)

    def _attend(self, person: int, number: int) -> None:
        membership = self.membership(person)
        session = self.course.sessions.get(number=number)
        if (
            membership is not None
            and not Attendance.objects.filter(membership=membership, session=session).exists()
        ):
            actions.set_attendance(membership, session, True)

    def _wait(self, days: int) -> None:
        self.day = min(DAYS, self.day + days)

    def _view(self) -> None:
        dashboard(self.course, self.now, self.now.date(), "nl")


counter = iter(range(10**6))


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.integers(3, PEOPLE),
    st.lists(st.integers(1, 5), min_size=PEOPLE, max_size=PEOPLE),
    st.lists(event, min_size=5, max_size=40),
)
def test_no_sequence_of_views_reveals_one_persons_value(monkeypatch, group, values, steps):
    played = Course(next(counter))
    monkeypatch.setattr("django.utils.timezone.now", lambda: played.now)
    # A group that joins and answers at the start, then anything at all, then week 8 and on.
    prelude = [("join", person) for person in range(group)] + [("wait", 3)]
    prelude += [("answer", person, values[person]) for person in range(group)] + [("view",)]
    for step in [*prelude, *steps, ("view",), ("wait", 70), ("view",)]:
        played.play(step)
    releases = list(played.course.releases.all())
    # Steer toward plays in which much is shown, where a leak would hide.
    target(float(len(releases)))
    note(f"releases: {min(len(releases), 10)}")
    assert all(len(release.people) >= MIN_GROUP for release in releases)
    assert leaks(releases) == []


def test_the_leak_check_finds_the_classic_difference(db):
    """n = 6, then n = 5 after one person left: the check sees it (so it can fail)."""
    shown = [
        FigureRelease(columns=["scs:baseline"], people=[1, 2, 3, 4, 5, 6]),
        FigureRelease(columns=["scs:baseline"], people=[1, 2, 3, 4, 5]),
    ]
    assert leaks(shown) == ["scs:baseline: person 6"]


def test_the_rule_refuses_the_classic_difference():
    assert may_release({1, 2, 3, 4, 5}, [{1, 2, 3, 4, 5, 6}]).reason == "too_close"
    assert may_release({1, 2, 3, 4}, []).reason == "too_few"
    assert may_release(set(range(10)), [set(range(5))]).allowed
    assert not fits_chain(frozenset(range(10)), frozenset(range(1, 11)))  # not nested


@given(st.lists(st.frozensets(st.integers(0, 14), max_size=15), max_size=12))
def test_whatever_is_asked_the_released_sets_never_isolate_a_person(asked):
    released: list[frozenset[int]] = []
    for candidate in asked:
        if may_release(candidate, released).allowed:
            released.append(candidate)
    as_releases = [FigureRelease(columns=["c"], people=sorted(s)) for s in released]
    assert leaks(as_releases) == []
