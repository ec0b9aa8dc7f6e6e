"""`serve --lan`: a phone on the home network gets the address, a QR code and plain words."""

import http.client
import os
import re
import sys
import urllib.parse

import pytest
from django.urls import reverse

from mildkracht.web import lan, serve


def test_the_phone_page_shows_the_address_and_its_qr_code(owner_client, monkeypatch):
    monkeypatch.setenv(lan.LAN_URL_VARIABLE, "http://192.0.2.7:8000/")
    page = owner_client.get(reverse("pages:phone")).content.decode()
    assert '<a href="http://192.0.2.7:8000/">http://192.0.2.7:8000/</a>' in page
    assert re.search(r'<svg [^>]*class="qr-code"', page)
    assert "niet versleuteld" in page  # says plainly what it does not protect
    assert "<script" not in page.split("<main", 1)[1]


def test_without_lan_the_phone_page_says_how_to_start_it(owner_client, monkeypatch):
    monkeypatch.delenv(lan.LAN_URL_VARIABLE, raising=False)
    page = owner_client.get(reverse("pages:phone")).content.decode()
    assert "mildkracht serve --lan" in page
    assert "qr-code" not in page


def test_the_phone_page_is_for_people_who_are_logged_in(client, owner):
    response = client.get(reverse("pages:phone"))
    assert response.status_code == 302


def test_the_settings_lead_to_the_phone_page(owner_client):
    page = owner_client.get(reverse("accounts:settings")).content.decode()
    assert f'href="{reverse("pages:phone")}"' in page


def test_opening_to_the_network_lets_that_address_in(monkeypatch):
    monkeypatch.setattr(lan, "lan_address", lambda: "192.0.2.7")
    monkeypatch.delenv("MILDKRACHT_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv(lan.LAN_URL_VARIABLE, raising=False)
    serve._open_to_the_network(8123)
    assert os.environ[lan.LAN_URL_VARIABLE] == "http://192.0.2.7:8123/"
    assert "192.0.2.7" in os.environ["MILDKRACHT_ALLOWED_HOSTS"].split(",")
    assert "127.0.0.1" in os.environ["MILDKRACHT_ALLOWED_HOSTS"].split(",")


def test_the_qr_code_holds_the_address():
    drawn = lan.qr_terminal("http://192.0.2.7:8000/")
    assert len(drawn.splitlines()) > 10 and "█" in drawn


@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_serve_lan_prints_the_address_a_qr_code_and_what_it_protects(tmp_path):
    from test_serve import Server

    if lan.lan_address() is None:
        pytest.skip("this machine has no network address")
    server = Server(tmp_path / "data", extra=["--lan"])
    try:
        server.address()
        printed = "".join(server.lines.get(timeout=10) for _ in range(3))
        while not server.lines.empty():
            printed += server.lines.get()
        url = re.search(r"open (http://[\d.]+:\d+/)", printed).group(1)
        assert "█" in printed
        words = " ".join(printed.split())
        assert "zonder versleuteling" in words and "not encrypted" in words
        # A request that names the network address is answered (sent over loopback).
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request(
            "GET", "/accounts/login/", headers={"Host": urllib.parse.urlsplit(url).netloc}
        )
        assert connection.getresponse().status in (200, 302)
    finally:
        assert server.stop() == 0
