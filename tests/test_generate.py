"""The benchmark case generator: valid, and reproducible by seed."""

from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import Size, generate, main

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
