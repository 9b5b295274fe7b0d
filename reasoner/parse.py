"""From case text to the case model: the Lark parser and its transformer.

``parse_text`` reads one file's text; ``load_case`` reads a file and the
files it includes, merges them, and checks what the case means (``check``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken, VisitError

from reasoner import vocabulary as vocab
from reasoner.errors import CaseError, Diagnostic, Source, did_you_mean, one_of
from reasoner.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    Case,
    Ceasefire,
    Conduct,
    Event,
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


@cache
def parser() -> Lark:
    """The LALR parser of the case language (built once)."""
    return Lark(
        grammar_file().read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=True,
    )


def describe_terminal(name: str) -> str:
    """A terminal as a user would write it: a keyword in quotes, or what kind of text."""
    if name in TERMINAL_WORDS:
        return TERMINAL_WORDS[name]
    for term in parser().terminals:
        if term.name == name and term.pattern.type == "str":
            return f"'{term.pattern.value}'"
    return name.lower()


def _expected(names: set[str]) -> str:
    words = sorted({describe_terminal(n) for n in names})
    return one_of(words) if words else "something else"


def syntax_diagnostic(err: UnexpectedInput, file: str) -> Diagnostic:
    """A Lark error told in the case language's terms, with its position."""
    line, column = max(err.line, 1), max(err.column, 1)
    if isinstance(err, UnexpectedCharacters):
        found = repr(err.char) if err.char.strip() else "a space"
        message = f"unexpected character {found}"
        return Diagnostic(message, Source(file, line, column), help=f"expected {_expected(err.allowed)}")
    if isinstance(err, UnexpectedToken):
        token = err.token
        if token.type == "$END":
            found = "the end of the file"
        elif token.type == "_NL":
            found = "the end of the line"
        else:
            found = f"'{token}'"
        return Diagnostic(
            f"unexpected {found}",
            Source(file, line, column),
            length=max(1, len(str(token).strip())) if token.type not in ("$END", "_NL") else 1,
            help=f"expected {_expected(set(err.expected))}",
        )
    return Diagnostic("unexpected end of the file", Source(file, line, column))


def _source(file: str, item: Token | Tree) -> Source:
    if isinstance(item, Token):
        return Source(file, item.line or 1, item.column or 1)
    return Source(file, item.meta.line, item.meta.column)


class _Build(Transformer):
    """Turns the parse tree into model objects, collecting vocabulary errors."""

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    # helpers -----------------------------------------------------------
    def _word(self, token: Token, allowed: tuple[str, ...], what: str) -> str:
        word = str(token)
        if word not in allowed:
            guess = did_you_mean(word, allowed)
            self.diagnostics.append(
                Diagnostic(
                    f"unknown {what} '{word}'",
                    _source(self.file, token),
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
                        _source(self.file, key),
                        length=len(name),
                        help=(f"did you mean '{guess}'? " if guess else "") + f"a {what} takes {one_of(list(table))}",
                    )
                )
                continue
            if name in values:
                self.diagnostics.append(
                    Diagnostic(f"the {what}'s {name} is given twice", _source(self.file, key), length=len(name))
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
    def STRING(self, token: Token) -> str:
        return token[1:-1]

    def time(self, children: list[Token]) -> tuple[Time, Token]:
        token = children[0]
        if token.type == "INT":
            return int(token), token
        try:
            return datetime.date.fromisoformat(str(token)), token
        except ValueError:
            self.diagnostics.append(
                Diagnostic(f"'{token}' is not a calendar date", _source(self.file, token), length=len(token))
            )
            return datetime.date(1, 1, 1), token

    def names(self, children: list[Token]) -> list[Token]:
        return children

    def attribute(self, children: list[Token]) -> tuple[Token, Token]:
        return children[0], children[1]

    def attributes(self, children: list[tuple[Token, Token]]) -> list[tuple[Token, Token]]:
        return children

    # statements ----------------------------------------------------------
    @v_args(meta=True)
    def title(self, meta: object, children: list[str]) -> tuple[str, str]:
        return "title", children[0]

    @v_args(meta=True)
    def include(self, meta: object, children: list[str]) -> tuple[str, Include]:
        return "include", Include(children[0], self._meta_source(meta))

    def states(self, children: list[list[Token]]) -> tuple[str, list[StateDecl]]:
        return "states", [StateDecl(str(t), _source(self.file, t)) for t in children[0]]

    def adversary(self, children: list[Token | Tree]) -> tuple[str, str | None]:
        item = children[0]
        return "adversary", str(item) if isinstance(item, Token) else None

    def scope(self, children: list[list[Token] | Tree]) -> tuple[str, tuple[str, ...] | None]:
        item = children[0]
        return "scope", tuple(str(t) for t in item) if isinstance(item, list) else None

    def unprovoked(self, children: list[object]) -> tuple[str, bool]:
        return "unprovoked", True

    def in_force(self, children: list[tuple[Time, Token] | None]) -> tuple[str, tuple[Time, Time | None]]:
        start, end = children
        assert start is not None
        return "in_force", (start[0], end[0] if end else None)

    @v_args(meta=True)
    def alliance(self, meta: object, children: list[object]) -> tuple[str, Alliance]:
        name, arity, kind, members, *clauses = children
        assert isinstance(name, Token) and isinstance(kind, Token) and isinstance(members, list)
        fields: dict[str, object] = {}
        for key, value in clauses:  # type: ignore[misc]
            fields[key] = value
        start, end = fields.get("in_force", (None, None))  # type: ignore[misc]
        return "alliance", Alliance(
            name=str(name),
            kind=self._word(kind, vocab.PACT_TYPES, "pact type"),
            members=tuple(str(m) for m in members),
            arity=self._word(arity, vocab.ARITIES, "alliance form") if isinstance(arity, Token) else None,
            adversary=fields.get("adversary"),  # type: ignore[arg-type]
            scope=fields.get("scope"),  # type: ignore[arg-type]
            unprovoked_only=bool(fields.get("unprovoked", False)),
            start=start,
            end=end,
            source=_source(self.file, name),
        )

    @v_args(meta=True)
    def event(self, meta: object, children: list[object]) -> tuple[str, Event]:
        (time, token), happening = children  # type: ignore[misc]
        return "event", Event(time, happening, _source(self.file, token))  # type: ignore[arg-type]

    # happenings ----------------------------------------------------------
    def attack(self, children: list[Token | Tree | None]) -> Attack:
        attacker, target, place, initiated = children
        return Attack(str(attacker), str(target), str(place) if place is not None else None, initiated is not None)

    def conduct(self, children: list[Token]) -> Conduct:
        actor, kind, towards = children
        return Conduct(str(actor), str(towards), self._word(kind, vocab.CONDUCT_KINDS, "policy"))

    @v_args(meta=True)
    def belief(self, meta: object, children: list[object]) -> Belief:
        holder, about, pairs = children
        values = self._attributes(pairs, vocab.BELIEF_ATTRIBUTES, "belief", self._meta_source(meta))  # type: ignore[arg-type]
        return Belief(str(holder), str(about), **values)

    @v_args(meta=True)
    def signal(self, meta: object, children: list[object]) -> Signal:
        sender, receiver, pairs = children
        values = self._attributes(pairs, vocab.SIGNAL_ATTRIBUTES, "warning", self._meta_source(meta))  # type: ignore[arg-type]
        return Signal(str(sender), str(receiver), **values)

    def response(self, children: list[Token]) -> Response:
        responder, to, kind = children
        return Response(str(responder), str(to), self._word(kind, vocab.RESPONSES, "response"))

    @v_args(meta=True)
    def threat(self, meta: object, children: list[object]) -> Threat:
        threatener, target, pairs = children
        values = self._attributes(pairs, vocab.THREAT_ATTRIBUTES, "threat", self._meta_source(meta))  # type: ignore[arg-type]
        return Threat(str(threatener), str(target), **values)

    def action(self, children: list[Token | Tree]) -> Action:
        actor, kind, ally = children
        assert isinstance(kind, Tree)
        return Action(str(actor), str(ally), "assisted" if kind.data == "assists" else "refrained")

    def ceasefire(self, children: list[Token]) -> Ceasefire:
        return Ceasefire(str(children[0]), str(children[1]))

    def _meta_source(self, meta: object) -> Source:
        return Source(self.file, getattr(meta, "line", 1), getattr(meta, "column", 1))


def parse_text(text: str, file: str = "<case>") -> Case:
    """Parse one file's text into a case model (includes are recorded, not read)."""
    try:
        tree = parser().parse(text if text.endswith("\n") else text + "\n")
    except UnexpectedInput as err:
        raise CaseError([syntax_diagnostic(err, file)]) from None
    build = _Build(file)
    try:
        statements = build.transform(tree).children
    except VisitError as err:  # a bug in a transformer method, never the user's input
        raise err.orig_exc from None
    if build.diagnostics:
        raise CaseError(build.diagnostics)
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


def read_case_file(path: Path, include_source: Source | None = None) -> str:
    """The text of a case file, or an error pointing at whoever asked for it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        message = f"no case file at '{path}'"
    except IsADirectoryError:
        message = f"'{path}' is a folder, not a case file"
    except UnicodeDecodeError:
        message = f"'{path}' is not UTF-8 text"
    except OSError as err:
        message = f"cannot read '{path}': {err.strerror}"
    raise CaseError([Diagnostic(message, include_source)])


def load_case(path: str | Path) -> Case:
    """Read a case file and everything it includes, then check what it means."""
    from reasoner.check import check_case

    case = _load(Path(path), include_source=None, chain=())
    check_case(case)
    return case


def _load(path: Path, include_source: Source | None, chain: tuple[Path, ...]) -> Case:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise CaseError([Diagnostic(f"the includes form a cycle: {cycle}", include_source)])
    case = parse_text(read_case_file(path, include_source), str(path))
    for inc in case.includes:
        case.merge(_load(path.parent / inc.path, inc.source, (*chain, resolved)))
    return case
