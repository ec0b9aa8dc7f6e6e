"""Ask for the second factor after the password, for everyone who set one up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from mildkracht.web.courses.teachers import is_verified, second_factor_url
from mildkracht.web.courses.two_factor import PENDING


@receiver(user_logged_in)
def ask_for_second_factor(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    # One query at login, none per request afterwards: the session carries the answer.
    if request is not None and user_has_device(user, confirmed=True):
        request.session[PENDING] = True


class SecondFactorMiddleware:
    """Until the code is given, only the code page, logging out and help are open."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(PENDING) and not _open_without_code(request.path_info):
            user = request.user
            if user.is_authenticated and not is_verified(user):
                return redirect(second_factor_url(request.get_full_path()))
        return self.get_response(request)


def _open_without_code(path: str) -> bool:
    open_paths = (
        reverse("courses:two_factor"),
        reverse("accounts:logout"),
        reverse("accounts:language"),
        reverse("pages:help"),
        "/static/",
    )
    return path.startswith(open_paths)
