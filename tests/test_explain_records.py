"""The explainer's compact paths give what the general ones give.

An instance's values are read off the head by the rule's ``head_reading``
(positions, a constant or a repeated variable checked), its premises by the
rule's ``premise_slots``; a model's identities are unpacked in bulk; texts
are filled from templates cut once. Each is checked here against the general
computation it replaces: unification, grounding, one symbol at a time, a
regular-expression substitution.
"""

from __future__ import annotations

import re
from pathlib import Path

import clingo
from clingo import Function, Number, Symbol
from hypothesis import given
from hypothesis import strategies as st

from reasoner.explaining.explainer import Explainer
from reasoner.explaining.nodes import Display
from reasoner.explaining.provenance import Trace, identities, identity, load_program
from reasoner.explaining.render import _filled
from reasoner.explaining.terms import ground, signature, symbol_signature, unify_arguments
from reasoner.solving.facts import Facts

RULES = """
q(1). q(2). r(1,a). r(2,b).
p(X,X,a) :- q(X), r(X,_).
p(X,Y,b) :- q(X), q(Y), X < Y.
s(X) :- p(X,X,a), not t(X).
t(2).
"""


def _trace(tmp_path: Path) -> Trace:
    rules = tmp_path / "tiny.lp"
    rules.write_text(RULES, encoding="utf-8")
    program = load_program([rules])
    ctl = clingo.Control(["--models=1"], logger=lambda _c, _m: None)
    with clingo.ast.ProgramBuilder(ctl) as builder:
        for statement in program.statements:
            builder.add(statement)
    ctl.ground([("base", [])])
    found: list[list[Symbol]] = []
    ctl.solve(on_model=lambda m: found.append(m.symbols(atoms=True)))
    return Trace(program, Facts(), ctl, found[0])


def _unified(trace: Trace, atom: Symbol) -> list[tuple[int, tuple[Symbol, ...]]]:
    """The instances of rules concluding an atom, found by unifying every rule's head (the general way)."""
    out = []
    for rule in trace.program.rules:
        bindings: dict[str, Symbol] = {}
        if not rule.traced or rule.head is None or signature(rule.head) != symbol_signature(atom):
            continue
        if not unify_arguments(rule.head, atom.arguments, bindings):
            continue
        values = tuple(bindings[name] for name in rule.variables)
        if not rule.recorded or trace.holds(rule.record_atom(values)):
            out.append((rule.index, values))
    return out


def test_head_reading_checks_constants_and_repeated_variables(tmp_path: Path) -> None:
    trace = _trace(tmp_path)
    a, b = Function("a"), Function("b")
    for atom in [Function("p", [Number(x), Number(y), c]) for x in (1, 2, 3) for y in (1, 2) for c in (a, b)]:
        fast = [(rule.index, values) for rule, values in trace.instances(atom)]
        assert fast == _unified(trace, atom), atom
    first = trace.program.by_head[("p", 3)][0]
    assert first.head_reading == ((0,), ((1, 0), (2, a)))
    assert [r.index for r, _ in trace.instances(Function("p", [Number(1), Number(1), a]))] == [first.index]
    assert trace.instances(Function("p", [Number(1), Number(2), a])) == []


def test_premises_read_by_slots_are_the_grounded_conditions(tmp_path: Path) -> None:
    trace = _trace(tmp_path)
    explainer = Explainer(trace)
    for atom in trace.atoms:
        if atom.name not in ("p", "s"):
            continue
        node = explainer.why(atom)
        rule = node.rule
        assert rule is not None and node.atom == atom
        for condition, child in zip(rule.body, node.children, strict=True):
            if condition.is_positive_atom:
                assert child.atom == ground(condition.term, node.bindings)
                assert child.holds and trace.holds(child.atom)


def test_identities_unpacked_in_bulk_equal_those_read_one_by_one(tmp_path: Path) -> None:
    trace = _trace(tmp_path)
    symbols = trace._symbols
    assert hasattr(symbols, "_p_symbols")  # clingo's own sequence, read in bulk
    assert identities(symbols) == {identity(s) for s in symbols} == identities(list(symbols))
    assert len(identities(symbols)) == len(symbols) > 0


_NAMES = st.sampled_from(["X", "Y", "T2", "X'", "_A", "Xs"])
_PIECES = st.lists(
    st.one_of(
        st.text(alphabet="ab xyZ(),{}_'0", max_size=6),
        _NAMES.map(lambda n: "{" + n + "}"),
        _NAMES,
    ),
    max_size=8,
)
_BOUND = st.dictionaries(_NAMES, st.sampled_from([Number(3), Function("france"), clingo.String("a b")]), max_size=4)


@given(_PIECES, _BOUND, st.sampled_from([None, "…"]))
def test_fill_from_templates_equals_the_substitution(
    pieces: list[str], bound: dict[str, Symbol], unknown: str | None
) -> None:
    text, display = "".join(pieces), Display(Facts())

    def value(match: re.Match[str]) -> str:
        found = bound.get(match[1])
        return display.value(found) if found is not None else unknown if unknown is not None else f"?{match[1]}"

    assert display.fill(text, bound, unknown) == re.sub(r"\{([A-Za-z_][A-Za-z0-9_']*)\}", value, text)


@given(_PIECES, _BOUND)
def test_conditions_filled_from_templates_equal_the_substitution(pieces: list[str], bound: dict[str, Symbol]) -> None:
    text, display = "".join(pieces), Display(Facts())

    def value(match: re.Match[str]) -> str:
        found = bound.get(match[0])
        return display.value(found) if found is not None else match[0]

    expected = re.sub(r"(?<![A-Za-z0-9_'])[A-Z_][A-Za-z0-9_']*", value, text)
    assert _filled(text, bound, display) == expected
