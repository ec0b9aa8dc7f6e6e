"""``{% memo %}``: fixed page parts rendered once per language and key, never personal ones."""

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from mildkracht.web.pages.templatetags import chrome


@pytest.fixture(autouse=True)
def _fresh_memo():
    chrome.forget()
    yield
    chrome.forget()


def _render(source: str, **values: object) -> str:
    return Template("{% load chrome %}" + source).render(Context(values))


class Counter:
    """Counts how often the template engine reads it: once per real render."""

    def __init__(self) -> None:
        self.renders = 0

    def __str__(self) -> str:
        self.renders += 1
        return f"render {self.renders}"


def test_a_block_is_rendered_once_and_then_reused():
    counter = Counter()
    template = Template("{% load chrome %}{% memo %}[{{ counter }}]{% endmemo %}")
    first = template.render(Context({"counter": counter}))
    second = template.render(Context({"counter": counter}))
    assert first == second == "[render 1]"
    assert counter.renders == 1


def test_the_key_values_and_the_language_each_give_their_own_rendering():
    counter = Counter()
    template = Template("{% load chrome %}{% memo flag %}{{ counter }}{% endmemo %}")
    with translation.override("nl"):
        assert template.render(Context({"counter": counter, "flag": True})) == "render 1"
        assert template.render(Context({"counter": counter, "flag": False})) == "render 2"
        assert template.render(Context({"counter": counter, "flag": True})) == "render 1"
    with translation.override("en"):
        assert template.render(Context({"counter": counter, "flag": True})) == "render 3"


def test_two_blocks_in_one_template_are_kept_apart():
    html = _render("{% memo %}one{% endmemo %}|{% memo %}two{% endmemo %}")
    assert html == "one|two"


def test_what_is_outside_a_block_is_rendered_every_time():
    template = Template("{% load chrome %}{% memo %}fixed{% endmemo %} {{ name }}")
    assert template.render(Context({"name": "Anna"})) == "fixed Anna"
    assert template.render(Context({"name": "Bram"})) == "fixed Bram"


def test_the_store_is_bounded(monkeypatch):
    monkeypatch.setattr(chrome, "MAX_ENTRIES", 3)
    template = Template("{% load chrome %}{% memo n %}{{ n }}{% endmemo %}")
    for n in range(10):
        assert template.render(Context({"n": n})) == str(n)
    assert len(chrome._rendered) <= 3


# The pages: the memoised header still marks the page one is on, in one's language.


def test_the_navigation_marks_the_current_page_on_each_page(owner_client):
    for name in ("pages:home", "assessments:profile", "accounts:settings"):
        html = owner_client.get(reverse(name)).content.decode()
        current = f'<a href="{reverse(name)}" aria-current="page">'
        assert current in html, name
        others = html.count('aria-current="page"')
        assert others == 1, (name, others)


def test_the_header_follows_the_persons_language(owner_client, owner):
    dutch = owner_client.get(reverse("pages:help")).content.decode()
    owner.language = "en"
    owner.save()
    english = owner_client.get(reverse("pages:help")).content.decode()
    assert ">Instellingen</a>" in dutch and ">Settings</a>" not in dutch
    assert ">Settings</a>" in english and ">Instellingen</a>" not in english


def test_signed_out_visitors_get_no_navigation_even_after_a_signed_in_page(owner_client):
    assert "main-nav" in owner_client.get(reverse("pages:help")).content.decode()
    html = Client().get(reverse("pages:help")).content.decode()
    assert "main-nav" not in html
    assert "accounts/logout" not in html


def test_each_page_gets_its_own_csrf_token_and_return_path(owner_client):
    first = owner_client.get(reverse("pages:help")).content.decode()
    second = owner_client.get(reverse("assessments:profile")).content.decode()
    assert 'name="next" value="/help/"' in first
    assert 'name="next" value="/profile/"' in second
    # Django masks the token differently on every response.
    token = 'name="csrfmiddlewaretoken" value="'
    assert first.split(token)[1][:64] != second.split(token)[1][:64]
