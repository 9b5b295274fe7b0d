"""Reading conclusions off the answer set: the fast text path agrees with the exact one."""

from __future__ import annotations

from clingo import Function, Number, String, Symbol
from hypothesis import given
from hypothesis import strategies as st

from reasoner.solving.engine import OUTPUTS, Conclusion

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


@given(atoms())
def test_reading_an_atom_from_its_text_agrees_with_reading_its_arguments(atom: Symbol) -> None:
    assert Conclusion.from_symbol(atom) == Conclusion._from_arguments(atom)


def test_the_common_shape_is_read() -> None:
    atom = Function("justified", [String("France"), String("Greece"), Number(9), Function("entrapment")])
    assert Conclusion.from_symbol(atom) == Conclusion("France", "Greece", 9, "justified", "entrapment")
    assert Conclusion.from_symbol(Function("owed", [String("A"), String("B"), Number(1)], False)) is None
