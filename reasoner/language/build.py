"""From the parser's tokens to model objects: the builder, and the transformer that calls it as Lark parses.

Lark's LALR parser is given ``Reader`` at construction (``syntax.parser``),
so each rule's method runs as the rule is reduced and no parse tree is built.
The file being read (its name, its lines, the diagnostics found so far) is a
``Build``, set for the length of one parse by ``reading``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from lark import Transformer

from reasoner.common.errors import Diagnostic, Source, one_of, suggestion
from reasoner.common.limits import STEPS_HELP, step_number
from reasoner.language import vocabulary as vocab
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    CallToComply,
    Ceasefire,
    Conduct,
    Contribution,
    Event,
    Expectation,
    Happening,
    Include,
    Notification,
    Objection,
    Phrase,
    PolicyEnd,
    Response,
    Signal,
    StateDecl,
    Threat,
    Time,
    WarJustice,
)

if TYPE_CHECKING:
    from lark import Token


def code(line: str) -> str:
    """A line without its comment and trailing spaces (a ``#`` inside quotes is text)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:i].rstrip()
    return line.rstrip()


#: A happening, where its two states are named, and where it is written (start and length).
Placed = tuple[Happening, tuple[Source, ...], tuple[Source, int]]
#: A statement as the readers give it: its kind (``title``, ``event``, ...) and its model object.
Statement = tuple[str, Any]
#: A status phrase as parsed: its words, and the names in its parentheses.
ParsedPhrase = tuple[Sequence["Token"], Sequence["Token"]]
#: A clause of an alliance block: its kind (``adversary``, ``scope``, ...) and its value.
Clause = tuple[str, Any]


class Build:
    """Turns what the readers find into model objects, collecting vocabulary errors.

    ``Reader`` calls one method per statement and happening as the parser
    reduces it; the methods check the vocabulary and keep every position.
    """

    def __init__(self, file: str, line_offset: int = 0) -> None:
        self.file = file
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []

    # helpers -----------------------------------------------------------
    def _source(self, token: Token) -> Source:
        return Source(self.file, token.line + self.line_offset, token.column)

    def _sources(self, *tokens: Token | None) -> tuple[Source, ...]:
        return tuple(self._source(t) for t in tokens if t is not None)

    def _word(self, token: Token, allowed: tuple[str, ...], what: str) -> str:
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
        self, pairs: Sequence[tuple[Token, Token]], table: Mapping[str, tuple[str, ...]], what: str, where: Source
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
        for k in table:
            if k not in values and k in vocab.OPTIONAL_ATTRIBUTES:
                values[k] = vocab.OPTIONAL_ATTRIBUTES[k]
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
    def time(self, token: Token) -> Time:
        """A step number or a calendar date."""
        if token.type == "INT":
            step = step_number(token)
            if step is None:
                shown = token if len(token) <= 20 else f"{token[:20]}..."
                self.diagnostics.append(
                    Diagnostic(
                        f"the step {shown} is too large", self._source(token), length=len(token), help=STEPS_HELP
                    )
                )
            return step or 0
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.diagnostics.append(
                Diagnostic(f"'{token}' is not a calendar date", self._source(token), length=len(token))
            )
            return datetime.date(1, 1, 1)

    def title(self, text: Token) -> Statement:
        return "title", (text[1:-1], self._source(text))

    def include(self, path: Token) -> Statement:
        return "include", Include(path[1:-1], self._source(path))

    def states(self, names: Sequence[Token]) -> Statement:
        return "states", [StateDecl(str(t), self._source(t)) for t in names]

    def alliance(
        self, name: Token, arity: Token | None, kind: Token, members: Sequence[Token], clauses: Sequence[Clause]
    ) -> Statement:
        """An alliance block; ``clauses`` are ``("adversary", (names, excepted))`` (no names: any state),
        ``("scope", names | None)``, ``("unprovoked", True)``, ``("covers_provoked", True)``,
        ``("one_way", (guarantors, guaranteed))`` and ``("in_force", (start, end))``; a later one of a kind wins."""
        fields = dict(clauses)
        start, end = fields.get("in_force", (None, None))
        adversaries, excepted = fields.get("adversary", ([], []))
        guarantors, guaranteed = fields.get("one_way", ([], []))
        scope: Sequence[Token] | None = fields.get("scope")
        named = (*members, *adversaries, *excepted, *guarantors, *guaranteed)
        return "alliance", Alliance(
            name=str(name),
            kind=self._word(kind, vocab.PACT_TYPES, "pact type"),
            members=tuple(str(m) for m in members),
            arity=self._word(arity, vocab.ARITIES, "alliance form") if arity is not None else None,
            adversaries=tuple(str(t) for t in adversaries),
            scope=tuple(str(t) for t in scope) if scope is not None else None,
            unprovoked_only=bool(fields.get("unprovoked", False)),
            covers_provoked=bool(fields.get("covers_provoked", False)),
            start=start,
            end=end,
            excepted=tuple(str(t) for t in excepted),
            guarantors=tuple(str(t) for t in guarantors),
            guaranteed=tuple(str(t) for t in guaranteed),
            source=self._source(name),
            name_sources=self._sources(*named),
        )

    def event(self, time: Time, token: Token, placed: Placed) -> Statement:
        happening, names, span = placed
        return "event", Event(time, happening, self._source(token), names, span)

    def expectation(
        self,
        keyword: Token,
        doctrines: Sequence[Token],
        owes: Token,
        to: Token,
        times: Sequence[tuple[Time, Token]],
        phrases: Sequence[ParsedPhrase],
    ) -> Statement:
        """An ``expect`` statement; ``doctrines`` are names and quoted paths, or the one word ``all``."""
        first_word, last = phrases[0][0][0], phrases[-1][1][-1] if phrases[-1][1] else phrases[-1][0][-1]
        span_length = (last.end_pos or 0) - (first_word.start_pos or 0) + (1 if phrases[-1][1] else 0)
        status = self._status(phrases, self._source(first_word), span_length)
        return "expectation", Expectation(
            doctrines=tuple(str(d)[1:-1] if d.type == "STRING" else str(d) for d in doctrines),
            owes=str(owes),
            to=str(to),
            start=times[0][0],
            end=times[1][0] if len(times) > 1 else None,
            status=status,
            source=self._source(keyword),
            doctrine_sources=self._sources(*doctrines),
            name_sources=self._sources(owes, to),
            time_sources=self._sources(*(token for _, token in times)),
            status_span=(self._source(first_word), max(1, span_length)),
        )

    def _status(self, phrases: Sequence[ParsedPhrase], where: Source, length: int) -> tuple[Phrase, ...]:
        """A status's phrases checked against the vocabulary, in canonical order."""
        found: dict[str, Phrase] = {}
        known = len(self.diagnostics)
        for words, named in phrases:
            text = " ".join(str(w) for w in words)
            at, size = self._source(words[0]), (words[-1].end_pos or 0) - (words[0].start_pos or 0)
            if text not in vocab.STATUS_PHRASES:
                self.diagnostics.append(
                    Diagnostic(
                        f"unknown status '{text}'",
                        at,
                        size,
                        help=suggestion(text, vocab.STATUS_PHRASES)
                        + f"a status is made of {one_of(list(vocab.STATUS_PHRASES))}",
                    )
                )
                continue
            if text in found:
                self.diagnostics.append(Diagnostic(f"the status says '{text}' twice", at, size))
            found[text] = (text, self._named(text, named, at, size))
        if len(self.diagnostics) == known:  # the phrases are sound: is their combination?
            self._status_shape(list(found), where, length)
        order = list(vocab.STATUS_PHRASES)
        return tuple(found[k] for k in sorted(found, key=order.index))

    def _status_shape(self, found: list[str], where: Source, length: int) -> None:
        """A breach's verdict stands alone (but for positions); any other status says the duty's state once."""
        verdicts = [p for p in found if p in vocab.BREACH_PHRASES]
        duties = [p for p in found if p in vocab.DUTY_PHRASES]
        message, help = None, f"start the status with {one_of(vocab.DUTY_PHRASES)}"
        if verdicts:
            others = [
                p
                for p in found
                if p not in verdicts
                and p not in vocab.POSITION_PHRASES
                and not (p == "blameworthy" and verdicts == ["breach justified"])
            ]
            if len(verdicts) > 1 or others:
                said = ", ".join(p for p in found if p not in vocab.POSITION_PHRASES)
                message = f"a breach's status is its verdict alone, not '{said}'"
                help = f"write one of {one_of(vocab.BREACH_PHRASES)} (with ', blameworthy' after 'breach justified')"
        elif "blameworthy" in found:
            message, help = "'blameworthy' follows 'breach justified' only", "write 'breach blameworthy' for a breach"
        elif len(duties) != 1:
            said = " and ".join(f"'{d}'" for d in duties)
            message = f"the status says the duty's state twice: {said}" if duties else "the status leaves out the duty"
        if message is not None:
            self.diagnostics.append(Diagnostic(message, where, length, help=help))

    def _named(self, text: str, named: Sequence[Token], at: Source, length: int) -> tuple[str, ...]:
        """What a status phrase names in parentheses, checked against what the phrase takes."""
        takes, names = vocab.STATUS_PHRASES[text], tuple(str(n) for n in named)
        if takes == "grounds" and not names:
            self.diagnostics.append(
                Diagnostic(f"'{text}' needs its grounds", at, length, help=f"write '{text} (entrapment)', say")
            )
        elif takes == "nothing" and names:
            self.diagnostics.append(
                Diagnostic(f"'{text}' takes nothing in parentheses", self._source(named[0]), len(names[0]))
            )
        elif takes == "reason":
            for token in named:
                self._word(token, vocab.SUSPENSION_REASONS, "suspension reason")
        return tuple(sorted(set(names))) if takes == "grounds" else names

    # happenings ----------------------------------------------------------
    # Each is given its two states, what else it says, and the length of its text;
    # it returns the happening, where its states are named, and where it is written.
    def _placed(self, happening: Happening, first: Token, second: Token, length: int) -> Placed:
        return happening, self._sources(first, second), (self._source(first), max(1, length))

    def attack(
        self, attacker: Token, target: Token, place: Token | None, initiated: Token | None, length: int
    ) -> Placed:
        """``initiated`` is the word ``target`` of ``, target initiated hostilities``, if written."""
        where = self._source(initiated) if initiated is not None else None
        happening = Attack(
            str(attacker), str(target), str(place) if place is not None else None, where is not None, where
        )
        return self._placed(happening, attacker, target, length)

    def conduct(self, actor: Token, kind: Token, towards: Token, length: int) -> Placed:
        happening = Conduct(str(actor), str(towards), self._word(kind, vocab.CONDUCT_KINDS, "policy"))
        return self._placed(happening, actor, towards, length)

    def policy_end(self, actor: Token, towards: Token, length: int) -> Placed:
        return self._placed(PolicyEnd(str(actor), str(towards)), actor, towards, length)

    def belief(self, holder: Token, about: Token, pairs: Sequence[tuple[Token, Token]], length: int) -> Placed:
        values = self._attributes(pairs, vocab.BELIEF_ATTRIBUTES, "belief", self._source(holder))
        return self._placed(Belief(str(holder), str(about), **values), holder, about, length)

    def signal(self, sender: Token, receiver: Token, pairs: Sequence[tuple[Token, Token]], length: int) -> Placed:
        values = self._attributes(pairs, vocab.SIGNAL_ATTRIBUTES, "warning", self._source(sender))
        return self._placed(Signal(str(sender), str(receiver), **values), sender, receiver, length)

    def response(self, responder: Token, to: Token, kind: Token, length: int) -> Placed:
        happening = Response(str(responder), str(to), self._word(kind, vocab.RESPONSES, "response"))
        return self._placed(happening, responder, to, length)

    def threat(self, threatener: Token, target: Token, pairs: Sequence[tuple[Token, Token]], length: int) -> Placed:
        values = self._attributes(pairs, vocab.THREAT_ATTRIBUTES, "threat", self._source(threatener))
        return self._placed(Threat(str(threatener), str(target), **values), threatener, target, length)

    def action(self, actor: Token, kind: str, ally: Token, length: int) -> Placed:
        """``kind`` is ``assisted`` or ``refrained``."""
        return self._placed(Action(str(actor), str(ally), kind), actor, ally, length)

    def ceasefire(self, ceaser: Token, against: Token, length: int) -> Placed:
        return self._placed(Ceasefire(str(ceaser), str(against)), ceaser, against, length)

    def notification(self, sender: Token, receiver: Token, measure: Token, length: int) -> Placed:
        happening = Notification(str(sender), str(receiver), self._word(measure, vocab.MEASURES, "measure"))
        return self._placed(happening, sender, receiver, length)

    def objection(self, objector: Token, to: Token, length: int) -> Placed:
        return self._placed(Objection(str(objector), str(to)), objector, to, length)

    def call_to_comply(self, caller: Token, called: Token, length: int) -> Placed:
        return self._placed(CallToComply(str(caller), str(called)), caller, called, length)

    def war_justice(self, fighter: Token, justice: Token, enemy: Token, length: int) -> Placed:
        happening = WarJustice(str(fighter), str(enemy), self._word(justice, vocab.WAR_JUSTICE, "war's justice"))
        return self._placed(happening, fighter, enemy, length)

    def contribution(self, giver: Token, ally: Token, extent: Token, length: int) -> Placed:
        happening = Contribution(str(giver), str(ally), self._word(extent, vocab.CONTRIBUTIONS, "contribution"))
        return self._placed(happening, giver, ally, length)


class Reader(Transformer):  # type: ignore[misc]
    """Hands each reduced rule's parts to the ``Build`` of the file being read (see ``reading``).

    One method per rule of ``grammar/case.lark``; a rule's children arrive with
    anonymous keywords left out and optional parts as ``None``.
    """

    @property
    def build(self) -> Build:
        return _READING.get()[0]

    def _length(self, first: Token) -> int:
        """How long a happening's text is: from its first token to the end of its line's code."""
        lines = _READING.get()[1]
        return max(1, len(code(lines[first.line - 1])) - first.column + 1)

    def start(self, children: list[Statement | None]) -> list[Statement]:
        return [c for c in children if c is not None]

    def time(self, children: list[Token]) -> tuple[Time, Token]:
        return self.build.time(children[0]), children[0]

    def names(self, children: list[Token]) -> list[Token]:
        return children

    def attribute(self, children: list[Token]) -> tuple[Token, Token]:
        return children[0], children[1]

    def attributes(self, children: list[tuple[Token, Token]]) -> list[tuple[Token, Token]]:
        return children

    def title(self, children: list[Token]) -> Statement:
        return self.build.title(children[0])

    def include(self, children: list[Token]) -> Statement:
        return self.build.include(children[0])

    def states(self, children: list[list[Token]]) -> Statement:
        return self.build.states(children[0])

    def expectation(self, children: list[Any]) -> Statement:
        keyword, *doctrines, owes, to, times, status = children
        return self.build.expectation(keyword, doctrines, owes, to, times, status)

    def every_doctrine(self, children: list[Token]) -> Token:
        return children[0]

    def doctrine(self, children: list[Token]) -> Token:
        return children[0]

    def point(self, children: list[tuple[Time, Token]]) -> list[tuple[Time, Token]]:
        return children

    def span(self, children: list[tuple[Time, Token]]) -> list[tuple[Time, Token]]:
        return children

    def status(self, children: list[ParsedPhrase]) -> list[ParsedPhrase]:
        return children

    def phrase(self, children: list[Any]) -> ParsedPhrase:
        *words, named = children
        return words, named or []

    def named(self, children: list[Token]) -> list[Token]:
        return children

    def any_state(self, children: list[list[Token] | None]) -> tuple[list[Token], list[Token]]:
        return [], children[0] or []

    def anywhere(self, children: list[Any]) -> None:
        return None

    def adversary(self, children: list[Any]) -> Clause:
        named = children[0]
        return "adversary", named if isinstance(named, tuple) else (named, [])

    def one_way(self, children: list[list[Token]]) -> Clause:
        return "one_way", (children[0], children[1])

    def scope(self, children: list[list[Token] | None]) -> Clause:
        return "scope", children[0]

    def unprovoked(self, children: list[Any]) -> Clause:
        return "unprovoked", True

    def covers_provoked(self, children: list[Any]) -> Clause:
        return "covers_provoked", True

    def in_force(self, children: list[tuple[Time, Token] | None]) -> Clause:
        start, end = children
        assert start is not None
        return "in_force", (start[0], end[0] if end else None)

    def alliance(self, children: list[Any]) -> Statement:
        name, arity, kind, members, *clauses = children
        return self.build.alliance(name, arity, kind, members, clauses)

    def event(self, children: list[Any]) -> Statement:
        (time, token), placed = children
        return self.build.event(time, token, placed)

    def initiated(self, children: list[Token]) -> Token:
        return children[0]

    def assists(self, children: list[Any]) -> str:
        return "assisted"

    def refrains(self, children: list[Any]) -> str:
        return "refrained"

    def attack(self, children: list[Any]) -> Placed:
        attacker, target, place, initiated = children
        return self.build.attack(attacker, target, place, initiated, self._length(attacker))

    def _passes_on(name: str) -> Callable[[Reader, list[Any]], Placed]:  # type: ignore[misc]
        """A happening's method: its children, then its length, to the builder's method of the same name."""

        def call(self: Reader, children: list[Any]) -> Placed:
            return getattr(self.build, name)(*children, self._length(children[0]))

        call.__name__ = name
        return call

    conduct, belief, signal = _passes_on("conduct"), _passes_on("belief"), _passes_on("signal")
    policy_end = _passes_on("policy_end")
    response, threat = _passes_on("response"), _passes_on("threat")
    action, ceasefire = _passes_on("action"), _passes_on("ceasefire")
    notification, objection = _passes_on("notification"), _passes_on("objection")
    call_to_comply, war_justice = _passes_on("call_to_comply"), _passes_on("war_justice")
    contribution = _passes_on("contribution")
    del _passes_on


#: The file being read, and its lines, while the parser runs (a context variable, so threads do not mix).
_READING: ContextVar[tuple[Build, Sequence[str]]] = ContextVar("reading")


@contextmanager
def reading(build: Build, lines: Sequence[str]) -> Iterator[None]:
    """Make ``build`` (for a text of these lines) the one ``Reader`` hands what it parses to."""
    token = _READING.set((build, lines))
    try:
        yield
    finally:
        _READING.reset(token)
