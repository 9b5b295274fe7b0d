"""Comparing doctrines: one case's conclusions side by side, and verdicts on each breach.

A *row* is an ordered pair of allies (X owes Y) at a time point; each
doctrine's *cell* summarises what it concludes there. A *verdict* is a
doctrine's judgment of an actual breach: justified (on which ground), or
unjustified and blameworthy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reasoner.solving.engine import Conclusion, Solution

Key = tuple[str, str, int]


@dataclass(frozen=True)
class Status:
    """What one doctrine concludes about one ordered pair at one time point."""

    triggered: bool = False
    owed: bool = False
    grounds: tuple[str, ...] = ()
    forfeited: bool = False
    restored: bool = False
    breach: bool = False
    blameworthy: bool = False

    @classmethod
    def of(cls, conclusions: Sequence[Conclusion]) -> Status:
        predicates = {c.predicate for c in conclusions}
        return cls(
            triggered="triggered" in predicates,
            owed="owed" in predicates,
            grounds=tuple(sorted({c.ground for c in conclusions if c.predicate == "justified" and c.ground})),
            forfeited="forfeited" in predicates,
            restored="restored" in predicates,
            breach="breach" in predicates,
            blameworthy="blameworthy" in predicates,
        )

    def summary(self) -> str:
        """The cell text: the duty's state, then forfeiture, justification and breach."""
        parts: list[str] = []
        if self.owed:
            parts.append("owed")
        elif self.triggered:
            parts.append("not owed")
        if self.forfeited:
            parts.append("claim forfeited")
        if self.restored:
            parts.append("claim restored")
        if self.grounds:
            parts.append(f"breach justified ({', '.join(self.grounds)})")
        if self.breach:
            parts.append("BREACH, blameworthy" if self.blameworthy else "breach")
        return "; ".join(parts) if parts else "-"

    def verdict(self) -> str:
        """The doctrine's judgment of an actual breach at this point."""
        if not self.breach:
            return "no breach"
        if self.grounds:
            return f"justified ({', '.join(self.grounds)})"
        return "unjustified, blameworthy" if self.blameworthy else "unjustified, not blameworthy"


@dataclass(frozen=True)
class Row:
    """One ordered pair at one time point, with each doctrine's status."""

    owes: str
    to: str
    time: int
    statuses: tuple[Status, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.statuses)) > 1

    @property
    def is_breach(self) -> bool:
        return any(s.breach for s in self.statuses)


def statuses(solution: Solution) -> dict[Key, Status]:
    """Each ordered pair and time point the doctrine says anything about, with its status."""
    grouped: dict[Key, list[Conclusion]] = defaultdict(list)
    for c in solution.conclusions:
        grouped[(c.owes, c.to, c.time)].append(c)
    return {key: Status.of(items) for key, items in grouped.items()}


def compare(solutions: Sequence[Solution]) -> list[Row]:
    """The rows of a side-by-side comparison, ordered by pair then time."""
    per_doctrine = [statuses(s) for s in solutions]
    keys = sorted({k for table in per_doctrine for k in table}, key=lambda k: (k[0], k[1], k[2]))
    return [Row(*key, tuple(table.get(key, Status()) for table in per_doctrine)) for key in keys]
