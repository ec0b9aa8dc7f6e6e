"""What each command-line command does; ``cli.py`` only parses the arguments."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mildkracht.core.instruments.errors import InstrumentError
from mildkracht.core.instruments.model import Instrument
from mildkracht.core.instruments.registry import all_instruments, get_instrument
from mildkracht.research.errors import InputError

EXIT_BAD_INPUT = 2


def _fail(command: str, message: str, nothing_written: bool = True) -> int:
    print(f"mildkracht {command}: {message}", file=sys.stderr)
    if nothing_written:
        print("Nothing was written.", file=sys.stderr)
    return EXIT_BAD_INPUT


def _instrument(command: str, instrument_id: str) -> Instrument | int:
    try:
        return get_instrument(instrument_id)
    except InstrumentError as error:
        return _fail(command, str(error))


# --- serve and user -----------------------------------------------------------------------


def run_serve(args: argparse.Namespace) -> int:
    from mildkracht.web.serve import serve

    workers = max(1, args.workers)
    return serve(args.host, args.port, args.data_dir, workers=workers, lan=args.lan)


def run_worker(args: argparse.Namespace) -> int:
    from mildkracht.web.program.worker import run_worker

    return run_worker(args.data_dir, once=args.once)


def run_user(args: argparse.Namespace) -> int:
    from mildkracht.web.users import add_user

    return add_user(args.name, args.data_dir, teacher=args.teacher)


def run_export(args: argparse.Namespace) -> int:
    from mildkracht.web.courses.commands import export_course

    return export_course(args.course_id, args.output, args.lang, args.data_dir)


# --- instruments --------------------------------------------------------------------------


def run_instruments(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.action is None:
        for instrument in all_instruments().values():
            uses = "+".join(sorted(use.value for use in instrument.uses))
            print(
                f"{instrument.id:<22} {len(instrument.items):>3} items  "
                f"{instrument.kind.value:<10} {uses:<12} {instrument.names.get(lang)}"
            )
        return 0
    if not args.instrument:
        return _fail("instruments show", "name an instrument, e.g. mildkracht instruments show scs")
    found = _instrument("instruments show", args.instrument)
    if isinstance(found, int):
        return found
    print(describe(found, lang))
    return 0


def describe(instrument: Instrument, lang: str) -> str:
    """A plain-text description: items, subscales, keys and citation."""
    scale = instrument.scale
    uses = ", ".join(sorted(use.value for use in instrument.uses))
    lines = [
        f"{instrument.names.get(lang)} ({instrument.id}, version {instrument.version})",
        f"Kind: {instrument.kind.value}; use: {uses}",
        f"Citation: {instrument.citation}",
        f"Permission: {instrument.permission}",
        f"Wording ({lang}): "
        + ("our own translation" if instrument.wording[lang].value == "ours" else "published"),
        "",
        instrument.instructions.get(lang),
        "",
        "Answer scale: "
        + ", ".join(
            f"{option.value} = {option.label.get(lang)}" if option.label else str(option.value)
            for option in scale.options()
        ),
        "",
        "Items (R = reversed when keyed):",
    ]
    for item in instrument.items:
        subscale = instrument.subscale_of(item.number)
        tag = f"[{subscale.id}]" if subscale else ""
        lines.append(
            f"  {item.number:>2}{' R' if item.reverse else '  '} {item.text.get(lang)} {tag}"
        )
    lines += ["", "Subscales:"]
    for sub in instrument.subscales:
        numbers = ", ".join(str(n) for n in sub.items)
        lines.append(f"  {sub.id} ({sub.polarity.value}): items {numbers}")
    lines += ["", "Scores:"]
    for score in instrument.scores:
        lines.append(f"  {instrument.id}_{score.id}: {_rule(instrument, score)}")
    for band in instrument.bands:
        ranges = ", ".join(f"{r.id} from {r.lower:g}" for r in band.ranges)
        lines.append(f"  {instrument.id}_{band.column}: band of {band.score}: {ranges}")
    return "\n".join(lines)


def _rule(instrument: Instrument, score: Any) -> str:
    low, high = instrument.score_range(score)
    optional = " (optional)" if score.optional else ""
    if score.method.value == "mean_of":
        parts = ", ".join(f"{p} reversed" if p in score.reverse else p for p in score.of)
        return f"mean of {parts}; {low:g}-{high:g}{optional}"
    items = ", ".join(str(n) for n in score.items)
    reverse = " after reversing flagged items" if score.apply_reverse else " (raw)"
    times = f" × {score.multiplier:g}" if score.multiplier != 1 else ""
    return f"{score.method.value} of items {items}{reverse}{times}; {low:g}-{high:g}{optional}"


# --- score --------------------------------------------------------------------------------


def _open_input(command: str, args: argparse.Namespace) -> tuple[Any, Instrument, list[str]] | int:
    from mildkracht.research.columns import item_columns, read_mapping
    from mildkracht.research.tabular import open_source

    found = _instrument(command, args.instrument)
    if isinstance(found, int):
        return found
    try:
        source = open_source(args.input, args.encoding)
        mapping = read_mapping(args.columns, found) if args.columns else None
        columns = item_columns(source.name, source.columns, found, args.prefix, mapping)
    except InputError as error:
        return _fail(command, str(error))
    return source, found, columns


def run_score(args: argparse.Namespace) -> int:
    from mildkracht.research.score_job import ScoreOptions, score_file

    if not 0 <= args.prorate < 1:
        return _fail("score", f"--prorate must be at least 0 and below 1, not {args.prorate}")
    opened = _open_input("score", args)
    if isinstance(opened, int):
        return opened
    source, instrument, columns = opened
    options = ScoreOptions(
        prorate=args.prorate,
        include_optional=args.subscales,
        keep_items=args.keep_items,
        lang=args.lang,
    )
    bar = ProgressBar.for_file(args.input)
    try:
        report = score_file(source, columns, instrument, args.output, options, bar)
    except InputError as error:
        bar.clear()
        return _fail("score", str(error))
    bar.clear()
    _summary(report, instrument, args.output)
    return 0


def _summary(report: Any, instrument: Instrument, output: Path | None) -> None:
    target = str(output) if output else "standard output"
    print(f"Scored {report.rows} rows of {instrument.id} into {target}.", file=sys.stderr)
    for key, count in report.missing.items():
        if count:
            print(
                f"  {instrument.id}_{key}: {count} row(s) left empty (unanswered items)",
                file=sys.stderr,
            )


class ProgressBar:
    """A progress bar on a terminal's stderr; silent in a pipe or for small files."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False
        self.last = 0.0

    @classmethod
    def for_file(cls, path: Path) -> ProgressBar:
        big = path.exists() and path.stat().st_size > 5_000_000
        return cls(enabled=big and sys.stderr.isatty() and not os.environ.get("CI"))

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and fraction < 1):
            return
        self.last = now
        filled = int(fraction * 30)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()


# --- reliability and codebook -------------------------------------------------------------


def run_reliability(args: argparse.Namespace) -> int:
    from mildkracht.research.reliability_job import reliability_report

    opened = _open_input("reliability", args)
    if isinstance(opened, int):
        return opened
    source, instrument, columns = opened
    try:
        report = reliability_report(source, columns, instrument)
    except InputError as error:
        return _fail("reliability", str(error), nothing_written=False)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(render_reliability(report))
    return 0


def render_reliability(report: dict[str, Any]) -> str:
    lines = [f"Reliability of {report['instrument']} (n = {report['n']} complete rows)", ""]
    lines.append(f"{'scale':<24} {'items':>5} {'alpha':>7} {'std':>7} {'omega':>7}")
    for name, scale in report["scales"].items():
        lines.append(
            f"{name:<24} {scale['k']:>5} {_fmt(scale['alpha'])} {_fmt(scale['std_alpha'])} "
            f"{_fmt(scale['omega_total'])}"
        )
    for name, scale in report["scales"].items():
        lines += ["", f"{name}: item  r.drop  alpha if deleted"]
        for item in scale["items"]:
            lines.append(
                f"  {item['item']:<12} {_fmt(item['r_drop'])} {_fmt(item['alpha_if_deleted'])}"
            )
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return f"{value:7.3f}" if value is not None else "      -"


# --- change -------------------------------------------------------------------------------


def run_change(args: argparse.Namespace) -> int:
    from mildkracht.research.change_job import ChangeRequest, change_report

    opened = _open_input("change", args)
    if isinstance(opened, int):
        return opened
    source, instrument, columns = opened
    request = ChangeRequest(
        id_column=args.id,
        time_column=args.time,
        time_from=args.time_from.strip(),
        time_to=args.time_to.strip(),
        minutes_column=args.minutes,
    )
    try:
        report = change_report(source, columns, instrument, request)
    except InputError as error:
        return _fail("change", str(error), nothing_written=False)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(render_change(report))
    return 0


def render_change(report: dict[str, Any]) -> str:
    lines = [
        f"Change in {report['instrument']} from {report['from']!r} to {report['to']!r} "
        f"({report['people_with_both']} people with both)"
    ]
    for name, figures in report["scores"].items():
        lines += ["", f"{name} (n = {figures['n']})", *_change_lines(figures)]
    return "\n".join(lines)


def _change_lines(figures: dict[str, Any]) -> list[str]:
    if figures["mean_from"] is None:
        return ["  fewer than 2 people answered every item at both time points"]
    low, high = figures["mean_change_ci"]
    percent = figures["percent_change"]
    lines = [
        f"  mean {figures['mean_from']:.3f} -> {figures['mean_to']:.3f}, change "
        f"{figures['mean_change']:+.3f} (95 % CI {low:+.3f} to {high:+.3f})"
        + (f", {percent:+.1f} % of the first mean" if percent is not None else "")
    ]
    if figures["t"] is None:
        lines.append("  everyone changed by the same amount: no t-test and no d_z")
    else:
        d_low, d_high = figures["d_z_ci"]
        lines += [
            f"  paired t({figures['df']}) = {figures['t']:.3f}, p = {_p_text(figures['p'])}",
            f"  Cohen's d_z = {figures['d_z']:.3f} (95 % CI {d_low:.3f} to {d_high:.3f})",
        ]
    if figures["improved"] is None:
        lines.append("  reliable change: no published reference for this score")
    else:
        lines.append(
            f"  reliable change: {figures['improved']} improved, {figures['unchanged']} within "
            f"measurement error, {figures['declined']} declined"
        )
    if figures["spearman_n"] is not None:
        lines.append(_spearman_line(figures))
    return lines


def _spearman_line(figures: dict[str, Any]) -> str:
    prefix, n = "  practice minutes and change: ", figures["spearman_n"]
    if figures["spearman_rho"] is None:
        return f"{prefix}no rank correlation (one of the two never varies), n = {n}"
    interval = ""
    if figures["spearman_ci"] is not None:
        low, high = figures["spearman_ci"]
        interval = f" (95 % CI {low:.3f} to {high:.3f})"
    return f"{prefix}Spearman's rho = {figures['spearman_rho']:.3f}{interval}, n = {n}"


def _p_text(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def run_codebook(args: argparse.Namespace) -> int:
    from mildkracht.research.codebook import codebook

    found = _instrument("codebook", args.instrument)
    if isinstance(found, int):
        return found
    print(codebook(found, args.lang, args.subscales))
    return 0


Handler = Callable[[argparse.Namespace], int]
