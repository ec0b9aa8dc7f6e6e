"""`mildkracht worker`: every minute, enqueue the reminders that are due, then wait.

With the default task backend (immediate) each enqueued task runs right here; with a
queue backend a separate task worker runs them. Either way sending is idempotent.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

INTERVAL_SECONDS = 60


def run_worker(data_dir: Path | None, once: bool = False) -> int:
    from mildkracht.web.runtime import prepare

    prepare(data_dir)

    from django.utils import timezone

    from mildkracht.web.program.reminders import enqueue_due_reminders

    stop = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("Mildkracht worker gestart / started.", flush=True)
    while not stop.is_set():
        try:
            count = enqueue_due_reminders(timezone.now())
        except Exception as error:  # keep running: the next minute may work again
            print(f"mildkracht worker: {type(error).__name__}: {error}", file=sys.stderr)
        else:
            if count:
                print(f"{count} reminder(s)", flush=True)
        if once:
            break
        stop.wait(INTERVAL_SECONDS)
    print("Mildkracht worker gestopt / stopped.", flush=True)
    return 0
