"""Two-step sign-in with django-otp: an authenticator app (TOTP) and one-time recovery codes.

Teachers must use it before any course page opens (teachers.teacher_required); anyone else
may add it on the settings page, and is then asked for a code after each password login
(middleware.SecondFactorMiddleware). The QR code is drawn here as SVG: no outside service
sees the secret.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.courses.teachers import is_verified

RECOVERY_CODES = 10
#: The session key that says this person must still give their second factor.
PENDING = "mildkracht_second_factor_pending"


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


def qr_svg(text: str, title: str) -> SafeString:
    """A QR code of ``text`` as inline SVG, dark on white so that any camera reads it; its
    size is set by the page's style (a viewBox, no width and height)."""
    svg = segno.make(text, error="m").svg_inline(
        scale=5, border=4, title=title, dark="#000", light="#fff", omitsize=True
    )
    return mark_safe(svg)  # segno writes the markup; the text is encoded in the path only


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return "/"


def _pending_device(user: Any) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Give the code from the app (or a recovery code); without a device, set one up first."""
    user = request.user
    if is_verified(user):
        request.session.pop(PENDING, None)
        return redirect(_next_url(request))
    if not user_has_device(user, confirmed=True):
        return _set_up(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            request.session.pop(PENDING, None)
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not right, or has been used. Try the next one."))
    return render(
        request, "courses/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app (also for a person who is not a teacher)."""
    if user_has_device(request.user, confirmed=True):
        return redirect("courses:two_factor")
    return _set_up(request)


def _set_up(request: HttpRequest) -> HttpResponse:
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            codes = _confirm(device)
            otp_login(request, device)
            request.session.pop(PENDING, None)
            codes_context = {"codes": codes, "next": _next_url(request)}
            return render(request, "courses/two_factor_codes.html", codes_context)
        form.add_error(
            "token", _("This code is not right. Check the time on your phone and try the next one.")
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "qr": qr_svg(device.config_url, _("QR code for your authenticator app")),
        "secret": b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "courses/two_factor_setup.html", context)


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the person's recovery codes with ten new ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=code) for code in codes])
    return codes
