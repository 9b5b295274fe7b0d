"""The one reader of the language on texts near its edges: spacing never changes a case, nothing crashes.

Inputs are the worked cases, spacing variants of them, texts near the
language's corner cases (keywords used as names), and the same mutations the
fuzzing uses. Each either reads or fails with diagnostics (``CaseError``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reasoner.common.errors import CaseError
from reasoner.language.model import Case
from reasoner.language.read import parse_text

CASES = [p.read_text(encoding="utf-8") for p in sorted(Path("cases").glob("**/*.casus"))]

#: Texts at the edges of the language: keywords as names, no spaces where the lexer needs none, comments.
EDGES = [
    "state and, at, in\n",
    "state A and and\n",
    "state A, and and B\n",
    "states A,B and C # comment\n",
    'case"no space"\n',
    'include "other.casus"#c\n',
    "alliance P: pact pact between A, B\nend\n",
    "alliance P: defence pact pact between A, B\nend\n",
    "alliance P: bilateral defence pact between A and B\n  against any state\n  covering anywhere\nend\n",
    "alliance P: defence pact between A, B\n  against any\nend\n",
    "alliance P: defence pact between A, B\n  against anyone\n  covering anywhere, B\nend\n",
    "alliance P: defence pact between A, B\n  covering anywheres and B\n  only if unprovoked\nend\n",
    "alliance P: defence pact between A, B\n\n  # note\n  in force from 2020-01-01 until 2021-01-01\nend # done\n",
    "alliance P: defence pact between A, B\n  in force from 3 until 2020-01-01\n  in force from 1\nend\n",
    "at 3:A attacks in in in, target initiated hostilities\n",
    "at 3 : A attacks B,target initiated hostilities#c\n",
    "at 3: A attacks B in\n",
    "at 3: A attacksB\n",
    "at3: A attacks B\n",
    "at 2020-01-011: A attacks B\n",
    "at 2020-02-30: A attacks B\n",
    "at 12345: A pursues policy policy towards B\n",
    "at 1: A believes B will entrap it:likelihood low,horizon imminent , evidence objective,faith good\n",
    "at 1: A believes B will entrap it: likelihood low\n",
    "at 1: A warns B: level official, level direct, clarity clear, colour red\n",
    "at 1: A responds to B: heeded\r\n",
    "at 1: A threatens B if it intervenes: severity high, credibility low\n",
    "at 1: A refrains from defending B\nat 1: A assists B\nat 1: A ceases hostilities against B\n",
    "at 1: A attacks B\r\r\n",
    "at 1: A attacks B # \r\n",
    "\tat\t1\t:\tA\tattacks\tB\t\n",
    "at 1: A attacks B\x0c\n",
    "at \u0663: A attacks B\n",
]

SPACING = [(r" ", "  "), (r": ", ":"), (r", ", " , "), (r"\n", " # c\n"), (r"\n", "\r\n"), (r"\n", "\n\n")]


def _read(text: str) -> Case | None:
    """The case a text reads as, or ``None`` when it has errors (which must come as diagnostics)."""
    try:
        return parse_text(text, "x.casus")
    except CaseError as err:
        assert err.diagnostics and all(d.source is not None for d in err.diagnostics)
        return None


def _model(case: Case) -> tuple[object, ...]:
    """What a case says, without where it says it."""
    return case.title, [s.name for s in case.states], case.alliances, case.events, [i.path for i in case.includes]


@pytest.mark.parametrize("text", EDGES)
def test_edges_read_or_fail_with_diagnostics(text: str) -> None:
    _read(text)


def test_keywords_can_be_names() -> None:
    case = _read("state and, at, in\n")
    assert case is not None and [s.name for s in case.states] == ["and", "at", "in"]
    attack = _read("at 3:A attacks in in in, target initiated hostilities\n")
    assert attack is not None and attack.events[0].happening.place == "in"


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(CASES), st.lists(st.tuples(st.sampled_from(SPACING), st.integers(0, 10**6)), max_size=6))
def test_spacing_does_not_change_a_case(case: str, changes: list[tuple[tuple[str, str], int]]) -> None:
    text = case
    for (old, new), seed in changes:
        places = [m.start() for m in re.finditer(old, text)]
        if places:
            at = places[seed % len(places)]
            text = text[:at] + new + text[at + len(old) :]
    original, varied = _read(case), _read(text)
    assert original is not None
    if varied is not None:  # a space inside a quoted title or a keyword split by a comment may break the text
        assert _model(varied)[1:] == _model(original)[1:]


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from(CASES), st.sampled_from(["token", "line"]))
def test_mutated_cases_read_or_fail_with_diagnostics(data: st.DataObject, case: str, split: str) -> None:
    parts = re.split(r"(\s+)", case) if split == "token" else case.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(parts) - 1))
        j = data.draw(st.integers(0, len(parts) - 1))
        operation = data.draw(st.sampled_from(["delete", "duplicate", "swap"]))
        if operation == "delete" and len(parts) > 1:
            del parts[i]
        elif operation == "duplicate":
            parts.insert(j, parts[i])
        else:
            parts[i], parts[j] = parts[j], parts[i]
    _read("".join(parts) if split == "token" else "\n".join(parts))
