"""A course on a server, in Chromium against PostgreSQL, once in Dutch and once in English.

A teacher made with `mildkracht user add NAME --teacher` sets up two-step sign-in (the code
computed here from the key the page shows) and creates a course that starts today. Four
participants join through the invitation link and answer the Self-Compassion Scale at the
start: the teacher sees "not enough people yet". Two more join and answer; eight weeks later
all six answer again, and the teacher sees the group's change (checked against the numbers
worked out below). The teacher's course page is checked with axe-core.

The server runs on a fresh PostgreSQL database made and dropped here; the test is skipped
when no PostgreSQL answers. Eight weeks pass as in the program journey: the course, its
sessions, the memberships, the enrolments and the answers are moved 49 days back in the
server's database, so that the server's own "today" falls in week 8. No clock of the app
is faked.
"""

import os
import subprocess
import sys
import time
import uuid
from base64 import b32decode
from datetime import datetime
from zoneinfo import ZoneInfo

import e2e_support
import pytest
from django_otp.oath import TOTP
from e2e_support import DESKTOP, PHONE
from own_process import environment

pytestmark = pytest.mark.e2e

POSTGRES = os.environ.get("MILDKRACHT_E2E_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PASSWORD = "a calm lake at dawn, in a group"
SCS_NEGATIVE = {1, 2, 4, 6, 8, 11, 13, 16, 18, 20, 21, 24, 25}
WEEK_8_DAYS = 49

# Each person's answers as (kind items, harsh items); the SCS total is (kind + 6 - harsh) / 2.
# Start:  2.0 2.5 2.5 2.0 3.0 2.0  → mean 2.33
# Week 8: 3.0 3.0 3.5 2.5 4.0 3.0  → mean 3.17; change +0.83, +36 % of the starting mean
START_ANSWERS = [(2, 4), (2, 3), (3, 4), (2, 4), (3, 3), (2, 4)]
WEEK_8_ANSWERS = [(3, 3), (3, 3), (3, 2), (2, 3), (4, 2), (3, 3)]

TEXT = {
    "nl": {
        "locale": "nl-NL",
        "new_course": "Nieuwe cursus",
        "save_course": "Opslaan",
        "join": "Account maken en meedoen",
        "fill_in": "Vul de Zelfcompassieschaal in",
        "confirm": "Bevestigen",
        "kept": "Ik heb ze bewaard",
        "too_few": "Nog niet genoeg mensen",
        "change": "2,33 naar 3,17",
        "points": "+0,83",
        "percent": "+36 %",
        "own": "+1,00",
    },
    "en": {
        "locale": "en-GB",
        "new_course": "New course",
        "save_course": "Save",
        "join": "Create account and join",
        "fill_in": "Fill in the Self-Compassion Scale",
        "confirm": "Confirm",
        "kept": "I have kept them",
        "too_few": "Not enough people yet",
        "change": "2.33 to 3.17",
        "points": "+0.83",
        "percent": "+36 %",
        "own": "+1.00",
    },
}


def _postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=2).close()
    except Exception:
        return False
    return True


@pytest.fixture
def database_url():
    if not _postgres_answers():
        pytest.skip("no PostgreSQL answers at " + POSTGRES)
    import psycopg

    name = f"mildkracht_e2e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{POSTGRES}/{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Server(e2e_support.Server):
    """`mildkracht serve` over PostgreSQL, its command line, and a way to move time on."""

    def __init__(self, data_dir, database_url: str) -> None:
        self.database_url = database_url
        super().__init__(data_dir, {"DATABASE_URL": database_url})

    def add_teacher(self, name: str) -> None:
        command = [sys.executable, "-m", "mildkracht", "user", "add", name, "--teacher"]
        command += ["--data-dir", str(self.data_dir)]
        env = {**environment(), "DATABASE_URL": self.database_url}
        done = subprocess.run(
            command, input=PASSWORD + "\n", env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr

    def move_history_back(self, days: int) -> None:
        """Move everything dated in the course and its people's answers ``days`` back."""
        import psycopg

        interval = f"interval '{days} days'"
        with psycopg.connect(self.database_url, autocommit=False) as database:
            database.execute(f"UPDATE courses_course SET start = start - {days}")
            database.execute(f"UPDATE courses_session SET starts_at = starts_at - {interval}")
            database.execute(f"UPDATE courses_membership SET joined_at = joined_at - {interval}")
            database.execute(f"UPDATE program_enrolment SET start = start - {days}")
            database.execute(
                "UPDATE assessments_assessment SET "
                f"submitted_at = submitted_at - {interval}, created_at = created_at - {interval}"
            )
            database.execute(
                f"UPDATE courses_figurerelease SET created_at = created_at - {interval}"
            )


@pytest.fixture
def server(tmp_path, database_url):
    running = Server(tmp_path / "data", database_url)
    yield running
    running.stop()


def check_page(page, name: str) -> None:
    e2e_support.check_page(page, f"course-{name}")


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for the key on the set-up page."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def teacher_signs_up(page, server, language: str) -> None:
    text = TEXT[language]
    page.goto(server.url + "/accounts/login/?next=/courses/")
    if language == "en":
        page.locator("form.language-switch button[value='en']").click()
        page.wait_for_url("**/accounts/login/**")
    page.fill("input[name='username']", "juf")
    page.fill("input[name='password']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url("**/courses/two-factor/**")
    secret = page.locator(".secret-key").inner_text()
    page.fill("input[name='token']", totp_code(secret))
    page.get_by_role("button", name=text["confirm"]).click()
    page.get_by_role("link", name=text["kept"]).click()
    page.wait_for_url("**/courses/")


def teacher_creates_course(page, language: str, today: str) -> str:
    """Create a course that starts today; return its invitation link."""
    text = TEXT[language]
    page.get_by_role("link", name=text["new_course"]).click()
    page.fill("input[name='name']", "Mild en krachtig")
    page.select_option("select[name='language']", language)
    page.fill("input[name='start']", today)
    page.locator("main form button").click()
    page.wait_for_url("**/courses/*/")
    page.locator("section[aria-labelledby='invite-title'] li a").first.click()
    page.wait_for_url("**/invitations/*/")
    return page.locator(".invitation-link a").inner_text()


def fill_scs(page, answers: tuple[int, int]) -> None:
    kind, harsh = answers
    for item in range(1, 27):
        value = harsh if item in SCS_NEGATIVE else kind
        page.locator(f"input[name='item_{item}'][value='{value}']").check()
    page.locator("button[name='action'][value='submit']").click()
    page.wait_for_url("**/result/")


def answer_scs(page, server, language: str, answers: tuple[int, int]) -> None:
    page.goto(server.url + "/program/")
    page.get_by_role("button", name=TEXT[language]["fill_in"]).click()
    page.wait_for_url("**/assessments/*/")
    fill_scs(page, answers)


def participant_joins(browser, server, language: str, link: str, number: int):
    """A new person joins through the link and answers the SCS at the start."""
    context = browser.new_context(viewport=PHONE, locale=TEXT[language]["locale"])
    page = context.new_page()
    page.goto(link)
    page.fill("input[name='username']", f"deelnemer{number}")
    page.fill("input[name='password1']", PASSWORD)
    page.fill("input[name='password2']", PASSWORD)
    page.get_by_role("button", name=TEXT[language]["join"]).click()
    page.wait_for_url("**/courses/mine/*/")
    answer_scs(page, server, language, START_ANSWERS[number])
    return context, page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_course_from_invitation_to_the_groups_change(server, browser, language):
    text = TEXT[language]
    server.add_teacher("juf")
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date().isoformat()
    teacher_context = browser.new_context(viewport=DESKTOP, locale=text["locale"])
    teacher = teacher_context.new_page()
    errors: list[str] = []
    teacher.on("pageerror", lambda error: errors.append(str(error)))
    teacher_signs_up(teacher, server, language)
    link = teacher_creates_course(teacher, language, today)
    assert link.startswith(server.url + "/courses/join/")
    course_page = teacher.url.split("/invitations/")[0] + "/"

    # Four people at the start: no figure yet
    people = [participant_joins(browser, server, language, link, n) for n in range(4)]
    teacher.goto(course_page)
    start_scores = teacher.locator("[data-withheld='too_few']").first
    assert text["too_few"] in start_scores.inner_text()
    assert teacher.locator("table[data-figure='scores:scs:baseline']").count() == 0
    check_page(teacher, f"{language}-01-four-people")

    # Six people: the start's figures are shown
    people += [participant_joins(browser, server, language, link, n) for n in range(4, 6)]
    teacher.goto(course_page)
    assert teacher.locator("table[data-figure='scores:scs:baseline']").is_visible()
    assert (
        "n = 6" in teacher.locator("table[data-figure='scores:scs:baseline'] caption").inner_text()
    )

    # Week 8: everyone answers again, and the teacher sees the group's change
    server.move_history_back(WEEK_8_DAYS)
    for number, (_context, page) in enumerate(people):
        answer_scs(page, server, language, WEEK_8_ANSWERS[number])
    teacher.goto(course_page)
    change = teacher.locator("table[data-figure='change:scs:week8']")
    assert change.is_visible()
    summary = teacher.locator(".change-summary").inner_text()
    assert text["change"] in summary
    assert text["points"] in summary
    assert text["percent"] in summary
    check_page(teacher, f"{language}-02-week-8")

    # A participant sees the group's change next to their own (2.00 → 3.00: +1.00)
    course_id = course_page.rstrip("/").rsplit("/", 1)[1]
    first = people[0][1]
    first.goto(f"{server.url}/courses/mine/{course_id}/")
    group = first.locator("section[aria-labelledby='group-title']").inner_text()
    assert text["change"] in group
    assert text["own"] in group
    check_page(first, f"{language}-03-participant-week-8")
    assert errors == []
    for context, _page in people:
        context.close()
    teacher_context.close()
