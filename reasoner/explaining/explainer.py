"""Why and why not: explanation trees read off a traced answer set.

- **Why** (``Explainer.why``): an atom that holds is a case fact, a fact of the
  rule file, or the head of a recorded rule instance (``reasoner.explaining.provenance``);
  its children are the instance's conditions: positive ones explained by why,
  negative ones by why not, comparisons with their values.
- **Why not** (``Explainer.why_not``): an atom that does not hold is either an
  input the case does not state, or every rule whose head unifies with it
  fails: for each, the first condition that fails, searched in the answer set
  for the bindings the head leaves open, followed down (to a bounded depth) to
  the missing fact or the defeater that holds.

Trees are built once per atom and shared (a tree is a DAG); renderers show a
repeated node once and refer back to it.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from clingo import Symbol

from reasoner.explaining.nodes import (
    AtomSpec,
    Node,
    Pattern,
    PatternKey,
    bound_arguments,
    ground_pattern,
    pattern_key,
    pattern_of,
    pattern_symbol,
    signature,
    spec_symbol,
)
from reasoner.explaining.provenance import Rule, Trace, identity, identity_of
from reasoner.explaining.terms import Bindings, Condition, ground, symbol_signature, unify

#: An atom's key in the memo tables: its signature and the identities of its arguments.
AtomKey = tuple[tuple[str, int], tuple[int, ...]]

#: Bound on nested why-not steps below a conclusion (a why-not inside a why-not, ...).
DEFAULT_WHY_NOT_DEPTH = 6
#: Bound on the failing bindings listed for one rule in a why-not.
MAX_ATTEMPTS = 6


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
        self._fact_keys = {(symbol_signature(s), tuple(map(identity_of, s.arguments))) for s in trace.facts.symbols}
        self.why_not_depth = why_not_depth
        self.lazy = trace.program.stratified
        self._why_memo: dict[AtomKey, Node] = {}
        self._why_not_memo: dict[tuple[PatternKey, int], Node] = {}
        self._index: dict[tuple[tuple[str, int], int], dict[int, list[tuple[Symbol, tuple[int, ...]]]]] = {}
        self._rows: dict[tuple[str, int], list[tuple[Symbol, tuple[int, ...]]]] = {}
        self._path: set[tuple[tuple[str, int], tuple[int, ...]]] = set()
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
            symbol = pattern_symbol(pattern)
            assert symbol is not None
            return [symbol] if self.trace.holds(symbol) else []
        sig = signature(pattern)
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
        key = (sig, tuple(map(identity_of, args)))
        found = self._why_memo.get(key)
        if found is None:
            if self._batch:
                return self._build_why(atom, key, args)
            with _building():
                found = self._build_why(atom, key, args)
        return found

    def _build_why(self, atom: Symbol | None, key: AtomKey, args: tuple[Symbol, ...]) -> Node:
        """The why node of an atom, given by its key and arguments (the symbol is made when shown)."""
        cached = self._why_memo.get(key)
        if cached is not None:
            return cached
        if key in self._fact_keys:
            atom = atom or spec_symbol((key[0], args))
            node = Node("fact", True, atom, source=self.trace.facts.sources.get(atom))
        else:
            node = self._derivation(atom or (key[0], args), key, args)
        self._why_memo[key] = node
        return node

    def _build_why_of(self, atom: Symbol) -> Node:
        args = tuple(atom.arguments)
        return self._build_why(atom, (symbol_signature(atom), tuple(map(identity_of, args))), args)

    def _derivation(self, atom: Symbol | AtomSpec, key: AtomKey, args: tuple[Symbol, ...]) -> Node:
        instances = self.trace.instances(None, key[0], args)
        if not instances:
            return self._unrecorded(atom if atom.__class__ is Symbol else spec_symbol(atom), key[0])  # type: ignore[arg-type]
        self._path.add(key)
        try:
            chosen = instances[0]
            if len(instances) > 1:
                chosen = next((i for i in instances if not self._cycles(*i)), chosen)
            rule, values = chosen
            if rule.witnesses:
                bindings = dict(zip(rule.variables, values, strict=True))
                self._witness(rule, bindings)
                children = [self._premise(c, bindings) for c in rule.body]
                node = Node("derived", True, atom, rule=rule, bindings=bindings, children=children)
            else:
                node = Node("derived", True, atom, rule=rule, values=values, children=self._premises(rule, values))
        finally:
            self._path.discard(key)
        node.others = len(instances) - 1
        return node

    def _premises(self, rule: Rule, values: tuple[Symbol, ...]) -> list[Node]:
        """The nodes of an instance's conditions, positive atoms read off its values by the rule's slots."""
        ids = tuple(map(identity_of, values))
        memo = self._why_memo
        children: list[Node] = []
        bindings: Bindings | None = None
        for condition, slots in zip(rule.body, rule.premise_slots, strict=True):
            if slots is None:
                if bindings is None:
                    bindings = dict(zip(rule.variables, values, strict=True))
                children.append(self._premise(condition, bindings))
                continue
            key = (condition.atom_signature, tuple([ids[s] if s.__class__ is int else s._rep for s in slots]))
            found = memo.get(key)  # type: ignore[arg-type]
            if found is None:
                args = tuple([values[s] if s.__class__ is int else s for s in slots])  # type: ignore[index]
                found = self._build_why(None, key, args)  # type: ignore[arg-type]
            children.append(found)
        return children

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
                if atom is not None and (symbol_signature(atom), tuple(map(identity_of, atom.arguments))) in self._path:
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
            key = (sig, tuple(map(identity_of, args)))
            found = self._why_memo.get(key)
            return found if found is not None else self._build_why(None, key, args)  # type: ignore[arg-type]
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
        sig = signature(pattern)
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
            bound = bound_arguments(condition, bindings)
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
