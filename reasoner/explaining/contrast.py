"""Contrast: the conclusions that differ under two doctrines, each with both trees, aligned where they diverge."""

from __future__ import annotations

from dataclasses import dataclass

from clingo import Symbol

from reasoner.explaining.explainer import Explainer
from reasoner.explaining.nodes import Node
from reasoner.explaining.queries import conclusions


@dataclass
class Contrast:
    """One conclusion that differs under two doctrines, with both trees aligned."""

    atom: Symbol
    left: Node
    right: Node
    shared: list[Node]
    left_split: Node
    right_split: Node


def _fingerprint(node: Node, memo: dict[int, tuple[object, ...]]) -> tuple[object, ...]:
    key = id(node)
    found = memo.get(key)
    if found is None:
        rule = (node.rule.source, node.rule.statement) if node.rule else None
        found = (
            node.kind,
            node.holds,
            node.atom,
            node.pattern,
            rule,
            node.text,
            node.failed,
            tuple(_fingerprint(c, memo) for c in node.children),
        )
        memo[key] = found
    return found


def same(a: Node, b: Node) -> bool:
    """Whether two trees (from two doctrines, say) say the same thing in the same way."""
    return _fingerprint(a, {}) == _fingerprint(b, {})


def align(left: Node, right: Node) -> tuple[list[Node], Node, Node]:
    """Descend both trees while they use the same rule on the same atom; where they part."""
    shared: list[Node] = []
    memo_l: dict[int, tuple[object, ...]] = {}
    memo_r: dict[int, tuple[object, ...]] = {}
    while (
        left.kind == right.kind == "derived"
        and left.atom == right.atom
        and left.rule is not None
        and right.rule is not None
        and left.rule.source == right.rule.source
        and len(left.children) == len(right.children)
    ):
        pairs = [
            (a, b)
            for a, b in zip(left.children, right.children, strict=True)
            if _fingerprint(a, memo_l) != _fingerprint(b, memo_r)
        ]
        if not pairs:
            break
        shared.append(left)
        left, right = pairs[0]
    return shared, left, right


#: The order conclusions are shown in a contrast: the verdicts on a breach first, the trigger last.
VERDICTS_FIRST = ("blameworthy", "justified", "breach", "owed", "forfeited", "restored", "triggered")


def _order(atom: Symbol) -> tuple[object, ...]:
    rank = VERDICTS_FIRST.index(atom.name) if atom.name in VERDICTS_FIRST else len(VERDICTS_FIRST)
    return (rank, atom.arguments[2], atom.arguments[0], atom.arguments[1], atom.name)


#: Positions that only restate another conclusion of the same pair and time (``claim`` is a binding
#: ``owed``, ``liberty`` a triggered duty that is not): contrasting them would repeat that one.
RESTATED = ("claim", "liberty")


def contrast(left: Explainer, right: Explainer) -> list[Contrast]:
    """Each output atom that holds under one doctrine and not the other, the verdicts on a breach first."""
    ours, theirs = set(conclusions(left.trace)), set(conclusions(right.trace))
    items = []
    for atom in sorted((a for a in ours ^ theirs if a.name not in RESTATED), key=_order):
        a = left.why(atom) if atom in ours else left.why_not(atom)
        b = right.why(atom) if atom in theirs else right.why_not(atom)
        shared, split_a, split_b = align(a, b)
        items.append(Contrast(atom, a, b, shared, split_a, split_b))
    return items
