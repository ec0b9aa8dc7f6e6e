"""A codebook of the scored output: every variable with its label, range and rule."""

from __future__ import annotations

from mildkracht.core.instruments.model import Instrument, Method

#: The one rule for a value on the boundary of two bands (see Band.classify).
BOUNDARY_RULE = (
    "; each band runs from its lower bound up to, not including, the next one's: "
    "a value on a boundary belongs to the higher band"
)


def codebook(instrument: Instrument, lang: str, include_optional: bool = False) -> str:
    """The variables ``mildkracht score`` writes for ``instrument``, as a readable table."""
    rows = [("variable", "label", "range", "computed as")]
    scores = instrument.scores if include_optional else instrument.default_scores()
    for score in scores:
        low, high = instrument.score_range(score)
        rows.append(
            (
                f"{instrument.id}_{score.id}",
                score.names.get(lang),
                f"{low:g}–{high:g}",
                _rule(instrument, score.id),
            )
        )
    for band in instrument.bands:
        ids = " / ".join(r.id for r in band.ranges)
        rule = ", ".join(f"{r.id} from {r.lower:g}" for r in band.ranges) + BOUNDARY_RULE
        label = f"band of {instrument.id}_{band.score}"
        rows.append((f"{instrument.id}_{band.column}", label, ids, rule))
    widths = [max(len(row[i]) for row in rows[:]) if i < 3 else 0 for i in range(4)]
    lines = [
        f"Codebook: {instrument.names.get(lang)} ({instrument.id}, version {instrument.version})",
        f"Citation: {instrument.citation}",
        "Empty cells: the score could not be computed (unanswered items; see --prorate).",
        "",
    ]
    for row in rows:
        lines.append(
            "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row))
        )
    return "\n".join(lines)


def _rule(instrument: Instrument, score_id: str) -> str:
    score = instrument.score(score_id)
    if score.method is Method.MEAN_OF:
        parts = [
            f"{instrument.reverse_offset} − {p}" if p in score.reverse else p for p in score.of
        ]
        return "mean of " + ", ".join(parts)
    reverse = [n for n in score.items if score.apply_reverse and instrument.item(n).reverse]
    text = f"{score.method.value} of items {', '.join(str(n) for n in score.items)}"
    if reverse:
        text += (
            f" (reversed: {', '.join(str(n) for n in reverse)}: {instrument.reverse_offset} − x)"
        )
    if score.multiplier != 1:
        text += f" × {score.multiplier:g}"
    return text
