"""Taking a questionnaire in the browser, the result, the profile and the history."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import override

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.web.assessments import actions
from mildkracht.web.assessments.models import Assessment
from mildkracht.web.middleware import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status
    return response.content.decode()


def _start(instrument_id: str) -> str:
    return reverse("assessments:start", kwargs={"instrument_id": instrument_id})


def _url(name: str, assessment: Assessment) -> str:
    return reverse(f"assessments:{name}", kwargs={"pk": assessment.pk})


def _posted(answers: dict[int, int], action: str) -> dict[str, str]:
    return {**{f"item_{n}": str(v) for n, v in answers.items()}, "action": action}


@pytest.fixture
def english_owner_client(owner, owner_client):
    owner.language = "en"
    owner.save()
    return owner_client


# The list of questionnaires


def test_the_list_offers_the_self_compassion_scales_first(owner_client):
    page = _page(owner_client, reverse("assessments:questionnaires"))
    self_compassion = page.split('id="section-self_compassion"')[1].split("<section")[0]
    for instrument_id in ("scs", "scs_sf", "sscs_s"):
        assert f'href="{_start(instrument_id)}"' in self_compassion


def test_the_well_being_scales_are_a_separate_optional_section(english_owner_client):
    page = _page(english_owner_client, reverse("assessments:questionnaires"))
    well_being = page.split('id="section-well_being"')[1].split("<section")[0]
    assert "Well-being (optional)" in well_being
    for instrument_id in ("phq9", "gad7", "swls", "shs"):
        assert f'href="{_start(instrument_id)}"' in well_being
    assert _start("scs") + '"' not in well_being


def test_the_reflective_tools_are_labelled_as_not_validated(english_owner_client):
    page = _page(english_owner_client, reverse("assessments:questionnaires"))
    reflective = page.split('id="section-reflective"')[1]
    assert "Reflective tools (not validated)" in reflective
    for instrument_id in ("balance", "relationship_styles", "gender_expectations"):
        assert f'href="{_start(instrument_id)}"' in reflective


def test_research_only_instruments_are_not_offered(owner_client):
    assert _start("dass21") not in _page(owner_client, reverse("assessments:questionnaires"))
    assert owner_client.get(_start("dass21")).status_code == 404
    assert owner_client.get(_start("nonsense")).status_code == 404


def test_a_saved_draft_is_offered_to_continue(owner_client, scs_draft):
    page = _page(owner_client, reverse("assessments:questionnaires"))
    assert f'href="{_url("answer", scs_draft)}"' in page
    assert "2 van 26 beantwoord" in page


# The form


@pytest.mark.parametrize("instrument_id", ["scs", "scs_sf", "sscs_s", "phq9", "shs", "balance"])
def test_the_form_has_a_fieldset_with_legend_and_radios_per_item(owner_client, instrument_id):
    instrument = get_instrument(instrument_id)
    page = _page(owner_client, _start(instrument_id))
    fieldsets = re.findall(
        r'<fieldset class="question[^"]*" id="item-(\d+)">(.*?)</fieldset>', page, re.S
    )
    assert [int(number) for number, _ in fieldsets] == list(instrument.item_numbers)
    for (number, body), item in zip(fieldsets, instrument.items, strict=True):
        legend = re.search(r"<legend>(.*?)</legend>", body, re.S).group(1)
        assert item.text.get("nl").replace("'", "&#x27;") in legend
        values = re.findall(rf'<input type="radio" name="item_{number}" value="(-?\d+)"', body)
        assert [int(v) for v in values] == list(instrument.scale.values)


def test_the_radios_carry_the_scales_labels(english_owner_client):
    page = _page(english_owner_client, _start("scs"))
    first = page.split('id="item-1"')[1].split("</fieldset>")[0]
    for label in (
        "Almost Never",
        "Occasionally",
        "About Half Of The Time",
        "Fairly Often",
        "Almost Always",
    ):
        assert f'<span class="choice-label">{label}</span>' in first


def test_unlabelled_middle_values_show_just_their_number(owner_client):
    page = _page(owner_client, _start("sscs_s"))
    first = page.split('id="item-1"')[1].split("</fieldset>")[0]
    middle = re.search(r'value="3">(.*?)</label>', first, re.S).group(1)
    assert middle == '<span class="choice-value">3</span>'


def test_item_specific_labels_win_over_the_scales(owner_client):
    shs = get_instrument("shs")
    page = _page(owner_client, _start("shs"))
    for item in shs.items:
        body = page.split(f'id="item-{item.number}"')[1].split("</fieldset>")[0]
        for label in (item.labels or shs.scale.labels).values():
            assert label.get("nl") in body


def test_the_form_shows_title_instructions_and_citation(owner_client):
    scs = get_instrument("scs")
    page = _page(owner_client, _start("scs"))
    main = page.split('<main id="main"')[1]
    assert main.index(scs.title.get("nl")) < main.index('<form class="questionnaire"')
    assert scs.instructions.get("nl") in main
    assert main.index(scs.citation) > main.index("</form>")


def test_dutch_says_the_wording_is_our_own_translation(owner_client):
    page = _page(owner_client, _start("scs"))
    assert "Eigen vertaling van Mildkracht; de Engelse tekst is de gepubliceerde versie" in page


def test_english_shows_the_published_wording_without_the_note(english_owner_client):
    page = _page(english_owner_client, _start("scs"))
    assert "own translation" not in page
    assert get_instrument("scs").item(1).text.get("en").replace("'", "&#x27;") in page


@pytest.mark.parametrize("instrument_id", ["balance", "relationship_styles", "gender_expectations"])
def test_a_reflective_tool_says_once_in_the_pages_language_that_it_is_not_validated(
    english_owner_client, owner, instrument_id
):
    english = _page(english_owner_client, _start(instrument_id))
    assert english.count("not a validated test") == 1
    owner.language = "nl"
    owner.save()
    dutch = _page(english_owner_client, _start(instrument_id))
    assert dutch.count("geen gevalideerde test") == 1
    assert "not a validated test" not in dutch


def test_a_reflective_result_says_it_is_not_a_validated_test(english_owner_client, owner):
    answers = dict.fromkeys(get_instrument("balance").item_numbers, 3)
    assessment, _ = actions.record_assessment(owner, "balance", answers)
    page = _page(english_owner_client, _url("result", assessment))
    assert "reflective tool of the Mildkracht project, not a validated test" in page
    assert page.count("not a validated test") == 1
    assert "Kinder direction" not in page  # no component of it is a less kind one


def test_the_phq9_also_asks_its_extra_question(owner_client):
    page = _page(owner_client, _start("phq9"))
    extra = page.split('id="extra-difficulty"')[1].split("</fieldset>")[0]
    assert re.findall(r'name="extra_difficulty" value="(\d)"', extra) == ["0", "1", "2", "3"]


def test_the_form_shows_progress(owner_client, scs_draft):
    page = _page(owner_client, _url("answer", scs_draft))
    assert "2 van 26 beantwoord" in page
    assert '<progress id="questionnaire-progress" max="26" value="2">' in page


def test_the_counter_follows_the_answers_through_a_deferred_script(owner_client, scs_draft):
    page = _page(owner_client, _url("answer", scs_draft))
    assert re.search(r'<script src="[^"]*assessments/questionnaire\.js" defer></script>', page)
    # The script fills the number into the label in the page's language; without it the
    # label keeps the saved count.
    assert 'data-pattern="__answered__ van 26 beantwoord">2 van 26 beantwoord</label>' in page


def test_the_form_has_save_and_send_buttons_and_a_csrf_token(owner_client):
    page = _page(owner_client, _start("scs"))
    form = page.split('<form class="questionnaire"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<button class="button" name="action" value="submit">Versturen</button>' in form
    assert 'name="action" value="save">Opslaan en later verder</button>' in form


# Saving, resuming and submitting


def test_saving_creates_a_draft_and_resuming_shows_the_answers(owner_client, owner):
    response = owner_client.post(_start("scs"), _posted({1: 4, 5: 2}, "save"))
    draft = Assessment.objects.get(owner=owner)
    assert response.status_code == 302
    assert response["Location"] == _url("answer", draft)
    assert draft.answers == {"1": 4, "5": 2} and draft.submitted_at is None
    page = _page(owner_client, _url("answer", draft))
    assert 'name="item_1" value="4" checked>' in page
    assert 'name="item_5" value="2" checked>' in page
    assert 'name="item_2" value="1" checked>' not in page


def test_starting_again_resumes_the_saved_draft(owner_client, scs_draft):
    response = owner_client.get(_start("scs"))
    assert response.status_code == 302
    assert response["Location"] == _url("answer", scs_draft)


def test_saving_again_adds_to_the_draft(owner_client, scs_draft):
    owner_client.post(_url("answer", scs_draft), _posted({3: 5}, "save"))
    scs_draft.refresh_from_db()
    assert scs_draft.answers == {"1": 2, "2": 3, "3": 5}


def test_submitting_with_missing_items_keeps_every_answer_and_lists_what_is_missing(
    owner_client, scs_answers, owner
):
    given = {n: v for n, v in scs_answers.items() if n not in (4, 17)}
    response = owner_client.post(_start("scs"), _posted(given, "submit"))
    assert response.status_code == 200
    draft = Assessment.objects.get(owner=owner)
    assert draft.submitted_at is None
    assert draft.item_answers == given
    page = response.content.decode()
    summary = page.split('class="notice-summary"')[1].split("</div>")[0]
    assert "Nog 2 vragen zonder antwoord" in summary
    assert re.findall(r'<a href="#item-(\d+)">', summary) == ["4", "17"]
    assert 'class="question question-missing" id="item-4"' in page
    assert f'name="item_3" value="{scs_answers[3]}" checked>' in page
    assert f'action="{_url("answer", draft)}"' in page


def _more_url_of(assessment):
    from mildkracht.web.reflect.links import result_url

    return result_url(assessment.instrument_id, assessment.pk)


def test_submitting_every_answer_leads_to_the_result(owner_client, scs_answers, owner):
    response = owner_client.post(_start("scs"), _posted(scs_answers, "submit"))
    assessment = Assessment.objects.get(owner=owner)
    assert assessment.submitted_at is not None
    assert response["Location"] == _url("result", assessment)


@pytest.mark.parametrize(
    ("instrument_id", "result_page"),
    [
        ("balance", "/reflect/balance/"),
        ("relationship_styles", "/reflect/relationships/"),
        ("gender_expectations", "/reflect/gender/"),
    ],
)
def test_a_reflective_tool_goes_straight_to_its_own_result_page(
    owner_client, owner, instrument_id, result_page
):
    answers = dict.fromkeys(get_instrument(instrument_id).item_numbers, 3)
    response = owner_client.post(_start(instrument_id), _posted(answers, "submit"))
    assessment = Assessment.objects.get(owner=owner)
    assert response["Location"].startswith(result_page)
    assert response["Location"] == _more_url_of(assessment)


def test_a_changed_page_sending_values_off_the_scale_saves_nothing(owner_client, scs_draft):
    response = owner_client.post(_url("answer", scs_draft), {"item_3": "9", "action": "save"})
    assert response.status_code == 400
    scs_draft.refresh_from_db()
    assert scs_draft.answers == {"1": 2, "2": 3}


def test_a_submitted_assessment_opens_as_its_result(owner_client, scs_result):
    response = owner_client.get(_url("answer", scs_result))
    assert response["Location"] == _url("result", scs_result)


# The result and the profile


def test_the_result_shows_the_cores_scores(owner_client, scs_result):
    scores = actions.scores_of(scs_result)
    page = _page(owner_client, _url("result", scs_result))
    with override("nl"):
        total = number_format(scores.values["total"], decimal_pos=2)
    assert f'<span class="score-value">{total}</span>' in page
    assert f'<span class="band">{scores.bands["band"].labels.nl}</span>' in page
    table = page.split("<caption>Scores per onderdeel</caption>")[1].split("</table>")[0]
    for subscale in get_instrument("scs").subscales:
        with override("nl"):
            value = number_format(scores.values[subscale.id], decimal_pos=2)
        assert f'<th scope="row">{subscale.names.nl}</th>\n          <td>{value}</td>' in table


def test_the_result_has_an_accessible_chart_with_a_data_table(owner_client, scs_result):
    page = _page(owner_client, _url("result", scs_result))
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg
    assert 'aria-labelledby="components-scs-title components-scs-desc"' in svg
    assert '<title id="components-scs-title">' in page
    assert page.count("<rect") >= 12  # a track and a bar for each of the six components


def test_the_result_explains_each_component_and_the_kinder_direction(owner_client, scs_result):
    page = _page(owner_client, _url("result", scs_result))
    assert page.count('<article class="component') == 6
    assert page.count("Een lagere score betekent hier: milder voor jezelf.") == 3


def test_the_result_explains_the_bands_and_the_two_sides(english_owner_client, scs_result):
    page = _page(english_owner_client, _url("result", scs_result))
    assert "the author&#x27;s rough guide" in page
    assert "not a diagnosis" in page
    for word in ("comforts", "soothes", "validates", "protects", "provides", "motivates"):
        assert word in page
    assert 'href="/practice/"' in page


def test_other_instruments_show_their_scores_generically(owner_client, owner):
    answers = dict.fromkeys(get_instrument("swls").item_numbers, 5)
    assessment, _ = actions.record_assessment(owner, "swls", answers)
    page = _page(owner_client, _url("result", assessment))
    assert '<span class="score-value">25</span>' in page
    assert '<span class="band">enigszins tevreden</span>' in page
    assert "Mogelijke scores: 5–35" in page


def test_the_result_says_which_band_a_boundary_value_gets(owner_client, owner):
    # Every positive item 3, every negative item 3: every component 3, total 3; and one with
    # a total of exactly 2.5 (positive 2, negative 3), on the low/moderate boundary.
    answers = {
        n: 2 if n in {3, 5, 7, 9, 10, 12, 14, 15, 17, 19, 22, 23, 26} else 3 for n in range(1, 27)
    }
    assessment, _ = actions.record_assessment(owner, "scs", answers)
    assert actions.scores_of(assessment).values["total"] == 2.5
    page = _page(owner_client, _url("result", assessment))
    assert '<span class="band">gemiddeld</span>' in page
    rule = re.search(r'id="band-boundary">(.*?)</p>', page, re.S).group(1)
    assert "precies op een grens ligt, zoals 2,5, hoort bij het hogere niveau" in " ".join(
        rule.split()
    )


def test_the_research_scores_are_folded_away_on_the_result(owner_client, scs_result):
    page = _page(owner_client, _url("result", scs_result))
    folded = re.search(
        r'<details class="research-scores" id="all-scores">(.*?)</details>', page, re.S
    )
    assert folded, "the research rows sit in a closed <details>"
    assert "Gemiddelde van alle items" in folded.group(1) or "<table" in folded.group(1)
    before = page.split('id="all-scores"')[0]
    assert '<span class="score-value">' in before  # the total and its band stay in view
    assert page.count("<table") >= 2


def test_the_bands_of_a_sum_do_not_overlap(owner_client, phq9_with_thoughts):
    page = _page(owner_client, _url("result", phq9_with_thoughts))
    steps = re.findall(r"<li[^>]*>(\d+(?:–\d+)?): ", page)
    assert steps == ["0–4", "5–9", "10–14", "15–19", "20–27"]


def test_the_profile_shows_the_latest_scs_and_the_other_results(owner_client, scs_result, owner):
    answers = dict.fromkeys(get_instrument("shs").item_numbers, 4)
    actions.record_assessment(owner, "shs", answers)
    page = _page(owner_client, reverse("assessments:profile"))
    assert 'id="components-scs"' in page
    assert "Schaal voor subjectief geluk" in page


def test_the_profile_follows_every_change_of_the_answers(owner_client, owner, scs_answers):
    def total_shown() -> str:
        page = _page(owner_client, reverse("assessments:profile"))
        return re.search(r'<span class="score-value">([^<]+)</span>', page).group(1)

    def total_of(assessment) -> str:
        with override("nl"):
            return number_format(actions.scores_of(assessment).values["total"], decimal_pos=2)

    first, _ = actions.record_assessment(owner, "scs", scs_answers)
    assert total_shown() == total_of(first)
    kinder = {n: 5 if n in (5, 12, 19, 23, 26) else 3 for n in scs_answers}
    second, _ = actions.record_assessment(owner, "scs", kinder)
    assert total_of(second) != total_of(first)
    assert total_shown() == total_of(second)
    actions.delete_assessment(second)
    assert total_shown() == total_of(first)


def test_the_profile_speaks_the_language_chosen_now(owner_client, owner, scs_result):
    assert "Je profiel" in _page(owner_client, reverse("assessments:profile"))
    owner.language = "en"
    owner.save()
    assert "Your profile" in _page(owner_client, reverse("assessments:profile"))


def test_an_empty_profile_invites_to_the_scs(owner_client):
    page = _page(owner_client, reverse("assessments:profile"))
    assert f'href="{_start("scs")}"' in page


# Help when the answers call for it


def test_an_answer_above_zero_on_phq9_item_9_shows_help_at_once(owner_client, phq9_with_thoughts):
    page = _page(owner_client, _url("result", phq9_with_thoughts))
    main = page.split('<main id="main"')[1]
    assert 'class="help-block"' in main
    assert main.index('class="help-block"') < main.index('id="score-title"')
    assert 'href="tel:113"' in main.split("</section>")[0]
    assert 'href="tel:1813"' in main.split("</section>")[0]


def test_help_shows_in_english_too(english_owner_client, phq9_with_thoughts):
    page = _page(english_owner_client, _url("result", phq9_with_thoughts))
    assert "You do not have to carry this alone" in page


def test_low_answers_show_no_help_block(owner_client, owner):
    answers = dict.fromkeys(get_instrument("phq9").item_numbers, 0)
    assessment, _ = actions.record_assessment(owner, "phq9", answers)
    assert 'class="help-block"' not in _page(owner_client, _url("result", assessment))


def test_a_severe_total_shows_help_too(owner_client, owner):
    answers = dict.fromkeys(get_instrument("gad7").item_numbers, 3)
    assessment, _ = actions.record_assessment(owner, "gad7", answers)
    assert 'class="help-block"' in _page(owner_client, _url("result", assessment))


def test_the_private_item_never_shows_in_the_history_or_profile(owner_client, phq9_with_thoughts):
    item_9 = get_instrument("phq9").item(9).text.get("nl")
    for url in (reverse("assessments:history"), reverse("assessments:profile")):
        page = _page(owner_client, url)
        assert item_9 not in page
        assert 'class="help-block"' not in page
        assert "thoughts_of_death" not in page


# The history


def test_the_history_lists_every_result_with_its_date_in_the_persons_time_zone(
    owner_client, owner, scs_answers
):
    owner.time_zone = "America/New_York"
    owner.save()
    first, _ = actions.record_assessment(owner, "scs", scs_answers)
    Assessment.objects.filter(pk=first.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 3, 30, tzinfo=datetime.UTC)
    )
    actions.record_assessment(owner, "scs", dict.fromkeys(scs_answers, 4))
    page = _page(owner_client, reverse("assessments:history"))
    assert page.count('<li class="history-entry">') == 2
    assert "28 februari 2026, 22:30" in page  # 03:30 UTC is the evening before in New York


def test_the_history_has_a_chart_of_the_total_over_time_with_a_table(
    owner_client, owner, scs_answers
):
    actions.record_assessment(owner, "scs", scs_answers)
    actions.record_assessment(owner, "scs", dict.fromkeys(scs_answers, 4))
    page = _page(owner_client, reverse("assessments:history"))
    assert 'id="trend-scs"' in page
    assert "<polyline" in page
    table = page.split("<caption>Je totaal per datum</caption>")[1].split("</table>")[0]
    assert table.count("<tr>") == 3  # the header and two dates


def test_no_average_is_drawn_and_the_one_told_in_words_names_its_study_and_group(
    owner_client, owner, scs_answers
):
    actions.record_assessment(owner, "scs", scs_answers)
    actions.record_assessment(owner, "scs", dict.fromkeys(scs_answers, 4))
    for url in (reverse("assessments:history"), reverse("assessments:profile")):
        page = _page(owner_client, url)
        assert "stroke-dasharray" not in page
        assert "gemiddelde: ongeveer" not in page
    words = " ".join(_page(owner_client, reverse("assessments:profile")).split())
    assert "Gemiddeld scoren mensen" not in words
    assert "Garcia-Campayo en collega&#x27;s, 2014" in words
    assert "268 studenten" in words


@pytest.mark.parametrize(
    ("language", "under_the_chart"), [("nl", ">1 mrt 2026<"), ("en", ">1 Mar 2026<")]
)
def test_the_dates_under_the_history_chart_are_written_as_the_language_writes_them(
    owner_client, owner, scs_answers, language, under_the_chart
):
    owner.language = language
    owner.save()
    taken, _ = actions.record_assessment(owner, "scs", scs_answers)
    Assessment.objects.filter(pk=taken.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    )
    chart = _page(owner_client, reverse("assessments:history")).split('id="trend-scs"')[1]
    assert under_the_chart in chart.split("</svg>")[0]


def test_the_history_lists_drafts_to_continue(owner_client, scs_draft):
    page = _page(owner_client, reverse("assessments:history"))
    assert f'href="{_url("answer", scs_draft)}"' in page


# Deleting


def test_deleting_asks_for_confirmation_first(owner_client, scs_result):
    page = _page(owner_client, _url("delete", scs_result))
    form = page.split('<main id="main"')[1].split("<form")[1].split("</form>")[0]
    assert 'method="post"' in form and "csrfmiddlewaretoken" in form
    assert Assessment.objects.filter(pk=scs_result.pk).exists()


def test_confirming_deletes_the_assessment(owner_client, scs_result):
    response = owner_client.post(_url("delete", scs_result))
    assert response["Location"] == reverse("assessments:history")
    assert not Assessment.objects.filter(pk=scs_result.pk).exists()


def test_deleting_needs_the_csrf_token(owner, scs_result):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(_url("delete", scs_result)).status_code == 403
    assert Assessment.objects.filter(pk=scs_result.pk).exists()


def test_answering_needs_the_csrf_token(owner, scs_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post(_url("answer", scs_draft), {"item_3": "4", "action": "save"})
    assert response.status_code == 403
    scs_draft.refresh_from_db()
    assert "3" not in scs_draft.answers


# Another person's assessments


@pytest.mark.parametrize("name", ["answer", "result", "delete"])
def test_an_outsider_gets_404_for_the_owners_assessment(outsider_client, scs_result, name):
    assert outsider_client.get(_url(name, scs_result)).status_code == 404


@pytest.mark.parametrize("name", ["answer", "delete"])
def test_an_outsider_cannot_change_or_delete_the_owners_assessment(
    outsider_client, scs_draft, name
):
    response = outsider_client.post(_url(name, scs_draft), {"item_3": "4", "action": "save"})
    assert response.status_code == 404
    scs_draft.refresh_from_db()
    assert scs_draft.answers == {"1": 2, "2": 3}


def test_an_outsider_sees_none_of_the_owners_results(outsider_client, scs_result, scs_draft):
    for name in ("history", "profile", "questionnaires"):
        page = _page(outsider_client, reverse(f"assessments:{name}"))
        assert f"/assessments/{scs_result.pk}/" not in page
        assert f"/assessments/{scs_draft.pk}/" not in page


def test_an_outsiders_own_draft_of_the_same_scale_is_theirs(outsider_client, outsider, scs_draft):
    response = outsider_client.get(_start("scs"))
    assert response.status_code == 200  # a new form, not the owner's draft


# Headers and markup


def _personal_urls(result: Assessment, draft: Assessment) -> list[str]:
    return [
        reverse("assessments:questionnaires"),
        _start("scs_sf"),
        _url("answer", draft),
        _url("result", result),
        _url("delete", result),
        reverse("assessments:profile"),
        reverse("assessments:history"),
    ]


def test_personal_pages_are_not_stored_in_caches(owner_client, scs_result, scs_draft):
    for url in _personal_urls(scs_result, scs_draft):
        response = owner_client.get(url)
        assert response["Cache-Control"] == "no-store", url
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_no_page_has_inline_script_or_style(owner_client, scs_result, scs_draft):
    for url in _personal_urls(scs_result, scs_draft):
        page = _page(owner_client, url)
        # A script is a file of our own, loaded by its address (CSP script-src 'self').
        assert all(body == "" for body in re.findall(r"<script[^>]*>(.*?)</script>", page, re.S))
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
        assert "<style" not in page
        assert " style=" not in page
        assert not re.search(r"\son[a-z]+=", page)


@pytest.mark.parametrize("name", ["questionnaires", "profile", "history"])
def test_the_pages_ask_a_visitor_to_log_in(client, owner, name):
    response = client.get(reverse(f"assessments:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_checks_around_a_practice_stay_with_the_practice(owner_client, owner, scs_result):
    sscs = dict.fromkeys(get_instrument("sscs_s").item_numbers, 4)
    actions.record_assessment(owner, "sscs_s", sscs, context="practice_before")
    actions.record_assessment(owner, "sscs_s", sscs, context="practice_after")
    history = owner_client.get(reverse("assessments:history")).content.decode()
    profile = owner_client.get(reverse("assessments:profile")).content.decode()
    name = get_instrument("sscs_s").names.nl
    assert name not in history and name not in profile
    note = re.search(r'<p class="hint" id="practice-checks-note">(.*?)</p>', history, re.S)
    assert note and reverse("practice:insights") in note.group(1)
    # one taken on its own is a questionnaire like any other
    actions.record_assessment(owner, "sscs_s", sscs)
    history = owner_client.get(reverse("assessments:history")).content.decode()
    profile = owner_client.get(reverse("assessments:profile")).content.decode()
    assert name in history
    assert name in profile


def test_without_practice_checks_there_is_no_note(owner_client, scs_result):
    history = owner_client.get(reverse("assessments:history")).content.decode()
    assert "practice-checks-note" not in history


def _csrf_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_profile_page_carries_a_fresh_working_csrf_token(owner, scs_result):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    first = client.get(reverse("assessments:profile")).content.decode()
    second = client.get(reverse("assessments:profile")).content.decode()
    assert first.replace(_csrf_in(first), "") == second.replace(_csrf_in(second), "")
    assert _csrf_in(first) != _csrf_in(second)  # masked anew for each response
    assert re.fullmatch(r"[A-Za-z0-9]{64}", _csrf_in(second))
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": _csrf_in(second)})
    assert response.status_code == 302
    assert client.get(reverse("assessments:profile")).status_code == 302  # logged out


def test_a_profile_with_a_query_string_is_rendered_for_it(owner_client, scs_result):
    html = owner_client.get(reverse("assessments:profile") + "?from=mail").content.decode()
    assert 'name="next" value="/profile/?from=mail"' in html
    plain = owner_client.get(reverse("assessments:profile")).content.decode()
    assert 'name="next" value="/profile/"' in plain


def test_a_message_waiting_is_shown_on_the_profile(owner_client, owner, scs_result, settings):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    owner_client.get(reverse("assessments:profile"))
    storage = CookieStorage(HttpRequest())
    response = HttpResponse()
    storage._store([Message(constants.SUCCESS, "Een bericht voor jou")], response)
    owner_client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    html = owner_client.get(reverse("assessments:profile")).content.decode()
    assert "Een bericht voor jou" in html
    assert "Een bericht voor jou" not in (
        owner_client.get(reverse("assessments:profile")).content.decode()
    )
