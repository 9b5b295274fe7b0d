"""From the case model to answer-set facts, built as ``clingo.Symbol`` values.

Names written by the user (states, alliances, places) become strings, so they
keep their spelling; vocabulary words become constants (``head_of_state``).
Every fact remembers the source line it came from (``Facts.sources``), for
error messages and explanations. Time points are the steps themselves, or
for dated cases the dates' ordinal days; only the points the case mentions
are emitted, with ``next/2`` linking each to the following one, and ``dated`` when
they are dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

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


def _word(word: str) -> Symbol:
    return Function(asp_name(word))


def _time(time: Time) -> Symbol:
    return Number(time_key(time))


@dataclass
class Facts:
    """The facts of one case, with where each came from and how to print its times."""

    symbols: list[Symbol] = field(default_factory=list)
    sources: dict[Symbol, Source] = field(default_factory=dict)
    times: dict[int, Time] = field(default_factory=dict)

    def add(self, symbol: Symbol, source: Source | None) -> None:
        if symbol not in self.sources:
            self.symbols.append(symbol)
        if source is not None:
            self.sources.setdefault(symbol, source)


def _happening_facts(h: Happening, t: Symbol) -> Iterator[Symbol]:
    if isinstance(h, Attack):
        place = String(h.place) if h.place is not None else Function("unspecified")
        yield Function("attack", [String(h.attacker), String(h.target), place, t])
        if h.target_initiated:
            yield Function("target_initiated", [String(h.attacker), String(h.target), t])
    elif isinstance(h, Conduct):
        yield Function("conduct", [String(h.actor), String(h.towards), _word(h.kind), t])
    elif isinstance(h, PolicyEnd):
        yield Function("policy_end", [String(h.actor), String(h.towards), t])
    elif isinstance(h, Belief):
        values = [_word(v) for v in (h.likelihood, h.horizon, h.evidence, h.faith)]
        yield Function("belief", [String(h.holder), String(h.about), *values, t])
    elif isinstance(h, Signal):
        values = [_word(v) for v in (h.level, h.channel, h.clarity)]
        yield Function("signal", [String(h.sender), String(h.receiver), *values, t])
        if h.content == "conditional":
            yield Function("conditional_signal", [String(h.sender), String(h.receiver), t])
    elif isinstance(h, Response):
        yield Function("response", [String(h.responder), String(h.to), _word(h.kind), t])
    elif isinstance(h, Threat):
        values = [_word(h.severity), _word(h.credibility)]
        yield Function("threat", [String(h.threatener), String(h.target), *values, t])
    elif isinstance(h, Action):
        yield Function("action", [String(h.actor), String(h.ally), _word(h.kind), t])
    elif isinstance(h, Ceasefire):
        yield Function("ceasefire", [String(h.attacker), String(h.target), t])
    else:
        yield _legal_fact(h, t)


def _legal_fact(h: Happening, t: Symbol) -> Symbol:
    """The fact of a notification, an objection, a call to comply, a war's justice or an ally's contribution."""
    if isinstance(h, Notification):
        return Function("notification", [String(h.sender), String(h.receiver), _word(h.measure), t])
    if isinstance(h, Objection):
        return Function("objection", [String(h.objector), String(h.to), t])
    if isinstance(h, CallToComply):
        return Function("call_to_comply", [String(h.caller), String(h.called), t])
    if isinstance(h, WarJustice):
        return Function("war_justice", [String(h.fighter), String(h.enemy), _word(h.justice), t])
    assert isinstance(h, Contribution)
    return Function("contribution", [String(h.giver), String(h.ally), _word(h.extent), t])


def case_facts(case: Case) -> Facts:
    """All input facts of a case (see ``rules/interface.lp`` for their meaning)."""
    facts = Facts()
    points = case.times()
    for point in points:
        facts.times[time_key(point)] = point
        facts.add(Function("time", [_time(point)]), None)
    for before, after in pairwise(points):
        facts.add(Function("next", [_time(before), _time(after)]), None)
    if any(not isinstance(point, int) for point in points):
        facts.add(Function("dated"), None)
    for decl in case.states:
        facts.add(Function("state", [String(decl.name)]), decl.source)
    for a in case.alliances:
        for symbol in alliance_facts(a):
            facts.add(symbol, a.source)
    for event in case.events:
        for symbol in event_facts(event):
            facts.add(symbol, event.source)
    return facts


def alliance_facts(a: Alliance) -> Iterator[Symbol]:
    """The facts of one alliance: its name, kind, members and clauses."""
    name = String(a.name)
    yield Function("alliance", [name])
    yield Function("pact", [name, _word(a.kind)])
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
        yield Function("in_force_from", [name, _time(a.start)])
    if a.end is not None:
        yield Function("in_force_until", [name, _time(a.end)])


def event_facts(event: Event) -> Iterator[Symbol]:
    """The facts of one event of the timeline."""
    return _happening_facts(event.happening, _time(event.time))
