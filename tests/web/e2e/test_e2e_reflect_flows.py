"""The tender and fierce tools in a real browser, as a new person uses them.

Each reflective tool is filled in through the questionnaire pages and read on its result
page; the balance profile is taken twice to see the change. "What do I need right now?" is
followed on a phone from the home page to the player, with and without JavaScript. Every
page is checked with axe-core (no serious or critical violations); screenshots go to
test-artifacts/screenshots/reflect-*.png.
"""

import re

import e2e_support
import pytest
from e2e_support import DESKTOP, PHONE, SCREENSHOTS, Server

pytestmark = pytest.mark.e2e


USERNAME = "noor"
PASSWORD = "een rustig meer bij dageraad"
NOTICE = "geen gevalideerde test"


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    """A fresh server whose owner account is set up through the first-start page."""
    running = Server(tmp_path_factory.mktemp("e2e-reflect") / "data")
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    page = context.new_page()
    page.goto(running.url + "/")
    page.fill("input[name='username']", USERNAME)
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(running.url + "/")
    context.close()
    yield running
    running.stop()


def logged_in(browser, server, **options):
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name='username']", USERNAME)
    page.fill("input[name='password']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")
    return context, page, errors


def check_page(page, name: str) -> None:
    e2e_support.check_page(page, f"reflect-{name}")


def fill_in(page, server, instrument_id: str, answers: dict[int, int]) -> None:
    """From the overview of the tools: fill in ``instrument_id``, which leads straight to the
    tool's own result page."""
    page.goto(server.url + "/reflect/")
    page.locator(f"a[href='/questionnaires/{instrument_id}/']").first.click()
    page.wait_for_url(f"**/questionnaires/{instrument_id}/")
    for number, value in answers.items():
        page.locator(f"input[name='item_{number}'][value='{value}']").check()
    page.locator("button[name='action'][value='submit']").click()
    page.wait_for_url(re.compile(r".*/reflect/\w+/\d+/$"))


def table_cells(page) -> list[str]:
    return [cell.strip() for cell in page.locator("main table td").all_inner_texts()]


def test_the_balance_profile_taken_twice_shows_the_balance_and_the_change(server, browser):
    context, page, errors = logged_in(browser, server, viewport=DESKTOP)
    page.goto(server.url + "/reflect/")
    assert NOTICE in page.locator("main").inner_text()
    check_page(page, "01-overview")

    tender = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23}
    reversed_items = {8, 15, 17, 22}
    first = {n: (2 if n in tender else 4) for n in range(1, 25)}
    first.update({n: 6 - first[n] for n in reversed_items})
    fill_in(page, server, "balance", first)
    main = page.locator("main").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Je balans tussen mild en krachtig"
    )
    assert NOTICE in main
    assert table_cells(page)[:2] == ["2,00", "4,00"]
    assert "het verschil is 2,00 punt" in main
    assert page.locator("svg[role='img']").count() == 2
    assert page.locator("main a[href$='/play/']").count() >= 1
    check_page(page, "02-balance")

    page.get_by_role("link", name="Opnieuw invullen").click()
    page.wait_for_url("**/questionnaires/balance/")
    second = {n: 3 for n in range(1, 25)}
    fill_in(page, server, "balance", second)
    main = page.locator("main").inner_text()
    assert "Sinds de vorige keer" in main
    assert table_cells(page)[:4] == ["3,00", "2,00", "+1,00", "3,00"]
    check_page(page, "03-balance-again")

    page.locator("main a[href$='/play/']").first.click()
    page.wait_for_url("**/play/")
    assert errors == []
    context.close()


def test_the_relationship_styles_show_each_part_of_life(server, browser):
    context, page, errors = logged_in(browser, server, viewport=DESKTOP)
    other_focused = {2, 4, 8, 10, 14, 16, 20, 22}
    mutual = {3, 5, 9, 11, 15, 17, 21, 23}
    answers = {n: 5 if n in other_focused else 3 if n in mutual else 1 for n in range(1, 25)}
    answers.update({9: 5, 11: 5})  # in the family: fair to both
    fill_in(page, server, "relationship_styles", answers)
    main = page.locator("main").inner_text()
    assert NOTICE in main
    assert page.locator("svg[role='img']").count() == 4
    assert "zet je vaak de ander voorop" in main
    assert "krachtige kant" in main
    assert "In je familie zoek je vaak naar wat eerlijk is" in main
    check_page(page, "04-relationships")
    assert errors == []
    context.close()


def test_the_gender_expectations_explain_the_gap_without_judgement(server, browser):
    context, page, errors = logged_in(browser, server, viewport=DESKTOP)
    answers = {n: 3 for n in range(1, 17)}
    answers.update({9: 5, 11: 5, 13: 5, 15: 4, 2: 2, 6: 2})  # more tenderness expected
    fill_in(page, server, "gender_expectations", answers)
    main = page.locator("main").inner_text()
    assert NOTICE in main
    assert "Je voelt dat er meer mildheid van je wordt verwacht dan je bij jezelf ziet" in main
    assert "Wat je gender ook is" in main
    check_page(page, "05-gender")

    page.locator("form.language-switch button[value='en']").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "not a validated test" in main
    assert "You feel that more tenderness is expected of you" in main
    check_page(page, "06-gender-english")
    page.locator("form.language-switch button[value='nl']").click()
    page.wait_for_load_state()
    assert errors == []
    context.close()


def test_what_do_i_need_right_now_on_a_phone(server, browser):
    context, page, errors = logged_in(
        browser, server, viewport=PHONE, is_mobile=True, has_touch=True
    )
    card = page.locator(".reflect-need-card")
    assert card.is_visible()
    check_page(page, "07-home-card")
    card.get_by_role("link", name="Wat heb ik nu nodig?").click()
    page.wait_for_url("**/reflect/need/")
    assert NOTICE in page.locator("main").inner_text()
    check_page(page, "08-need-situation")

    page.get_by_role("link", name=re.compile("Ik heb pijn of verdriet")).click()
    check_page(page, "09-need-intensity")
    page.get_by_role("link", name="Heel erg").click()
    assert page.get_by_text("Wil je meteen met iemand praten?").is_visible()
    check_page(page, "10-need-time")
    page.get_by_role("link", name=re.compile("^5 minuten")).click()
    page.wait_for_url("**minutes=5")

    main = page.locator("main")
    assert main.get_by_role("heading", name="Iemand om mee te praten").is_visible()
    assert main.get_by_role("link", name="113", exact=True).is_visible()
    assert main.get_by_role("heading", name="Eerst even houvast").is_visible()
    check_page(page, "11-need-result-high")

    main.get_by_role("button", name="Bewaar dit moment").click()
    page.wait_for_url("**minutes=5")
    assert page.locator(".messages").inner_text().strip() != ""
    check_page(page, "12-need-moment-noted")

    first_player = main.locator("a[href$='/play/']").first
    first_player.click()
    page.wait_for_url("**/play/")
    assert errors == []
    context.close()


def test_the_flow_works_without_javascript(server, browser):
    context, page, _ = logged_in(
        browser, server, viewport=PHONE, is_mobile=True, java_script_enabled=False
    )
    page.goto(server.url + "/reflect/need/")
    page.get_by_role("link", name=re.compile("Ik zit vast")).click()
    page.get_by_role("link", name="Een beetje").click()
    page.get_by_role("link", name=re.compile("^15 minuten")).click()
    page.wait_for_url("**minutes=15")
    players = page.locator("main a[href$='/play/']")
    assert players.count() == 2  # one tender and one fierce practice to choose from
    assert "Iemand om mee te praten" not in page.locator("main").inner_text()
    # axe-core runs as JavaScript in the page, so this page gets a screenshot only.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / "reflect-13-need-stuck-no-javascript.png"), full_page=True
    )
    context.close()
