"""The writer process that commits the INSERTs of the server's processes (sqlite/writer.py).

Each test runs a small program in a process of its own, as `serve` runs: a data directory of
its own (the test database lives in memory, which another process cannot open), the writer
forked from it, and the ORM writing through it.
"""

import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from own_process import environment

from mildkracht.web.sqlite import base, writer

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the writer runs on Linux only")

PROGRAM = """
import json, os, signal, sys, threading, time
from pathlib import Path
from mildkracht.web.runtime import prepare
prepare(Path(sys.argv[1]))
from django.db import connection, IntegrityError, OperationalError
from mildkracht.web.accounts.models import User
from mildkracht.web.sqlite import base, writer

def report(**facts):
    print(json.dumps(facts), flush=True)

_before = base._group_for(connection.settings_dict["NAME"]).commits  # preparing the data

def in_process_commits():
    return base._group_for(connection.settings_dict["NAME"]).commits - _before

def alive(pid):
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == 0

def person(name):
    return User.objects.create(username=name, language="en")

def started(threads=2):  # the writer for one server process (this one) of ``threads``
    w = writer.start(1, threads, [])
    w.attach(0)
    return w

"""


def _run(tmp_path: Path, steps: str) -> list[dict]:
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM + steps, str(tmp_path / "data")],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


def test_inserts_are_committed_by_the_writer_with_their_own_keys(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started()
made = [person(f"p{n}") for n in range(5)]
stored = dict(User.objects.values_list("username", "pk"))
report(
    keys=[p.pk for p in made],
    stored=[stored[f"p{n}"] for n in range(5)],
    in_process=in_process_commits(),
    writer_alive=alive(w.pid),
)
w.stop()
""",
    )
    assert facts["keys"] == facts["stored"]
    assert len(set(facts["keys"])) == 5
    assert facts["in_process"] == 0  # none was committed in the server's own process
    assert facts["writer_alive"]


def test_threads_writing_at_once_each_get_their_own_row(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started(threads=3)
keys, errors = {}, []
def write(thread):
    try:
        for n in range(20):
            keys[f"t{thread}-{n}"] = person(f"t{thread}-{n}").pk
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()
threads = [threading.Thread(target=write, args=(t,)) for t in range(6)]
for thread in threads: thread.start()
for thread in threads: thread.join()
stored = dict(User.objects.values_list("username", "pk"))
report(errors=errors, same=keys == stored, count=len(stored))
w.stop()
""",
    )
    # Six threads and three sockets: the others commit in the process; every row is there.
    assert facts == {"errors": [], "same": True, "count": 120}


def test_a_failing_insert_gets_its_own_error_and_the_writer_goes_on(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started()
person("taken")
try:
    person("taken")
    error = None
except IntegrityError as caught:
    error = str(caught)
person("next")
report(
    error=error,
    names=sorted(User.objects.values_list("username", flat=True)),
    in_process=in_process_commits(),
)
w.stop()
""",
    )
    assert "UNIQUE constraint failed" in facts["error"]
    assert facts["names"] == ["next", "taken"]
    assert facts["in_process"] == 0


def test_when_the_writer_is_gone_the_process_commits_itself(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started()
person("before")
os.kill(w.pid, signal.SIGKILL)
os.waitpid(w.pid, 0)
person("after")
report(
    names=sorted(User.objects.values_list("username", flat=True)),
    in_process=in_process_commits(),
)
w.stop()
""",
    )
    assert facts == {"names": ["after", "before"], "in_process": 1}


def test_a_writer_lost_before_it_answered_gives_an_error_that_says_so(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started()
os.kill(w.pid, signal.SIGSTOP)  # it receives the statement but never answers
outcome = []
def write():
    try:
        person("unknown")
        outcome.append("saved")
    except OperationalError as error:
        outcome.append(str(error))
    finally:
        connection.close()
thread = threading.Thread(target=write)
thread.start()
time.sleep(0.5)
os.kill(w.pid, signal.SIGKILL)
os.waitpid(w.pid, 0)
thread.join(timeout=30)
person("later")
report(outcome=outcome, later=User.objects.filter(username="later").exists())
w.stop()
""",
    )
    (message,) = facts["outcome"]
    assert "may or may not have been committed" in message
    assert facts["later"]


def test_the_writer_ignores_ctrl_c_and_stops_when_the_server_does(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
w = started()
os.kill(w.pid, signal.SIGINT)
os.kill(w.pid, signal.SIGTERM)
person("still written")
still = alive(w.pid)
by_itself = w.stop()
report(
    alive_after_signals=still,
    in_process=in_process_commits(),
    alive_after_stop=alive(w.pid),
    stopped_by_itself=by_itself,
)
""",
    )
    assert facts["alive_after_signals"]
    assert facts["in_process"] == 0
    assert not facts["alive_after_stop"]
    assert facts["stopped_by_itself"]  # not killed at the end of STOP_SECONDS


def test_no_writer_without_a_sqlite_file(tmp_path):
    (facts,) = _run(
        tmp_path,
        """
from django.db import connections
connections["default"].settings_dict["NAME"] = ":memory:"
report(writer=writer.start(1, 2, []) is None)
""",
    )
    assert facts == {"writer": True}


def test_a_long_message_arrives_whole():
    sender, receiver = socket.socketpair()
    long_text = "mild " * 200_000  # a megabyte: many reads of the socket
    try:
        thread = threading.Thread(target=sender.sendall, args=(writer._pack(("q", [long_text])),))
        thread.start()
        assert writer._receive(receiver) == ("q", [long_text])
        thread.join(timeout=30)
    finally:
        sender.close()
        receiver.close()


def test_a_value_pickle_cannot_carry_is_committed_in_the_process():
    ours, theirs = socket.socketpair()
    link = writer.Link([ours])
    try:
        entry = base._Insert("INSERT ...", [lambda: None])
        assert link.commit(entry) is False  # the caller then commits it itself
        assert not entry.done
        theirs.setblocking(False)
        with pytest.raises(BlockingIOError):
            theirs.recv(1)  # nothing was sent
        assert link._free == [ours]  # and the socket is still there for the next
    finally:
        link.close()
        theirs.close()
