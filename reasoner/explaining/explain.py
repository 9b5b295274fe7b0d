"""Why, why not, and contrast: explanation trees read off a traced answer set.

- **Why** (``Explainer.why``): an atom that holds is a case fact, a fact of the
  rule file, or the head of a recorded rule instance (``reasoner.explaining.provenance``);
  its children are the instance's conditions: positive ones explained by why,
  negative ones by why not, comparisons with their values.
- **Why not** (``Explainer.why_not``): an atom that does not hold is either an
  input the case does not state, or every rule whose head unifies with it
  fails: for each, the first condition that fails, searched in the answer set
  for the bindings the head leaves open, followed down (to a bounded depth) to
  the missing fact or the defeater that holds.
- **Contrast** (``contrast``): the conclusions that differ under two doctrines,
  each with both trees, aligned at the rule where they diverge.

Trees are built once per atom and shared (a tree is a DAG); renderers show a
repeated node once and refer back to it.
"""

from __future__ import annotations

import datetime
import gc
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from clingo import Function, Number, String, Symbol, SymbolType

from reasoner.common.errors import CasusError, Diagnostic, Source, suggestion
from reasoner.explaining.provenance import Rule, Trace, identity
from reasoner.explaining.terms import Bindings, Condition, ground, symbol_signature, unify
from reasoner.language.model import format_time, time_key
from reasoner.solving.engine import OUTPUTS
from reasoner.solving.facts import Facts

#: An atom pattern: predicate name, arguments (``None`` where any value would do), sign.
Pattern = tuple[str, tuple[Symbol | None, ...], bool]

#: Bound on nested why-not steps below a conclusion (a why-not inside a why-not, ...).
DEFAULT_WHY_NOT_DEPTH = 6
#: Bound on the failing bindings listed for one rule in a why-not.
MAX_ATTEMPTS = 6


class QueryError(CasusError):
    """A query the explainer cannot read (exit code 2, a usage error)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics, exit_code=2)


#: Node kinds: what each says (see docs/explain.md).
KINDS = {
    "fact": "stated in the case",
    "rule_fact": "a fact of the rule file",
    "derived": "derived by a rule instance",
    "untraced": "holds, derived by a rule whose instances are not recorded",
    "comparison": "a comparison of values",
    "condition": "a condition that is not an atom (an aggregate, say)",
    "missing": "an input the case does not state",
    "underivable": "no rule concludes it",
    "blocked": "every rule that could conclude it fails",
    "attempt": "a rule that could conclude it, and the first condition that fails",
    "cut": "not followed further (depth limit)",
}


class Node:
    """One step of an explanation: an atom (or condition) and why it holds or not.

    ``children`` may be given as a function that builds them, called the first
    time they are asked for: a why-not below a negative condition is worked
    out when a renderer (or a walk) reaches it, not when the derivation is built.
    """

    __slots__ = (
        "_children",
        "atom",
        "bindings",
        "failed",
        "holds",
        "kind",
        "others",
        "pattern",
        "rule",
        "source",
        "text",
    )

    def __init__(
        self,
        kind: str,
        holds: bool,
        atom: Symbol | None = None,
        pattern: Pattern | None = None,
        rule: Rule | None = None,
        bindings: Mapping[str, Symbol] | None = None,
        children: list[Node] | Callable[[], list[Node]] | None = None,
        source: Source | None = None,
        text: str | None = None,
        failed: int | None = None,
        others: int = 0,
    ) -> None:
        self.kind = kind
        self.holds = holds
        self.atom = atom
        self.pattern = pattern
        self.rule = rule
        self.bindings: Mapping[str, Symbol] = bindings if bindings is not None else {}
        self._children: list[Node] | Callable[[], list[Node]] = children if children is not None else []
        self.source = source
        self.text = text
        self.failed = failed
        self.others = others

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

    def fill(self, text: str, bindings: Mapping[str, Symbol]) -> str:
        """An annotation's text with each ``{X}`` replaced by X's value (``?X`` when unbound)."""

        def value(match: re.Match[str]) -> str:
            bound = bindings.get(match[1])
            return self.value(bound) if bound is not None else f"?{match[1]}"

        return _PLACEHOLDER.sub(value, text)

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


def _bound_arguments(condition: Condition, bindings: Mapping[str, Symbol]) -> int:
    """How many arguments of a condition's atom the bindings fix (as ``ground_pattern`` would)."""
    pattern = ground_pattern(condition, bindings)
    return sum(a is not None for a in pattern[1]) if pattern is not None else 0


def _symbol(pattern: Pattern) -> Symbol | None:
    name, args, positive = pattern
    if any(a is None for a in args):
        return None
    return Function(name, list(args), positive)  # type: ignore[arg-type]


def _signature(pattern: Pattern) -> tuple[str, int]:
    name, args, positive = pattern
    return (name if positive else "-" + name, len(args))


# -- the explainer ------------------------------------------------------------------


@contextmanager
def _building() -> Iterator[None]:
    """Room to build a large DAG: deep recursion allowed, and the cycle collector paused.

    Building allocates many small objects, none of them garbage; the collector
    would otherwise rescan the growing DAG again and again (about a fifth of the time).
    """
    limit, collecting = sys.getrecursionlimit(), gc.isenabled()
    sys.setrecursionlimit(max(limit, 20000))
    gc.disable()
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


class Explainer:
    """Builds why and why-not trees for one traced answer set (memoised, shared between queries).

    Each atom's why node is built once and shared by every tree that needs it,
    so the trees of all conclusions together form one DAG. Below a negative
    condition the why-not is built when first walked (``Node.children``) if the
    program is stratified; otherwise at once, as a cycle through negation
    could then lead back to a node still being built.
    """

    def __init__(self, trace: Trace, why_not_depth: int = DEFAULT_WHY_NOT_DEPTH) -> None:
        self.trace = trace
        self._fact_ids = {identity(s) for s in trace.facts.symbols}
        self.why_not_depth = why_not_depth
        self.lazy = trace.program.stratified
        self._why_memo: dict[tuple[tuple[str, int], tuple[int, ...]], Node] = {}
        self._why_not_memo: dict[tuple[PatternKey, int], Node] = {}
        self._index: dict[tuple[tuple[str, int], int], dict[int, list[tuple[Symbol, tuple[int, ...]]]]] = {}
        self._rows: dict[tuple[str, int], list[tuple[Symbol, tuple[int, ...]]]] = {}
        self._path: set[int] = set()
        self._batch = False
        self._asking: frozenset[PatternKey] = frozenset()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """A context for many queries in a row: the set-up for building large DAGs is made once."""
        outer, self._batch = self._batch, True
        try:
            with _building():
                yield
        finally:
            self._batch = outer

    # lookups in the answer set

    def matches(self, pattern: Pattern) -> list[Symbol]:
        """The atoms of the answer set that fit a pattern."""
        args = pattern[1]
        if all(a is not None for a in args):
            symbol = _symbol(pattern)
            assert symbol is not None
            return [symbol] if self.trace.holds(symbol) else []
        sig = _signature(pattern)
        wanted = [(i, identity(a)) for i, a in enumerate(args) if a is not None]
        if not wanted:
            return self.trace.matching(sig)
        first, value = wanted[0]
        rows = self._indexed(sig, first).get(value, ())
        return [atom for atom, ids in rows if all(ids[i] == v for i, v in wanted)]

    def _indexed(self, sig: tuple[str, int], position: int) -> dict[int, list[tuple[Symbol, tuple[int, ...]]]]:
        """The atoms of a signature by the identity of one argument, each with all its arguments' identities."""
        index = self._index.get((sig, position))
        if index is None:
            rows = self._rows.get(sig)
            if rows is None:
                rows = self._rows[sig] = [(a, tuple(map(identity, a.arguments))) for a in self.trace.matching(sig)]
            index = {}
            for row in rows:
                index.setdefault(row[1][position], []).append(row)
            self._index[(sig, position)] = index
        return index

    # why

    def why(self, atom: Symbol) -> Node:
        """Why an atom of the answer set holds."""
        args = tuple(atom.arguments)
        sig = (atom.name if atom.positive else "-" + atom.name, len(args))
        found = self._why_memo.get((sig, tuple([identity(a) for a in args])))
        if found is None:
            if self._batch:
                return self._build_why(atom, sig, args)
            with _building():
                found = self._build_why(atom, sig, args)
        return found

    def _build_why(self, atom: Symbol | None, sig: tuple[str, int], args: tuple[Symbol, ...]) -> Node:
        """The why node of an atom, given by its signature and arguments (the symbol is made if need be)."""
        key = (sig, tuple(map(identity, args)))
        cached = self._why_memo.get(key)
        if cached is not None:
            return cached
        if atom is None:
            atom = Function(sig[0].removeprefix("-"), list(args), not sig[0].startswith("-"))
        if identity(atom) in self._fact_ids:
            node = Node("fact", True, atom, source=self.trace.facts.sources.get(atom))
        else:
            node = self._derivation(atom, sig, args)
        self._why_memo[key] = node
        return node

    def _build_why_of(self, atom: Symbol) -> Node:
        return self._build_why(atom, symbol_signature(atom), tuple(atom.arguments))

    def _derivation(self, atom: Symbol, sig: tuple[str, int], args: tuple[Symbol, ...]) -> Node:
        instances = self.trace.instances(atom, sig, args)
        if not instances:
            return self._unrecorded(atom, sig)
        self._path.add(identity(atom))
        try:
            chosen = instances[0]
            if len(instances) > 1:
                chosen = next((i for i in instances if not self._cycles(*i)), chosen)
            rule, values = chosen
            bindings = dict(zip(rule.variables, values, strict=True))
            if rule.witnesses:
                self._witness(rule, bindings)
            children = [self._premise(c, bindings) for c in rule.body]
        finally:
            self._path.discard(identity(atom))
        return Node("derived", True, atom, rule=rule, bindings=bindings, children=children, others=len(instances) - 1)

    def _witness(self, rule: Rule, bindings: Bindings) -> None:
        """Give the anonymous variables of positive conditions the values of an atom that fits."""
        for condition in rule.body:
            if condition.is_positive_atom and not condition.names() <= bindings.keys():
                pattern = ground_pattern(condition, bindings)
                assert pattern is not None
                found = self.matches(pattern)
                assert found, "a recorded instance has an atom for each positive condition"
                unify(condition.term, found[0], bindings)

    def _cycles(self, rule: Rule, values: tuple[Symbol, ...]) -> bool:
        bindings = dict(zip(rule.variables, values, strict=True))
        for condition in rule.body:
            if condition.is_positive_atom:
                atom = ground(condition.term, bindings)
                if atom is not None and identity(atom) in self._path:
                    return True
        return False

    def _unrecorded(self, atom: Symbol, sig: tuple[str, int]) -> Node:
        candidates = self.trace.program.candidates(sig)
        for rule in candidates:
            if rule.is_fact and rule.head is not None and unify(rule.head, atom, {}):
                return Node("rule_fact", True, atom, rule=rule)
        rules = [r for r in candidates if not r.traced]
        return Node("untraced", True, atom, rule=rules[0] if rules else None)

    def _premise(self, condition: Condition, bindings: Bindings) -> Node:
        if condition.kind == "atom" and condition.sign == 0:  # the common case, kept short
            args = tuple(
                [
                    bindings[a[1]] if a[0] == "v" else a[1] if a[0] == "c" else ground(a, bindings)
                    for a in condition.arguments
                ]
            )
            sig = condition.atom_signature
            assert sig is not None and all(a is not None for a in args), "a recorded instance binds its conditions"
            found = self._why_memo.get((sig, tuple([identity(a) for a in args])))
            return found if found is not None else self._build_why(None, sig, args)  # type: ignore[arg-type]
        if condition.kind == "comparison":
            return Node("comparison", bool(condition.compare(bindings)), text=condition.text, bindings=bindings)
        if condition.kind == "other":
            return Node("condition", True, text=condition.text)
        pattern = ground_pattern(condition, bindings)
        assert pattern is not None
        if condition.sign == 2:
            return self._build_why_of(self.matches(pattern)[0])
        return self._why_not(pattern, self.why_not_depth)

    # why not

    def why_not(self, pattern: Pattern | Symbol) -> Node:
        """Why no atom of the answer set fits a pattern (or equals an atom)."""
        if isinstance(pattern, Symbol):
            pattern = pattern_of(pattern)
        with _building():
            return self._why_not(pattern, self.why_not_depth)

    def _why_not(self, pattern: Pattern, depth: int) -> Node:
        key = (pattern_key(pattern), depth)
        cached = self._why_not_memo.get(key)
        if cached is not None:
            return cached
        node = self._build_why_not(pattern, key[0], depth)
        self._why_not_memo[key] = node
        return node

    def _build_why_not(self, pattern: Pattern, key: PatternKey, depth: int) -> Node:
        sig = _signature(pattern)
        rules = [
            (rule, start)
            for rule in self.trace.program.candidates(sig)
            if (start := head_bindings(rule, pattern)) is not None
        ]
        if not rules:
            kind = "missing" if sig in self.trace.program.inputs else "underivable"
            return Node(kind, False, pattern=pattern, text=self.trace.program.docs.get(sig))
        if depth <= 0:
            return Node("cut", False, pattern=pattern)
        if key in self._asking:
            return Node("cut", False, pattern=pattern, text="circular")
        asking = self._asking | {key}

        def attempts() -> list[Node]:
            outer = self._asking
            self._asking = asking
            try:
                with _building():
                    return [a for rule, start in rules for a in self._attempts(rule, start, depth - 1)]
            finally:
                self._asking = outer

        return Node("blocked", False, pattern=pattern, children=attempts if self.lazy else attempts())

    def _attempts(self, rule: Rule, start: Bindings, depth: int) -> list[Node]:
        """The ways a rule fails to conclude an atom, from the bindings its head takes (the first few)."""
        failures: list[tuple[Bindings, int]] = []
        total = self._search(rule, start, [*range(len(rule.body))], failures)
        nodes: dict[tuple[int, int], Node] = {}
        for bindings, index in failures:
            child = self._failure(rule.body[index], bindings, depth) if index >= 0 else None
            key = (index, id(child))
            if key in nodes:  # the same failure under other bindings: say so once
                continue
            children = [child] if child else []
            nodes[key] = Node("attempt", False, rule=rule, bindings=bindings, failed=index, children=children)
        shown = list(nodes.values())
        if shown:
            shown[-1].others = total - len(shown)
        return shown

    def _search(self, rule: Rule, bindings: Bindings, pending: list[int], failures: list[tuple[Bindings, int]]) -> int:
        """Follow a rule's conditions under bindings; record where each way fails; count the ways.

        Conditions are taken as a grounder would: a negative condition or a
        comparison as soon as its variables are bound, else the positive
        condition with the most bound arguments (the first written, on a tie).
        """
        chosen = self._next_condition(rule, bindings, pending)
        if chosen is None:
            others = [i for i in pending if rule.body[i].kind == "other"]
            return self._fail(bindings, others[0] if others else -1, failures)
        condition = rule.body[chosen]
        rest = [j for j in pending if j != chosen]
        if condition.kind == "comparison":
            if condition.compare(bindings) is False:
                return self._fail(bindings, chosen, failures)
            return self._search(rule, bindings, rest, failures)
        pattern = ground_pattern(condition, bindings)
        found = self.matches(pattern) if pattern is not None else []
        if condition.sign != 0:
            if bool(found) == (condition.sign == 1):
                return self._fail(bindings, chosen, failures)
            return self._search(rule, bindings, rest, failures)
        if not found:
            return self._fail(bindings, chosen, failures)
        ways = 0
        for atom in found:
            extended = dict(bindings)
            if unify(condition.term, atom, extended):
                ways += self._search(rule, extended, rest, failures)
        return ways

    @staticmethod
    def _next_condition(rule: Rule, bindings: Bindings, pending: list[int]) -> int | None:
        best, best_bound = None, -1
        for i in pending:
            condition = rule.body[i]
            if condition.kind == "other":
                continue
            if not condition.is_positive_atom:
                if condition.names() <= bindings.keys():
                    return i
                continue
            bound = _bound_arguments(condition, bindings)
            if bound > best_bound:
                best, best_bound = i, bound
        return best

    @staticmethod
    def _fail(bindings: Bindings, index: int, failures: list[tuple[Bindings, int]]) -> int:
        if len(failures) < MAX_ATTEMPTS:
            failures.append((bindings, index))
        return 1

    def _failure(self, condition: Condition, bindings: Bindings, depth: int) -> Node:
        if condition.kind == "comparison":
            return Node("comparison", False, text=condition.text, bindings=bindings)
        if condition.kind == "other":
            return Node("condition", False, text=condition.text)
        pattern = ground_pattern(condition, bindings)
        assert pattern is not None
        if condition.sign == 1:
            return self._build_why_of(self.matches(pattern)[0])
        return self._why_not(pattern, depth)

    # queries

    def explain(self, pattern: Pattern) -> list[Node]:
        """Why for each atom that fits the pattern, or why not if none does."""
        found = self.matches(pattern)
        return [self.why(a) for a in found] if found else [self.why_not(pattern)]


def expand(roots: Sequence[Node]) -> int:
    """Build every node below the roots (why-nots included); the number of distinct nodes."""
    seen: set[int] = set()
    stack = list(roots)
    with _building():
        while stack:
            node = stack.pop()
            if id(node) not in seen:
                seen.add(id(node))
                stack.extend(node.children)
    return len(seen)


def head_bindings(rule: Rule, pattern: Pattern) -> Bindings | None:
    """The bindings under which a rule's head fits a pattern; ``None`` if it cannot."""
    head = rule.head
    if head is None:
        return None
    name, args, positive = pattern
    if not positive:
        if head[0] != "u" or head[2][0] != "f":
            return None
        head = head[2]
    if head[0] != "f" or head[1] != name or len(head[2]) != len(args):
        return None
    bindings: Bindings = {}
    for term, value in zip(head[2], args, strict=True):
        if value is not None and not unify(term, value, bindings):
            return None
    return bindings


# -- what to explain ----------------------------------------------------------------


def main_conclusions(trace: Trace) -> list[Pattern]:
    """Each breach's verdict, and each forfeiture (where it begins) and restoration."""
    found: list[Pattern] = []
    nexts = {a.arguments[1]: a.arguments[0] for a in trace.matching(("next", 2))}
    atoms = sorted(a for name in ("breach", "forfeited", "restored") for a in trace.matching((name, 3)))
    for atom in atoms:
        x, y, t = atom.arguments
        if atom.name == "breach":
            found.append(pattern_of(atom))
            found.append(("justified", (x, y, t, None), True))
            found.append(("blameworthy", (x, y, t), True))
        elif atom.name == "forfeited":
            before = nexts.get(t)
            if before is None or not trace.holds(Function("forfeited", [x, y, before])):
                found.append(pattern_of(atom))
        else:
            found.append(pattern_of(atom))
    return found


def conclusions(trace: Trace) -> list[Symbol]:
    """Every output atom of the answer set (the contract's predicates), by predicate."""
    return [atom for name, arity in OUTPUTS.items() for atom in trace.read((name, arity))]


def question(owes: str, to: str, at: str, facts: Facts) -> list[Pattern]:
    """Every output predicate for one ordered pair at one time point."""
    x, y = parse_argument(owes, facts), parse_argument(to, facts)
    t = parse_argument(at, facts)
    return [("justified" if n == "justified" else n, (x, y, t, None)[:a], True) for n, a in OUTPUTS.items()]


_QUERY = re.compile(r"^\s*(?P<name>-?[a-z_][A-Za-z0-9_]*)\s*(?:\((?P<args>.*)\))?\s*$", re.S)


def parse_query(text: str, facts: Facts) -> Pattern:
    """An atom written as the user writes the case: ``justified(France, Greece, 9, entrapment)``.

    Names of the case may be unquoted, times are steps or dates, ``_`` stands
    for any value, and hyphenated words (``head-of-state``) are accepted.
    """
    match = _QUERY.match(text)
    if match is None:
        raise QueryError([Diagnostic(f"cannot read the query '{text}'", None, help=_QUERY_HELP)])
    name = match["name"]
    positive = not name.startswith("-")
    args = tuple(parse_argument(a, facts) for a in _split(match["args"] or ""))
    return (name.lstrip("-"), args, positive)


_QUERY_HELP = "write an atom such as 'justified(France, Greece, 9, entrapment)' or 'owed(France, Greece, _)'"


def _split(text: str) -> list[str]:
    parts, depth, current, quoted = [], 0, "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip() or parts:
        parts.append(current)
    return [p.strip() for p in parts]


def _case_names(facts: Facts) -> set[str]:
    names: set[str] = set()
    stack = list(facts.symbols)
    while stack:
        symbol = stack.pop()
        if symbol.type == SymbolType.String:
            names.add(symbol.string)
        elif symbol.type == SymbolType.Function:
            stack.extend(symbol.arguments)
    return names


def parse_argument(text: str, facts: Facts) -> Symbol | None:
    """One argument of a query: ``_``, a quoted or known name, a step, a date, or a word."""
    text = text.strip()
    if text == "_":
        return None
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return String(text[1:-1])
    if text.isdigit():
        return Number(int(text))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return Number(time_key(datetime.date.fromisoformat(text)))
        except ValueError:
            raise QueryError([Diagnostic(f"'{text}' is not a calendar date", None)]) from None
    names = _case_names(facts)
    if text in names:
        return String(text)
    if re.fullmatch(r"[a-z][A-Za-z0-9_-]*", text):
        return Function(text.replace("-", "_"))
    help = suggestion(text, names) + _QUERY_HELP
    raise QueryError([Diagnostic(f"'{text}' is not a name in this case", None, help=help)])


# -- contrast -----------------------------------------------------------------------


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


def contrast(left: Explainer, right: Explainer) -> list[Contrast]:
    """Each output atom that holds under one doctrine and not the other."""
    ours, theirs = set(conclusions(left.trace)), set(conclusions(right.trace))
    items = []
    for atom in sorted(ours ^ theirs, key=lambda a: (a.arguments[2], a.arguments[0], a.arguments[1], a.name)):
        a = left.why(atom) if atom in ours else left.why_not(atom)
        b = right.why(atom) if atom in theirs else right.why_not(atom)
        shared, split_a, split_b = align(a, b)
        items.append(Contrast(atom, a, b, shared, split_a, split_b))
    return items


__all__ = [
    "KINDS",
    "Contrast",
    "Display",
    "Explainer",
    "Node",
    "Pattern",
    "QueryError",
    "align",
    "conclusions",
    "contrast",
    "expand",
    "head_bindings",
    "main_conclusions",
    "parse_query",
    "question",
    "same",
]
