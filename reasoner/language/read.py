"""From case text to the case model: a fast line reader, and Lark's parser for the rest.

The grammar is ``grammar/case.lark``. Well-formed files are read by a line
reader built from the grammar's own terminals; whatever it is not sure of
(any syntax error, unusual spacing) goes to Lark's LALR parser, which also
gives every syntax error its message. Both hand what they find to one
builder, and tests hold them to the same result. ``parse_text`` reads one
file's text; ``load_case`` reads a file and the files it includes, merges
them, and checks what the case means (``check``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reasoner.common.errors import CaseError, Diagnostic, Source, did_you_mean, either, one_of, source_lines, suggestion
from reasoner.common.resources import grammar_file
from reasoner.language import vocabulary as vocab
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    Case,
    Ceasefire,
    Conduct,
    Event,
    Happening,
    Include,
    Response,
    Signal,
    StateDecl,
    Threat,
    Time,
)

if TYPE_CHECKING:  # Lark is imported only when a file needs it: most are read by the fast reader
    from lark import Lark, Token
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

#: The largest case file read, in bytes: beyond it the file is refused with a clear message.
MAX_CASE_BYTES = 10_000_000

#: After this many syntax errors in one file, the rest of the file is not read.
MAX_SYNTAX_ERRORS = 100

#: Keywords that start a statement, and those that start a clause of an alliance block.
_STATEMENT_KEYWORDS = frozenset({"case", "include", "state", "states", "alliance", "at"})
_CLAUSE_KEYWORDS = frozenset({"against", "covering", "only", "in", "end"})
_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z]*)")

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
    """The LALR parser of the case language (built once, when first needed)."""
    from lark import Lark

    return Lark(
        grammar_file().read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
    )


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


def _code(line: str) -> str:
    """A line without its comment and trailing spaces (a ``#`` inside quotes is text)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:i].rstrip()
    return line.rstrip()


def _after_previous(lines: Sequence[str], line: int, column: int) -> tuple[int, int]:
    """The position just after the last token before (line, column): where a missing token goes."""
    code = _code(lines[line - 1][: column - 1]) if 0 < line <= len(lines) else ""
    while not code.strip() and line > 1:
        line -= 1
        code = _code(lines[line - 1])
    return line, len(code) + 1


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
        mistake = err.match_examples(parser().parse, _MISTAKES, use_accepts=True)
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


def _first_word(line: str) -> str | None:
    """The keyword a line starts with; ``""`` for another start, ``None`` for a blank or comment line."""
    stripped = line.strip(" \t\r")
    if not stripped or stripped.startswith("#"):
        return None
    match = _FIRST_WORD.match(line)
    return match[1] if match else ""


def _statements(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Each statement of a text as (index of its first line, its lines), for error recovery.

    A statement is one line, except an alliance block, which runs to its
    ``end`` or to the next statement keyword. A line that starts with an
    unknown word (a misspelt ``alliance``, say) takes the clause lines that
    follow it, so that they are not reported again on their own.
    """
    block: str | None = None  # "alliance": takes every line; "maybe": takes clause lines only
    start, current = 0, list[str]()
    for index, line in enumerate(lines):
        word = _first_word(line)
        if word is None:
            if current:
                current.append(line)
            continue
        joins = block == "alliance" and word not in _STATEMENT_KEYWORDS
        joins = joins or (block == "maybe" and word in _CLAUSE_KEYWORDS)
        if joins:
            current.append(line)
            block = None if word == "end" else block
            continue
        if current:
            yield start, current
        start, current = index, [line]
        block = "alliance" if word == "alliance" else "maybe" if word not in _STATEMENT_KEYWORDS else None
        if word in _CLAUSE_KEYWORDS:
            block = None
    if current:
        yield start, current


class Tok(str):
    """A piece of case text with its kind (a terminal of the grammar) and where it starts.

    What a Lark token carries, without needing Lark: the fast reader makes
    these, and tokens from the Lark parser are turned into them.
    """

    type: str
    line: int
    column: int

    def __new__(cls, kind: str, value: str, line: int, column: int) -> Tok:
        tok = super().__new__(cls, value)
        tok.type, tok.line, tok.column = kind, line, column
        return tok

    @classmethod
    def of(cls, token: Any) -> Tok:
        """A Lark token as a ``Tok``."""
        return cls(token.type, str(token), token.line or 1, token.column or 1)


#: A happening, where its two states are named, and where it is written (start and length).
_Placed = tuple[Happening, tuple[Source, ...], tuple[Source, int]]
#: A statement as the readers give it: its kind (``title``, ``event``, ...) and its model object.
_Statement = tuple[str, Any]
#: A clause of an alliance block: its kind (``adversary``, ``scope``, ...) and its value.
_Clause = tuple[str, Any]


class _Build:
    """Turns what the readers find into model objects, collecting vocabulary errors.

    Both readers (the fast one and Lark's) call the same methods, so that a
    case means the same whichever of them read it.
    """

    def __init__(self, file: str, line_offset: int = 0) -> None:
        self.file = file
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []

    # helpers -----------------------------------------------------------
    def _source(self, token: Tok) -> Source:
        return Source(self.file, token.line + self.line_offset, token.column)

    def _sources(self, *tokens: Tok | None) -> tuple[Source, ...]:
        return tuple(self._source(t) for t in tokens if t is not None)

    def _word(self, token: Tok, allowed: tuple[str, ...], what: str) -> str:
        word = str(token)
        if word not in allowed:
            self.diagnostics.append(
                Diagnostic(
                    f"unknown {what} '{word}'",
                    self._source(token),
                    length=len(word),
                    help=suggestion(word, allowed) + f"{what} is one of {one_of(allowed)}",
                )
            )
            return allowed[0]
        return word

    def _attributes(
        self, pairs: Sequence[tuple[Tok, Tok]], table: Mapping[str, tuple[str, ...]], what: str, where: Source
    ) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, value in pairs:
            name = str(key)
            if name not in table:
                self.diagnostics.append(
                    Diagnostic(
                        f"a {what} has no attribute '{name}'",
                        self._source(key),
                        length=len(name),
                        help=suggestion(name, table) + f"a {what} takes {one_of(list(table))}",
                    )
                )
                continue
            if name in values:
                self.diagnostics.append(
                    Diagnostic(f"the {what}'s {name} is given twice", self._source(key), length=len(name))
                )
            values[name] = self._word(value, table[name], name)
        missing = [k for k in table if k not in values]
        if missing:
            self.diagnostics.append(
                Diagnostic(
                    f"the {what} does not say its {one_of(missing).replace(' or ', ' and ')}",
                    where,
                    help="write " + ", ".join(f"{k} <{'|'.join(table[k])}>" for k in missing),
                )
            )
            for k in missing:
                values[k] = table[k][0]
        return values

    # statements ----------------------------------------------------------
    def time(self, token: Tok) -> Time:
        """A step number or a calendar date."""
        if token.type == "INT":
            return int(token)
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.diagnostics.append(
                Diagnostic(f"'{token}' is not a calendar date", self._source(token), length=len(token))
            )
            return datetime.date(1, 1, 1)

    def title(self, text: Tok) -> _Statement:
        return "title", text[1:-1]

    def include(self, path: Tok) -> _Statement:
        return "include", Include(path[1:-1], self._source(path))

    def states(self, names: Sequence[Tok]) -> _Statement:
        return "states", [StateDecl(str(t), self._source(t)) for t in names]

    def alliance(
        self, name: Tok, arity: Tok | None, kind: Tok, members: Sequence[Tok], clauses: Sequence[_Clause]
    ) -> _Statement:
        """An alliance block; ``clauses`` are ``("adversary", Tok | None)``, ``("scope", names | None)``,
        ``("unprovoked", True)`` and ``("in_force", (start, end))``; a later one of a kind wins."""
        fields = dict(clauses)
        start, end = fields.get("in_force", (None, None))
        adversary: Tok | None = fields.get("adversary")
        scope: Sequence[Tok] | None = fields.get("scope")
        return "alliance", Alliance(
            name=str(name),
            kind=self._word(kind, vocab.PACT_TYPES, "pact type"),
            members=tuple(str(m) for m in members),
            arity=self._word(arity, vocab.ARITIES, "alliance form") if arity is not None else None,
            adversary=str(adversary) if adversary is not None else None,
            scope=tuple(str(t) for t in scope) if scope is not None else None,
            unprovoked_only=bool(fields.get("unprovoked", False)),
            start=start,
            end=end,
            source=self._source(name),
            name_sources=self._sources(*members, adversary),
        )

    def event(self, time: Time, token: Tok, placed: _Placed) -> _Statement:
        happening, names, span = placed
        return "event", Event(time, happening, self._source(token), names, span)

    # happenings ----------------------------------------------------------
    # Each is given its two states, what else it says, and the length of its text;
    # it returns the happening, where its states are named, and where it is written.
    def _placed(self, happening: Happening, first: Tok, second: Tok, length: int) -> _Placed:
        return happening, self._sources(first, second), (self._source(first), max(1, length))

    def attack(self, attacker: Tok, target: Tok, place: Tok | None, initiated: bool, length: int) -> _Placed:
        happening = Attack(str(attacker), str(target), str(place) if place is not None else None, initiated)
        return self._placed(happening, attacker, target, length)

    def conduct(self, actor: Tok, kind: Tok, towards: Tok, length: int) -> _Placed:
        happening = Conduct(str(actor), str(towards), self._word(kind, vocab.CONDUCT_KINDS, "policy"))
        return self._placed(happening, actor, towards, length)

    def belief(self, holder: Tok, about: Tok, pairs: Sequence[tuple[Tok, Tok]], length: int) -> _Placed:
        values = self._attributes(pairs, vocab.BELIEF_ATTRIBUTES, "belief", self._source(holder))
        return self._placed(Belief(str(holder), str(about), **values), holder, about, length)

    def signal(self, sender: Tok, receiver: Tok, pairs: Sequence[tuple[Tok, Tok]], length: int) -> _Placed:
        values = self._attributes(pairs, vocab.SIGNAL_ATTRIBUTES, "warning", self._source(sender))
        return self._placed(Signal(str(sender), str(receiver), **values), sender, receiver, length)

    def response(self, responder: Tok, to: Tok, kind: Tok, length: int) -> _Placed:
        happening = Response(str(responder), str(to), self._word(kind, vocab.RESPONSES, "response"))
        return self._placed(happening, responder, to, length)

    def threat(self, threatener: Tok, target: Tok, pairs: Sequence[tuple[Tok, Tok]], length: int) -> _Placed:
        values = self._attributes(pairs, vocab.THREAT_ATTRIBUTES, "threat", self._source(threatener))
        return self._placed(Threat(str(threatener), str(target), **values), threatener, target, length)

    def action(self, actor: Tok, kind: str, ally: Tok, length: int) -> _Placed:
        """``kind`` is ``assisted`` or ``refrained``."""
        return self._placed(Action(str(actor), str(ally), kind), actor, ally, length)

    def ceasefire(self, ceaser: Tok, against: Tok, length: int) -> _Placed:
        return self._placed(Ceasefire(str(ceaser), str(against)), ceaser, against, length)


# The fast reader ---------------------------------------------------------------
#
# Most case files are well formed, and for them Lark's parser is slow (a Python
# call per token). So a file is first read line by line with one regular
# expression per kind of statement, built from the grammar's terminals below.
# It is conservative: whatever it is not sure Lark would read in the same way
# (any syntax error, but also unusual spacing such as 'at3:'), it declines,
# and the whole file goes to Lark, which reads it or reports its errors. A word
# is never followed directly by another word, so each greedy pattern ends where
# Lark's lexer would end it; where the grammar accepts a keyword and a name in
# the same place ('against any state'), the name excludes that keyword.
# tests/test_parse_fast.py checks that both readers agree.

#: The grammar's terminals (grammar/case.lark), as the fast reader matches them.
FAST_TERMINALS = {
    "DATE": r"\d{4}-\d{2}-\d{2}",
    "INT": r"\d+",
    "NAME": r"[A-Za-z][A-Za-z0-9_]*",
    "WORD": r"[a-z][a-z-]*",
    "STRING": r'"[^"\n]*"',
    "COMMENT": r"#[^\n]*",
}
_NAME, _WORD, _STRING = FAST_TERMINALS["NAME"], FAST_TERMINALS["WORD"], FAST_TERMINALS["STRING"]
_TIME = f"{FAST_TERMINALS['DATE']}|{FAST_TERMINALS['INT']}"
_S, _W = r"[ \t]*", r"[ \t]+"  # optional and required space
_END = _S + f"(?:{FAST_TERMINALS['COMMENT']})?"
_NAMES = f"{_NAME}(?:{_S},{_S}{_NAME}|{_W}and{_W}{_NAME})*"
_ATTRIBUTES = f"{_WORD}{_W}{_WORD}(?:{_S},{_S}{_WORD}{_W}{_WORD})*"


def _not(keyword: str, word: str = "A-Za-z0-9_") -> str:
    """A lookahead that refuses ``keyword`` as a whole name or word."""
    return f"(?!{keyword}(?![{word}]))"


def _statement(pattern: str) -> re.Pattern[str]:
    return re.compile(f"{_S}{pattern}{_END}")


_BLANK = re.compile(_END)
_FAST_FIRST = re.compile(r"[ \t]*([a-z]*)")
_FAST_TITLE = _statement(f"case{_S}(?P<text>{_STRING})")
_FAST_INCLUDE = _statement(f"include{_S}(?P<path>{_STRING})")
_FAST_STATES = _statement(f"states?{_W}(?P<names>{_NAMES})")
_FAST_ALLIANCE = _statement(
    f"alliance{_W}(?P<name>{_NAME}){_S}:{_S}(?:(?P<arity>{_WORD}){_W})?{_not('pact', 'a-z-')}(?P<kind>{_WORD})"
    f"{_W}pact{_W}between{_W}(?P<names>{_NAMES})"
)
_FAST_ADVERSARY = _statement(f"against{_W}(?:(?P<any>any{_W}state)|{_not('any')}(?P<name>{_NAME}))")
_FAST_SCOPE = _statement(f"covering{_W}(?:(?P<anywhere>anywhere)|{_not('anywhere')}(?P<names>{_NAMES}))")
_FAST_UNPROVOKED = _statement(f"only{_W}if{_W}unprovoked")
_FAST_IN_FORCE = _statement(f"in{_W}force{_W}from{_W}(?P<start>{_TIME})(?:{_W}until{_W}(?P<end>{_TIME}))?")
_FAST_END = _statement("end")
_FAST_EVENT = re.compile(f"{_S}at{_W}(?P<time>{_TIME}){_S}:{_S}(?P<a>{_NAME}){_W}(?P<verb>[a-z]+)")
_H = f"(?P<a>{_NAME}){_W}"  # the first state of a happening
#: Each happening's pattern, by the word after its first state, from that state to the end of its text.
_HAPPENING_PATTERNS = {
    "attacks": (
        f"{_H}attacks{_W}(?P<b>{_NAME})(?:{_W}in{_W}(?P<place>{_NAME}))?"
        f"(?P<initiated>{_S},{_S}target{_W}initiated{_W}hostilities)?"
    ),
    "pursues": (f"{_H}pursues{_W}(?P<kind>{_WORD}){_W}policy{_W}towards{_W}(?P<b>{_NAME})"),
    "believes": (f"{_H}believes{_W}(?P<b>{_NAME}){_W}will{_W}entrap{_W}it{_S}:{_S}(?P<attributes>{_ATTRIBUTES})"),
    "warns": (f"{_H}warns{_W}(?P<b>{_NAME}){_S}:{_S}(?P<attributes>{_ATTRIBUTES})"),
    "responds": (f"{_H}responds{_W}to{_W}(?P<b>{_NAME}){_S}:{_S}(?P<kind>{_WORD})"),
    "threatens": (f"{_H}threatens{_W}(?P<b>{_NAME}){_W}if{_W}it{_W}intervenes{_S}:{_S}(?P<attributes>{_ATTRIBUTES})"),
    "assists": (f"{_H}assists{_W}(?P<b>{_NAME})"),
    "refrains": (f"{_H}refrains{_W}from{_W}defending{_W}(?P<b>{_NAME})"),
    "ceases": (f"{_H}ceases{_W}hostilities{_W}against{_W}(?P<b>{_NAME})"),
}
_FAST_HAPPENINGS = {verb: re.compile(f"(?P<h>{p}){_END}") for verb, p in _HAPPENING_PATTERNS.items()}
_FAST_NAME = re.compile(_NAME)
_FAST_PAIR = re.compile(f"({_WORD}){_W}({_WORD})")
_FAST_DATE = re.compile(FAST_TERMINALS["DATE"])


class _Line:
    """One line being read by the fast reader: makes tokens of a match's groups."""

    __slots__ = ("match", "number", "text")

    def __init__(self, number: int, text: str, match: re.Match[str]) -> None:
        self.number, self.text, self.match = number, text, match

    def tok(self, kind: str, group: str) -> Tok:
        return Tok(kind, self.match[group], self.number, self.match.start(group) + 1)

    def maybe(self, kind: str, group: str) -> Tok | None:
        return self.tok(kind, group) if self.match[group] is not None else None

    def time(self, group: str) -> Tok:
        value = self.match[group]
        return Tok("DATE" if _FAST_DATE.fullmatch(value) else "INT", value, self.number, self.match.start(group) + 1)

    def names(self, group: str) -> list[Tok]:
        """The names of a list (``A, B and C``); an ``and`` after a name is the separator, not a name."""
        start, end = self.match.span(group)
        found: list[Tok] = []
        expecting, last = True, start
        for m in _FAST_NAME.finditer(self.text, start, end):
            if expecting or "," in self.text[last : m.start()]:
                found.append(Tok("NAME", m[0], self.number, m.start() + 1))
                expecting = False
            else:
                expecting = True
            last = m.end()
        return found

    def pairs(self, group: str) -> list[tuple[Tok, Tok]]:
        start, end = self.match.span(group)
        return [
            (Tok("WORD", m[1], self.number, m.start(1) + 1), Tok("WORD", m[2], self.number, m.start(2) + 1))
            for m in _FAST_PAIR.finditer(self.text, start, end)
        ]


def _read_fast(lines: Sequence[str], build: _Build) -> list[_Statement] | None:
    """The statements of well-formed lines, or ``None`` where the fast reader is not sure (see above)."""
    statements: list[_Statement] = []
    count, index = len(lines), 0
    while index < count:
        text = lines[index]
        index += 1  # now the 1-based number of this line
        first = _FAST_FIRST.match(text)[1]  # type: ignore[index]  # always matches
        if first == "at":
            statement = _event(build, index, text)
        elif first == "alliance":
            header = _FAST_ALLIANCE.fullmatch(text)
            if header is None:
                return None
            number, clauses = index, list[_Clause]()
            while index < count and not _FAST_END.fullmatch(lines[index]):
                index += 1
                clause = lines[index - 1]
                if not _BLANK.fullmatch(clause):
                    read = _clause(index, clause)
                    if read is None:
                        return None
                    clauses.append(read)
            if index >= count:  # no 'end'
                return None
            index += 1
            statement = _alliance(build, _Line(number, text, header), clauses)
        elif first in ("case", "include", "state", "states"):
            statement = _simple(build, index, text, first)
        elif not first and _BLANK.fullmatch(text):
            continue
        else:
            return None
        if statement is None:
            return None
        statements.append(statement)
    return statements


def _event(build: _Build, number: int, text: str) -> _Statement | None:
    event = _FAST_EVENT.match(text)
    if event is None:
        return None
    pattern = _FAST_HAPPENINGS.get(event["verb"])
    found = pattern.fullmatch(text, event.start("a")) if pattern is not None else None
    if found is None:
        return None
    at = _Line(number, text, event).time("time")
    return build.event(build.time(at), at, _happening(build, _Line(number, text, found), event["verb"]))


def _happening(build: _Build, line: _Line, verb: str) -> _Placed:
    """A happening from its match (see ``_FAST_HAPPENINGS``)."""
    a, b = line.tok("NAME", "a"), line.tok("NAME", "b")
    length = line.match.end("h") - line.match.start("h")
    if verb == "attacks":
        initiated = line.match["initiated"] is not None
        return build.attack(a, b, line.maybe("NAME", "place"), initiated, length)
    if verb == "pursues":
        return build.conduct(a, line.tok("WORD", "kind"), b, length)
    if verb == "believes":
        return build.belief(a, b, line.pairs("attributes"), length)
    if verb == "warns":
        return build.signal(a, b, line.pairs("attributes"), length)
    if verb == "responds":
        return build.response(a, b, line.tok("WORD", "kind"), length)
    if verb == "threatens":
        return build.threat(a, b, line.pairs("attributes"), length)
    if verb == "ceases":
        return build.ceasefire(a, b, length)
    return build.action(a, "assisted" if verb == "assists" else "refrained", b, length)


def _clause(number: int, text: str) -> _Clause | None:
    """A clause of an alliance block (times are read later, by ``_alliance``)."""
    found = _FAST_ADVERSARY.fullmatch(text)
    if found is not None:
        return "adversary", _Line(number, text, found).maybe("NAME", "name")
    found = _FAST_SCOPE.fullmatch(text)
    if found is not None:
        return "scope", None if found["anywhere"] else _Line(number, text, found).names("names")
    if _FAST_UNPROVOKED.fullmatch(text):
        return "unprovoked", True
    found = _FAST_IN_FORCE.fullmatch(text)
    if found is not None:
        line = _Line(number, text, found)
        return "in_force", (line.time("start"), line.time("end") if found["end"] is not None else None)
    return None


def _alliance(build: _Build, header: _Line, clauses: Sequence[_Clause]) -> _Statement:
    """An alliance block, its clauses' times read in the order Lark would read them."""
    name, arity, kind = header.tok("NAME", "name"), header.maybe("WORD", "arity"), header.tok("WORD", "kind")
    members = header.names("names")
    read: list[_Clause] = []
    for key, value in clauses:
        if key == "in_force":
            start, end = value
            value = (build.time(start), build.time(end) if end is not None else None)
        read.append((key, value))
    return build.alliance(name, arity, kind, members, read)


def _simple(build: _Build, number: int, text: str, first: str) -> _Statement | None:
    """A one-line statement other than an event: a title, an include or states."""
    if first == "case":
        found = _FAST_TITLE.fullmatch(text)
        return build.title(_Line(number, text, found).tok("STRING", "text")) if found else None
    if first == "include":
        found = _FAST_INCLUDE.fullmatch(text)
        return build.include(_Line(number, text, found).tok("STRING", "path")) if found else None
    found = _FAST_STATES.fullmatch(text)
    return build.states(_Line(number, text, found).names("names")) if found else None


# The Lark reader ---------------------------------------------------------------


@cache
def _tree_transformer() -> type:
    """The Lark transformer class that hands a parse tree's parts to a ``_Build`` (Lark imported when first needed)."""
    from lark import Transformer, v_args

    def placed(method: Callable[..., _Placed]) -> Callable[..., _Placed]:
        @v_args(meta=True)
        @functools.wraps(method)
        def call(self: Any, meta: Any, children: list[Any]) -> _Placed:
            length = meta.end_column - meta.column if meta.end_line == meta.line else 1
            return method(self, *children, length)

        return call

    class TreeToModel(Transformer):  # type: ignore[misc]
        """Turns Lark's parse tree into model objects through ``build``."""

        def __init__(self, build: _Build) -> None:
            super().__init__()
            self.build = build

        def __default_token__(self, token: Any) -> Tok:
            return Tok.of(token)

        def time(self, children: list[Tok]) -> tuple[Time, Tok]:
            return self.build.time(children[0]), children[0]

        def names(self, children: list[Tok]) -> list[Tok]:
            return children

        def attribute(self, children: list[Tok]) -> tuple[Tok, Tok]:
            return children[0], children[1]

        def attributes(self, children: list[tuple[Tok, Tok]]) -> list[tuple[Tok, Tok]]:
            return children

        def title(self, children: list[Tok]) -> _Statement:
            return self.build.title(children[0])

        def include(self, children: list[Tok]) -> _Statement:
            return self.build.include(children[0])

        def states(self, children: list[list[Tok]]) -> _Statement:
            return self.build.states(children[0])

        def any_state(self, children: list[Any]) -> None:
            return None

        def anywhere(self, children: list[Any]) -> None:
            return None

        def adversary(self, children: list[Tok | None]) -> _Clause:
            return "adversary", children[0]

        def scope(self, children: list[list[Tok] | None]) -> _Clause:
            return "scope", children[0]

        def unprovoked(self, children: list[Any]) -> _Clause:
            return "unprovoked", True

        def in_force(self, children: list[tuple[Time, Tok] | None]) -> _Clause:
            start, end = children
            assert start is not None
            return "in_force", (start[0], end[0] if end else None)

        def alliance(self, children: list[Any]) -> _Statement:
            name, arity, kind, members, *clauses = children
            return self.build.alliance(name, arity, kind, members, clauses)

        def event(self, children: list[Any]) -> _Statement:
            (time, token), placed = children
            return self.build.event(time, token, placed)

        def initiated(self, children: list[Any]) -> bool:
            return True

        def assists(self, children: list[Any]) -> str:
            return "assisted"

        def refrains(self, children: list[Any]) -> str:
            return "refrained"

        @placed
        def attack(self, attacker: Tok, target: Tok, place: Tok | None, initiated: bool | None, length: int) -> _Placed:
            return self.build.attack(attacker, target, place, bool(initiated), length)

        @placed
        def conduct(self, actor: Tok, kind: Tok, towards: Tok, length: int) -> _Placed:
            return self.build.conduct(actor, kind, towards, length)

        @placed
        def belief(self, holder: Tok, about: Tok, pairs: list[tuple[Tok, Tok]], length: int) -> _Placed:
            return self.build.belief(holder, about, pairs, length)

        @placed
        def signal(self, sender: Tok, receiver: Tok, pairs: list[tuple[Tok, Tok]], length: int) -> _Placed:
            return self.build.signal(sender, receiver, pairs, length)

        @placed
        def response(self, responder: Tok, to: Tok, kind: Tok, length: int) -> _Placed:
            return self.build.response(responder, to, kind, length)

        @placed
        def threat(self, threatener: Tok, target: Tok, pairs: list[tuple[Tok, Tok]], length: int) -> _Placed:
            return self.build.threat(threatener, target, pairs, length)

        @placed
        def action(self, actor: Tok, kind: str, ally: Tok, length: int) -> _Placed:
            return self.build.action(actor, kind, ally, length)

        @placed
        def ceasefire(self, ceaser: Tok, against: Tok, length: int) -> _Placed:
            return self.build.ceasefire(ceaser, against, length)

    return TreeToModel


def _read_lark(text: str, build: _Build) -> list[_Statement]:
    """The statements of a text, read by Lark; raises Lark's ``UnexpectedInput`` at a syntax error."""
    from lark.exceptions import VisitError

    tree = parser().parse(text)
    try:
        return list(_tree_transformer()(build).transform(tree).children)
    except VisitError as err:  # a bug in a transformer method, never the user's input
        raise err.orig_exc from None


def parse_text(text: str, file: str = "<case>") -> Case:
    """Parse one file's text into a case model (includes are recorded, not read).

    A well-formed text is read by the fast reader, or else by Lark in one go.
    A text with a syntax error is read statement by statement, so that every
    syntax error of the file is reported once, without follow-on errors, along
    with the vocabulary errors of the rest.
    """
    if not text.endswith("\n"):
        text += "\n"
    lines = source_lines(text)
    build = _Build(file)
    statements = _read_fast(lines, build)
    if statements is None:
        from lark.exceptions import UnexpectedInput

        build = _Build(file)
        try:
            statements = _read_lark(text, build)
        except UnexpectedInput as err:
            build = _Build(file)
            statements = _recover(lines, file, build)
            if not any(d.is_error for d in build.diagnostics):  # never lose the error that started recovery
                build.diagnostics.append(syntax_diagnostic(err, file, lines))
    if build.diagnostics:
        raise CaseError(sorted(build.diagnostics, key=_position))
    case = Case(file=file)
    for kind, value in statements:
        if kind == "title":
            case.title = value
        elif kind == "include":
            case.includes.append(value)
        elif kind == "states":
            case.states.extend(value)
        elif kind == "alliance":
            case.alliances.append(value)
        else:
            case.events.append(value)
    return case


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    src = diagnostic.source
    return (src.line, src.column) if src else (0, 0)


def _recover(lines: Sequence[str], file: str, build: _Build) -> list[_Statement]:
    """Parse statement by statement, collecting every syntax error into ``build``."""
    from lark.exceptions import UnexpectedInput, UnexpectedToken

    statements: list[_Statement] = []
    errors = 0
    for start, chunk in _statements(lines):
        if errors >= MAX_SYNTAX_ERRORS:
            build.diagnostics.append(
                Diagnostic(
                    f"too many syntax errors; the file was read only up to line {start}",
                    Source(file, start, 1),
                    help="fix these first, then check the file again",
                )
            )
            break
        chunk = list(chunk)
        build.line_offset = start
        known = len(build.diagnostics)
        fast = _read_fast(chunk, build)
        if fast is not None:
            statements.extend(fast)
            continue
        del build.diagnostics[known:]
        while True:
            try:
                statements.extend(_read_lark("\n".join(chunk) + "\n", build))
            except UnexpectedInput as err:
                errors += 1
                build.diagnostics.append(syntax_diagnostic(err, file, chunk, start))
                # Inside an alliance block, drop the faulty clause and read on.
                bad = max(err.line, 1) - 1
                at_end = isinstance(err, UnexpectedToken) and err.token.type == "$END"
                if not at_end and 0 < bad < len(chunk) and _first_word(chunk[bad]) not in ("end", None):
                    chunk[bad] = ""
                    continue
            break
    return statements


def read_case_file(path: Path, include_source: Source | None = None, length: int = 1) -> str:
    """The text of a case file, or an error pointing at whoever asked for it (the file itself if no one)."""
    include_source = include_source or Source.whole(str(path))
    try:
        size = path.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseError(
                [
                    Diagnostic(
                        f"the case file '{path}' is too large ({size / 1e6:.1f} MB; the limit is "
                        f"{MAX_CASE_BYTES / 1e6:g} MB)",
                        include_source,
                        length,
                        help="split the case into smaller files, or check that this is really a case file",
                    )
                ]
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = f"no case file at '{path}'"
    except IsADirectoryError:
        message = f"'{path}' is a folder, not a case file"
    except UnicodeDecodeError:
        message = f"'{path}' is not UTF-8 text"
    except OSError as err:
        message = f"cannot read '{path}': {err.strerror}"
    raise CaseError([Diagnostic(message, include_source, length)])


def load_case(path: str | Path) -> Case:
    """Read a case file and everything it includes, then check what it means.

    Warnings are kept in ``Case.warnings``; errors raise ``CaseError``.
    """
    from reasoner.language.check import check_case

    case = _load(Path(path), include=None, chain=())
    case.warnings.extend(check_case(case))
    return case


def _load(path: Path, include: Include | None, chain: tuple[Path, ...]) -> Case:
    where, length = (include.source, len(include.path) + 2) if include else (None, 1)
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise CaseError(
            [
                Diagnostic(
                    f"the includes form a cycle: {cycle}",
                    where,
                    length,
                    help="a file cannot include itself, directly or through other files",
                )
            ]
        )
    case = parse_text(read_case_file(path, where, length), str(path))
    for inc in case.includes:
        case.merge(_load(path.parent / inc.path, inc, (*chain, resolved)))
    return case
