"""The server loop leaves a connection to the request thread that is writing its response.

`serve`'s waitress connections (serve._channel_class) are not writable for the loop while
their request's thread holds the output lock; that thread wakes the loop when it leaves
output behind. These tests hold the lock by hand, and send responses far larger than the
socket can take to a client that reads slowly, so that the loop must send what the thread
could not.
"""

import contextlib
import hashlib
import socket
import threading
import time
from types import SimpleNamespace

import pytest
from waitress.adjustments import Adjustments

from mildkracht.web import serve

BIG = 3 * 1024 * 1024
CHUNK = 64 * 1024


def _body(size: int) -> bytes:
    return bytes(range(256)) * (size // 256)


@pytest.fixture
def channel():
    ours, theirs = socket.socketpair()
    triggers: list[int] = []
    server = SimpleNamespace(pull_trigger=lambda: triggers.append(1), active_channels={})
    made = serve._channel_class()(server, ours, ("127.0.0.1", 0), Adjustments(), map={})
    made.triggers = triggers
    yield made
    ours.close()
    theirs.close()


@contextlib.contextmanager
def _lock_held_by_another_thread(channel):
    """The connection's output lock, held by a thread of its own (a request writing)."""
    taken, release = threading.Event(), threading.Event()

    def writing_thread() -> None:
        with channel.outbuf_lock:
            taken.set()
            release.wait(10)

    thread = threading.Thread(target=writing_thread)
    thread.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        thread.join(10)


def test_a_connection_is_not_writable_while_its_thread_writes(channel):
    channel.requests = [object()]  # a request in service
    channel.total_outbufs_len = 100  # with output waiting
    with _lock_held_by_another_thread(channel):
        assert not channel.writable()
    assert channel.writable()  # the lock is free: the loop may send


def test_a_connection_to_close_stays_writable_while_its_thread_writes(channel):
    channel.requests = [object()]
    channel.total_outbufs_len = 100
    channel.will_close = True
    with _lock_held_by_another_thread(channel):
        assert channel.writable()  # waitress's own rule: it is closed from the loop


def test_without_a_request_in_service_the_rule_is_waitress_own(channel):
    assert not channel.writable()
    channel.total_outbufs_len = 10
    assert channel.writable()


def test_a_write_that_the_socket_took_whole_does_not_wake_the_loop(channel):
    channel.write_soon(b"x" * 100)
    assert channel.total_outbufs_len == 0
    assert channel.triggers == []


def test_a_write_that_leaves_output_behind_wakes_the_loop_after_the_lock_is_free(channel):
    free_when_woken: list[bool] = []

    def pull_trigger() -> None:  # from the writing thread: ask another thread about the lock
        answer: list[bool] = []
        probe = threading.Thread(target=lambda: answer.append(_free(channel.outbuf_lock)))
        probe.start()
        probe.join(10)
        free_when_woken.append(answer[0])

    channel.server.pull_trigger = pull_trigger
    channel.write_soon(_body(BIG))  # far more than a socket pair holds
    assert channel.total_outbufs_len > 0
    assert free_when_woken[-1] is True


def _free(lock: threading.Condition) -> bool:
    if lock.acquire(False):
        lock.release()
        return True
    return False


def _application(environ, start_response):
    size = int(environ["PATH_INFO"].strip("/") or 0)
    start_response(
        "200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))]
    )
    body = _body(size)
    return (body[start : start + CHUNK] for start in range(0, size, CHUNK))


@pytest.fixture
def running_server(monkeypatch):
    # A small high-water mark: the request's thread must wait for the loop to send, over
    # and over (the path on which a loop that never looks would leave it waiting).
    monkeypatch.setattr(Adjustments, "outbuf_high_watermark", 256 * 1024)
    listening = socket.create_server(("127.0.0.1", 0))
    server = serve._server(_application, [listening], None, 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield listening.getsockname()[1]
    from waitress.wasyncore import close_all

    server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
    server.trigger.pull_trigger(lambda: close_all(server._map))  # closed by the loop itself
    thread.join(10)


def _get(connection: socket.socket, size: int, pause_every: int = 0) -> bytes:
    connection.sendall(f"GET /{size} HTTP/1.1\r\nHost: test\r\n\r\n".encode())
    received = b""
    while b"\r\n\r\n" not in received:
        received += connection.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    while len(body) < size:
        part = connection.recv(16384)
        assert part, "the connection closed before the whole body arrived"
        body += part
        if pause_every and len(body) // pause_every != (len(body) - len(part)) // pause_every:
            time.sleep(0.002)  # a slow reader: the socket fills up, the thread waits
    return body


def test_a_large_response_reaches_a_slow_reader_whole(running_server):
    with socket.create_connection(("127.0.0.1", running_server), timeout=30) as connection:
        body = _get(connection, BIG, pause_every=256 * 1024)
        assert hashlib.sha256(body).digest() == hashlib.sha256(_body(BIG)).digest()
        # The same kept-alive connection goes on answering, small and large.
        assert _get(connection, 512) == _body(512)
        assert _get(connection, BIG) == _body(BIG)


def test_many_connections_at_once_each_get_their_whole_responses(running_server):
    results: list[bool] = []

    def client() -> None:
        with socket.create_connection(("127.0.0.1", running_server), timeout=30) as connection:
            ok = all(_get(connection, size) == _body(size) for size in (256, CHUNK * 3, 4096))
            results.append(ok)

    threads = [threading.Thread(target=client) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results == [True] * 12
