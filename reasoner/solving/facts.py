"""From the case model to answer-set facts, as ``clingo.Symbol`` values or as program text.

Names written by the user (states, alliances, places) become strings, so they
keep their spelling; vocabulary words become constants (``head_of_state``).
Every fact remembers the source line it came from (``Facts.sources``), for
error messages and explanations. Time points are the steps themselves, or
for dated cases the dates' ordinal days; only the points the case mentions
are emitted, with ``next/2`` linking each to the following one, and ``dated`` when
they are dates.

The facts are written once, over a choice of ``Terms``: clingo's own
constructors give symbols, for solving one case and for explanations; the
text constructors give the same facts as clingo prints them, for solving many
cases in one grounding, with no symbol built (``Facts.texts``). ``Facts``
builds each form when first asked for it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, NamedTuple, TypeVar

from clingo import Function, Number, String, Symbol

from reasoner.common.errors import Source
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    CallToComply,
    Case,
    Ceasefire,
    Conduct,
    Contribution,
    Event,
    Happening,
    Notification,
    Objection,
    PolicyEnd,
    Response,
    Signal,
    Threat,
    Time,
    WarJustice,
    time_key,
)
from reasoner.language.vocabulary import asp_name

T = TypeVar("T", bound=Hashable)


class Terms(NamedTuple):
    """The constructors facts are built with: a function (or constant), a string, a number."""

    function: Callable[..., Any]
    string: Callable[[str], Any]
    number: Callable[[int], Any]


def _text_function(name: str, arguments: Sequence[str] = ()) -> str:
    return f"{name}({','.join(arguments)})" if arguments else name


def _text_string(value: str) -> str:
    """A string as clingo prints it: quoted, with backslash, double quote and line feed escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


#: Facts as clingo symbols.
SYMBOLS = Terms(Function, String, Number)

#: Facts as program text, each printed as clingo prints its symbol.
TEXT = Terms(_text_function, _text_string, str)


def _word(word: str, terms: Terms) -> Any:
    return terms.function(asp_name(word))


def _time(time: Time, terms: Terms) -> Any:
    return terms.number(time_key(time))


def _kept(items: Iterable[tuple[T, Source | None]]) -> tuple[list[T], dict[T, Source]]:
    """The facts in order, each once if it has a source, with the first source of each."""
    kept: list[T] = []
    sources: dict[T, Source] = {}
    for item, source in items:
        if item not in sources:
            kept.append(item)
        if source is not None:
            sources.setdefault(item, source)
    return kept, sources


class Facts:
    """The facts of one case, with where each came from and how to print its times.

    Made from a case (``case_facts``), the symbols and their sources, and the
    texts, are each built when first asked for.
    """

    def __init__(
        self,
        symbols: Sequence[Symbol] = (),
        sources: dict[Symbol, Source] | None = None,
        times: dict[int, Time] | None = None,
        case: Case | None = None,
    ) -> None:
        self.times: dict[int, Time] = dict(times or {})
        self._case = case
        self._symbols: list[Symbol] | None = None if case is not None else list(symbols)
        self._sources: dict[Symbol, Source] = dict(sources or {})
        self._texts: list[str] | None = None

    def _built(self) -> None:
        """The symbols and their sources built from the case, if they are not yet."""
        if self._symbols is None:
            assert self._case is not None
            self._symbols, self._sources = _kept(_case_items(self._case, SYMBOLS))

    @property
    def symbols(self) -> list[Symbol]:
        """The facts as clingo symbols, in order."""
        self._built()
        assert self._symbols is not None
        return self._symbols

    @property
    def sources(self) -> dict[Symbol, Source]:
        """The case line each fact comes from (the facts of time points have none)."""
        self._built()
        return self._sources

    @property
    def texts(self) -> list[str]:
        """The facts as program text, one each (``str`` of each symbol, built without the symbols)."""
        if self._texts is None:
            if self._case is not None and self._symbols is None:
                self._texts = _kept(_case_items(self._case, TEXT))[0]
            else:
                self._texts = [str(s) for s in self.symbols]
        return self._texts


def _happening_facts(h: Happening, t: Any, terms: Terms) -> Iterator[Any]:
    Function, String = terms.function, terms.string  # the constructors chosen
    if isinstance(h, Attack):
        place = String(h.place) if h.place is not None else Function("unspecified")
        yield Function("attack", [String(h.attacker), String(h.target), place, t])
        if h.target_initiated:
            yield Function("target_initiated", [String(h.attacker), String(h.target), t])
    elif isinstance(h, Conduct):
        yield Function("conduct", [String(h.actor), String(h.towards), _word(h.kind, terms), t])
    elif isinstance(h, PolicyEnd):
        yield Function("policy_end", [String(h.actor), String(h.towards), t])
    elif isinstance(h, Belief):
        values = [_word(v, terms) for v in (h.likelihood, h.horizon, h.evidence, h.faith)]
        yield Function("belief", [String(h.holder), String(h.about), *values, t])
    elif isinstance(h, Signal):
        values = [_word(v, terms) for v in (h.level, h.channel, h.clarity)]
        yield Function("signal", [String(h.sender), String(h.receiver), *values, t])
        if h.content == "conditional":
            yield Function("conditional_signal", [String(h.sender), String(h.receiver), t])
    elif isinstance(h, Response):
        yield Function("response", [String(h.responder), String(h.to), _word(h.kind, terms), t])
    elif isinstance(h, Threat):
        values = [_word(h.severity, terms), _word(h.credibility, terms)]
        yield Function("threat", [String(h.threatener), String(h.target), *values, t])
    elif isinstance(h, Action):
        yield Function("action", [String(h.actor), String(h.ally), _word(h.kind, terms), t])
    elif isinstance(h, Ceasefire):
        yield Function("ceasefire", [String(h.attacker), String(h.target), t])
    else:
        yield _legal_fact(h, t, terms)


def _legal_fact(h: Happening, t: Any, terms: Terms) -> Any:
    """The fact of a notification, an objection, a call to comply, a war's justice or an ally's contribution."""
    Function, String = terms.function, terms.string  # the constructors chosen
    if isinstance(h, Notification):
        return Function("notification", [String(h.sender), String(h.receiver), _word(h.measure, terms), t])
    if isinstance(h, Objection):
        return Function("objection", [String(h.objector), String(h.to), t])
    if isinstance(h, CallToComply):
        return Function("call_to_comply", [String(h.caller), String(h.called), t])
    if isinstance(h, WarJustice):
        return Function("war_justice", [String(h.fighter), String(h.enemy), _word(h.justice, terms), t])
    assert isinstance(h, Contribution)
    return Function("contribution", [String(h.giver), String(h.ally), _word(h.extent, terms), t])


def case_facts(case: Case) -> Facts:
    """All input facts of a case (see ``rules/interface.lp`` for their meaning), built when first needed."""
    return Facts(times={time_key(point): point for point in case.times()}, case=case)


def _case_items(case: Case, terms: Terms) -> Iterator[tuple[Any, Source | None]]:
    """Every fact of a case, in order, with the source it comes from."""
    Function = terms.function  # the constructors chosen
    points = case.times()
    for point in points:
        yield Function("time", [_time(point, terms)]), None
    for before, after in pairwise(points):
        yield Function("next", [_time(before, terms), _time(after, terms)]), None
    if any(not isinstance(point, int) for point in points):
        yield Function("dated"), None
    for decl in case.states:
        yield Function("state", [terms.string(decl.name)]), decl.source
    for a in case.alliances:
        for fact in alliance_facts(a, terms):
            yield fact, a.source
    for event in case.events:
        for fact in event_facts(event, terms):
            yield fact, event.source


def alliance_facts(a: Alliance, terms: Terms = SYMBOLS) -> Iterator[Any]:
    """The facts of one alliance: its name, kind, members and clauses."""
    Function, String = terms.function, terms.string  # the constructors chosen
    name = String(a.name)
    yield Function("alliance", [name])
    yield Function("pact", [name, _word(a.kind, terms)])
    for member in a.members:
        yield Function("member", [name, String(member)])
    for adversary in [String(z) for z in a.adversaries] or [Function("any")]:
        yield Function("adversary", [name, adversary])
    for excepted in a.excepted:
        yield Function("adversary_except", [name, String(excepted)])
    for guarantor in a.guarantors:
        for guaranteed in a.guaranteed:
            yield Function("guarantee", [name, String(guarantor), String(guaranteed)])
    for place in a.scope if a.scope is not None else ():
        yield Function("scope", [name, String(place)])
    if a.scope is None:
        yield Function("scope", [name, Function("anywhere")])
    if a.unprovoked_only:
        yield Function("unprovoked_only", [name])
    if a.covers_provoked:
        yield Function("covers_provoked", [name])
    if a.start is not None:
        yield Function("in_force_from", [name, _time(a.start, terms)])
    if a.end is not None:
        yield Function("in_force_until", [name, _time(a.end, terms)])


def event_facts(event: Event, terms: Terms = SYMBOLS) -> Iterator[Any]:
    """The facts of one event of the timeline."""
    return _happening_facts(event.happening, _time(event.time, terms), terms)
