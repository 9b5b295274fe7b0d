"""From case text to the case model: the Lark parser and its transformer.

``parse_text`` reads one file's text; ``load_case`` reads a file and the
files it includes, merges them, and checks what the case means (``check``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError
from lark.tree import Meta

from reasoner import vocabulary as vocab
from reasoner.errors import CaseError, Diagnostic, Source, did_you_mean, either, one_of, source_lines
from reasoner.model import (
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
from reasoner.resources import grammar_file

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
    """The LALR parser of the case language (built once)."""
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


_Placed = tuple["Happening", tuple[Source, ...], tuple[Source, int]]


def _placed(build: Callable[[_Build, Meta, list[Any]], Happening]) -> Callable[..., _Placed]:
    """A happening's builder that also records where its states are named and where it is written."""

    @v_args(meta=True)
    @functools.wraps(build)
    def method(self: _Build, meta: Meta, children: list[Any]) -> _Placed:
        names = [c for c in children if isinstance(c, Token) and c.type == "NAME"][:2]
        length = meta.end_column - meta.column if meta.end_line == meta.line else 1
        return build(self, meta, children), self._sources(*names), (self._meta_source(meta), max(1, length))

    return method


class _Build(Transformer):
    """Turns the parse tree into model objects, collecting vocabulary errors."""

    def __init__(self, file: str, line_offset: int = 0) -> None:
        super().__init__()
        self.file = file
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []

    # helpers -----------------------------------------------------------
    def _source(self, token: Token) -> Source:
        return Source(self.file, (token.line or 1) + self.line_offset, token.column or 1)

    def _meta_source(self, meta: object) -> Source:
        return Source(self.file, getattr(meta, "line", 1) + self.line_offset, getattr(meta, "column", 1))

    def _sources(self, *tokens: Token | None) -> tuple[Source, ...]:
        return tuple(self._source(t) for t in tokens if t is not None)

    def _word(self, token: Token, allowed: tuple[str, ...], what: str) -> str:
        word = str(token)
        if word not in allowed:
            guess = did_you_mean(word, allowed)
            self.diagnostics.append(
                Diagnostic(
                    f"unknown {what} '{word}'",
                    self._source(token),
                    length=len(word),
                    help=(f"did you mean '{guess}'? " if guess else "") + f"{what} is one of {one_of(allowed)}",
                )
            )
            return allowed[0]
        return word

    def _attributes(
        self, pairs: list[tuple[Token, Token]], table: Mapping[str, tuple[str, ...]], what: str, where: Source
    ) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, value in pairs:
            name = str(key)
            if name not in table:
                guess = did_you_mean(name, table)
                self.diagnostics.append(
                    Diagnostic(
                        f"a {what} has no attribute '{name}'",
                        self._source(key),
                        length=len(name),
                        help=(f"did you mean '{guess}'? " if guess else "") + f"a {what} takes {one_of(list(table))}",
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

    # leaves --------------------------------------------------------------
    def time(self, children: list[Token]) -> tuple[Time, Token]:
        token = children[0]
        if token.type == "INT":
            return int(token), token
        try:
            return datetime.date.fromisoformat(str(token)), token
        except ValueError:
            self.diagnostics.append(
                Diagnostic(f"'{token}' is not a calendar date", self._source(token), length=len(token))
            )
            return datetime.date(1, 1, 1), token

    def names(self, children: list[Token]) -> list[Token]:
        return children

    def attribute(self, children: list[Token]) -> tuple[Token, Token]:
        return children[0], children[1]

    def attributes(self, children: list[tuple[Token, Token]]) -> list[tuple[Token, Token]]:
        return children

    # statements ----------------------------------------------------------
    def title(self, children: list[Token]) -> tuple[str, str]:
        return "title", children[0][1:-1]

    def include(self, children: list[Token]) -> tuple[str, Include]:
        return "include", Include(children[0][1:-1], self._source(children[0]))

    def states(self, children: list[list[Token]]) -> tuple[str, list[StateDecl]]:
        return "states", [StateDecl(str(t), self._source(t)) for t in children[0]]

    def adversary(self, children: list[Token | Tree]) -> tuple[str, Token | None]:
        item = children[0]
        return "adversary", item if isinstance(item, Token) else None

    def scope(self, children: list[list[Token] | Tree]) -> tuple[str, tuple[str, ...] | None]:
        item = children[0]
        return "scope", tuple(str(t) for t in item) if isinstance(item, list) else None

    def unprovoked(self, children: list[object]) -> tuple[str, bool]:
        return "unprovoked", True

    def in_force(self, children: list[tuple[Time, Token] | None]) -> tuple[str, tuple[Time, Time | None]]:
        start, end = children
        assert start is not None
        return "in_force", (start[0], end[0] if end else None)

    def alliance(self, children: list[object]) -> tuple[str, Alliance]:
        name, arity, kind, members, *clauses = children
        assert isinstance(name, Token) and isinstance(kind, Token) and isinstance(members, list)
        fields: dict[str, object] = {}
        for key, value in clauses:  # type: ignore[misc]
            fields[key] = value
        start, end = fields.get("in_force", (None, None))  # type: ignore[misc]
        adversary = fields.get("adversary")
        assert adversary is None or isinstance(adversary, Token)
        return "alliance", Alliance(
            name=str(name),
            kind=self._word(kind, vocab.PACT_TYPES, "pact type"),
            members=tuple(str(m) for m in members),
            arity=self._word(arity, vocab.ARITIES, "alliance form") if isinstance(arity, Token) else None,
            adversary=str(adversary) if adversary is not None else None,
            scope=fields.get("scope"),  # type: ignore[arg-type]
            unprovoked_only=bool(fields.get("unprovoked", False)),
            start=start,
            end=end,
            source=self._source(name),
            name_sources=self._sources(*members, adversary),
        )

    def event(self, children: list[object]) -> tuple[str, Event]:
        (time, token), (happening, names, span) = children  # type: ignore[misc]
        return "event", Event(time, happening, self._source(token), names, span)

    # happenings ----------------------------------------------------------
    # Each returns the happening, where its two states are named, and where it is written.
    @_placed
    def attack(self, meta: Meta, children: list[Token | Tree | None]) -> Attack:
        attacker, target, place, initiated = children
        return Attack(str(attacker), str(target), str(place) if place is not None else None, initiated is not None)

    @_placed
    def conduct(self, meta: Meta, children: list[Token]) -> Conduct:
        actor, kind, towards = children
        return Conduct(str(actor), str(towards), self._word(kind, vocab.CONDUCT_KINDS, "policy"))

    @_placed
    def belief(self, meta: Meta, children: list[object]) -> Belief:
        holder, about, pairs = children
        values = self._attributes(pairs, vocab.BELIEF_ATTRIBUTES, "belief", self._meta_source(meta))  # type: ignore[arg-type]
        return Belief(str(holder), str(about), **values)

    @_placed
    def signal(self, meta: Meta, children: list[object]) -> Signal:
        sender, receiver, pairs = children
        values = self._attributes(pairs, vocab.SIGNAL_ATTRIBUTES, "warning", self._meta_source(meta))  # type: ignore[arg-type]
        return Signal(str(sender), str(receiver), **values)

    @_placed
    def response(self, meta: Meta, children: list[Token]) -> Response:
        responder, to, kind = children
        return Response(str(responder), str(to), self._word(kind, vocab.RESPONSES, "response"))

    @_placed
    def threat(self, meta: Meta, children: list[object]) -> Threat:
        threatener, target, pairs = children
        values = self._attributes(pairs, vocab.THREAT_ATTRIBUTES, "threat", self._meta_source(meta))  # type: ignore[arg-type]
        return Threat(str(threatener), str(target), **values)

    @_placed
    def action(self, meta: Meta, children: list[Token | Tree]) -> Action:
        actor, kind, ally = children
        assert isinstance(kind, Tree)
        return Action(str(actor), str(ally), "assisted" if kind.data == "assists" else "refrained")

    @_placed
    def ceasefire(self, meta: Meta, children: list[Token]) -> Ceasefire:
        return Ceasefire(str(children[0]), str(children[1]))


def parse_text(text: str, file: str = "<case>") -> Case:
    """Parse one file's text into a case model (includes are recorded, not read).

    A text that parses is read in one go. Otherwise each statement is parsed
    on its own, so that every syntax error of the file is reported once,
    without follow-on errors, along with the vocabulary errors of the rest.
    """
    if not text.endswith("\n"):
        text += "\n"
    build = _Build(file)
    try:
        statements = _transform(build, parser().parse(text))
    except UnexpectedInput as err:
        lines = source_lines(text)
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


def _transform(build: _Build, tree: Tree) -> list[tuple[str, Any]]:
    try:
        return list(build.transform(tree).children)
    except VisitError as err:  # a bug in a transformer method, never the user's input
        raise err.orig_exc from None


def _recover(lines: Sequence[str], file: str, build: _Build) -> list[tuple[str, Any]]:
    """Parse statement by statement, collecting every syntax error into ``build``."""
    statements: list[tuple[str, Any]] = []
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
        while True:
            try:
                tree = parser().parse("\n".join(chunk) + "\n")
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
            build.line_offset = start
            statements.extend(_transform(build, tree))
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
    from reasoner.check import check_case

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
