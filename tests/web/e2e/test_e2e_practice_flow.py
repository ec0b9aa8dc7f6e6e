"""A new person practises in a real browser, in Dutch, on a phone-sized screen.

Choose an exercise → answer the check-in → practise with the player → see the shift and write
in the journal → see the log and the week → note a moment. Every page is checked with
axe-core (no serious or critical violations); screenshots go to test-artifacts/screenshots/.
"""

import re

import e2e_support
import pytest
from e2e_support import DESKTOP, PHONE, Server

pytestmark = pytest.mark.e2e


PASSWORD = "een rustig meer bij dageraad"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("e2e-practice") / "data")
    yield running
    running.stop()


def check_page(page, name: str) -> None:
    e2e_support.check_page(page, f"practice-{name}")


def answer_check(page, kind: int, unkind: int) -> None:
    """Items 2, 4 and 5 of the SSCS-S are about being unkind to oneself (reverse-scored)."""
    for item in range(1, 7):
        value = unkind if item in (2, 4, 5) else kind
        page.locator(f"input[name='item_{item}'][value='{value}']").check()


def _log_in(page, server, language: str = "Nederlands") -> None:
    """Log in as Sanne; on a fresh server, create her account as a first start asks."""
    page.goto(server.url + "/")
    page.fill("input[name='username']", "sanne")
    if page.url.endswith("/accounts/setup/"):
        page.fill("input[name='password1']", PASSWORD)
        page.fill("input[name='password2']", PASSWORD)
    else:
        page.fill("input[name='password']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")
    page.get_by_role("button", name=language).click()
    page.wait_for_load_state()


def test_a_new_person_practises_on_a_phone_in_dutch(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL")
    page = context.new_page()
    page.clock.install()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )

    # The first start asks for an account (unless another test made it already).
    _log_in(page, server)

    page.get_by_role("link", name="Oefenen", exact=True).click()
    page.wait_for_url("**/practice/")
    assert page.get_by_role("heading", name="Oefenen", level=1).is_visible()
    check_page(page, "01-practice-home")

    # Choose an exercise: tender, five minutes or less.
    page.get_by_role("link", name="Kies een oefening").click()
    page.select_option("select[name='side']", "tender")
    page.select_option("select[name='duration']", "5")
    page.get_by_role("button", name="Toon oefeningen").click()
    page.wait_for_url("**side=tender**")
    check_page(page, "02-library-filtered")
    page.get_by_role("link", name="Een kalmerende aanraking").click()
    assert page.get_by_role("heading", name="Als er moeilijke gevoelens opkomen").is_visible()
    check_page(page, "03-exercise")

    # Six short questions before, then the player.
    page.get_by_label(re.compile("Beantwoord vooraf en achteraf")).check()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/check-in/")
    check_page(page, "04-check-before")
    answer_check(page, kind=3, unkind=3)
    page.get_by_role("button", name="Naar de oefening").click()
    page.wait_for_url("**/play/?before=*")
    check_page(page, "05-player-ready")

    page.get_by_role("button", name="Start", exact=True).click()
    progress = page.locator(".player-progress")
    assert progress.inner_text() == "Stap 1 van 7"
    assert page.locator(".player-step.is-current").is_visible()
    page.clock.run_for(10_000)
    assert "nog" in page.locator(".player-clock").inner_text()
    page.get_by_role("button", name="Volgende stap").click()
    assert progress.inner_text() == "Stap 2 van 7"
    assert page.locator(".pacer").is_visible(), "step 2 is about the breath"
    check_page(page, "06-player-breathing")
    page.get_by_role("button", name="Pauze").click()
    assert "Gepauzeerd" in page.locator(".player-clock").inner_text()
    page.clock.run_for(60_000)  # a pause is not practice
    page.get_by_role("button", name="Verder").click()
    # The remaining steps run by themselves (45 + 60 + 60 + 60 + 30 + 15 seconds).
    for _ in range(30):
        page.clock.run_for(10_000)
        if "/sessions/" in page.url:
            break
    page.wait_for_url("**/sessions/*/check-in/")
    check_page(page, "07-check-after")
    answer_check(page, kind=4, unkind=2)
    page.get_by_role("button", name="Bekijk het verschil").click()
    page.wait_for_url("**/done/")
    assert "3,0 ervoor, 4,0 erna (+1,0)" in page.locator("main").inner_text(), page.locator(
        "main"
    ).inner_text()
    check_page(page, "08-closing")

    # A journal entry from the closing screen.
    page.get_by_role(
        "link", name="Wat zou ik nu tegen een goede vriend of vriendin zeggen?"
    ).click()
    page.get_by_label("Je antwoord").fill("Je doet je best, en dat is genoeg voor vandaag.")
    check_page(page, "09-journal-writing")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/journal/*/")
    assert page.get_by_text("Je doet je best, en dat is genoeg voor vandaag.").is_visible()
    check_page(page, "10-journal-entry")

    # The log and the week: about five minutes (the pause not counted).
    page.get_by_role("link", name="Oefenen", exact=True).click()
    page.get_by_role("link", name="Je oefenlogboek").click()
    assert page.get_by_text(re.compile(r"· [45] minuten · Tijd vrijgemaakt")).is_visible()
    check_page(page, "11-log")
    page.get_by_role("link", name="Je week").click()
    table = page.locator("table.week-table tfoot")
    assert re.search(r"Deze week\s+[45]\s+–\s+[45]\s+–", table.inner_text())
    check_page(page, "12-week")

    # A moment at work, in two taps.
    page.get_by_role("link", name="Oefenen", exact=True).click()
    page.locator("label.chip", has_text="Werk").click()
    page.get_by_role("button", name="Grens aangegeven").click()
    assert page.get_by_text(re.compile("Genoteerd: grens aangegeven")).is_visible()
    check_page(page, "13-moment-noted")

    assert errors == []
    context.close()


def test_the_timer_and_the_pages_read_well_on_a_desktop_in_english(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.clock.install()
    _log_in(page, server, language="English")

    page.goto(server.url + "/practice/timer/")
    page.get_by_text("5 minutes", exact=True).click()
    page.get_by_role("button", name="Begin").click()
    check_page(page, "20-timer-en")
    page.get_by_role("button", name="Start", exact=True).click()
    page.clock.run_for(120_000)
    assert page.locator(".player-clock").inner_text() == "3:00 left"
    page.get_by_role("button", name="End and save").click()
    page.wait_for_url("**/done/")
    assert page.get_by_text("You practised for 2 minutes.").is_visible()

    for name, path in [
        ("21-library-en", "/practice/exercises/"),
        ("22-week-en", "/practice/week/"),
        ("23-journal-en", "/journal/"),
        ("24-insights-en", "/practice/insights/"),
        ("25-home-en", "/"),
    ]:
        page.goto(server.url + path)
        check_page(page, name)
    context.close()


# The browser's speech and sound, recorded instead of played: headless Chromium has no voices.
RECORD_SPEECH_AND_SOUND = """
window.__spoken = [];
window.__tones = [];
const voices = [
  {name: "Nederlands", lang: "nl-NL", default: false, localService: true, voiceURI: "nl"},
  {name: "English", lang: "en-GB", default: true, localService: true, voiceURI: "en"},
];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => voices,
  speak: (utterance) => window.__spoken.push({text: utterance.text, lang: utterance.lang,
                                              voice: utterance.voice && utterance.voice.lang}),
  cancel: () => {},
  addEventListener: () => {},
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  const oscillator = createOscillator.call(this);
  window.__tones.push(oscillator);
  return oscillator;
};
"""


def test_the_player_reads_aloud_in_dutch_and_rings_a_sine_bell(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(RECORD_SPEECH_AND_SOUND)
    page = context.new_page()
    page.clock.install()
    _log_in(page, server)
    page.goto(server.url + "/practice/exercises/kind-breathing/play/")
    page.get_by_label("Lees de stappen voor").check()
    page.get_by_role("button", name="Start", exact=True).click()
    first_step = page.locator(".player-step.is-current").inner_text().strip()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [{"text": first_step, "lang": "nl-NL", "voice": "nl-NL"}]
    assert page.evaluate("window.__tones.map(tone => tone.type)") == ["sine", "sine"]
    seconds = int(page.locator(".player-step.is-current").get_attribute("data-seconds"))
    page.clock.run_for((seconds + 1) * 1000)  # the step's time is up: on to the next
    assert page.locator(".player-progress").inner_text() == "Stap 2 van " + str(
        page.locator(".player-step").count()
    )
    assert len(page.evaluate("window.__spoken")) == 2
    assert len(page.evaluate("window.__tones")) == 4, "a soft bell between the steps"
    page.get_by_label("Een zachte bel tussen de stappen").uncheck()
    seconds = int(page.locator(".player-step.is-current").get_attribute("data-seconds"))
    page.clock.run_for((seconds + 1) * 1000)
    assert len(page.evaluate("window.__spoken")) == 3
    assert len(page.evaluate("window.__tones")) == 4, "no bell once it is switched off"
    context.close()


def test_on_a_phone_the_next_step_starts_in_view_after_a_long_one(server, browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce"
    )
    page = context.new_page()
    _log_in(page, server)
    page.goto(server.url + "/practice/exercises/kind-breathing/play/")
    # Every step as long as a long one: more than a phone's screen of text.
    page.evaluate(
        """() => document.querySelectorAll('.player-step').forEach(
            step => { step.textContent = step.textContent.repeat(40); })"""
    )
    page.get_by_role("button", name="Start", exact=True).click()
    next_step = page.get_by_role("button", name="Volgende stap")
    next_step.scroll_into_view_if_needed()  # read on, down to the buttons below the step
    assert page.locator(".player-step.is-current").bounding_box()["y"] < 0
    next_step.click()
    assert page.locator(".player-progress").inner_text().startswith("Stap 2 van")
    top = page.evaluate(
        "document.querySelector('.player-step.is-current').getBoundingClientRect().top"
    )
    assert 0 <= top < PHONE["height"] / 2, "the new step begins on the screen"
    context.close()


def test_without_javascript_the_exercise_reads_fully_and_is_logged_by_hand(server, browser):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    _log_in(page, server)
    page.goto(server.url + "/practice/exercises/kind-breathing/play/")
    steps = page.locator(".player-step")
    assert steps.count() > 3
    assert all(steps.nth(n).is_visible() for n in range(steps.count()))
    assert page.get_by_role("button", name="Start", exact=True).is_hidden()
    page.get_by_label("Minuten geoefend").fill("9")
    page.get_by_role("button", name="Bewaar deze oefening").click()
    page.wait_for_url("**/done/")
    assert page.get_by_text("Je hebt 9 minuten geoefend.").is_visible()
    context.close()

    # axe-core needs JavaScript itself: check the same page with only the player script held back.
    context = browser.new_context(viewport=PHONE)
    context.route(re.compile(r".*/player\.[0-9a-f]+\.js$"), lambda route: route.abort())
    page = context.new_page()
    _log_in(page, server)
    page.goto(server.url + "/practice/exercises/kind-breathing/play/")
    assert page.locator(".player.is-enhanced").count() == 0
    assert page.locator(".player-step").first.is_visible()
    check_page(page, "30-player-without-javascript")
    context.close()
