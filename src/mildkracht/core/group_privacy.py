"""When a group figure may be shown without revealing one person's answer.

A teacher sees a course's figures (n, mean, SD, change, practice minutes, attendance) and
never a person's own. Two rules keep it so.

1. **Threshold.** No figure is computed from fewer than ``MIN_GROUP`` people.

2. **Chain of released sets.** Each figure is computed from *columns* of per-person values:
   one column per questionnaire and assessment point (the baseline SCS answers, the week-8
   SCS answers, ...), one per practice week, one per session's attendance. A figure that is
   shown is kept as it was shown (a *release*: the set of people behind it and its numbers),
   and is shown again unchanged for as long as every person in it still counts. A new
   release over a set S is allowed only when, for every column it uses and every set R
   released before from that column (in any figure, also one no longer shown):

   - S ⊆ R or R ⊆ S (the sets form a chain), and
   - S = R, or they differ by at least ``MIN_GROUP`` people.

   Otherwise the figure is withheld (and an earlier release that still fits is shown).

Why this is enough for sums (and so for means, SDs and counts, which are sums of values,
squares and indicators divided by a known n): the released sets of a column form a chain
∅ ⊂ S₁ ⊂ S₂ ⊂ … in which every layer Sᵢ \\ Sᵢ₋₁ holds at least ``MIN_GROUP`` people. Any
sum or difference of the released sums is a linear combination of the layers' sums, whose
coefficients are the same for everyone in a layer: no combination isolates one person.
The figure for n = 6 followed by the one for n = 5 after one person left is exactly what
rule 2 refuses. The sets are those of people, so a person who answers again at the same
point enters only with at least four others. Medians and quartiles are order statistics:
they may equal one person's value, but never tell whose, and they follow the same rules.

This module only decides; it keeps nothing, reads nothing and computes no figure.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass

#: The fewest people behind any figure shown, and the least difference between two sets.
MIN_GROUP = 5


@dataclass(frozen=True)
class Decision:
    """Whether a figure over a set of people may be shown, and if not, why."""

    allowed: bool
    reason: str = ""


ALLOWED = Decision(True)
TOO_FEW = Decision(False, "too_few")
TOO_CLOSE = Decision(False, "too_close")


def may_release(
    candidate: Collection[Hashable],
    released: Iterable[Collection[Hashable]],
    minimum: int = MIN_GROUP,
) -> Decision:
    """May a figure over ``candidate`` be released, given the sets ``released`` before?

    ``released`` are the sets released earlier from any column the figure uses. See the
    module's docstring for the rule and why it keeps one person's value out of reach.
    """
    people = frozenset(candidate)
    if len(people) < minimum:
        return TOO_FEW
    for earlier in released:
        if not fits_chain(people, frozenset(earlier), minimum):
            return TOO_CLOSE
    return ALLOWED


def fits_chain(
    candidate: frozenset[Hashable], earlier: frozenset[Hashable], minimum: int = MIN_GROUP
) -> bool:
    """True when the two sets are equal, or one holds the other and they differ by ``minimum``."""
    if candidate == earlier:
        return True
    nested = candidate <= earlier or earlier <= candidate
    return nested and len(candidate ^ earlier) >= minimum
