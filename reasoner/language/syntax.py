"""The parser of the case language, and its syntax errors told in the language's own words.

The grammar is ``grammar/case.lark``; ``parser`` builds Lark's LALR parser
with the ``Reader`` transformer applied as it parses. Every syntax error
becomes a ``Diagnostic`` that names what was expected as a user would type
it (a keyword in quotes, "a step number"), never a Lark terminal name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from lark import Lark

from reasoner.common.errors import Diagnostic, Source, did_you_mean, either, source_lines
from reasoner.common.resources import grammar_file
from reasoner.language.build import Build, Reader, Statement, code, reading

if TYPE_CHECKING:
    from lark import Token
    from lark.exceptions import UnexpectedInput, UnexpectedToken

#: What each terminal of the grammar is called in the case language's own words.
TERMINAL_WORDS = {
    "NAME": "a name",
    "WORD": "a word",
    "INT": "a step number",
    "DATE": "a date (YYYY-MM-DD)",
    "STRING": 'a quoted text ("...")',
    "_NL": "the end of the line",
    "$END": "the end of the file",
    "COLON": "':'",
    "COMMA": "','",
}


#: Common mistakes, recognised by where the parser stops (``UnexpectedInput.match_examples``).
_MISTAKES: dict[str, list[str]] = {
    "no time": ["France attacks Greece\n", "Greece responds to France: heeded\n"],
    "stray clause": ["against any state\n", "covering anywhere\n", "in force from 1\n", "end\n"],
}
_MISTAKE_HELP = {
    "no time": "an event starts with its time, e.g. 'at 3: France warns Greece: ...'",
    "stray clause": "this line belongs inside an alliance block, between 'alliance ...' and 'end'",
}


@cache
def parser() -> Lark:
    """The LALR parser of the case language, calling ``Reader`` as it reduces (built once, when first needed).

    Lark caches its analysis of the grammar in the temporary folder, so a new
    process does not build the parse tables again.
    """
    return Lark(
        grammar_file().read_text(encoding="utf-8"),
        parser="lalr",
        maybe_placeholders=True,
        transformer=Reader(),
        cache=True,
    )


def read_statements(text: str, build: Build) -> list[Statement]:
    """The statements of a text; raises Lark's ``UnexpectedInput`` at a syntax error."""
    from lark.exceptions import VisitError

    with reading(build, source_lines(text)):
        try:
            return list(parser().parse(text))
        except VisitError as err:  # a bug in a Reader method, never the user's input
            raise err.orig_exc from None


def _parses(text: str) -> object:
    """Parse a text for its syntax alone (what ``match_examples`` tries), its statements thrown away."""
    return read_statements(text, Build("<example>"))


def describe_terminal(name: str) -> str | None:
    """A terminal as a user would write it: a keyword in quotes, or what kind of text.

    ``None`` for a terminal no user writes (ignored whitespace and comments).
    """
    if name in TERMINAL_WORDS:
        return TERMINAL_WORDS[name]
    for term in parser().terminals:
        if term.name == name and term.pattern.type == "str":
            return f"'{term.pattern.value}'"
    return None


def _keywords(names: Iterable[str]) -> list[str]:
    """The keywords among some terminal names, as written."""
    return sorted(
        t.pattern.value
        for t in parser().terminals
        if t.name in names and t.pattern.type == "str" and t.pattern.value.isalpha()
    )


def _expected(names: Iterable[str]) -> str:
    words = sorted({w for w in map(describe_terminal, names) if w is not None})
    return either(words) if words else "something else"


def _acceptable(err: UnexpectedInput, fallback: Iterable[str]) -> set[str]:
    """What the parser would really accept where it stopped.

    An LALR state shared by several rules over-approximates what may follow
    (after ``at 3`` it would list ``until``); asking the parser itself does not.
    """
    interactive = getattr(err, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts()) or set(fallback)
        except UnexpectedInput:
            pass
    return set(fallback)


def _after_previous(lines: Sequence[str], line: int, column: int) -> tuple[int, int]:
    """The position just after the last token before (line, column): where a missing token goes."""
    text = code(lines[line - 1][: column - 1]) if 0 < line <= len(lines) else ""
    while not text.strip() and line > 1:
        line -= 1
        text = code(lines[line - 1])
    return line, len(text) + 1


def _found(token: Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    if token.type == "_NL":
        return "the end of the line"
    return f"'{token}'"


def syntax_diagnostic(err: UnexpectedInput, file: str, lines: Sequence[str], line_offset: int = 0) -> Diagnostic:
    """A Lark error told in the case language's terms, pointing at the spot.

    ``lines`` are the lines the parser read; ``line_offset`` is added to every
    line number, for a statement parsed on its own.
    """
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    line, column = max(err.line, 1), max(err.column, 1)
    if isinstance(err, UnexpectedToken):
        return _token_diagnostic(err, file, lines, line_offset)
    if isinstance(err, UnexpectedCharacters):
        char = err.char
        if char == '"':
            message, help = "this quoted text is not closed", 'end it with " on the same line'
        else:
            message = f"unexpected character {char!r}" if char.strip() else "unexpected blank character"
            help = f"expected {_expected(_acceptable(err, err.allowed))}"
        return Diagnostic(message, Source(file, line + line_offset, column), help=help)
    line, column = _after_previous(lines, len(lines), len(lines[-1]) + 1 if lines else 1)
    return Diagnostic("unexpected end of the file", Source(file, line + line_offset, column))


def _token_diagnostic(err: UnexpectedToken, file: str, lines: Sequence[str], line_offset: int) -> Diagnostic:
    token, expected = err.token, _acceptable(err, err.expected)
    text = str(token).strip()
    missing = token.type in ("$END", "_NL") or expected <= {"COLON", "COMMA"}
    if missing:
        line, column = _after_previous(lines, max(err.line, 1), max(err.column, 1))
        length = 1
    else:
        line, column, length = max(err.line, 1), max(err.column, 1), max(1, len(text))
    where = Source(file, line + line_offset, column)
    guess = did_you_mean(text, _keywords(expected)) if text.isalpha() else None
    if "END" in expected and token.type == "$END":
        header = lines[0] if lines else ""
        return Diagnostic(
            "this alliance block has no 'end'",
            Source(file, 1 + line_offset, len(header) - len(header.lstrip(" \t")) + 1),
            length=len("alliance"),
            help="write 'end' on a line of its own after the alliance's clauses",
        )
    if guess is None and not missing:
        mistake = err.match_examples(_parses, _MISTAKES, use_accepts=True)
        if mistake is not None:
            return Diagnostic(f"unexpected '{text}'", where, length, help=_MISTAKE_HELP[mistake])
    if len(expected) <= 3:
        message, help = f"expected {_expected(expected)}, found {_found(token)}", None
    else:
        message, help = f"unexpected {_found(token)}", f"expected {_expected(expected)}"
    if guess:
        help = f"did you mean '{guess}'?"
    elif "WORD" in expected and token.type == "NAME" and text.lower() != text:
        help = f"the words of the case language are written in lower case: '{text.lower()}'"
    return Diagnostic(message, where, length, help=help)
