"""Reminders on a phone: the reminders and settings pages as a person sees them, and a push
message handed to the service worker (through Chromium's DevTools protocol, as a push service
would) shown as a notification with generic words.

No push service can be reached from here, so subscribing itself is tested against a local
push service in tests/web/program/test_program_push.py.
"""

import json
import os
from pathlib import Path

import e2e_support
import pytest
from e2e_support import PHONE, Server, log_in_or_set_up

pytestmark = pytest.mark.e2e

PASSWORD = "een rustig meer bij dageraad"
READY_MS = 60_000
SHOTS = Path(os.environ.get("MILDKRACHT_SHOTS", e2e_support.SCREENSHOTS))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("e2e-push") / "data")
    yield running
    running.stop()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reminder_pages_say_what_works_here(server, browser, language):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in_or_set_up(page, server, "noor", PASSWORD)
    page.request.post(
        server.url + "/accounts/language/",
        form={"language": language, "next": "/"},
        headers={"X-CSRFToken": _csrf(context)},
    )
    page.goto(server.url + "/program/reminders/")
    status = page.locator(".push-status")
    status.wait_for(state="visible")
    off = {
        "nl": "Meldingen staan uit op dit apparaat.",
        "en": "Notifications are off for this device.",
    }
    assert status.inner_text() == off[language]
    assert page.locator(".push-on").is_visible()
    assert page.locator("input[name=email_reminders]").is_disabled()
    assert page.locator(".mail-not-set-up").is_visible()  # the server has no mail set up
    e2e_support.check_page(page, f"push-reminders-{language}")
    _shot(page, f"reminders-{language}")
    page.goto(server.url + "/accounts/settings/#email")
    assert page.locator("#email .mail-not-set-up").is_visible()
    e2e_support.check_page(page, f"push-settings-{language}")
    _shot(page, f"settings-{language}")
    context.close()


def _csrf(context) -> str:
    return next(cookie["value"] for cookie in context.cookies() if cookie["name"] == "csrftoken")


def test_a_push_message_becomes_a_generic_notification(server, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, service_workers="allow")
    context.grant_permissions(["notifications"], origin=server.url)
    page = context.new_page()
    log_in_or_set_up(page, server, "noor", PASSWORD)
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=READY_MS)
    session = context.new_cdp_session(page)
    registrations: list[str] = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(r["registrationId"] for r in event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    page.wait_for_timeout(500)
    assert registrations
    message = {
        "title": "Mildkracht",
        "body": "Een moment voor jezelf?",
        "tag": "mildkracht-practice",
    }
    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": server.url + "/",
            "registrationId": registrations[-1],
            "data": json.dumps(message),
        },
    )
    shown = page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            for (let tries = 0; tries < 50; tries += 1) {
                const found = await registration.getNotifications();
                if (found.length) {
                    return found.map((n) => [n.title, n.body, n.tag]);
                }
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            return [];
        }"""
    )
    assert shown == [["Mildkracht", "Een moment voor jezelf?", "mildkracht-practice"]]
    context.close()
