"""The installable app: its manifest, its service worker and the page it shows offline.

The service worker (templates/pages/sw.js) keeps the app's shell, the exercise library,
every exercise and the player on the phone, so that practice works without a connection.
It keeps nothing personal: the pages it keeps are the same for everyone but for the menu.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mildkracht.core.practices.library import library
from mildkracht.web.practice.views.library import TIMER_MINUTES

THEME_COLOUR = "#1d5e63"
BACKGROUND_COLOUR = "#faf8f4"
ICONS = [
    ("pages/icons/icon-192.png", "192x192", "any"),
    ("pages/icons/icon-512.png", "512x512", "any"),
    ("pages/icons/maskable-192.png", "192x192", "maskable"),
    ("pages/icons/maskable-512.png", "512x512", "maskable"),
]
# What every page needs, kept when the service worker is installed.
SHELL_FILES = [
    "pages/mildkracht.css",
    "practice/practice.css",
    "reflect/reflect.css",
    "pages/dark.css",
    "pages/offline.js",
    "practice/player.js",
    *(icon for icon, _size, _purpose in ICONS),
]


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the person's language."""
    data = {
        "id": "/",
        "name": "Mildkracht",
        "short_name": "Mildkracht",
        "description": _("Practise self-compassion, tender and fierce, wherever you are."),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static(path), "sizes": size, "type": "image/png", "purpose": purpose}
            for path, size, purpose in ICONS
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


def practice_pages() -> list[str]:
    """The pages that work offline: the library, every exercise and its player, the timer."""
    pages = [reverse("pages:offline"), reverse("practice:exercise_list")]
    for exercise_id in sorted(library()):
        pages.append(reverse("practice:exercise_detail", args=[exercise_id]))
        pages.append(reverse("practice:player", args=[exercise_id]))
    timer = reverse("practice:timer")
    return [*pages, timer, *(f"{timer}?minutes={minutes}" for minutes in TIMER_MINUTES)]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so that it may serve every page of the site."""
    shell = [reverse("pages:offline"), *(static(path) for path in SHELL_FILES)]
    pages = practice_pages()
    exercises = [f"{e.id}@{e.version}" for e in library().values()]
    version = hashlib.sha256(json.dumps([shell, pages, exercises]).encode()).hexdigest()[:12]
    context = {
        "version": json.dumps(version),
        "shell": json.dumps(shell),
        "pages": json.dumps(pages),
        "offline_page": json.dumps(reverse("pages:offline")),
        "api_prefix": json.dumps(reverse("api:api-root")),
        "static_prefix": json.dumps(settings.STATIC_URL),
        "icon": json.dumps(static(ICONS[0][0])),
    }
    response = render(request, "pages/sw.js", context, content_type="text/javascript")
    # A new version is looked for on every visit, whatever caches are in between.
    response.headers["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the phone shows for a page that needs the connection while there is none."""
    return render(request, "pages/offline.html")
