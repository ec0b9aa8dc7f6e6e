"""The one entry point: ``mildkracht serve | score | reliability | change | codebook | ...``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from mildkracht import __version__

EXIT_BAD_INPUT = 2

# The scorer runs its own reader and writer threads on small matrix products; BLAS threads
# would only compete with them for the cores.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mildkracht",
        description="Mildkracht: self-compassion training, measured exactly.",
    )
    parser.add_argument("--version", action="version", version=f"mildkracht {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = commands.add_parser("serve", help="start the web app on this computer")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data-dir", type=Path, default=None, help="where your data is kept")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes (default 1; more on a server with PostgreSQL)",
    )
    serve.add_argument(
        "--lan",
        action="store_true",
        help="let phones on your home network in: prints the address and a QR code",
    )

    worker = commands.add_parser("worker", help="send reminders that are due (until Ctrl-C)")
    worker.add_argument("--data-dir", type=Path, default=None, help="where your data is kept")
    worker.add_argument("--once", action="store_true", help="check once, then stop")

    instruments = commands.add_parser("instruments", help="list instruments, or show one")
    instruments.add_argument("action", nargs="?", choices=["show"], help="show one instrument")
    instruments.add_argument("instrument", nargs="?", help="instrument id, e.g. scs")
    instruments.add_argument("--lang", choices=["nl", "en"], default="nl")

    score = commands.add_parser("score", help="score a data file (CSV, TSV, .xlsx, .sav)")
    _add_input_arguments(score)
    score.add_argument(
        "-o", "--output", type=Path, help="output .csv, .tsv or .sav (default: stdout)"
    )
    score.add_argument(
        "--prorate",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="score from the answered items when at most this fraction of a score's items "
        "is missing (default 0: leave the score empty)",
    )
    score.add_argument("--keep-items", action="store_true", help="keep the item columns too")
    score.add_argument(
        "--subscales", action="store_true", help="add optional scores (e.g. SCS-SF subscales)"
    )
    score.add_argument("--lang", choices=["nl", "en"], default="en", help="label language (.sav)")

    reliability = commands.add_parser("reliability", help="alpha, omega and item statistics")
    _add_input_arguments(reliability)
    reliability.add_argument("--json", action="store_true", help="print one JSON object")

    change = commands.add_parser(
        "change", help="a group's change between two time points (data in long form)"
    )
    _add_input_arguments(change)
    change.add_argument("--id", required=True, metavar="COLUMN", help="the person's id column")
    change.add_argument("--time", required=True, metavar="COLUMN", help="the time point column")
    change.add_argument("--from", required=True, dest="time_from", metavar="VALUE")
    change.add_argument("--to", required=True, dest="time_to", metavar="VALUE")
    change.add_argument(
        "--minutes", metavar="COLUMN", help="practice minutes (read from the --to row)"
    )
    change.add_argument("--json", action="store_true", help="print one JSON object")

    codebook = commands.add_parser("codebook", help="the variables of the scored output")
    codebook.add_argument("--instrument", required=True)
    codebook.add_argument("--lang", choices=["nl", "en"], default="en")
    codebook.add_argument("--subscales", action="store_true", help="include optional scores")

    user = commands.add_parser("user", help="manage accounts of the web app")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="create an account (password from a prompt)")
    add.add_argument("name")
    add.add_argument("--data-dir", type=Path, default=None)
    add.add_argument(
        "--teacher", action="store_true", help="a teacher of courses (signs in with a second step)"
    )

    export = commands.add_parser("export", help="export data of the web app for research")
    export_commands = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    course = export_commands.add_parser(
        "course", help="a course: consenting participants under their code (CSV, SPSS, codebook)"
    )
    course.add_argument("course_id", type=int, metavar="ID")
    course.add_argument("-o", "--output", type=Path, required=True, help="folder to write into")
    course.add_argument("--lang", choices=["nl", "en"], default="en")
    course.add_argument("--data-dir", type=Path, default=None)
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, help="data file: .csv, .tsv, .xlsx or .sav")
    parser.add_argument("--instrument", required=True, help="instrument id, e.g. scs")
    parser.add_argument("--prefix", help="item column prefix (default: the id and _, e.g. scs_)")
    parser.add_argument("--columns", type=Path, help="mapping file: item number to column name")
    parser.add_argument("--encoding", help="text encoding of a CSV file (default utf-8)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    from mildkracht import commands

    handler = getattr(commands, f"run_{args.command}")
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        print("\nStopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
