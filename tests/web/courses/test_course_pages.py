"""A teacher's and a participant's pages: the second factor, a course, joining, consent."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from course_support import (
    AMSTERDAM,
    START,
    CourseDetails,
    at,
    join_people,
    scs_answers,
    take,
    totp_now,
)
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mildkracht.web.accounts.models import User
from mildkracht.web.courses import actions
from mildkracht.web.courses.models import Course, Membership
from mildkracht.web.program.models import Enrolment

pytestmark = pytest.mark.django_db


def test_a_teacher_without_a_device_is_sent_to_set_one_up(client, teacher):
    client.force_login(teacher)
    response = client.get("/courses/")
    assert response.status_code == 302
    assert response.url.startswith("/courses/two-factor/")
    page = client.get(response.url)
    assert b"<svg" in page.content  # the QR code, drawn on the server
    assert b"http" not in page.content.split(b"<svg", 1)[1].split(b"</svg>")[0].replace(
        b"http://www.w3.org", b""
    )


def test_setting_up_a_device_gives_ten_recovery_codes_and_opens_the_courses(client, teacher):
    client.force_login(teacher)
    client.get("/courses/two-factor/?next=/courses/")
    device = TOTPDevice.objects.get(user=teacher)
    response = client.post("/courses/two-factor/", {"token": totp_now(device), "next": "/courses/"})
    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert client.get("/courses/").status_code == 200


def test_a_recovery_code_works_once(client, teacher):
    client.force_login(teacher)
    client.get("/courses/two-factor/")
    device = TOTPDevice.objects.get(user=teacher)
    codes = client.post("/courses/two-factor/", {"token": totp_now(device)}).context["codes"]
    client.logout()
    client.force_login(teacher)
    assert client.get("/courses/").status_code == 302
    assert client.post("/courses/two-factor/", {"token": codes[0]}).status_code == 302
    assert client.get("/courses/").status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).count() == 0


def test_a_wrong_code_keeps_the_courses_closed(client, teacher):
    TOTPDevice.objects.create(user=teacher, name="phone", confirmed=True)
    client.force_login(teacher)
    response = client.post("/courses/two-factor/", {"token": "000000"})
    assert response.status_code == 200
    assert client.get("/courses/").status_code == 302


def test_a_person_who_is_not_a_teacher_gets_404(client, db):
    person = User.objects.create_user("anna", password="a calm lake at dawn")
    client.force_login(person)
    assert client.get("/courses/").status_code == 404
    assert client.get("/courses/new/").status_code == 404


def test_a_participant_with_a_device_is_asked_for_the_code_after_the_password(client, db):
    person = User.objects.create_user("anna", password="a calm lake at dawn")
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    client.post("/accounts/login/", {"username": "anna", "password": "a calm lake at dawn"})
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/courses/two-factor/")


def test_a_teacher_creates_a_course_with_eight_weekly_sessions(verified_teacher_client, teacher):
    response = verified_teacher_client.post(
        "/courses/new/",
        {
            "name": "Voorjaar",
            "language": "nl",
            "start": "2026-03-02",
            "session_time": "19:30",
            "location": "Buurthuis",
            "start_questionnaires": ["scs", "compassion"],
            "week8_questionnaires": ["scs", "compassion"],
            "follow_up_questionnaires": ["scs"],
        },
    )
    course = Course.objects.get(teacher=teacher)
    assert response.url == f"/courses/{course.pk}/"
    sessions = list(course.sessions.all())
    assert [s.number for s in sessions] == list(range(1, 9))
    assert sessions[1].starts_at - sessions[0].starts_at == timedelta(weeks=1)
    assert course.start_questionnaires == ["scs", "compassion"]
    assert course.invitations.count() == 1


def test_a_new_start_moves_every_session_and_the_page_shows_the_new_dates(
    verified_teacher_client, course
):
    form = {"name": "Voorjaar", "language": "nl", "start": "2026-03-09", "session_time": "20:00"}
    response = verified_teacher_client.post(f"/courses/{course.pk}/edit/", form)
    assert response.url == f"/courses/{course.pk}/"
    sessions = list(Course.objects.get(pk=course.pk).sessions.all())
    assert len(sessions) == 8
    assert (
        timezone.localtime(sessions[0].starts_at, AMSTERDAM)
        .isoformat()
        .startswith("2026-03-09T20:00")
    )
    page = verified_teacher_client.get(f"/courses/{course.pk}/").content.decode()
    assert "9 maart 2026 20:00" in page
    assert "2 maart 2026" not in page


def test_another_teachers_course_is_404(verified_teacher_client, db):
    other = User.objects.create_user("meester", password="a calm lake at dawn")
    from mildkracht.web.courses.teachers import make_teacher

    make_teacher(other)
    theirs = actions.create_course(
        other, CourseDetails(name="X", language="nl", start=START, session_time=time(19))
    )
    assert verified_teacher_client.get(f"/courses/{theirs.pk}/").status_code == 404
    assert verified_teacher_client.get(f"/courses/{theirs.pk}/edit/").status_code == 404


def test_the_invitation_page_shows_code_link_and_qr(verified_teacher_client, course):
    invitation = actions.new_invitation(course, timezone.now())
    page = verified_teacher_client.get(f"/courses/{course.pk}/invitations/{invitation.pk}/")
    text = page.content.decode()
    assert invitation.code in text
    assert f"/courses/join/{invitation.code}/" in text
    assert "<svg" in text


def test_a_new_person_signs_up_through_the_link_and_follows_the_course(client, course):
    invitation = actions.new_invitation(course, timezone.now())
    response = client.post(
        f"/courses/join/{invitation.code}/",
        {"username": "lotte", "password1": "een rustig meer", "password2": "een rustig meer"},
    )
    lotte = User.objects.get(username="lotte")
    assert response.url == f"/courses/mine/{course.pk}/"
    membership = Membership.objects.get(participant=lotte)
    assert (membership.consent_figures, membership.consent_research) == (True, False)
    assert len(membership.research_code) == 8
    assert Enrolment.objects.get(owner=lotte).start == course.start
    assert client.get(f"/courses/mine/{course.pk}/").status_code == 200


def test_the_invitation_speaks_the_courses_language_until_the_visitor_chooses(client, teacher):
    details = actions.CourseDetails(
        name="Spring", language="en", start=START, session_time=time(19)
    )
    english = actions.create_course(teacher, details)
    invitation = actions.new_invitation(english, timezone.now())
    page = client.get(f"/courses/join/{invitation.code}/")
    assert page["Content-Language"] == "en"
    assert "Create account and join" in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(f"/courses/join/{invitation.code}/")
    assert "Account maken en meedoen" in page.content.decode()


def test_an_existing_account_joins_with_the_code(client, course):
    person = User.objects.create_user("anna", password="a calm lake at dawn")
    invitation = actions.new_invitation(course, timezone.now())
    client.force_login(person)
    client.post(f"/courses/join/{invitation.code.lower()}/")
    assert Membership.objects.filter(participant=person, course=course).exists()


def test_a_revoked_or_expired_invitation_does_not_work(client, course, clock):
    person = User.objects.create_user("anna", password="a calm lake at dawn")
    client.force_login(person)
    revoked = actions.new_invitation(course, at(START))
    actions.revoke(revoked, at(START))
    assert client.post(f"/courses/join/{revoked.code}/").status_code == 404
    expired = actions.new_invitation(course, at(START), days=1)
    clock(at(START + timedelta(days=2)))
    assert client.post(f"/courses/join/{expired.code}/").status_code == 404
    assert not Membership.objects.filter(participant=person).exists()


def test_consent_can_be_changed_and_leaving_ends_the_membership(client, course):
    (person,) = join_people(course, 1)
    client.force_login(person)
    client.post(f"/courses/mine/{course.pk}/consent/", {"consent_research": "on"})
    membership = Membership.objects.get(participant=person)
    assert (membership.consent_figures, membership.consent_research) == (False, True)
    client.post(f"/courses/mine/{course.pk}/leave/")
    membership.refresh_from_db()
    assert membership.left_at is not None
    assert client.get(f"/courses/mine/{course.pk}/").status_code == 404


def test_a_participant_marks_a_session_attended(client, course):
    (person,) = join_people(course, 1)
    client.force_login(person)
    client.post(f"/courses/mine/{course.pk}/sessions/2/", {"present": "yes"})
    membership = Membership.objects.get(participant=person)
    assert list(membership.attended.values_list("session__number", flat=True)) == [2]
    client.post(f"/courses/mine/{course.pk}/sessions/2/", {"present": "no"})
    assert not membership.attended.exists()


def test_the_teacher_sees_who_joined_by_name_and_not_their_answers(
    verified_teacher_client, course, clock
):
    people = join_people(course, 3)
    take(people[0], "scs", scs_answers(4, 2), at(START))
    clock(at(START + timedelta(days=3)))
    page = verified_teacher_client.get(f"/courses/{course.pk}/").content.decode()
    assert all(person.username in page for person in people)
    assert "Nog niet genoeg mensen" in page or "Not enough people yet" in page


def test_the_home_page_shows_the_course_with_its_week_and_teacher(client, course, clock):
    (person,) = join_people(course, 1)
    clock(at(START + timedelta(days=9)))
    client.force_login(person)
    page = client.get("/").content.decode()
    assert course.name in page
    assert "juf" in page  # the teacher's name
    assert "Week 2" in page
