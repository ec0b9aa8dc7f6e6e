"""`mildkracht worker`: enqueue the reminders that are due every minute, and run queued tasks.

Tasks wait in the database (django-tasks-db), whoever enqueued them: this worker or the web
app. One process does both jobs; the queue is run with the package's own worker, in batch
mode, every few seconds. Several workers may run at once: each task is claimed by one of
them, and sending a reminder is idempotent anyway. A finished task is kept for a week (to
look into a failure), then pruned: at the start and every few hours.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from django_tasks_db.management.commands.db_worker import Worker

T = TypeVar("T")

REMINDER_INTERVAL_SECONDS = 60
QUEUE_INTERVAL_SECONDS = 5
PRUNE_INTERVAL_SECONDS = 6 * 60 * 60
KEEP_FINISHED_TASKS = timedelta(days=7)


def run_worker(data_dir: Path | None, once: bool = False) -> int:
    """Run until Ctrl-C (or SIGTERM); with ``once``, enqueue, run every queued task and stop."""
    from mildkracht.web.runtime import prepare

    prepare(data_dir)

    from django.utils import timezone

    from mildkracht.web.accounts import ratelimit
    from mildkracht.web.program.reminders import enqueue_due_reminders

    queue = _queue_worker()
    stop = threading.Event()

    def stop_after_this_task(*_: object) -> None:
        stop.set()
        queue.running = False  # the task that runs now finishes; no new one starts

    with _signals_call(stop_after_this_task):
        print("Mildkracht worker gestart / started.", flush=True)
        next_check = next_prune = time.monotonic()
        while not stop.is_set():
            if time.monotonic() >= next_check:
                next_check = time.monotonic() + REMINDER_INTERVAL_SECONDS
                count = _keep_going(lambda: enqueue_due_reminders(timezone.now()))
                if count:
                    print(f"{count} reminder(s)", flush=True)
            if time.monotonic() >= next_prune:
                next_prune = time.monotonic() + PRUNE_INTERVAL_SECONDS
                count = _keep_going(lambda: prune_finished_tasks(timezone.now()))
                if count:
                    print(f"{count} finished task(s) pruned", flush=True)
                _keep_going(ratelimit.forget_passed_windows)
            _keep_going(queue.run)
            if once:
                break
            stop.wait(QUEUE_INTERVAL_SECONDS)
    print("Mildkracht worker gestopt / stopped.", flush=True)
    return 0


@contextlib.contextmanager
def _signals_call(handler: Callable[..., None]) -> Iterator[None]:
    """Within the block Ctrl-C and SIGTERM call ``handler``; afterwards the old handlers do."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    for number in previous:
        signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old_handler in previous.items():
            signal.signal(number, old_handler)


def prune_finished_tasks(now: datetime) -> int:
    """Delete the task results that finished, successfully or not, over a week before ``now``.

    The query of django-tasks-db's ``prune_db_task_results --min-age-days 7 --queue-name '*'``;
    queued and running tasks stay, however old. Returns how many were deleted.
    """
    from django_tasks_db.models import DBTaskResult

    finished = DBTaskResult.objects.finished()
    deleted, _ = finished.filter(finished_at__lte=now - KEEP_FINISHED_TASKS).delete()
    return deleted


def _queue_worker() -> Worker:
    """The database backend's worker, in batch mode: ``run()`` runs what is queued, then returns."""
    from django.utils.crypto import get_random_string
    from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=1,  # only used while the database is locked by another writer
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
    )


def _keep_going(job: Callable[[], T]) -> T | None:
    """Run ``job``; on an error, report it and go on: the next round may work again."""
    try:
        return job()
    except Exception as error:
        print(f"mildkracht worker: {type(error).__name__}: {error}", file=sys.stderr)
        return None
