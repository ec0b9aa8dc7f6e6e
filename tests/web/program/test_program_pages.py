"""Enrolment, weeks in the person's time zone, pause and resume, and what is offered when."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

import pytest
from django.urls import reverse
from program_support import local, scs_answers, take

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.program import actions
from mildkracht.web.program.clock import local_today
from mildkracht.web.program.models import Enrolment
from mildkracht.web.program.state import program_state

UTC = zoneinfo.ZoneInfo("UTC")


def test_a_new_person_is_invited_to_start_with_today_as_start_date(person_client, clock):
    clock(local(2026, 1, 5, 9))
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "Start het programma" in page
    assert 'value="2026-01-05"' in page


def test_enrolling_shows_week_1_and_its_theme(person_client, person, clock):
    clock(local(2026, 1, 5, 9))
    response = person_client.post(reverse("program:enrol"), {"start": "2026-01-05"})
    assert response.status_code == 302
    assert Enrolment.objects.get(owner=person).start == date(2026, 1, 5)
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "Dit is week 1: Zelfcompassie ontdekken." in page
    assert "Welkom in het programma. Neem de tijd: er is geen haast." in page  # a message
    again = person_client.get(reverse("program:overview")).content.decode()
    assert "Welkom in het programma" not in again  # shown once


def test_a_start_date_far_in_the_past_is_refused(person_client, clock):
    clock(local(2026, 3, 5, 9))
    response = person_client.post(reverse("program:enrol"), {"start": "2025-01-01"})
    assert response.status_code == 400
    assert "laatste acht weken" in response.content.decode()


@pytest.mark.parametrize(
    ("utc_moment", "week"),
    [
        # Auckland is 13 hours ahead in January: 11:00 UTC on the 11th is already the 12th.
        (datetime(2026, 1, 11, 10, 59, tzinfo=UTC), 1),  # 23:59 on the 11th in Auckland
        (datetime(2026, 1, 11, 11, 0, tzinfo=UTC), 2),  # 00:00 on the 12th in Auckland
    ],
)
def test_the_week_follows_the_persons_time_zone_not_utc(person, clock, utc_moment, week):
    person.time_zone = "Pacific/Auckland"
    person.save()
    enrolment = actions.enrol(person, date(2026, 1, 5))
    clock(utc_moment)
    today = local_today(person)
    assert program_state(enrolment, today).week == week


def test_the_week_page_changes_at_local_midnight(person_client, person, clock):
    person.time_zone = "Pacific/Auckland"
    person.save()
    actions.enrol(person, date(2026, 1, 5))
    clock(datetime(2026, 1, 11, 11, 0, tzinfo=UTC))  # UTC date: the 11th; Auckland: the 12th
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "Dit is week 2" in page


def test_pause_holds_the_week_and_resume_moves_later_weeks(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 5))
    clock(local(2026, 1, 8, 9))
    assert person_client.post(reverse("program:pause")).status_code == 302
    clock(local(2026, 1, 22, 9))  # two weeks on hold: still week 1
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "in de wacht, in week 1" in page
    person_client.post(reverse("program:resume"))
    enrolment = Enrolment.objects.get(owner=person)
    assert program_state(enrolment, date(2026, 1, 22)).week == 1
    assert program_state(enrolment, date(2026, 1, 26)).week == 2  # day 7 after 14 paused days
    assert program_state(enrolment, date(2026, 1, 22)).dates["week8"] == date(2026, 3, 9)


def test_every_week_can_be_revisited_with_its_exercises_and_reflection(
    person_client, person, clock
):
    actions.enrol(person, date(2026, 1, 5))
    clock(local(2026, 1, 6, 9))
    page = person_client.get(reverse("program:week", args=[5])).content.decode()
    assert "Week 5 van 8" in page
    assert 'href="/practice/exercises/' in page
    assert "Schrijf erover in je dagboek" in page
    assert person_client.get(reverse("program:week", args=[9])).status_code == 404


def test_the_baseline_is_offered_at_the_start(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 5))
    clock(local(2026, 1, 5, 9))
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "Vul de Zelfcompassieschaal in" in page
    response = person_client.post(
        reverse("program:take"), {"instrument": "scs", "context": "baseline"}
    )
    assert response.status_code == 302
    draft = Assessment.objects.get(owner=person)
    assert (draft.instrument_id, draft.context, draft.submitted_at) == ("scs", "baseline", None)
    # Asking again continues the same draft
    person_client.post(reverse("program:take"), {"instrument": "scs", "context": "baseline"})
    assert Assessment.objects.filter(owner=person).count() == 1


def test_a_recent_scs_counts_as_the_baseline(person, clock):
    take(person, "scs", scs_answers(3, 3), local(2025, 12, 20, 9))  # 16 days before the start
    enrolment = actions.enrol(person, date(2026, 1, 5))
    state = program_state(enrolment, date(2026, 1, 5))
    assert "baseline" in state.done
    assert [offer.scs_done for offer in state.offers] == [True]  # only well-being left


def test_an_old_scs_does_not_count_as_the_baseline(person):
    take(person, "scs", scs_answers(3, 3), local(2025, 11, 1, 9))  # more than 30 days before
    enrolment = actions.enrol(person, date(2026, 1, 5))
    state = program_state(enrolment, date(2026, 1, 5))
    assert [offer.context for offer in state.offers] == ["baseline"]


def test_the_week_8_retest_and_follow_ups_are_offered_on_their_dates(person):
    enrolment = actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(2, 4), local(2026, 1, 5, 9), "baseline")
    offered = {
        day: [o.context for o in program_state(enrolment, day).offers if not o.scs_done]
        for day in (date(2026, 2, 22), date(2026, 2, 23), date(2026, 4, 5), date(2026, 7, 5))
    }
    assert offered == {
        date(2026, 2, 22): [],
        date(2026, 2, 23): ["week8"],
        date(2026, 4, 5): ["month3"],  # a missed week 8 is replaced by the next moment
        date(2026, 7, 5): ["month6"],
    }


def test_wellbeing_questionnaires_are_offered_but_never_research_only_ones(
    person_client, person, clock
):
    actions.enrol(person, date(2026, 1, 5))
    clock(local(2026, 1, 5, 9))
    page = person_client.get(reverse("program:overview")).content.decode()
    for instrument in ("phq9", "gad7", "swls", "shs"):
        assert f'value="{instrument}"' in page
    for research_only in ("pss10", "dass21"):
        assert research_only not in page
        response = person_client.post(
            reverse("program:take"), {"instrument": research_only, "context": "baseline"}
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "name", "args"),
    [
        ("get", "program:week", [1]),
        ("post", "program:pause", []),
        ("post", "program:resume", []),
        ("post", "program:take", []),
    ],
)
def test_someone_without_an_enrolment_gets_404(outsider_client, person, method, name, args):
    actions.enrol(person, date(2026, 1, 5))
    response = getattr(outsider_client, method)(
        reverse(name, args=args),
        {"instrument": "scs", "context": "baseline"} if method == "post" else None,
    )
    assert response.status_code == 404


def test_pages_need_a_login(client, db):
    for name in ("program:overview", "program:progress", "program:report", "program:reminders"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_enrolling_again_starts_afresh(person):
    enrolment = actions.enrol(person, date(2026, 1, 5))
    actions.pause(enrolment, date(2026, 1, 8))
    again = actions.enrol(person, date(2026, 3, 2))
    assert again.pk == enrolment.pk
    assert again.start == date(2026, 3, 2)
    assert not again.pauses.exists()


def test_resuming_on_the_day_of_the_pause_leaves_no_pause(person):
    enrolment = actions.enrol(person, date(2026, 1, 5))
    actions.pause(enrolment, date(2026, 1, 8))
    actions.resume(enrolment, date(2026, 1, 8))
    assert not enrolment.pauses.exists()
    with pytest.raises(actions.ProgramActionError):
        actions.resume(enrolment, date(2026, 1, 9))


def test_before_the_start_the_weeks_can_already_be_read(person_client, person, clock):
    actions.enrol(person, date(2026, 1, 12))
    clock(local(2026, 1, 5, 9))
    page = person_client.get(reverse("program:overview")).content.decode()
    assert "Je programma begint op maandag 12 januari" in page
    assert person_client.get(reverse("program:week", args=[1])).status_code == 200


def test_after_enrolling_the_starting_point_names_its_scs_with_date_and_total(
    person_client, person, clock
):
    take(person, "scs", scs_answers(3, 3), local(2025, 12, 20, 9))  # before enrolling
    clock(local(2026, 1, 5, 9))
    person_client.post(reverse("program:enrol"), {"start": "2026-01-05"})
    page = person_client.get(reverse("program:overview")).content.decode()
    starting_point = page.split("<h3>Je beginpunt</h3>")[1].split("<h3>")[0]
    assert "20 december 2025" in starting_point
    assert "3,00" in starting_point
    assert "20 december 2025: een totaal van 3,00" in page  # under "Along the way" too
