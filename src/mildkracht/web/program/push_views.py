"""The service worker's subscription for push notifications: kept, or forgotten, per device.

The page (static/program/push.js) asks the browser for a subscription with the server's
public key and posts it here as JSON, with the CSRF token like every form.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from mildkracht.web.accounts.http import AuthenticatedHttpRequest
from mildkracht.web.program import push


def _posted(request: HttpRequest) -> dict[str, object]:
    try:
        data = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


@login_required
@require_POST
def subscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Keep this device's subscription (``PushSubscription.toJSON()`` of the browser)."""
    data = _posted(request)
    keys = data.get("keys")
    keys = keys if isinstance(keys, dict) else {}
    try:
        push.subscribe(
            request.user,
            _text(data.get("endpoint")),
            _text(keys.get("p256dh")),
            _text(keys.get("auth")),
            request.session.session_key,
        )
    except push.PushError as error:
        return JsonResponse({"detail": str(error)}, status=400)
    return JsonResponse({"subscribed": True}, status=201)


@login_required
@require_POST
def unsubscribe(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Forget this device: no more notifications to it."""
    endpoint = _text(_posted(request).get("endpoint"))
    deleted = push.unsubscribe(request.user, endpoint)
    return JsonResponse({"unsubscribed": bool(deleted)})
