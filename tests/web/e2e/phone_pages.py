"""Every page a signed-in person can reach, with some data to show: for the phone tests.

Imported by test_e2e_phone_screens.py (pytest puts this folder on sys.path).
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

PASSWORD = "een rustig meer bij dageraad"
# Links that change or delete something, download a file, or leave the pages.
SKIPPED = re.compile(r"/(delete|erase|export|revoke|logout)/|\.(pdf|ics)$|^/api/|/play/$")
# Pages of one kind (an exercise, an assessment, a log entry, a filter): two are enough.
NUMBER_OR_EXERCISE = re.compile(r"/\d+/|/exercises/[^/]+/")
PER_KIND = 2
MAX_PAGES = 80


def sign_up(page, server, username: str) -> None:
    page.goto(server.url + "/")
    page.fill("input[name='username']", username)
    if page.url.endswith("/accounts/setup/"):
        page.fill("input[name='password1']", PASSWORD)
        page.fill("input[name='password2']", PASSWORD)
    else:
        page.fill("input[name='password']", PASSWORD)
    page.locator("main button").click()
    page.wait_for_url(server.url + "/")


def add_some_data(page, server) -> None:
    """A questionnaire, a week of practice and moments, and a journal entry, through the API."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    headers = {"X-CSRFToken": token, "Referer": server.url + "/"}

    def post(path: str, data: dict) -> None:
        response = page.request.post(server.url + "/api/" + path, data=data, headers=headers)
        assert response.ok, (path, response.status, response.text())

    for instrument, items in (("scs", 26), ("scs_sf", 12)):
        answers = {str(item): 1 + item % 5 for item in range(1, items + 1)}
        post("assessments", {"instrument": instrument, "answers": answers, "submit": True})
    for day in range(1, 7):
        post(
            "practice/sessions",
            {
                "exercise_id": "soothing-touch",
                "started_at": f"2026-01-0{day}T08:00:00+01:00",
                "seconds": 600 + 60 * day,
            },
        )
        post("practice/moments", {"kind": "break", "area": "work"})
    post("journal/entries", {"text": "Vandaag was ik mild voor mezelf.", "prompt": ""})


def kind_of(path: str, query: str) -> str:
    """Pages that differ only in an id, an exercise or a query are of one kind."""
    return NUMBER_OR_EXERCISE.sub("/*/", path) + ("?" if query else "")


def walk(page, server):
    """Visit the pages reachable by links from the home page, each kind twice; yield each path."""
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    waiting = deque(["/"])
    host = urlparse(server.url).netloc
    while waiting and len(seen) < MAX_PAGES:
        path = waiting.popleft()
        seen.add(path)
        page.goto(server.url + path)
        yield path
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = urlparse(urldefrag(href)[0])
            found = target.path + (f"?{target.query}" if target.query else "")
            if target.netloc != host or SKIPPED.search(target.path):
                continue
            if found in seen or found in waiting:
                continue
            kind = kind_of(target.path, target.query)
            if kinds.get(kind, 0) < PER_KIND:
                kinds[kind] = kinds.get(kind, 0) + 1
                waiting.append(found)
