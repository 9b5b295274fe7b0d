"""What a case means, checked before it is solved.

Syntax is the parser's business; this module catches cases that parse but
cannot be meant: unknown or duplicate names, facts that contradict each
other at one step, a timeline that mixes steps and dates, and the like.
Errors stop the run (exit code 1); warnings are printed and the run goes on.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from reasoner.errors import CaseError, Diagnostic, Source, did_you_mean
from reasoner.model import (
    Action,
    Attack,
    Belief,
    Case,
    Ceasefire,
    Conduct,
    Event,
    Response,
    Signal,
    Threat,
    format_time,
    time_key,
)

#: Response kinds that cannot both be given by one ally to another at one step.
_RESPONSE_GROUPS = {
    "heeded": "changes course",
    "reversed": "changes course",
    "drastically-curtailed": "changes course",
    "dismissed": "persists",
    "curtailed": "persists",
}


def _named_states(event: Event) -> Iterator[str]:
    h = event.happening
    if isinstance(h, Attack | Ceasefire):
        yield from (h.attacker, h.target)
    elif isinstance(h, Conduct):
        yield from (h.actor, h.towards)
    elif isinstance(h, Belief):
        yield from (h.holder, h.about)
    elif isinstance(h, Signal):
        yield from (h.sender, h.receiver)
    elif isinstance(h, Response):
        yield from (h.responder, h.to)
    elif isinstance(h, Threat):
        yield from (h.threatener, h.target)
    elif isinstance(h, Action):
        yield from (h.actor, h.ally)


def _unknown_state(name: str, states: set[str], where: Source | None) -> Diagnostic:
    guess = did_you_mean(name, states)
    return Diagnostic(
        f"unknown state '{name}'",
        where,
        length=len(name),
        help=f"did you mean '{guess}'?" if guess else f"declare it first: state {name}",
    )


def diagnose(case: Case) -> list[Diagnostic]:
    """Every meaning error and warning in a (merged) case, in source order."""
    found: list[Diagnostic] = []
    states: set[str] = set()
    for decl in case.states:
        if decl.name in states:
            found.append(Diagnostic(f"the state '{decl.name}' is declared twice", decl.source, len(decl.name)))
        states.add(decl.name)

    alliances: set[str] = set()
    for alliance in case.alliances:
        if alliance.name in alliances:
            found.append(
                Diagnostic(f"the alliance '{alliance.name}' is defined twice", alliance.source, len(alliance.name))
            )
        alliances.add(alliance.name)
        named = list(alliance.members) + ([alliance.adversary] if alliance.adversary else [])
        found.extend(_unknown_state(n, states, alliance.source) for n in named if n not in states)
        if len(set(alliance.members)) < 2:
            found.append(Diagnostic(f"the alliance '{alliance.name}' needs at least two members", alliance.source))
        if len(set(alliance.members)) != len(alliance.members):
            found.append(Diagnostic(f"the alliance '{alliance.name}' names a member twice", alliance.source))
        if alliance.arity == "bilateral" and len(alliance.members) != 2:
            found.append(
                Diagnostic(f"the bilateral alliance '{alliance.name}' must have exactly two members", alliance.source)
            )
        if alliance.arity == "multilateral" and len(alliance.members) < 3:
            found.append(
                Diagnostic(f"the multilateral alliance '{alliance.name}' needs three or more members", alliance.source)
            )
        if alliance.adversary in alliance.members:
            found.append(
                Diagnostic(f"the alliance '{alliance.name}' names its own member as its adversary", alliance.source)
            )
        start, end = alliance.start, alliance.end
        if start is not None and end is not None and time_key(end) < time_key(start):
            found.append(Diagnostic(f"the alliance '{alliance.name}' ends before it starts", alliance.source))

    for event in case.events:
        named = list(_named_states(event))
        found.extend(_unknown_state(n, states, event.source) for n in named if n not in states)
        if len(named) == 2 and named[0] == named[1]:
            found.append(Diagnostic(f"'{named[0]}' cannot be on both sides of this event", event.source))

    found.extend(_timeline_kinds(case))
    found.extend(_contradictions(case))
    return sorted(found, key=lambda d: d.source or Source("", 0, 0))


def _timeline_kinds(case: Case) -> list[Diagnostic]:
    dated = [e for e in case.events if isinstance(e.time, datetime.date)]
    stepped = [e for e in case.events if not isinstance(e.time, datetime.date)]
    for a in case.alliances:
        for t in (a.start, a.end):
            if t is not None:
                (dated if isinstance(t, datetime.date) else stepped).append(Event(t, Ceasefire("", ""), a.source))
    if dated and stepped:
        first, other = sorted((dated[0], stepped[0]), key=lambda e: e.source or Source("", 0, 0))
        return [
            Diagnostic(
                "the timeline mixes step numbers and dates, which cannot be ordered",
                other.source,
                help=f"'{format_time(first.time)}' is used before; write every time point one way",
            )
        ]
    return []


def _contradictions(case: Case) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    seen: dict[tuple[object, ...], tuple[str, Event]] = {}
    for event in case.events:
        h = event.happening
        if isinstance(h, Response):
            key: tuple[object, ...] = ("response", h.responder, h.to, time_key(event.time))
            label = _RESPONSE_GROUPS[h.kind]
            what = f"{h.responder} both {{}} and {{}} {h.to}'s concerns at {format_time(event.time)}"
        elif isinstance(h, Action):
            key = ("action", h.actor, h.ally, time_key(event.time))
            label = h.kind
            what = f"{h.actor} both {{}} and {{}} {h.ally} at {format_time(event.time)}"
        else:
            continue
        if key in seen and seen[key][0] != label:
            earlier = seen[key][1]
            words = (_verb(earlier), _verb(event))
            found.append(
                Diagnostic(
                    "contradictory facts: " + what.format(*words),
                    event.source,
                    help=f"the other fact is at {earlier.source}" if earlier.source else None,
                )
            )
        seen.setdefault(key, (label, event))
    return found


def _verb(event: Event) -> str:
    h = event.happening
    if isinstance(h, Action):
        return "assisted" if h.kind == "assisted" else "refrained from defending"
    assert isinstance(h, Response)
    return h.kind.replace("-", " ")


def check_case(case: Case) -> list[Diagnostic]:
    """Raise ``CaseError`` on any error; return the warnings."""
    found = diagnose(case)
    errors = [d for d in found if d.severity == "error"]
    if errors:
        raise CaseError(errors)
    return [d for d in found if d.severity != "error"]
