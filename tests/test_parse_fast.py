"""The fast reader and Lark's parser agree: the same statements, positions and vocabulary errors.

The fast reader may decline a text (then Lark reads it); whenever it does
read one, Lark must read it too and give exactly the same. Inputs are the
worked cases, spacing variants of them, texts near the language's corner
cases (keywords used as names), and the same mutations the fuzzing uses.
The suite tries 600 + 400 = 1,000 inputs here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reasoner.common.errors import Diagnostic, source_lines
from reasoner.language import read as parse
from reasoner.language.read import FAST_TERMINALS

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


def _positions(statements: list[tuple[str, Any]]) -> list[object]:
    """The statements with every position they keep (positions do not count for the models' equality)."""
    found: list[object] = []
    for kind, value in statements:
        if kind == "event":
            found.append((kind, value, value.source, value.name_sources, value.span))
        elif kind == "alliance":
            found.append((kind, value, value.source, value.name_sources))
        elif kind == "states":
            found.append((kind, [(d, d.source) for d in value]))
        elif kind == "include":
            found.append((kind, value, value.source))
        else:
            found.append((kind, value))
    return found


def _agree(text: str) -> bool:
    """Whether the fast reader read ``text``; if it did, Lark must read it in the same way."""
    if not text.endswith("\n"):
        text += "\n"
    fast_build = parse._Build("x.casus")
    fast = parse._read_fast(source_lines(text), fast_build)
    if fast is None:
        return False
    lark_build = parse._Build("x.casus")
    read = parse._read_lark(text, lark_build)  # raises if Lark finds a syntax error the fast reader missed
    assert _positions(fast) == _positions(read)
    assert _diagnostics(fast_build.diagnostics) == _diagnostics(lark_build.diagnostics)
    return True


def _diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.source.line, d.source.column) if d.source else (0, 0))


def test_the_fast_reader_reads_the_worked_cases() -> None:
    assert all(_agree(text) for text in CASES)


@pytest.mark.parametrize("text", EDGES)
def test_edges(text: str) -> None:
    _agree(text)


def test_the_fast_terminals_are_the_grammars() -> None:
    grammar = {t.name: t.pattern.value.replace("\n", "\\n") for t in parse.parser().terminals}
    for name, pattern in FAST_TERMINALS.items():
        assert grammar[name] == pattern, name


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(CASES), st.lists(st.tuples(st.sampled_from(SPACING), st.integers(0, 10**6)), max_size=6))
def test_spacing_variants(case: str, changes: list[tuple[tuple[str, str], int]]) -> None:
    text = case
    for (old, new), seed in changes:
        places = [m.start() for m in re.finditer(old, text)]
        if places:
            at = places[seed % len(places)]
            text = text[:at] + new + text[at + len(old) :]
    _agree(text)


@settings(max_examples=400, deadline=None)
@given(st.data(), st.sampled_from(CASES), st.sampled_from(["token", "line"]))
def test_mutated_cases(data: st.DataObject, case: str, split: str) -> None:
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
    _agree("".join(parts) if split == "token" else "\n".join(parts))
