"""The addresses the app hands out: calendar feeds, links in e-mails, the address for a phone.

Each is made from the configured public address (``MILDKRACHT_BASE_URL``, e.g. the HTTPS
address of a server behind a reverse proxy) when there is one, else from the host that the
request itself was sent to: a phone that reached the app at 192.168.1.20 gets addresses at
192.168.1.20, never the computer's own 127.0.0.1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest


class PublicAddressError(Exception):
    """No address to hand out: neither a public address nor a request to take one from."""


def normalise_base_url(value: str) -> str:
    """``value`` as a base address without a trailing slash; ValueError when it is no address.

    An address is http(s)://host[:port][/path], without a query or a fragment.
    """
    value = value.strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValueError(f"{value!r} is not an address like https://mildkracht.example.org")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"{value!r} should have no query, fragment or password in it")
    return value


def public_url(request: HttpRequest | None, path: str) -> str:
    """The full address of ``path`` (which starts with /) as a phone or a mail reader opens it."""
    if not path.startswith("/"):
        raise ValueError(f"{path!r} should start with /")
    base = getattr(settings, "MILDKRACHT_BASE_URL", "")
    if base:
        return base + path
    if request is None:
        raise PublicAddressError(
            "Set MILDKRACHT_BASE_URL to the address people open Mildkracht at."
        )
    return request.build_absolute_uri(path)
