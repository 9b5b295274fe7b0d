"""Comparing doctrines: one case's conclusions side by side, and verdicts on each breach.

A *row* is an ordered pair of allies (X owes Y) at a time point; each
doctrine's *cell* is its *status* there, in one vocabulary for every view
(``status_of``). A *verdict* is the status at an actual breach: justified
(on which ground), or blameworthy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

# How a timeline cell names each position after the status word, in this order (``claim``, ``liberty``,
# ``suspended`` and ``terminated`` are what the duty's state already says; JSON lists every one).
from reasoner.language.vocabulary import POSITION_WORDS
from reasoner.solving.engine import OUTPUTS, Conclusion, Solution

Key = tuple[str, str, int]

#: The outputs a status has a field of its own for; every other output of the contract is a *position*.
_FIELDS = ("triggered", "owed", "justified", "forfeited", "restored", "breach", "blameworthy")


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
    #: The other outputs that hold (Hohfeldian positions, the other ally's wrong, ...), in the contract's order.
    positions: tuple[str, ...] = ()

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
            positions=tuple(p for p in OUTPUTS if p in predicates and p not in _FIELDS),
        )

    def verdict(self) -> str:
        """The doctrine's judgment of an actual breach at this point (its status), or ``no breach``."""
        return status_of(self) if self.breach else "no breach"


def _grounds(status: Status) -> str:
    return f"({', '.join(status.grounds)})"


def duty_status(status: Status) -> str:
    """The state of the duty alone.

    ``not-triggered``, ``owed``, ``terminated`` (a doctrine that voids the
    duty), ``suspended (forfeited)`` or ``suspended``.
    """
    if not status.triggered:
        return "not-triggered"
    if status.owed:
        return "owed"
    if "terminated" in status.positions:
        return "terminated"
    return "suspended (forfeited)" if status.forfeited else "suspended"


def status_of(status: Status) -> str:
    """The one status word of a doctrine's conclusions at one pair and time, used by every view of them.

    Where a breach happened, its verdict: ``breach justified (<grounds>)``,
    ``breach blameworthy`` or ``breach not blameworthy``. Elsewhere the
    duty's state (``not-triggered``, ``owed``, ``suspended (forfeited)``,
    ``suspended``), then what a breach *would* be (``breach would be justified
    (<grounds>)``), and a change to the claim (``claim forfeited``, ``claim
    restored``) when the duty is not suspended by it. Build the ``Status``
    from conclusions with ``Status.of`` (or take it from ``statuses``).
    """
    if status.breach:
        if status.grounds:
            blame = ", blameworthy" if status.blameworthy else ""
            return f"breach justified {_grounds(status)}{blame}"
        return "breach blameworthy" if status.blameworthy else "breach not blameworthy"
    duty = duty_status(status)
    parts = [duty]
    if status.grounds:
        parts.append(f"breach would be justified {_grounds(status)}")
    if status.forfeited and duty != "suspended (forfeited)":
        parts.append("claim forfeited")
    if status.restored:
        parts.append("claim restored")
    return ", ".join(parts)


def with_positions(status: Status) -> str:
    """The status word, then the positions ``POSITION_WORDS`` names: a timeline's cell."""
    return ", ".join([status_of(status), *(w for p, w in POSITION_WORDS.items() if p in status.positions)])


@dataclass(frozen=True)
class Row:
    """One ordered pair at one time point, with each doctrine's status."""

    owes: str
    to: str
    time: int
    statuses: tuple[Status, ...]

    @property
    def differs(self) -> bool:
        """Whether the doctrines' status words, or the positions named with them, differ here."""
        return len({with_positions(s) for s in self.statuses}) > 1

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


def status_at(solution: Solution, owes: str, to: str, time: int) -> str:
    """The status word of what a doctrine concludes about one ordered pair at one time point.

    ``not-triggered`` where the doctrine says nothing about the pair then. The
    same words as every cell of ``casus run`` and ``casus compare``.
    """
    return status_of(Status.of([c for c in solution.conclusions if (c.owes, c.to, c.time) == (owes, to, time)]))
