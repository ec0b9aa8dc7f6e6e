"""Mildkracht on a phone: installed, practised offline, and sent once when back online.

A person signs in on a 390 x 844 phone; the service worker keeps the practice pages. Offline,
the home page says so, an exercise opens and its player runs, a practice and a moment are
kept on the phone; back online each is sent and appears once in the week view. Logging out
deletes what the phone kept.
"""

import e2e_support
import pytest
from e2e_support import PHONE, Server, log_in_or_set_up

pytestmark = pytest.mark.e2e

PASSWORD = "een rustig meer bij dageraad"
READY_MS = 60_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("e2e-phone") / "data")
    yield running
    running.stop()


def _kept_on_phone(page) -> dict[str, object]:
    return page.evaluate(
        """async () => {
            const caches_ = await caches.keys();
            const items = await new Promise((resolve) => {
                const open = indexedDB.open("mildkracht", 1);
                open.onupgradeneeded = () => open.result.createObjectStore("outbox",
                    { keyPath: "body.client_id" });
                open.onsuccess = () => {
                    const get = open.result.transaction("outbox").objectStore("outbox").getAll();
                    get.onsuccess = () => { open.result.close(); resolve(get.result.length); };
                };
            });
            return { caches: caches_, outbox: items };
        }"""
    )


def test_practice_offline_is_kept_and_sent_once(server, browser):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="nl-NL", service_workers="allow"
    )
    page = context.new_page()
    page.clock.install()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_or_set_up(page, server, "noor", PASSWORD)

    # Installable: the manifest is linked, valid, and its icons load.
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(server.url + href).json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    for icon in manifest["icons"]:
        assert page.request.get(server.url + icon["src"]).ok
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}

    # The service worker controls the page and has kept the practice pages.
    page.wait_for_selector("html[data-offline-ready=true]", state="attached", timeout=READY_MS)
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")

    context.set_offline(True)
    page.goto(server.url + "/")
    assert page.get_by_role("heading", name="Je bent offline", level=1).is_visible()
    e2e_support.check_page(page, "phone-01-offline-home")

    # The library, an exercise and its player work offline.
    page.get_by_role("link", name="Kies een oefening").click()
    page.get_by_role("link", name="Een kalmerende aanraking").click()
    assert page.get_by_role("heading", name="Een kalmerende aanraking", level=1).is_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_url("**/play/**")
    assert page.locator(".offline-note").is_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    page.clock.run_for(20_000)
    page.get_by_role("button", name="Volgende stap").click()
    page.clock.run_for(100_000)
    page.get_by_role("button", name="Afronden en bewaren").click()
    status = page.locator(".outbox-status")
    status.filter(has_text="Wacht op verzending: 1").wait_for()
    assert "blijft op deze telefoon" in page.locator(".player-status").inner_text()
    e2e_support.check_page(page, "phone-02-practice-kept")

    # A personal page says kindly that it needs the connection; a moment is kept.
    page.goto(server.url + "/practice/week/")
    assert page.get_by_role("heading", name="Je bent offline", level=1).is_visible()
    page.get_by_role("button", name="Zelfcompassiepauze").click()
    status.filter(has_text="Wacht op verzending: 2").wait_for()
    assert _kept_on_phone(page)["outbox"] == 2

    # Back online: both are sent, once, and the person sees it.
    context.set_offline(False)
    status.filter(has_text="Verstuurd").wait_for()
    assert _kept_on_phone(page)["outbox"] == 0
    page.reload()  # a second page sends nothing again
    page.goto(server.url + "/practice/week/")
    today = page.locator(".week-table tr.is-today")
    cells = today.locator("td").all_inner_texts()
    assert cells[-1] == "1", cells  # one moment
    assert int(cells[-2]) >= 2, cells  # the practice's minutes
    sessions = page.request.get(server.url + "/api/practice/sessions").json()
    moments = page.request.get(server.url + "/api/practice/moments").json()
    assert len(sessions) == 1 and sessions[0]["exercise_id"] == "soothing-touch"
    assert sessions[0]["source"] == "player"
    assert len(moments) == 1 and moments[0]["kind"] == "break"

    # Logging out deletes the kept pages and the outbox.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/accounts/login/**")
    kept = _kept_on_phone(page)
    assert not [name for name in kept["caches"] if "pages" in name], kept
    assert kept["outbox"] == 0
    assert errors == []
    context.close()
