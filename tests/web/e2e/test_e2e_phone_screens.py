"""Made for a small screen, light and dark.

Signed in, with a questionnaire, practice, moments and a journal entry: every page reachable
from the home page fits a 360 px wide phone (nothing scrolls sideways but a table or the menu,
inside its own box), its header takes at most 15 % of a 390 x 844 phone's height, and its
buttons and menu links are at least 44 px high. The main pages are axe clean in the light and
in the dark colour scheme.
"""

import e2e_support
import phone_pages
import pytest
from e2e_support import PHONE, Server

pytestmark = pytest.mark.e2e

SMALL_PHONE = {"width": 360, "height": 740}
HEADER_SHARE = 0.15
TOUCH_PX = 44
# What a finger taps: buttons, the menu and the header's links, form fields.
TAPPABLE = (
    ".site-header a, .site-header button, main button, main .button, main select, "
    "main input[type=text], main input[type=number], main input[type=password]"
)
MAIN_PAGES = [
    "/",
    "/practice/",
    "/practice/week/",
    "/practice/exercises/",
    "/practice/exercises/soothing-touch/play/",
    "/journal/",
    "/profile/",
    "/program/progress/",
    "/accounts/settings/",
    "/offline/",
]


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory, browser):
    server = Server(tmp_path_factory.mktemp("e2e-screens") / "data")
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    phone_pages.sign_up(page, server, "noor")
    phone_pages.add_some_data(page, server)
    yield server, context.storage_state()
    context.close()
    server.stop()


def _problems_of(page, path: str) -> list[str]:
    problems = []
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SMALL_PHONE["width"]:
        problems.append(f"{path}: {width} px wide")
    header = page.locator(".site-header").bounding_box()["height"]
    if header > HEADER_SHARE * PHONE["height"]:
        problems.append(f"{path}: header {header:.0f} px high")
    small = page.eval_on_selector_all(
        TAPPABLE,
        """(elements, least) => elements
            .filter((element) => element.offsetParent !== null)
            .filter((element) => element.getBoundingClientRect().height < least)
            .map((element) => element.outerHTML.slice(0, 80))""",
        TOUCH_PX,
    )
    problems += [f"{path}: smaller than {TOUCH_PX} px: {html}" for html in small]
    return problems


def test_every_page_fits_a_small_phone(signed_in, browser):
    server, state = signed_in
    context = browser.new_context(
        viewport=SMALL_PHONE, is_mobile=True, has_touch=True, storage_state=state
    )
    page = context.new_page()
    problems: list[str] = []
    visited = []
    for path in phone_pages.walk(page, server):
        visited.append(path)
        problems += _problems_of(page, path)
    context.close()
    assert len(visited) > 30, visited
    assert problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_main_pages_are_axe_clean_in_both_colour_schemes(signed_in, browser, scheme):
    server, state = signed_in
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, storage_state=state, color_scheme=scheme
    )
    page = context.new_page()
    for number, path in enumerate(MAIN_PAGES, start=1):
        page.goto(server.url + path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(17, 26, 28)") == (scheme == "dark"), (path, background)
        e2e_support.check_page(page, f"phone-{scheme}-{number:02d}")
    context.close()
