"""Reading conclusions off the answer set: the text read in bulk agrees with each atom read argument by argument."""

from __future__ import annotations

from clingo import Function, Number, String, Symbol
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.solving.engine import OUTPUTS, Conclusion, read_conclusions, shown

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)
constants = st.from_regex(r"[a-z_][a-zA-Z0-9_]{0,5}", fullmatch=True)
terms = st.recursive(
    st.one_of(texts.map(String), st.integers(-5, 5).map(Number), constants.map(Function)),
    lambda inner: st.builds(Function, constants, st.lists(inner, min_size=1, max_size=2)),
    max_leaves=4,
)


@st.composite
def atoms(draw: st.DrawFn) -> Symbol:
    name = draw(st.sampled_from([*OUTPUTS, "verdict"]))
    arity = draw(st.sampled_from([OUTPUTS.get(name, 3), 2, 4]))
    arguments = [
        draw(st.one_of(texts.map(String), terms)),
        draw(st.one_of(texts.map(String), terms)),
        draw(st.one_of(st.integers(-(10**6), 10**6).map(Number), terms)),
        draw(terms),
    ][:arity]
    return Function(name, arguments, draw(st.booleans()))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(atoms(), max_size=4))
def test_reading_atoms_from_their_text_agrees_with_reading_their_arguments(found: list[Symbol]) -> None:
    exact = [c for c in map(Conclusion.from_symbol, dict.fromkeys(found)) if c is not None]
    assert read_conclusions(shown(list(dict.fromkeys(found)))) == tuple(sorted(exact, key=Conclusion.order))


def test_the_common_shape_is_read() -> None:
    atom = Function("justified", [String("France"), String("Greece"), Number(9), Function("entrapment")])
    assert Conclusion.from_symbol(atom) == Conclusion("France", "Greece", 9, "justified", "entrapment")
    assert read_conclusions(shown([atom])) == (Conclusion("France", "Greece", 9, "justified", "entrapment"),)
    assert Conclusion.from_symbol(Function("owed", [String("A"), String("B"), Number(1)], False)) is None
    assert read_conclusions(shown([Function("owed", [String("A"), String("B"), Number(1)], False)])) == ()
