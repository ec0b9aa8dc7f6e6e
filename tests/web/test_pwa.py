"""The installable app: manifest, service worker, offline page, and the links to them."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from mildkracht.core.practices.library import library
from mildkracht.web.middleware import CONTENT_SECURITY_POLICY
from mildkracht.web.pages.pwa import practice_pages

pytestmark = pytest.mark.django_db


def test_every_page_links_the_manifest_icons_and_the_offline_script(client, owner):
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'rel="apple-touch-icon"' in page
    assert re.search(r'<script src="/static/pages/offline\.js" defer></script>', page)
    assert 'data-service-worker="/sw.js"' in page
    assert 'data-signed-in="false"' in page


def test_the_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"]) == ("Mildkracht", "Mildkracht")
    assert (manifest["start_url"], manifest["scope"]) == ("/", "/")
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "nl" and manifest["description"].startswith("Oefen")
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_each_icon_is_a_png_of_the_size_it_claims(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        width, height = (int(side) for side in icon["sizes"].split("x"))
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (width, height))


def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    script = response.content.decode()
    pages = json.loads(re.search(r"^const PAGES = (.*);$", script, re.MULTILINE).group(1))
    assert pages == practice_pages()
    shell = json.loads(re.search(r"^const SHELL = (.*);$", script, re.MULTILINE).group(1))
    assert "/offline/" in shell and "/static/practice/player.js" in shell
    assert "{%" not in script and "{{" not in script


def test_the_service_worker_keeps_every_exercise_and_its_player(client):
    pages = practice_pages()
    for exercise_id in library():
        assert f"/practice/exercises/{exercise_id}/" in pages
        assert f"/practice/exercises/{exercise_id}/play/" in pages
    assert "/practice/exercises/" in pages and "/practice/timer/?minutes=20" in pages


def test_a_new_exercise_or_file_gives_the_service_worker_a_new_version(client, settings):
    first = client.get("/sw.js").content.decode()
    settings.STATIC_URL = "/other-static/"
    second = client.get("/sw.js").content.decode()
    version = re.compile(r"^const VERSION = (.*);$", re.MULTILINE)
    assert version.search(first).group(1) != version.search(second).group(1)


def test_no_kept_page_holds_anything_personal(owner_client, owner):
    owner_client.post(
        reverse("practice:moment_new"), {"area": "self", "kind": "break", "next": "/"}
    )
    for path in practice_pages():
        page = owner_client.get(path).content.decode()
        assert owner.username not in page, path


def test_the_offline_page_is_kind_and_offers_what_works(owner_client):
    page = owner_client.get("/offline/").content.decode()
    assert "Je bent offline" in page
    assert 'href="/practice/exercises/"' in page and 'href="/practice/timer/"' in page
    assert 'class="moment-form"' in page


def test_the_offline_page_works_signed_out(client, owner):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "moment-form" not in response.content.decode()
