"""Push reminders, the whole protocol: a phone's push service here is a small HTTP server on
127.0.0.1 that checks the server's VAPID signature and decrypts each message with the keys
of the subscription, as a browser would (RFC 8291 and RFC 8292). Nothing leaves the machine.

Tests that run the worker use a transactional database, as in test_program_reminders.
"""

from __future__ import annotations

import base64
import json
import threading
import time as clock_time
from dataclasses import dataclass, field
from datetime import date, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from program_support import local, scs_answers, take

from mildkracht.web.accounts.models import User
from mildkracht.web.program import actions, push
from mildkracht.web.program.models import PushSubscription, ReminderSent
from mildkracht.web.program.reminders import due_reminders, send_push_reminder
from mildkracht.web.program.worker import run_worker

MORNING = local(2026, 3, 2, 7, 31)  # a minute after the chosen practice time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    payload: dict[str, object]


@dataclass
class PushService:
    """A push service and the phone behind it: it keeps what it received, decrypted."""

    port: int
    answer: list[int]  # the status of each next answer; the last one repeats
    received: list[Received] = field(default_factory=list)
    # the phone's own keys, as a browser makes them for a subscription
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: b"sixteen byte key")

    def endpoint(self, device: str = "phone") -> str:
        return f"http://127.0.0.1:{self.port}/push/{device}"

    def keys(self) -> dict[str, str]:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(point), "auth": b64url(self.auth)}


@pytest.fixture
def push_service(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    service = PushService(port=0, answer=[201])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            plain = http_ece.decrypt(
                body, private_key=service.private_key, auth_secret=service.auth
            )
            headers = {name.lower(): value for name, value in self.headers.items()}
            service.received.append(Received(self.path, headers, json.loads(plain)))
            status = service.answer.pop(0) if len(service.answer) > 1 else service.answer[0]
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def wants_push(person, push_service):
    actions.save_reminder_settings(person, time(7, 30), email_reminders=False)
    PushSubscription.objects.create(
        owner=person, endpoint=push_service.endpoint(), **_key_fields(push_service)
    )
    return person


def _key_fields(service: PushService) -> dict[str, str]:
    keys = service.keys()
    return {"p256dh_key": keys["p256dh"], "auth_secret": keys["auth"]}


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.setattr("mildkracht.web.runtime.prepare", lambda data_dir: None)
    return lambda: run_worker(None, once=True)


def verified_claims(authorization: str) -> dict[str, object]:
    """The claims of a VAPID header (``vapid t=<JWT>,k=<key>``), its ES256 signature checked."""
    scheme, _, rest = authorization.partition(" ")
    assert scheme == "vapid"
    parts = dict(part.split("=", 1) for part in rest.split(","))
    assert parts["k"] == push.public_key()
    header, claims, signature = parts["t"].split(".")
    assert json.loads(b64url_decode(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = b64url_decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32]), int.from_bytes(raw[32:]))
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(parts["k"]))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    return json.loads(b64url_decode(claims))


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_signed_encrypted_generic_notification(
    wants_push, push_service, clock, worker
):
    clock(MORNING)
    assert worker() == 0
    [message] = push_service.received
    assert message.path == "/push/phone"
    assert message.payload == {
        "title": "Mildkracht",
        "body": "Een moment voor jezelf?",
        "tag": "mildkracht-practice",
    }
    assert message.headers["content-encoding"] == "aes128gcm"
    assert int(message.headers["ttl"]) == 3 * 60 * 60
    assert message.headers["urgency"] == "normal"
    claims = verified_claims(message.headers["authorization"])
    assert claims["aud"] == f"http://127.0.0.1:{push_service.port}"
    assert claims["sub"] == "mailto:mildkracht@localhost"
    assert 0 < int(claims["exp"]) - clock_time.time() <= 24 * 60 * 60


@pytest.mark.django_db(transaction=True)
def test_a_reminder_is_pushed_once_however_often_the_worker_runs(
    wants_push, push_service, clock, worker
):
    clock(MORNING)
    worker()
    worker()
    assert send_push_reminder.call(wants_push.pk, "practice", "2026-03-02") is False
    assert len(push_service.received) == 1
    assert ReminderSent.objects.get(owner=wants_push).channel == "push"


def test_every_device_of_the_person_gets_it_in_their_language(wants_push, push_service, clock):
    wants_push.language = "en"
    wants_push.save()
    PushSubscription.objects.create(
        owner=wants_push, endpoint=push_service.endpoint("laptop"), **_key_fields(push_service)
    )
    clock(MORNING)
    assert send_push_reminder.call(wants_push.pk, "practice", "2026-03-02") is True
    assert sorted(message.path for message in push_service.received) == [
        "/push/laptop",
        "/push/phone",
    ]
    assert {message.payload["body"] for message in push_service.received} == {
        "A moment for yourself?"
    }


def test_a_device_the_push_service_no_longer_knows_is_forgotten(wants_push, push_service, clock):
    push_service.answer = [410]
    clock(MORNING)
    assert send_push_reminder.call(wants_push.pk, "practice", "2026-03-02") is False
    assert not PushSubscription.objects.filter(owner=wants_push).exists()
    assert due_reminders(MORNING, "push") == []  # no device left: nothing more to send


def test_when_no_device_could_be_reached_the_next_round_tries_again(
    wants_push, push_service, clock
):
    push_service.answer = [500, 201]
    clock(MORNING)
    assert send_push_reminder.call(wants_push.pk, "practice", "2026-03-02") is False
    assert not ReminderSent.objects.exists()
    assert due_reminders(MORNING, "push") == [(wants_push.pk, "practice", date(2026, 3, 2))]
    assert send_push_reminder.call(wants_push.pk, "practice", "2026-03-02") is True
    assert PushSubscription.objects.filter(owner=wants_push).exists()


def test_a_retest_day_is_pushed_without_a_practice_time(person, push_service, clock):
    PushSubscription.objects.create(
        owner=person, endpoint=push_service.endpoint(), **_key_fields(push_service)
    )
    actions.enrol(person, date(2026, 1, 5))
    take(person, "scs", scs_answers(3, 3), local(2026, 1, 5, 9), "baseline")
    retest_morning = local(2026, 2, 23, 9, 5)
    assert due_reminders(retest_morning, "push") == [(person.pk, "retest", date(2026, 2, 23))]
    clock(retest_morning)
    send_push_reminder.call(person.pk, "retest", "2026-02-23")
    [message] = push_service.received
    assert message.payload["tag"] == "mildkracht-retest"
    for word in ("vragenlijst", "zelfcompassie", "score", "test"):
        assert word not in str(message.payload["body"]).lower()


def test_mail_and_push_are_each_sent_once(wants_push, push_service, clock):
    actions.save_reminder_settings(wants_push, time(7, 30), email_reminders=True)
    assert due_reminders(MORNING) == [(wants_push.pk, "practice", date(2026, 3, 2))]
    assert due_reminders(MORNING, "push") == [(wants_push.pk, "practice", date(2026, 3, 2))]


# --- The subscription endpoint ----------------------------------------------------------------

PHONE = {
    "endpoint": "https://push.example.org/send/abc",
    "keys": {
        "p256dh": b64url(
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        ),
        "auth": b64url(b"0123456789abcdef"),
    },
}


def _post(client, name: str, data: dict):
    return client.post(f"/program/reminders/push/{name}/", data, content_type="application/json")


def test_a_subscription_is_kept_for_the_person_who_sent_it(person_client, person):
    response = _post(person_client, "subscribe", PHONE)
    assert response.status_code == 201
    found = PushSubscription.objects.get()
    assert (found.owner, found.endpoint) == (person, PHONE["endpoint"])
    assert found.session_hash == push.session_hash(person_client.session.session_key)


@pytest.mark.parametrize(
    "change",
    [
        {"endpoint": "http://push.example.org/send/abc"},
        {"endpoint": "file:///etc/passwd"},
        {"keys": {"p256dh": "short", "auth": PHONE["keys"]["auth"]}},
        {"keys": {"p256dh": PHONE["keys"]["p256dh"], "auth": "c2hvcnQ"}},
        {"keys": "none"},
    ],
)
def test_a_subscription_that_is_not_a_browser_s_is_refused(person_client, change):
    response = _post(person_client, "subscribe", {**PHONE, **change})
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_a_login(client, db):
    assert _post(client, "subscribe", PHONE).status_code == 302
    assert not PushSubscription.objects.exists()


def test_another_person_cannot_turn_off_someone_s_device(person, person_client, client):
    _post(person_client, "subscribe", PHONE)
    other = User.objects.create_user("bram", password="another calm lake")
    client.force_login(other)
    assert _post(client, "unsubscribe", {"endpoint": PHONE["endpoint"]}).json() == {
        "unsubscribed": False
    }
    assert PushSubscription.objects.filter(owner=person).exists()


def test_turning_off_forgets_the_device(person_client):
    _post(person_client, "subscribe", PHONE)
    assert _post(person_client, "unsubscribe", {"endpoint": PHONE["endpoint"]}).json() == {
        "unsubscribed": True
    }
    assert not PushSubscription.objects.exists()


def test_logging_out_on_the_device_forgets_it_and_only_it(person, person_client, client):
    _post(person_client, "subscribe", PHONE)
    PushSubscription.objects.create(
        owner=person,
        endpoint="https://push.example.org/send/laptop",
        p256dh_key="k",
        auth_secret="a",
    )
    person_client.post("/accounts/logout/")
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://push.example.org/send/laptop"
    ]


def test_deleting_the_account_deletes_its_devices(person, person_client):
    _post(person_client, "subscribe", PHONE)
    response = person_client.post("/accounts/erase/", {"password": "a calm lake at dawn"})
    assert response.status_code == 302
    assert not PushSubscription.objects.exists()


def test_the_reminders_page_hands_the_public_key_and_this_person_s_devices(person_client):
    _post(person_client, "subscribe", PHONE)
    page = person_client.get("/program/reminders/").content.decode()
    assert f'data-key="{push.public_key()}"' in page
    assert len(b64url_decode(push.public_key())) == 65
    import hashlib

    assert hashlib.sha256(PHONE["endpoint"].encode()).hexdigest() in page
