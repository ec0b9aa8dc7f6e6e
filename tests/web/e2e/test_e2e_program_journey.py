"""A whole program in a real browser, in Dutch: enrol → practise → (eight weeks later) the
week-8 re-test → the progress page → the PDF report.

The clock is moved by moving the person's history: after the first week the test shifts the
enrolment, the baseline and the practice 49 days back in the server's database, so that the
server's own "today" falls in week 8. Every page is checked with axe-core (no serious or
critical violations); screenshots go to test-artifacts/screenshots/.
"""

import re
import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import e2e_support
import pytest
from e2e_support import DESKTOP, SCREENSHOTS

pytestmark = pytest.mark.e2e


PASSWORD = "een rustig meer bij dageraad"
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}


class Server(e2e_support.Server):
    """`mildkracht serve`, and a way to move the person's history back in time."""

    def move_history_back(self, days: int) -> None:
        """Shift the enrolment, the assessments and the practice ``days`` into the past."""
        database = sqlite3.connect(self.data_dir / "mildkracht.sqlite3", timeout=20)
        shift = f"-{days} days"
        with database:
            database.execute("UPDATE program_enrolment SET start = date(start, ?)", (shift,))
            database.execute(
                "UPDATE assessments_assessment SET submitted_at = "
                "strftime('%Y-%m-%d %H:%M:%f', submitted_at, ?), "
                "created_at = strftime('%Y-%m-%d %H:%M:%f', created_at, ?)",
                (shift, shift),
            )
            database.execute(
                "UPDATE practice_practicesession SET started_at = "
                "strftime('%Y-%m-%d %H:%M:%f', started_at, ?)",
                (shift,),
            )
        database.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("e2e-program") / "data")
    yield running
    running.stop()


def check_page(page, name: str) -> None:
    e2e_support.check_page(page, f"program-{name}")


def fill_scs(page, positive: int, negative: int) -> None:
    for item in range(1, 27):
        value = negative if item in SCS_NEGATIVE else positive
        page.locator(f"input[name='item_{item}'][value='{value}']").check()
    page.locator("button[name='action'][value='submit']").click()


def log_practice(page, server, minutes: str, kind: str) -> None:
    page.goto(server.url + "/practice/sessions/new/")
    page.locator(f"input[name='kind'][value='{kind}']").check()
    page.fill("input[name='minutes']", minutes)
    # The date field is filled explicitly: its initial value is not in the ISO form that a
    # date input needs (reported to the practice app).
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    page.fill("input[name='day']", today.isoformat())
    page.locator("form.stacked-form button.button").click()
    page.wait_for_url("**/practice/sessions/")


def test_a_whole_program_in_dutch(server, browser, tmp_path):
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(server.url + "/")
    page.fill("input[name='username']", "noor")
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")

    # Enrol, starting today
    page.get_by_role("link", name="Programma", exact=True).click()
    page.wait_for_url("**/program/")
    assert page.get_by_role("heading", name="Het programma van 8 weken", level=1).is_visible()
    check_page(page, "01-enrol")
    page.get_by_role("button", name="Start het programma").click()
    page.wait_for_url("**/program/")
    assert page.get_by_text("Dit is week 1: Zelfcompassie ontdekken.").is_visible()
    check_page(page, "02-week-1-overview")

    # The baseline: every kind item 2, every harsh item 4 → total 2,00
    page.get_by_role("button", name="Vul de Zelfcompassieschaal in").click()
    page.wait_for_url("**/assessments/*/")
    fill_scs(page, positive=2, negative=4)
    page.wait_for_url("**/result/")

    # The week page, with its exercises and reflection
    page.goto(server.url + "/program/week/1/")
    assert page.get_by_role("heading", name="Zelfcompassie ontdekken", level=1).is_visible()
    check_page(page, "03-week-1")

    # Practise: 25 minutes formal, 10 informal
    log_practice(page, server, "25", "formal")
    log_practice(page, server, "10", "informal")

    # Eight weeks later (49 days): week 8, and the re-test is offered
    server.move_history_back(49)
    page.goto(server.url + "/program/")
    assert page.get_by_text("Dit is week 8").is_visible()
    assert page.get_by_role("heading", name="Week 8", level=3).is_visible()
    check_page(page, "04-week-8-overview")
    page.get_by_role("button", name="Vul de Zelfcompassieschaal in").click()
    page.wait_for_url("**/assessments/*/")
    fill_scs(page, positive=3, negative=3)  # total 3,00
    page.wait_for_url("**/result/")

    # Progress: +1,00 points, +50%, RCI 1,00 / 0,2453 = +4,08 (S_diff = √2 · 3,68/6 · √0,08);
    # 35 minutes in the period
    page.goto(server.url + "/program/progress/")
    assert page.locator("#change-points").inner_text() == "+1,00"
    assert page.locator("#change-percent").inner_text() == "+50%"
    assert page.locator("#change-rci").inner_text() == "+4,08"
    dose = page.locator("#dose-table tbody tr").first.locator("td")
    assert dose.nth(3).inner_text() == "35"
    assert dose.nth(4).inner_text() == "+1,00"
    assert page.get_by_text("Tot nu toe is er 1.").is_visible()
    check_page(page, "05-progress")
    page.emulate_media(media="print")
    page.screenshot(path=str(SCREENSHOTS / "program-06-progress-print.png"), full_page=True)
    assert not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")

    # The report
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download als pdf").click()
    download = download_info.value
    assert re.fullmatch(r"mildkracht-progress-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    target = tmp_path / "report.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # Reminders and the calendar address
    page.goto(server.url + "/program/reminders/")
    page.fill("input[name='practice_time']", "07:30")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Maak een agenda-adres").click()
    feed_url = page.locator("#feed-url").inner_text()
    assert feed_url.startswith(server.url + "/program/calendar/")
    check_page(page, "07-reminders")
    feed = context.request.get(feed_url)
    assert feed.status == 200
    assert "RRULE:FREQ=DAILY" in feed.text()

    # The same pages in English
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto(server.url + "/program/progress/")
    assert page.locator("#change-points").inner_text() == "+1.00"
    trial = page.locator("#trial")
    assert trial.is_visible()  # the published trial in words, with its group; no line drawn
    assert "Neff and Germer, 2013" in trial.inner_text() and "is not a target" in trial.inner_text()
    check_page(page, "08-progress-en")
    assert errors == []
    context.close()
