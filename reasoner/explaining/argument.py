"""The argument view: a short account of each conclusion, in the doctrine's own conditions.

Read off the full tree (``reasoner.explaining.explainer``), never built apart
from it: every point of the view is a node of the full tree, shown by its
rule's plain-language text.

- A **point** is a conclusion of the vocabulary contract (an output predicate:
  owed, forfeited, justified, ...) or a rule that carries a ``%@ condition:``
  annotation (the trigger, condition (1), condition (2), survival, ...).
- Below a point that holds: the points among its premises (through the
  helpers, which are not shown), and the case lines it rests on.
- Below a condition that holds: only the case lines that decide it, reached
  through its positive premises (inertia chains, alliances in force and the
  like fold away; a condition's negative premises, comparisons and facts of
  the rule file are not shown).
- Below a point that fails (a why-not): what defeats it (an atom that holds,
  with its case lines) or what the case would need to state (phrased by the
  ``%@ says`` annotations of the inputs); circular and depth-limited steps,
  and inputs that have no phrase (the timeline), are not shown.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from clingo import Symbol

from reasoner.explaining.contrast import Contrast
from reasoner.explaining.nodes import Display, Node, Pattern
from reasoner.explaining.nodes import signature as signature_of
from reasoner.explaining.provenance import Program, source_line
from reasoner.explaining.render import ContrastView, View, short_path, unstated
from reasoner.explaining.terms import signature
from reasoner.solving.engine import OUTPUTS

#: How an unknown value is shown in a sentence (never a variable's name).
UNKNOWN = "…"


class _Argument:
    """Builds the argument views of some trees, sharing the points shown twice in one document."""

    def __init__(self, display: Display, program: Program) -> None:
        self.display = display
        self.program = program
        self.shown: dict[int, str] = {}
        self.count = 0
        self._below: dict[int, tuple[Node, ...]] = {}
        self._flat: dict[int, tuple[Node, ...]] = {}
        self.cwd = os.getcwd()

    def _id(self) -> str:
        self.count += 1
        return f"a{self.count}"

    # sentences

    def sentence(self, node: Node) -> str:
        """What a node's rule instance says, unknown values shown as ``…``."""
        rule = node.rule
        if rule is None or not rule.text:
            return self.display.node_atom(node)
        return self.display.fill(rule.text, node.bindings, UNKNOWN)

    def needed(self, node: Node) -> str | None:
        """An atom that does not hold, in plain words (``None`` if its predicate has no ``%@ says`` phrase)."""
        assert node.pattern is not None
        name, args, _ = node.pattern
        phrase = self.program.phrases.get((name, len(args)))
        if phrase is None:
            return None
        names, text = phrase
        values = {n: a for n, a in zip(names, args, strict=True) if a is not None}
        return self.display.fill(text, values, UNKNOWN)

    # points

    def is_point(self, node: Node) -> bool:
        """Whether a node is shown as a point: its rule names a condition, or it concludes an output."""
        rule = node.rule
        if rule is None or rule.head is None:
            return False
        sig = signature(rule.head)
        return bool(rule.condition) or (sig is not None and OUTPUTS.get(sig[0]) == sig[1])

    def point(self, node: Node, group: Sequence[Node] = (), root: bool = False) -> View:
        """A conclusion or condition as shown, with what decides it below.

        A failing condition stands for the ``group`` of attempts of its rules
        (the node first): their failures are shown together.
        """
        first = self.shown.get(id(node))
        view = self._describe(node, first or self._id())
        if first is not None:
            view.repeat_of = first
            return view
        self.shown[id(node)] = view.id
        if node.holds:
            rule = node.rule
            if rule is not None and rule.condition and not root:
                view.children = self._evidence(node)
            else:
                view.children = _merge(self._grounds(node))
        else:
            within = node.rule.condition if node.rule is not None else None
            view.children = _merge(v for attempt in (group or [node]) for v in self._failure(attempt, within))
        return view

    def _describe(self, node: Node, ident: str) -> View:
        rule = node.rule
        assert rule is not None
        heading = rule.condition
        view = View(ident, node.holds, node.kind, heading or self.sentence(node), "", style="argument")
        if heading:
            view.text = self.sentence(node)
        view.label = rule.label if rule.label != heading else None
        view.file, view.line = short_path(rule.source.file, self.cwd), rule.source.line
        view.node = node
        return view

    def fact(self, node: Node) -> View:
        """A case fact, shown as the case line it comes from."""
        assert node.source is not None
        file, line = short_path(node.source.file, self.cwd), node.source.line
        quote = source_line(node.source.file, line).strip()
        view = View(self._id(), True, "fact", quote, "", file=file, line=line, style="argument")
        view.node = node
        return view

    # below a point that holds

    def _grounds(self, node: Node) -> Iterator[View]:
        """The points and case lines a holding point rests on, through the helpers."""
        for premise in self._premises(node):
            if premise.kind == "fact":
                yield self.fact(premise)
            elif premise.kind == "derived":
                yield self.point(premise)
            else:
                yield from self._failure(premise)

    def _premises(self, node: Node) -> tuple[Node, ...]:
        """The case facts, points, and negative premises that are points, below a node through the helpers.

        Remembered for each helper node (the same helpers, alliances in force
        say, are below many points). A negative premise is a point when its
        predicate is an output or every rule concluding it names a condition;
        that is read off the rules, so its why-not is built only if it is shown.
        """
        found = self._flat.get(id(node))
        if found is not None:
            return found
        out: list[Node] = []
        for child in node.children:
            if child.kind == "fact":
                if child.source is not None:
                    out.append(child)
            elif child.kind == "derived":
                out.extend([child] if self.is_point(child) else self._premises(child))
            elif child.kind == "blocked" and child.pattern is not None and self._point_signature(child.pattern):
                out.append(child)
        found = self._flat[id(node)] = tuple(out)
        return found

    def _point_signature(self, pattern: Pattern) -> bool:
        """Whether the atoms of a pattern's predicate are points (an output, or only rules that name a condition)."""
        sig = signature_of(pattern)
        rules = self.program.candidates(sig)
        return OUTPUTS.get(sig[0]) == sig[1] or (bool(rules) and all(r.condition for r in rules))

    def _evidence(self, node: Node) -> list[View]:
        """The case lines below a condition, through its positive premises only."""
        return _merge([self.fact(f) for f in self._facts_below(node)])

    def _facts_below(self, node: Node) -> tuple[Node, ...]:
        """The case facts a derived node rests on through positive premises, one per case line.

        Worked out children first, without recursion (an inertia chain is as
        long as the timeline), and remembered for every node on the way.
        """
        below = self._below
        stack, opened = [node], set()
        while stack:
            current = stack[-1]
            if id(current) in below:
                stack.pop()
                continue
            if id(current) not in opened:  # first visit: its derived premises first (a premise on the way is skipped)
                opened.add(id(current))
                stack.extend(c for c in current.children if c.kind == "derived" and id(c) not in opened)
                continue
            stack.pop()
            facts: dict[tuple[str, int], Node] = {}
            for child in current.children:
                found = (child,) if child.kind == "fact" and child.source is not None else below.get(id(child), ())
                for fact in found:
                    assert fact.source is not None
                    facts.setdefault((fact.source.file, fact.source.line), fact)
            below[id(current)] = tuple(facts.values())
        return below[id(node)]

    # below a point that fails

    def _failure(self, node: Node, within: str | None = None) -> Iterator[View]:
        """Why an attempt (or a why-not) fails: the points that fail below, defeaters, or the facts needed.

        Inside a failing condition (``within``), the attempts of the same
        condition below are not points of their own: their failures are its.
        """
        if node.kind == "blocked":
            attempts = [a for a in node.children if a.kind == "attempt"]
            groups: dict[object, list[Node]] = {}
            for attempt in _one_per_rule(attempts):
                condition = attempt.rule.condition if attempt.rule is not None else None
                key = condition if condition and condition != within else id(attempt)
                groups.setdefault(key, []).append(attempt)
            for group in groups.values():
                first = group[0]
                if self.is_point(first) and not (within and first.rule and first.rule.condition == within):
                    yield self.point(first, group)
                else:
                    for attempt in group:
                        yield from self._failure(attempt, within)
            return
        if node.kind == "missing":
            said = self.needed(node)
            if said is not None:
                view = View(self._id(), False, "missing", f"not in the case: {said}", "", style="argument")
                view.node = node
                yield view
            return
        for child in node.children:
            if child.holds and child.kind in ("derived", "fact"):  # a defeater: what holds and blocks the rule
                if child.kind == "fact":
                    if child.source is not None:
                        yield self.fact(child)
                elif self.is_point(child):
                    yield self.point(child)
                else:
                    yield self._defeater(child)
            elif not child.holds:
                yield from self._failure(child, within)

    def _defeater(self, node: Node) -> View:
        """An atom of the helpers that defeats a rule, with the case lines it rests on."""
        view = View(self._id(), True, node.kind, self.sentence(node), "", style="argument")
        if node.rule is not None:
            view.label = node.rule.label
            view.file, view.line = short_path(node.rule.source.file, self.cwd), node.rule.source.line
        view.node = node
        view.children = self._evidence(node)
        return view

    def root(self, node: Node) -> View:
        """The argument of one conclusion (a why or a why-not)."""
        if node.kind == "derived" and node.rule is not None:
            return self.point(node, root=True)
        if node.kind == "blocked":
            below = _merge(self._failure(node))
            if len(below) == 1 and below[0].node is not None and below[0].node.kind == "attempt":
                return below[0]
            said = self.needed(node) if node.pattern is not None else None
            title = f"{said or self.display.node_atom(node)}: no rule that concludes it applies"
            view = View(self._id(), False, "blocked", title, "", style="argument")
            view.node = node
            view.children = below
            return view
        if node.kind == "fact" and node.source is not None:
            return self.fact(node)
        said = self.needed(node) if node.pattern is not None else None
        title = said or self.display.node_atom(node)
        view = View(self._id(), node.holds, node.kind, title, "", style="argument")
        view.node = node
        if node.kind == "missing":
            view.text = unstated(node)
        elif node.kind == "underivable":
            view.text = "no rule of the doctrine concludes this"
        return view

    def conclusion(self, atom: Symbol) -> str:
        """A conclusion in plain words (by its ``%@ says`` phrase), or as the case writes the atom."""
        phrase = self.program.phrases.get((atom.name, len(atom.arguments)))
        if phrase is None:
            return self.display.atom(atom)
        return self.display.fill(phrase[1], dict(zip(phrase[0], atom.arguments, strict=True)))


def _one_per_rule(attempts: Sequence[Node]) -> list[Node]:
    """The first attempt of each rule (other bindings of the same rule fail the same way, or are not shown)."""
    seen: set[int] = set()
    out = []
    for attempt in attempts:
        key = id(attempt.rule)
        if key not in seen:
            seen.add(key)
            out.append(attempt)
    return out


def _merge(views: Sequence[View] | Iterator[View]) -> list[View]:
    """Points in order of appearance, then the case lines in the order of the case; each once."""
    points: list[View] = []
    lines: dict[tuple[str | None, int | None], View] = {}
    for view in views:
        if view.kind == "fact" and view.line is not None:
            lines.setdefault((view.file, view.line), view)
        elif not any(_same(p, view) for p in points):
            points.append(view)
    points = [p for p in points if not any(_narrower(q, p) for q in points)]
    return points + [lines[k] for k in sorted(lines, key=lambda k: (k[0] or "", k[1] or 0))]


def _same(a: View, b: View) -> bool:
    """Whether two views say the same: one node, or the same missing fact."""
    return a.node is b.node or (a.kind == b.kind == "missing" and a.title == b.title)


def _narrower(a: View, b: View) -> bool:
    """Whether missing input ``a`` says more than ``b``: the same predicate, b's known values and more."""
    if a is b or a.kind != "missing" or b.kind != "missing" or a.node is None or b.node is None:
        return False
    pa, pb = a.node.pattern, b.node.pattern
    assert pa is not None and pb is not None
    return (
        pa[0] == pb[0]
        and len(pa[1]) == len(pb[1])
        and pa[1] != pb[1]
        and all(y is None or x == y for x, y in zip(pa[1], pb[1], strict=True))
    )


def argument_views(nodes: Sequence[Node], display: Display, program: Program) -> list[View]:
    """The argument views of explanation trees (the default view of ``casus explain``)."""
    builder = _Argument(display, program)
    return [builder.root(n) for n in nodes]


def argument_contrast(
    items: Sequence[Contrast], left: tuple[Display, Program], right: tuple[Display, Program]
) -> list[ContrastView]:
    """A contrast with each side as its argument view (the whole argument: conditions are compared whole)."""
    a, b = _Argument(*left), _Argument(*right)
    return [
        ContrastView(a.conclusion(i.atom), i.left.holds, i.right.holds, [], a.root(i.left), b.root(i.right))
        for i in items
    ]
