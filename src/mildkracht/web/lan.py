"""Reaching Mildkracht from a phone on the same home network (`mildkracht serve --lan`).

The server then listens on every address of this computer. Its address on the network is
found by asking the system which of its addresses it would use to reach the wider network:
a UDP socket is connected (which sends nothing) and asked for its own address.
"""

from __future__ import annotations

import os
import socket

import segno

#: Set by `serve --lan` for the pages of the server it starts: the address a phone opens.
LAN_URL_VARIABLE = "MILDKRACHT_LAN_URL"
# A documentation address (RFC 5737): only used to choose a route, never sent to.
_ANY_OUTSIDE_ADDRESS = ("192.0.2.1", 9)


def lan_address() -> str | None:
    """This computer's address on its local network, or None when it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_ANY_OUTSIDE_ADDRESS)
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith(("127.", "0.")) else address


def lan_url() -> str | None:
    """The address a phone opens, when this server was started with ``--lan``."""
    return os.environ.get(LAN_URL_VARIABLE) or None


def qr_terminal(url: str) -> str:
    """A QR code of ``url`` drawn with block characters, for a terminal."""
    import io

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as inline SVG markup (no script, no style attribute)."""
    return str(segno.make(url, error="m").svg_inline(scale=6, title=url, svgclass="qr-code"))
