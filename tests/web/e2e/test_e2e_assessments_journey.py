"""First start → account → Self-Compassion Scale → result and profile → history, in Chromium.

Once in Dutch and once in English, each on a fresh `mildkracht serve`. Every page is checked
with axe-core (no serious or critical violations); screenshots go to
test-artifacts/screenshots/assessments-<language>-*.png for people to look at.
"""

import re

import e2e_support
import pytest
from e2e_support import DESKTOP, PHONE, Server

from mildkracht.core.instruments.registry import get_instrument
from mildkracht.core.instruments.scoring import score_response

pytestmark = pytest.mark.e2e


PASSWORD = "a calm lake at dawn, twice"
ANSWERS = {number: number % 5 + 1 for number in range(1, 27)}

TEXT = {
    "nl": {
        "questionnaires": "Vragenlijsten",
        "fill_in": "SCS invullen",
        "save": "Opslaan en later verder",
        "send": "Versturen",
        "saved": "Je antwoorden zijn opgeslagen.",
        "progress": "13 van 26 beantwoord",
        "missing": "Nog 13 vragen zonder antwoord",
        "translation": "Eigen vertaling van Mildkracht; de Engelse tekst is de gepubliceerde",
        "result": "Je resultaat: Zelfcompassieschaal",
        "profile": "Profiel",
        "history": "Je geschiedenis",
        "delete": "Verwijderen",
        "keep": "Nee, bewaren",
        "decimal": ",",
    },
    "en": {
        "questionnaires": "Questionnaires",
        "fill_in": "Fill in SCS",
        "save": "Save and continue later",
        "send": "Send",
        "saved": "Your answers are saved.",
        "progress": "13 of 26 answered",
        "missing": "13 questions still need an answer",
        "translation": None,
        "result": "Your result: Self-Compassion Scale",
        "profile": "Profile",
        "history": "Your history",
        "delete": "Delete",
        "keep": "No, keep it",
        "decimal": ".",
    },
}


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "data")
    yield running
    running.stop()


def check_page(page, name: str) -> None:
    e2e_support.check_page(page, f"assessments-{name}")


def expected_total(language: str) -> str:
    total = score_response(get_instrument("scs"), ANSWERS).values["total"]
    return f"{total:.2f}".replace(".", TEXT[language]["decimal"])


def answer(page, numbers) -> None:
    for number in numbers:
        # Click the label, as a person does: the whole option is the tap target.
        page.locator(
            f"label.choice:has(input[name='item_{number}'][value='{ANSWERS[number]}'])"
        ).click()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_first_start_to_scs_profile_and_history(server, browser, language):
    text = TEXT[language]
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shot = f"{language}-"

    # First start: the owner creates an account, in the language chosen on that page.
    page.goto(server.url + "/")
    page.wait_for_url("**/accounts/setup/")
    if language == "en":
        page.locator("form.language-switch button[value='en']").click()
        page.wait_for_url("**/accounts/setup/")
    assert page.locator("html").get_attribute("lang") == language
    check_page(page, shot + "01-setup")
    page.fill("input[name='username']", "sam")
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")
    check_page(page, shot + "02-home")

    # The questionnaires, then the SCS form.
    page.get_by_role("navigation").get_by_role("link", name=text["questionnaires"]).click()
    page.wait_for_url("**/questionnaires/")
    check_page(page, shot + "03-questionnaires")
    page.get_by_role("link", name=text["fill_in"], exact=True).click()
    page.wait_for_url("**/questionnaires/scs/")
    assert page.locator("fieldset.question").count() == 26
    assert page.locator("fieldset.question legend").count() == 26
    assert page.locator("input[type='radio'][name='item_1']").count() == 5
    if text["translation"]:
        assert text["translation"] in page.locator("main").inner_text()
    else:
        assert "translation" not in page.locator("main").inner_text()
    check_page(page, shot + "04-form")

    # Half of it: the counter follows the answers as they are chosen, then saved; the draft
    # resumes with its answers.
    answer(page, range(1, 14))
    assert text["progress"] in page.locator(".progress-box").inner_text()
    assert page.locator("#questionnaire-progress").evaluate("bar => bar.value") == 13
    page.get_by_role("button", name=text["save"]).click()
    page.wait_for_url(re.compile(r".*/assessments/\d+/$"))
    assert text["saved"] in page.locator(".messages").inner_text()
    assert text["progress"] in page.locator(".progress-box").inner_text()
    assert page.locator(f"input[name='item_13'][value='{ANSWERS[13]}']").is_checked()
    check_page(page, shot + "05-saved")

    # Sending too early lists what is missing, with links to the questions.
    page.get_by_role("button", name=text["send"], exact=True).click()
    summary = page.locator(".notice-summary")
    assert text["missing"] in summary.inner_text()
    assert summary.locator("a").count() == 13
    check_page(page, shot + "06-missing")
    summary.locator("a").first.click()
    assert page.url.endswith("#item-14")

    # The rest, sent: the result shows the core's total and the six components.
    answer(page, range(14, 27))
    page.get_by_role("button", name=text["send"], exact=True).click()
    page.wait_for_url("**/result/")
    assert page.get_by_role("heading", level=1).inner_text() == text["result"]
    assert page.locator(".score-value").first.inner_text() == expected_total(language)
    assert page.locator("svg[role='img']").count() == 1
    assert page.locator("article.component").count() == 6
    assert page.locator(".help-block").count() == 0
    check_page(page, shot + "07-result")

    # On a phone, the form and the result remain usable.
    phone = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    phone_page = phone.new_page()
    phone_page.goto(server.url + "/questionnaires/scs_sf/")
    choice = phone_page.locator("label.choice").first.bounding_box()
    assert choice["height"] >= 44 and choice["width"] >= 300
    check_page(phone_page, shot + "08-phone-form")
    phone_page.goto(page.url)
    check_page(phone_page, shot + "09-phone-result")
    phone.close()

    # The profile and the history.
    page.get_by_role("navigation").get_by_role("link", name=text["profile"]).click()
    page.wait_for_url("**/profile/")
    assert expected_total(language) in page.locator(".score-value").first.inner_text()
    check_page(page, shot + "10-profile")
    page.goto(server.url + "/profile/history/")
    assert page.get_by_role("heading", level=1).inner_text() == text["history"]
    assert page.locator("li.history-entry").count() == 1
    assert page.locator("#trend-scs").count() == 1
    check_page(page, shot + "11-history")

    # Deleting asks first; keeping it changes nothing.
    page.locator("li.history-entry").get_by_role("link", name=text["delete"]).click()
    page.wait_for_url("**/delete/")
    check_page(page, shot + "12-delete")
    page.get_by_role("link", name=text["keep"]).click()
    page.wait_for_url("**/profile/history/")
    assert page.locator("li.history-entry").count() == 1

    assert errors == []
    context.close()
