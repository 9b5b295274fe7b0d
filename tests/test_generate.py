"""The benchmark case generator: valid, and reproducible by seed."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import Size, generate, main

from reasoner.common.errors import CasusError
from reasoner.language.read import load_case

sizes = st.builds(
    Size,
    members=st.integers(2, 6),
    alliances=st.integers(1, 3),
    steps=st.integers(1, 15),
    density=st.floats(0, 3, allow_nan=False),
)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), size=sizes)
def test_generated_cases_pass_load_case(seed: int, size: Size, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("generated") / "case.casus"
    path.write_text(generate(seed, size), encoding="utf-8")
    case = load_case(path)
    assert len(case.alliances) == size.alliances
    assert all(len(a.members) == size.members for a in case.alliances)
    assert all(1 <= e.time <= size.steps for e in case.events)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), size=sizes)
def test_same_seed_same_case(seed: int, size: Size) -> None:
    assert generate(seed, size) == generate(seed, size)


def test_seeds_differ() -> None:
    size = Size(members=4, alliances=2, steps=20, density=1.5)
    assert len({generate(seed, size) for seed in range(5)}) == 5


def test_density_sets_the_number_of_events() -> None:
    text = generate(1, Size(members=3, alliances=1, steps=40, density=2.0))
    assert 60 <= sum(line.startswith("at ") for line in text.splitlines()) <= 80


def test_command_writes_files(tmp_path: Path) -> None:
    assert main(["--count", "3", "--seed", "5", "--out", str(tmp_path), "--steps", "6"]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["case-5.casus", "case-6.casus", "case-7.casus"]
    for name in written:
        load_case(tmp_path / name)


def _outside_alliances_by_every_pact(case):  # type: ignore[no-untyped-def]
    """The warnings' (first, second, time, pacts) found the slow way: every pact tested for every event."""
    from reasoner.language.check import _BETWEEN_ALLIES, _named_states

    found = []
    for event in case.events:
        pair = set(_named_states(event))
        if not isinstance(event.happening, _BETWEEN_ALLIES) or len(pair) < 2:
            continue
        pacts = [a.name for a in case.alliances if pair <= set(a.members)]
        if pacts and not any(a.in_force_at(event.time) for a in case.alliances if a.name in pacts):
            found.append((*sorted(pair), event.time, pacts))
    return found


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    size=sizes,
    lives=st.lists(st.tuples(st.integers(1, 15), st.integers(0, 15)), min_size=3, max_size=3),
)
def test_the_pacts_binding_each_pair_are_those_that_name_both(seed: int, size: Size, lives) -> None:  # type: ignore[no-untyped-def]
    """The check through each state's pacts warns exactly where testing every pact for every event would."""
    from dataclasses import replace

    from generate import generate_case

    from reasoner.language.check import _outside_alliances

    case = generate_case(seed, size)
    case.alliances = [
        replace(a, start=start, end=start + length if length else None)
        for a, (start, length) in zip(case.alliances, lives, strict=False)
    ]
    warned = [d.message for d in _outside_alliances(case)]
    expected = _outside_alliances_by_every_pact(case)
    assert warned == [f"{x} and {y} are not bound by any pact at {t}" for x, y, t, _ in expected]
    helps = [d.help for d in _outside_alliances(case)]
    assert [sum(f"'{name}'" in h for name in pacts) for h, (*_, pacts) in zip(helps, expected, strict=True)] == [
        len(pacts) for *_, pacts in expected
    ]


def test_facts_written_as_text_are_what_clingo_prints_of_their_symbols() -> None:
    """Every bundled case's facts: the text written straight from the case equals each symbol printed."""
    from reasoner.solving.facts import case_facts

    cases = sorted((Path(__file__).resolve().parent.parent / "cases").rglob("*.casus"))
    checked = 0
    for path in cases:
        try:
            case = load_case(path)
        except CasusError:
            continue  # the cases that show an error
        texts = case_facts(case).texts
        assert texts == [str(s) for s in case_facts(case).symbols], path
        checked += 1
    assert checked > 40


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), size=sizes)
def test_a_generated_case_written_as_text_is_its_symbols_printed(seed: int, size: Size) -> None:
    from generate import generate_case

    from reasoner.solving.facts import case_facts

    case = generate_case(seed, size)
    facts = case_facts(case)
    assert facts.texts == [str(s) for s in case_facts(case).symbols]
    assert facts._symbols is None  # written as text, no symbol was built


@given(st.text(st.characters(blacklist_characters="\x00")))  # clingo's strings end at a NUL; a case has none
def test_a_string_is_written_as_clingo_prints_it(value: str) -> None:
    from clingo import String

    from reasoner.solving.facts import TEXT

    assert TEXT.string(value) == str(String(value))
