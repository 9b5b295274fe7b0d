"""Explanations are faithful: every node is a true rule instance, checked apart from the explainer.

For every case in ``cases/`` under every bundled doctrine, every conclusion
(each output atom: why) and every main question (``main_conclusions``: why or
why not) is explained, and each node of each tree is checked against an
answer set solved independently (the rule files as written, no rewriting)
and against the rules re-read with ``clingo.ast``:

- a derived node is its rule re-instantiated with the node's bindings: the
  head is the node's atom, each positive condition is in the answer set and is
  the matching child, each negative condition has no atom in the answer set,
  each comparison holds;
- leaves that hold are case facts (in ``Facts.symbols``) or facts of the rule file;
- a why-not node's atom is not in the answer set, its candidate rules are
  exactly the rules whose head unifies with it, and each attempt's failing
  condition really fails under the attempt's bindings;
- the argument view (the default of ``casus explain``) is read off those
  trees: each of its points is a node of the full tree (so a true rule
  instance, checked as above), saying what its rule's annotation says with
  the node's values, under the condition its rule is annotated with; each
  case line it cites is the line of a fact of the tree;
- each derived node's instance is the one the rewritten program records:
  solved here, its answer set has the record ``_casus_rule_N(V1,...,Vk)`` with
  the node's values, or, for a rule whose head is its own record, the atom,
  and then no other rule of the files could conclude it and the head names
  every variable.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path

import clingo
import pytest
from clingo import Symbol, SymbolType
from clingo import ast as cast
from clingo.ast import AST, ASTType

from reasoner import api
from reasoner.common.reserved import ANONYMOUS_VARIABLE_PREFIX, RULE_RECORD_PREFIX
from reasoner.common.resources import DOCTRINES
from reasoner.explaining.explainer import Explainer
from reasoner.explaining.nodes import Display, Node, Pattern
from reasoner.explaining.provenance import Rule, load_program, solve_traced
from reasoner.explaining.queries import main_conclusions
from reasoner.solving.engine import OUTPUTS, Doctrine, rule_files
from reasoner.solving.facts import Facts

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "cases").glob("*.casus"))
COMPARE: dict[str, Callable[[Symbol, Symbol], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@cache
def rules_as_written(files: tuple[str, ...]) -> dict[tuple[str, int, int], list[AST]]:
    """Every rule of the files by where it is written (a pooled rule gives several)."""
    found: dict[tuple[str, int, int], list[AST]] = {}

    def add(statement: AST) -> None:
        if statement.ast_type == ASTType.Rule:
            begin = statement.location.begin
            found.setdefault((begin.filename, begin.line, begin.column), []).extend(statement.unpool())

    cast.parse_files(list(files), add)
    return found


def answer_set(files: tuple[str, ...], facts: Facts) -> frozenset[Symbol]:
    """The answer set of the rule files as written, with the case's facts."""
    ctl = clingo.Control(["--warn=none"])
    for file in files:
        ctl.load(file)
    return _only_answer_set(ctl, facts)


def recorded_answer_set(solved: api.Solved) -> frozenset[Symbol]:
    """The answer set of the rewritten program (records included), solved here from its statements."""
    ctl = clingo.Control(["--warn=none"])
    with cast.ProgramBuilder(ctl) as builder:
        for statement in solved.trace.program.statements:
            builder.add(statement)
    return _only_answer_set(ctl, solved.facts)


def _only_answer_set(ctl: clingo.Control, facts: Facts) -> frozenset[Symbol]:
    """Add the facts, ground and solve, here in the test and apart from the engine; one answer set is expected."""
    with ctl.backend() as backend:
        for symbol in facts.symbols:
            backend.add_rule([backend.add_atom(symbol)])
    ctl.ground([("base", [])])
    models: list[frozenset[Symbol]] = []
    ctl.solve(on_model=lambda m: models.append(frozenset(m.symbols(atoms=True))))
    assert len(models) == 1
    return models[0]


class _Names(cast.Transformer):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Variable(self, node: AST) -> AST:
        self.names.add(node.name)
        return node


def check_recorded(node: Node, files: tuple[str, ...], recorded: frozenset[Symbol]) -> None:
    """The node's rule instance is recorded in the rewritten program's answer set."""
    rule = node.rule
    assert rule is not None and node.atom is not None
    values = [node.bindings[name] for name in rule.variables]
    if rule.recorded:
        assert clingo.Function(f"{RULE_RECORD_PREFIX}{rule.index}", values) in recorded
        return
    assert node.atom in recorded
    pattern = (node.atom.name, tuple(node.atom.arguments), node.atom.positive)
    heads = [
        r
        for rules in rules_as_written(files).values()
        for r in rules
        if r.head.ast_type == ASTType.Literal
        and r.head.atom.ast_type == ASTType.SymbolicAtom
        and unifiable(r.head.atom.symbol, pattern)
    ]
    assert [str(r) for r in heads] == [rule.statement], "a head is its own record only for the one rule concluding it"
    in_head = _Names()
    in_head(heads[0].head)
    assert set(rule.variables) <= in_head.names


class _Substitute(cast.Transformer):
    def __init__(self, bindings: dict[str, Symbol]) -> None:
        self.bindings = bindings

    def visit_Variable(self, node: AST) -> AST:
        value = self.bindings.get(node.name)
        return cast.SymbolicTerm(node.location, value) if value is not None else node


def term_value(term: AST) -> Symbol | None:
    """A ground term's value (arithmetic evaluated by clingo), ``None`` if it has a variable."""
    try:
        return clingo.parse_term(str(term))
    except RuntimeError:
        return None


def fits(atom: Symbol, term: AST) -> bool:
    """Whether an atom fits a term whose only variables are anonymous."""
    if term.ast_type == ASTType.Variable:
        return True
    if term.ast_type == ASTType.Function:
        return (
            atom.type == SymbolType.Function
            and atom.name == term.name
            and len(atom.arguments) == len(term.arguments)
            and all(fits(a, t) for a, t in zip(atom.arguments, term.arguments, strict=True))
        )
    return clingo.parse_term(str(term)) == atom


def unifiable(head: AST, pattern: Pattern) -> bool:
    """Whether a rule head could have the pattern's atom (variables bound consistently)."""
    name, args, positive = pattern
    if not positive or head.ast_type != ASTType.Function or head.name != name or len(head.arguments) != len(args):
        return False
    seen: dict[str, Symbol] = {}
    for term, value in zip(head.arguments, args, strict=True):
        if value is None:
            continue
        if term.ast_type == ASTType.Variable:
            if term.name != "_" and seen.setdefault(term.name, value) != value:
                return False
        elif term.ast_type == ASTType.SymbolicTerm:
            if term.symbol != value:
                return False
        elif not fits(value, term):
            return False
    return True


def instance(node: Node, files: tuple[str, ...]) -> AST:
    rule = node.rule
    assert rule is not None
    src = rule.source
    written = [r for r in rules_as_written(files)[(src.file, src.line, src.column)] if str(r) == rule.statement]
    assert written, f"no rule at {src} reads {rule.statement}"
    return _Substitute(dict(node.bindings))(name_anonymous(written[0]))


class _NameAnonymous(cast.Transformer):
    def __init__(self) -> None:
        self.count = 0

    def visit_Variable(self, node: AST) -> AST:
        if node.name != "_":
            return node
        self.count += 1
        return node.update(name=f"{ANONYMOUS_VARIABLE_PREFIX}{self.count}")


def name_anonymous(rule: AST) -> AST:
    """Anonymous variables in positive conditions get the reserved names the bindings record."""
    namer = _NameAnonymous()
    body = [
        namer(lit)
        if lit.ast_type == ASTType.Literal
        and lit.sign == cast.Sign.NoSign
        and lit.atom.ast_type == ASTType.SymbolicAtom
        else lit
        for lit in rule.body
    ]
    return rule.update(body=body)


def check_condition_holds(literal: AST, atoms: frozenset[Symbol]) -> tuple[bool, Symbol | None]:
    """Whether a ground body literal holds in the answer set, with its atom if positive."""
    atom = literal.atom
    if atom.ast_type == ASTType.Comparison:
        left = term_value(atom.term)
        assert left is not None
        for guard in atom.guards:
            right = term_value(guard.term)
            assert right is not None
            op = {0: ">", 1: "<", 2: "<=", 3: ">=", 4: "!=", 5: "="}[int(guard.comparison)]
            if not COMPARE[op](left, right):
                return False, None
            left = right
        return True, None
    symbol_term = atom.symbol
    if literal.sign == cast.Sign.NoSign:
        value = term_value(symbol_term)
        assert value is not None, f"positive condition {literal} is not ground"
        return value in atoms, value
    matched = any(fits(a, symbol_term) for a in atoms)
    return (not matched) if literal.sign == cast.Sign.Negation else matched, None


def check_derived(node: Node, files: tuple[str, ...], atoms: frozenset[Symbol]) -> None:
    ground_rule = instance(node, files)
    assert term_value(ground_rule.head.atom.symbol) == node.atom
    assert len(ground_rule.body) == len(node.children)
    for literal, child in zip(ground_rule.body, node.children, strict=True):
        holds, atom = check_condition_holds(literal, atoms)
        assert holds, f"{literal} does not hold in {ground_rule}"
        if atom is not None:
            assert child.atom == atom and child.holds


def check_why_not(node: Node, files: tuple[str, ...], atoms: frozenset[Symbol]) -> None:
    pattern = node.pattern
    assert pattern is not None
    name, args, _ = pattern
    assert not any(
        a.name == name
        and len(a.arguments) == len(args)
        and all(p is None or p == v for p, v in zip(args, a.arguments, strict=True))
        for a in atoms
    ), f"{pattern} holds"
    expected = {
        (r.location.begin.filename, r.location.begin.line, str(r))
        for rules in rules_as_written(files).values()
        for r in rules
        if r.head.ast_type == ASTType.Literal
        and r.head.atom.ast_type == ASTType.SymbolicAtom
        and unifiable(r.head.atom.symbol, pattern)
    }
    if node.kind in ("missing", "underivable"):
        assert not expected
        return
    if node.kind == "cut":
        return
    listed = {(a.rule.source.file, a.rule.source.line, a.rule.statement) for a in node.children if a.rule}
    assert listed == expected
    for attempt in node.children:
        if attempt.failed is None or attempt.failed < 0:
            continue
        literal = instance(attempt, files).body[attempt.failed]
        if (
            literal.ast_type == ASTType.Literal
            and literal.atom.ast_type == ASTType.SymbolicAtom
            and (literal.sign == cast.Sign.NoSign)
        ):
            # an unbound variable left: the attempt says no atom fits
            assert not any(fits(a, _anonymous(literal.atom.symbol)) for a in atoms)
        else:
            holds, _ = check_condition_holds(literal, atoms)
            assert not holds, f"{literal} holds, but the attempt says it fails"


class _Anonymise(cast.Transformer):
    def visit_Variable(self, node: AST) -> AST:
        return node.update(name="_")


def _anonymous(term: AST) -> AST:
    return _Anonymise()(term)


def explained(solved: api.Solved) -> Iterator[Node]:
    outputs = set(OUTPUTS.items())
    for atom in sorted(solved.trace.atoms):
        if (atom.name, len(atom.arguments)) in outputs:
            yield solved.explainer.why(atom)
    for pattern in main_conclusions(solved.trace):
        yield from solved.explainer.explain(pattern)


@pytest.mark.parametrize("doctrine", DOCTRINES)
@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_explanation_is_a_true_derivation(case: Path, doctrine: str) -> None:
    solved = api.solve_case(case, doctrine)
    files = tuple(str(f) for f in rule_files(solved.doctrine))
    atoms = answer_set(files, solved.facts)
    assert atoms == solved.trace.atoms, "the rewritten program has the same answer set"
    recorded = recorded_answer_set(solved)
    facts = set(solved.facts.symbols)
    roots = list(explained(solved))
    seen: set[int] = set()
    for root in roots:
        for node in root.walk():
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.kind == "derived":
                check_derived(node, files, atoms)
                check_recorded(node, files, recorded)
            elif node.kind == "fact":
                assert node.atom in facts
            elif node.kind == "rule_fact":
                assert node.rule is not None and node.rule.is_fact and node.atom in atoms
            elif node.kind in ("blocked", "missing", "underivable", "cut"):
                check_why_not(node, files, atoms)
            if node.holds and not node.children:
                assert node.kind in ("fact", "rule_fact", "comparison"), node.kind
    assert roots or not any(n in OUTPUTS for n in (a.name for a in atoms))
    check_argument(api.explain(solved), seen)


_ANNOTATION_LINE = re.compile(r"^%@ (?P<key>[^:]+): (?P<text>.*)$")


def annotations(rule: Rule) -> dict[str, str]:
    """The ``%@ KEY: TEXT`` lines directly above a rule, read here from the file."""
    lines = Path(rule.source.file).read_text(encoding="utf-8").splitlines()
    found: dict[str, str] = {}
    number = rule.source.line - 2
    while number >= 0 and (match := _ANNOTATION_LINE.match(lines[number].strip())):
        found.setdefault(match["key"], match["text"])
        number -= 1
    return found


def said(rule: Rule, bindings: Mapping[str, Symbol], display: Display) -> str:
    """The annotation text of a rule with the values of an instance (``…`` where a value is open)."""
    keys = [k for k in annotations(rule) if k != "condition"]
    assert keys, f"the rule at {rule.source} has a text"
    text = annotations(rule)[keys[0]]
    return re.sub(r"\{(\w+)\}", lambda m: display.value(bindings[m[1]]) if m[1] in bindings else "…", text)


def check_argument(explanation: api.Explanation, checked: set[int]) -> None:
    """Every point of the argument view is a checked node of the full tree, shown by its own rule."""
    display = explanation.solved.display
    under_roots = {id(n) for root in explanation.nodes for n in root.walk()}
    shown: set[str] = set()
    stack = list(explanation.views())
    while stack:
        view = stack.pop()
        node = view.node
        assert node is not None and id(node) in under_roots and id(node) in checked
        if view.repeat_of:
            assert not view.children
            continue
        assert view.id not in shown
        shown.add(view.id)
        stack.extend(view.children)
        if node.kind == "fact":
            assert node.source is not None and node.holds
            assert view.line == node.source.line
            assert view.title == Path(node.source.file).read_text(encoding="utf-8").splitlines()[view.line - 1].strip()
        elif node.kind in ("derived", "attempt"):
            assert node.rule is not None and view.holds == (node.kind == "derived")
            condition = annotations(node.rule).get("condition")
            sentence = said(node.rule, node.bindings, display)
            if condition:
                assert (view.title, view.text) == (condition, sentence)
            else:
                assert view.title == sentence
        elif node.kind == "missing":
            assert not view.holds
            assert view.title.startswith("not in the case: ") or view.text == "the case does not state this"
        else:
            assert node.kind in ("blocked", "underivable"), node.kind


def test_a_cycle_through_negation_is_explained_at_once(tmp_path: Path) -> None:
    """Where the rules are not stratified, why-nots are built at once and a circular step is cut."""
    rules = tmp_path / "cycle.lp"
    rules.write_text("a(1). a(2).\np(X) :- a(X), not q(X).\nq(X) :- a(X), not p(X).\n:- q(1).\n:- p(2).\n")
    program = load_program([rules])
    assert not program.stratified
    trace = solve_traced(Facts((), {}, {}), Doctrine("cycle", rules), program=program)
    explainer = Explainer(trace)
    node = explainer.why(clingo.Function("p", [clingo.Number(1)]))
    assert all(n.expanded for n in node.walk())
    assert [n.kind for n in node.walk()] == ["derived", "rule_fact", "blocked", "attempt", "derived", "cut"]
    assert node.children[1].children[0].children[0].children[1].text == "circular"


def test_bundled_rules_are_stratified_and_why_nots_wait_until_walked() -> None:
    solved = api.solve_case(ROOT / "cases" / "france_greece.casus", "moderate")
    assert solved.trace.program.stratified
    owed = next(a for a in solved.trace.matching(("owed", 3)))
    node = solved.explainer.why(owed)
    negative = node.children[1]
    assert negative.kind == "blocked" and not negative.expanded
    assert negative.children and negative.expanded
