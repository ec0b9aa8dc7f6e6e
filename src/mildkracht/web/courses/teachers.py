"""Who is a teacher, and the gate every teacher page passes: signed in with a second factor.

A teacher is an account in Django's group ``teachers`` (given by `mildkracht user add NAME
--teacher`, or by an administrator). A teacher sees group figures only, and must have
confirmed a TOTP device and used it (or a recovery code) in this session before any page
of a course opens.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import Group
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.accounts.models import User

TEACHERS = "teachers"

View = Callable[..., HttpResponse]


def is_teacher(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_is_teacher", None)
    if cached is None:
        cached = user.groups.filter(name=TEACHERS).exists()
        user._is_teacher = cached
    return bool(cached)


def make_teacher(user: Any) -> None:
    group, _ = Group.objects.get_or_create(name=TEACHERS)
    user.groups.add(group)
    user._is_teacher = True


def is_verified(user: User) -> bool:
    """Signed in with a second factor in this session: django_otp's OTPMiddleware gives the
    request's person the device that verified them as ``otp_device`` (else None)."""
    return getattr(user, "otp_device", None) is not None


def second_factor_url(next_url: str) -> str:
    return f"{reverse('courses:two_factor')}?{urlencode({'next': next_url})}"


def teacher_required(view: View) -> View:
    """Only a teacher, signed in with a second factor in this session; others get a 404."""

    @login_required
    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_teacher(request.user):
            raise Http404
        if not is_verified(request.user):
            return redirect(second_factor_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped
