"""Explanation nodes, atom patterns, and how symbols are shown as the case writes them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from types import MappingProxyType

from clingo import Function, Symbol, SymbolType

from reasoner.common.errors import Source
from reasoner.explaining.provenance import Rule, identity
from reasoner.explaining.terms import Condition, ground
from reasoner.language.model import format_time
from reasoner.solving.facts import Facts

#: An atom pattern: predicate name, arguments (``None`` where any value would do), sign.
Pattern = tuple[str, tuple[Symbol | None, ...], bool]

#: The bindings of a node that has none (shared, never changed).
_NO_BINDINGS: Mapping[str, Symbol] = MappingProxyType({})

#: Node kinds: what each says (see docs/explain.md).
KINDS = {
    "fact": "stated in the case",
    "rule_fact": "a fact of the rule file",
    "derived": "derived by a rule instance",
    "untraced": "holds, derived by a rule whose instances are not recorded",
    "comparison": "a comparison of values",
    "condition": "a condition that is not an atom (an aggregate, say)",
    "missing": "an input the case does not state, or a switch the doctrine does not set",
    "underivable": "no rule concludes it",
    "blocked": "every rule that could conclude it fails",
    "attempt": "a rule that could conclude it, and the first condition that fails",
    "cut": "not followed further (depth limit)",
}


#: An atom given by its signature and arguments, made a symbol only when it is shown.
AtomSpec = tuple[tuple[str, int], tuple[Symbol, ...]]


def spec_symbol(spec: AtomSpec) -> Symbol:
    """The symbol of an atom given by its signature (``-p`` when classically negated) and arguments."""
    (name, _), args = spec
    return Function(name.removeprefix("-"), list(args), not name.startswith("-"))


class Node:
    """One step of an explanation: an atom (or condition) and why it holds or not.

    ``children`` may be given as a function that builds them, called the first
    time they are asked for: a why-not below a negative condition is worked
    out when a renderer (or a walk) reaches it, not when the derivation is built.

    A node is a compact record: a derived node keeps its rule instance's
    ``values`` (in the order of the rule's variables, then its witnesses), and
    its atom as a signature and arguments; the ``bindings`` and the ``atom``
    symbol are made from them when first asked for (by a renderer, say).
    """

    __slots__ = (
        "_atom",
        "_bindings",
        "_children",
        "failed",
        "holds",
        "kind",
        "others",
        "pattern",
        "rule",
        "source",
        "text",
        "values",
    )

    def __init__(
        self,
        kind: str,
        holds: bool,
        atom: Symbol | AtomSpec | None = None,
        pattern: Pattern | None = None,
        rule: Rule | None = None,
        bindings: Mapping[str, Symbol] | None = None,
        children: list[Node] | Callable[[], list[Node]] | None = None,
        source: Source | None = None,
        text: str | None = None,
        failed: int | None = None,
        others: int = 0,
        values: tuple[Symbol, ...] | None = None,
    ) -> None:
        self.kind = kind
        self.holds = holds
        self._atom = atom
        self.pattern = pattern
        self.rule = rule
        self._bindings = bindings if bindings is not None or values is not None else _NO_BINDINGS
        self.values = values
        self._children: list[Node] | Callable[[], list[Node]] = children if children is not None else []
        self.source = source
        self.text = text
        self.failed = failed
        self.others = others

    @property
    def atom(self) -> Symbol | None:
        """The atom the node is about (``None`` for a pattern or a condition)."""
        atom = self._atom
        if atom.__class__ is tuple:
            atom = self._atom = spec_symbol(atom)  # type: ignore[arg-type]
        return atom  # type: ignore[return-value]

    @property
    def bindings(self) -> Mapping[str, Symbol]:
        """The values of the rule's variables (and of its witnesses) in this instance."""
        bindings = self._bindings
        if bindings is None:
            assert self.rule is not None and self.values is not None
            names = self.rule.variables + self.rule.witnesses
            bindings = self._bindings = dict(zip(names, self.values, strict=False))
        return bindings

    @property
    def children(self) -> list[Node]:
        """The node's premises (a why) or the rules that fail (a why-not), built on first use."""
        children = self._children
        if callable(children):
            children = self._children = children()
        return children

    @property
    def expanded(self) -> bool:
        """Whether the children have been built."""
        return not callable(self._children)

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, each once."""
        seen: set[int] = set()
        stack = [self]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            yield node
            stack.extend(reversed(node.children))

    def __repr__(self) -> str:
        return f"Node({self.kind!r}, {self.holds}, atom={self.atom}, pattern={self.pattern}, text={self.text!r})"


# -- showing symbols as the case writes them ---------------------------------------


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_']*)\}")


@cache
def template(text: str, placeholder: re.Pattern[str]) -> tuple[tuple[str, str | None], ...]:
    """A text cut at its placeholders, worked out once per text: each literal part and the name after it.

    The name is the placeholder's first group, or the whole match if it has
    none; the last part has no name.
    """
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for match in placeholder.finditer(text):
        pieces.append((text[last : match.start()], match[1] if placeholder.groups else match[0]))
        last = match.end()
    pieces.append((text[last:], None))
    return tuple(pieces)


class Display:
    """Shows solver values in the case's own notation: names unquoted, times as steps or dates."""

    def __init__(self, facts: Facts) -> None:
        self.times = facts.times
        self._values: dict[int, str] = {}
        self._atoms: dict[int, str] = {}

    def value(self, symbol: Symbol) -> str:
        """A value as the case writes it (remembered: values repeat across a document)."""
        key = identity(symbol)
        shown = self._values.get(key)
        if shown is None:
            shown = self._values[key] = self._value(symbol)
        return shown

    def _value(self, symbol: Symbol) -> str:
        if symbol.type == SymbolType.String:
            return symbol.string
        if symbol.type == SymbolType.Number:
            point = self.times.get(symbol.number)
            return format_time(point) if point is not None else str(symbol.number)
        if symbol.type == SymbolType.Function:
            sign = "" if symbol.positive else "-"
            if not symbol.arguments:
                return sign + symbol.name.replace("_", "-")
            return f"{sign}{symbol.name}({', '.join(self.value(a) for a in symbol.arguments)})"
        return str(symbol)

    def atom(self, symbol: Symbol) -> str:
        """An atom: predicate name as in the rules, arguments as the case writes them."""
        key = identity(symbol)
        shown = self._atoms.get(key)
        if shown is None:
            shown = self._atoms[key] = self._atom(symbol)
        return shown

    def _atom(self, symbol: Symbol) -> str:
        if symbol.type != SymbolType.Function or not symbol.arguments:
            return str(symbol)
        sign = "" if symbol.positive else "-"
        return f"{sign}{symbol.name}({', '.join(self.value(a) for a in symbol.arguments)})"

    def pattern(self, pattern: Pattern) -> str:
        name, args, positive = pattern
        inner = ", ".join("_" if a is None else self.value(a) for a in args)
        return f"{'' if positive else '-'}{name}({inner})" if args else name

    def fill(self, text: str, bindings: Mapping[str, Symbol], unknown: str | None = None) -> str:
        """An annotation's text with each ``{X}`` replaced by X's value (``?X``, or ``unknown``, when unbound)."""
        out: list[str] = []
        for literal, name in template(text, _PLACEHOLDER):
            out.append(literal)
            if name is not None:
                bound = bindings.get(name)
                out.append(self.value(bound) if bound is not None else unknown if unknown is not None else f"?{name}")
        return "".join(out)

    def node_atom(self, node: Node) -> str:
        if node.atom is not None:
            return self.atom(node.atom)
        if node.pattern is not None:
            return self.pattern(node.pattern)
        return node.text or ""


#: A pattern by the identities of its values (cheap to hash and compare): name, identities, sign.
PatternKey = tuple[str, tuple[int | None, ...], bool]


def pattern_key(pattern: Pattern) -> PatternKey:
    """A pattern's key for memo tables."""
    name, args, positive = pattern
    return (name, tuple([None if a is None else identity(a) for a in args]), positive)


def pattern_of(symbol: Symbol) -> Pattern:
    return (symbol.name, tuple(symbol.arguments), symbol.positive)


def ground_pattern(condition: Condition, bindings: Mapping[str, Symbol]) -> Pattern | None:
    """A condition's atom under bindings, with ``None`` for each argument still open."""
    term = condition.term
    if term[0] == "u" and term[2][0] == "f":
        name, args, positive = term[2][1], term[2][2], False
    elif term[0] == "f":
        name, args, positive = term[1], term[2], True
    else:
        return None
    values = tuple([bindings.get(a[1]) if a[0] == "v" else a[1] if a[0] == "c" else ground(a, bindings) for a in args])
    return (name, values, positive)


def bound_arguments(condition: Condition, bindings: Mapping[str, Symbol]) -> int:
    """How many arguments of a condition's atom the bindings fix (as ``ground_pattern`` would)."""
    pattern = ground_pattern(condition, bindings)
    return sum(a is not None for a in pattern[1]) if pattern is not None else 0


def pattern_symbol(pattern: Pattern) -> Symbol | None:
    name, args, positive = pattern
    if any(a is None for a in args):
        return None
    return Function(name, list(args), positive)  # type: ignore[arg-type]


def signature(pattern: Pattern) -> tuple[str, int]:
    name, args, positive = pattern
    return (name if positive else "-" + name, len(args))
