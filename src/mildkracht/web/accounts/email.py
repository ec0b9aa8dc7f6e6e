"""A person's e-mail address: added in settings, kept only once confirmed through a link.

The link carries the new address, signed with the secret key (django.core.signing) and valid
for a few days; nothing waits in the database. ``User.email`` holds the confirmed address
only, so an address nobody confirmed never gets a reminder. The link also names the address
it replaces (as a hash): once the address has changed again, an older link no longer works.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.accounts.models import User
from mildkracht.web.links import public_url

SALT = "mildkracht.accounts.confirm-email"
LINK_DAYS = 3
PENDING_KEY = "pending_email"


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _address_hash(address: str) -> str:
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def confirmation_token(user: User, address: str) -> str:
    """A signed token that sets ``address`` for ``user``, while their address is unchanged."""
    return signing.dumps({"u": user.pk, "e": address, "was": _address_hash(user.email)}, salt=SALT)


def confirmed_address(user: User, token: str) -> str:
    """The address a token confirms for ``user``; signing.BadSignature when it does not."""
    data = signing.loads(token, salt=SALT, max_age=LINK_DAYS * 24 * 60 * 60)
    if data.get("u") != user.pk or data.get("was") != _address_hash(user.email):
        raise signing.BadSignature("for another account, or an address changed since")
    return str(data["e"])


def settings_context(request: HttpRequest) -> dict[str, object]:
    """What the settings page shows about the e-mail address."""
    return {
        "email_form": EmailForm(),
        "pending_email": request.session.get(PENDING_KEY, ""),
        "mail_set_up": bool(settings.EMAIL_HOST),
    }


@login_required
@require_POST
def change(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send a confirmation link to a new address, or remove the address."""
    user = request.user
    if request.POST.get("action") == "remove":
        _remove(request, user)
        return redirect(reverse("accounts:settings") + "#email")
    form = EmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That does not look like an e-mail address. Try again?"))
        return redirect(reverse("accounts:settings") + "#email")
    address = form.cleaned_data["email"]
    _send_link(request, user, address)
    request.session[PENDING_KEY] = address
    messages.success(
        request,
        _("We sent a link to %(address)s. Open it within %(days)s days to confirm your address.")
        % {"address": address, "days": LINK_DAYS},
    )
    return redirect(reverse("accounts:settings") + "#email")


def _send_link(request: HttpRequest, user: User, address: str) -> None:
    path = reverse("accounts:confirm_email", args=[confirmation_token(user, address)])
    body = _(
        "Hello,\n\nOpen this link to confirm that Mildkracht may send its reminders to this "
        "address:\n\n%(link)s\n\nThe link works for %(days)s days. Did you not ask for this? "
        "Then you can ignore this e-mail.\n\nMildkracht"
    ) % {"link": public_url(request, path), "days": LINK_DAYS}
    subject = _("Mildkracht: confirm your e-mail address")
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def _remove(request: HttpRequest, user: User) -> None:
    from mildkracht.web.program.models import ReminderSettings

    user.email = ""
    user.save(update_fields=["email"])
    ReminderSettings.objects.filter(owner=user).update(email_reminders=False)
    request.session.pop(PENDING_KEY, None)
    messages.success(request, _("Your e-mail address has been removed."))


@login_required
@require_GET
def confirm(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: the address becomes the person's own."""
    user = request.user
    try:
        address = confirmed_address(user, token)
    except signing.SignatureExpired:
        messages.error(request, _("This link has expired. Ask for a new one below."))
    except signing.BadSignature:
        messages.error(
            request,
            _("This link does not work (any more). Ask for a new one below, if you like."),
        )
    else:
        user.email = address
        user.save(update_fields=["email"])
        request.session.pop(PENDING_KEY, None)
        messages.success(
            request, _("Your e-mail address is confirmed. You can now choose e-mail reminders.")
        )
    return redirect(reverse("accounts:settings") + "#email")
