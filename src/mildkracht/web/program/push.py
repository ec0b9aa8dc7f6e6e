"""Web Push to the installed app: the server's key, the devices, and sending one message.

A phone subscribes with the server's public key (VAPID, RFC 8292) and gets an endpoint at its
push service (Google's, Mozilla's, Apple's); a message for it is encrypted with the keys of
that subscription (RFC 8291), so the push service cannot read it. pywebpush does both. A push
service that answers 404 or 410 has forgotten the device: the subscription is deleted.
"""

from __future__ import annotations

import base64
import binascii
import enum
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import transaction
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from mildkracht.web.accounts.models import User
from mildkracht.web.program.models import PushSubscription
from mildkracht.web.secret_files import ensure_push_key

# Waiting longer for a push service would hold up the other reminders in the queue.
TIMEOUT_SECONDS = 10
MAX_ENDPOINT_LENGTH = 1000


class PushError(Exception):
    """A subscription that cannot be used; the message says why."""


class Delivery(enum.Enum):
    SENT = "sent"
    GONE = "gone"  # the push service no longer knows the device; its row is deleted
    FAILED = "failed"  # try again later


@dataclass(frozen=True)
class Message:
    """What the service worker shows (a tap opens the app): generic words only."""

    title: str
    body: str
    tag: str  # a newer message with the same tag replaces the older one

    def as_json(self) -> str:
        return json.dumps({"title": self.title, "body": self.body, "tag": self.tag})


@functools.cache
def _vapid(data_dir: str) -> Vapid:
    key: Vapid = Vapid.from_pem(ensure_push_key(Path(data_dir)).encode("ascii"))
    return key


def server_key() -> Vapid:
    """The key that signs every message, from the data directory (made there if missing)."""
    return _vapid(str(settings.DATA_DIR))


def public_key() -> str:
    """The server's public key as a phone's ``applicationServerKey``: base64url, no padding."""
    point = server_key().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(point)


def contact() -> str:
    """The ``sub`` claim: whom a push service can contact about this server's messages."""
    base = urlsplit(getattr(settings, "MILDKRACHT_BASE_URL", ""))
    if base.scheme == "https" and base.hostname:
        return f"https://{base.hostname}"
    return f"mailto:{settings.DEFAULT_FROM_EMAIL}"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return b""


def session_hash(session_key: str | None) -> str:
    """The session that subscribed a device, kept only as a hash."""
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


def check_subscription(endpoint: str, p256dh: str, auth: str) -> None:
    """Raise PushError unless these are an HTTPS endpoint and the two keys a browser makes."""
    parts = urlsplit(endpoint)
    if parts.scheme != "https" or not parts.hostname or len(endpoint) > MAX_ENDPOINT_LENGTH:
        raise PushError("The endpoint should be an https address of a push service.")
    point = _b64url_decode(p256dh)
    if len(point) != 65 or point[0] != 4:
        raise PushError("The p256dh key should be an uncompressed P-256 point.")
    if len(_b64url_decode(auth)) != 16:
        raise PushError("The auth secret should be 16 bytes.")


@transaction.atomic
def subscribe(
    user: User, endpoint: str, p256dh: str, auth: str, session_key: str | None
) -> PushSubscription:
    """Keep a device for ``user``; a device that someone else subscribed before is now theirs."""
    check_subscription(endpoint, p256dh, auth)
    found, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "owner": user,
            "p256dh_key": p256dh,
            "auth_secret": auth,
            "session_hash": session_hash(session_key),
        },
    )
    return found


def unsubscribe(user: User, endpoint: str) -> int:
    """Forget one of ``user``'s devices; returns how many rows went (0 or 1)."""
    deleted, _ = PushSubscription.objects.filter(owner=user, endpoint=endpoint).delete()
    return deleted


def forget_session(session_key: str | None) -> int:
    """Forget the devices subscribed in a session that ends (logging out on that device)."""
    if not session_key:
        return 0
    deleted, _ = PushSubscription.objects.filter(session_hash=session_hash(session_key)).delete()
    return deleted


def send(subscription: PushSubscription, message: Message, ttl_seconds: int) -> Delivery:
    """Encrypt ``message`` for one device and hand it to its push service."""
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh_key, "auth": subscription.auth_secret},
            },
            data=message.as_json(),
            vapid_private_key=server_key(),
            vapid_claims={"sub": contact()},  # a new dict: webpush adds "aud" and "exp" to it
            ttl=ttl_seconds,
            timeout=TIMEOUT_SECONDS,
            # A newer message of the same topic replaces one the phone has not fetched yet.
            headers={"Urgency": "normal", "Topic": message.tag},
        )
    except WebPushException as error:
        if error.status_code in {404, 410}:
            PushSubscription.objects.filter(pk=subscription.pk).delete()
            return Delivery.GONE
        return Delivery.FAILED
    except requests.RequestException:
        return Delivery.FAILED
    return Delivery.SENT
