"""Per-request preferences (language, time zone) and privacy headers."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from mildkracht.web.program.clock import zone_of

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ]
)

Handler = Callable[[HttpRequest], HttpResponse]

#: Where the JSON API lives (mildkracht.web.urls mounts it here).
API_PREFIX = "/api/"


def for_the_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


class UserPreferencesMiddleware:
    """Show the site in the language and time zone a person chose.

    Dutch is the default: the language is the account's, else the one chosen with the
    language switch (a cookie), else Dutch. The browser's Accept-Language is not used, so
    that a Dutch person with an English browser still sees Dutch first.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if for_the_api(request):
            # The API knows its person only once it has checked a token or the session
            # (mildkracht.web.api), which then sets their language and zone; until then it
            # speaks as to anyone, without reading a session it may not need.
            user = None
            translation.activate(_cookie_language(request))
        else:
            user = request.user
            translation.activate(_chosen_language(request))
            if user.is_authenticated:
                timezone.activate(zone_of(user))
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # Threads serve many people: the next request must not inherit this zone.
            timezone.deactivate()
        if user is not None and user.is_authenticated:
            _remember_language(request, response, user.language)
        # The language the answer is in: the one chosen above, not the browser's.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _chosen_language(request: HttpRequest) -> str:
    if request.user.is_authenticated:
        return request.user.language
    return _cookie_language(request)


def _cookie_language(request: HttpRequest) -> str:
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in dict(settings.LANGUAGES):
        return cookie
    return settings.LANGUAGE_CODE


def _remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    # The login page after logging out then speaks the person's language too.
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


def keep_private(response: HttpResponse) -> HttpResponse:
    """Mark a personal response so that no browser or proxy keeps a copy of it."""
    response.headers["Cache-Control"] = "no-store"
    return response


class PrivacyHeadersMiddleware:
    """Forbid inline script and framing everywhere; keep personal pages out of caches."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if for_the_api(request):
            return keep_private(response)  # every answer of the API is someone's own
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            keep_private(response)
        return response
