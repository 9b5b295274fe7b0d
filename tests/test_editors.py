"""Editor support: the Pygments lexer and the TextMate grammar keep in step with the grammar and read every case."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword

from reasoner.language.lexer import KEYWORDS, CasusLexer

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted((ROOT / "cases").rglob("*.casus"))
TEXTMATE = json.loads((ROOT / "editors" / "casus.tmLanguage.json").read_text(encoding="utf-8"))


def grammar_keywords() -> set[str]:
    """Every word the grammar spells out: its quoted literals, and its keyword terminals (``EXPECT: "expect"``)."""
    return set(re.findall(r'"([a-z][a-z-]*)"', (ROOT / "grammar" / "case.lark").read_text(encoding="utf-8")))


def test_the_lexer_is_found_through_its_entry_point() -> None:
    assert isinstance(get_lexer_by_name("casus"), CasusLexer)
    assert isinstance(get_lexer_for_filename("harbour.casus"), CasusLexer)


def test_the_lexer_and_the_textmate_grammar_know_every_keyword_of_the_grammar() -> None:
    assert set(KEYWORDS) == grammar_keywords()
    (keywords,) = [p["match"] for p in TEXTMATE["patterns"] if p["name"] == "keyword.control.casus"]
    assert set(re.fullmatch(r"\\b\((.*)\)\\b", keywords)[1].split("|")) == grammar_keywords()  # type: ignore[index]


def test_every_textmate_pattern_is_a_regular_expression() -> None:
    for pattern in TEXTMATE["patterns"]:
        re.compile(pattern["match"])
    assert TEXTMATE["scopeName"] == "source.casus" and TEXTMATE["fileTypes"] == ["casus"]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_bundled_case_is_read_without_an_error_token(path: Path) -> None:
    tokens = list(CasusLexer().get_tokens(path.read_text(encoding="utf-8")))
    assert [value for kind, value in tokens if kind is Error] == []
    assert any(kind is Keyword for kind, _ in tokens)


def test_a_character_the_language_never_uses_is_an_error_token() -> None:
    tokens = list(CasusLexer().get_tokens("state A; B\n"))
    assert [value for kind, value in tokens if kind is Error] == [";"]
