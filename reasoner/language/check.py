"""What a case means, checked before it is solved.

Syntax is the parser's business; this module catches cases that parse but
cannot be meant: unknown or duplicate names, facts that contradict each
other at one step, a timeline that mixes steps and dates, an empty case, and
the like. Errors stop the run (exit code 1); warnings (an event between allies
whose pact is not in force, say) are printed and the run goes on. Each kind is
listed in ``docs/errors.md``.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from pathlib import Path

from reasoner.common.errors import CaseError, Diagnostic, Source, Suggestions, did_you_mean, suggestion, warning
from reasoner.common.resources import BUNDLED_NAMES
from reasoner.language.model import (
    Action,
    Alliance,
    Belief,
    CallToComply,
    Case,
    Contribution,
    Event,
    Expectation,
    Notification,
    Objection,
    Response,
    Signal,
    Time,
    WarJustice,
    format_time,
    time_key,
)
from reasoner.language.slips import slips
from reasoner.language.vocabulary import ALL_DOCTRINES, is_doctrine_name

#: Response kinds that cannot both be given by one ally to another at one step.
_RESPONSE_GROUPS = {
    "heeded": "changes course",
    "reversed": "changes course",
    "drastically-curtailed": "changes course",
    "dismissed": "persists",
    "curtailed": "persists",
}


def _named_states(event: Event) -> Iterator[str]:
    """The two states a happening names: every kind names them first, in the order it is written."""
    h = event.happening
    yield from (getattr(h, f.name) for f in dataclasses.fields(h)[:2])


def _at(sources: tuple[Source, ...], index: int, fallback: Source | None) -> Source | None:
    """Where the ``index``-th name of a statement is written (the statement itself if unknown)."""
    return sources[index] if index < len(sources) else fallback


def _unknown_state(name: str, states: Suggestions, where: Source | None) -> Diagnostic:
    guess = did_you_mean(name, states)
    return Diagnostic(
        f"unknown state '{name}'",
        where,
        length=len(name),
        help=f"did you mean '{guess}'?" if guess else f"declare it first: state {name}",
    )


def diagnose(case: Case) -> list[Diagnostic]:
    """Every meaning error and warning in a (merged) case, in source order."""
    if not (case.states or case.alliances or case.events):
        return [
            Diagnostic(
                "the case is empty: there is nothing to reason about",
                Source.whole(case.file),
                help="declare states, an alliance and events; see docs/language.md",
            )
        ]
    found: list[Diagnostic] = []
    states: dict[str, Source | None] = {}
    for decl in case.states:
        if decl.name in states:
            found.append(_twice(f"the state '{decl.name}' is declared twice", decl.name, decl.source, states))
        states.setdefault(decl.name, decl.source)
    names = Suggestions(states)  # indexed once, for every misspelt name

    alliances: dict[str, Source | None] = {}
    for alliance in case.alliances:
        if alliance.name in alliances:
            found.append(
                _twice(f"the alliance '{alliance.name}' is defined twice", alliance.name, alliance.source, alliances)
            )
        alliances.setdefault(alliance.name, alliance.source)
        named = list(alliance.named())
        found.extend(
            _unknown_state(n, names, _at(alliance.name_sources, i, alliance.source))
            for i, n in enumerate(named)
            if n not in states
        )
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
        if set(alliance.adversaries) & set(alliance.members):
            found.append(
                Diagnostic(f"the alliance '{alliance.name}' names its own member as its adversary", alliance.source)
            )
        found.extend(_one_way_errors(alliance))
        if alliance.unprovoked_only and alliance.covers_provoked:
            found.append(
                Diagnostic(
                    f"the alliance '{alliance.name}' covers provoked attacks and only unprovoked ones",
                    alliance.source,
                    help="keep 'only if unprovoked' or 'covers provoked attacks', not both",
                )
            )
        start, end = alliance.start, alliance.end
        if start is not None and end is not None and time_key(end) < time_key(start):
            found.append(Diagnostic(f"the alliance '{alliance.name}' ends before it starts", alliance.source))

    for event in case.events:
        named = list(_named_states(event))
        found.extend(
            _unknown_state(n, names, _at(event.name_sources, i, event.source))
            for i, n in enumerate(named)
            if n not in states
        )
        if len(named) == 2 and named[0] == named[1]:
            found.append(
                Diagnostic(
                    f"'{named[0]}' cannot be on both sides of this event",
                    _at(event.name_sources, 1, event.source),
                    len(named[1]),
                )
            )

    for expectation in case.expectations:
        found.extend(_expectation_errors(expectation, case, set(states)))

    mixed = _timeline_kinds(case)
    found.extend(mixed)
    found.extend(_contradictions(case))
    if not mixed:
        found.extend(_outside_alliances(case))
    if not any(d.is_error for d in found):
        found.extend(slips(case, _used_states(case)))
    return sorted(found, key=lambda d: d.source or Source("", 0, 0))


def _used_states(case: Case) -> set[str]:
    """Every state an alliance, an event or an expectation names."""
    used = {n for a in case.alliances for n in a.named()}
    used.update(n for e in case.events for n in _named_states(e))
    used.update(n for e in case.expectations for n in (e.owes, e.to))
    return used


def _expectation_errors(e: Expectation, case: Case, states: set[str]) -> Iterator[Diagnostic]:
    """An expectation naming a doctrine, a state or a time point the case does not have."""
    for doctrine, where in zip(e.doctrines, e.doctrine_sources or [e.source] * len(e.doctrines), strict=False):
        if doctrine == ALL_DOCTRINES or doctrine in BUNDLED_NAMES:
            continue
        if is_doctrine_name(doctrine):
            yield Diagnostic(
                f"unknown doctrine '{doctrine}'",
                where,
                len(doctrine),
                help=suggestion(doctrine, BUNDLED_NAMES)
                + f"name a bundled doctrine ('casus doctrines' lists them) or '{ALL_DOCTRINES}', "
                "or give a rule file's path in quotes",
            )
        elif not doctrine_path(case.file, doctrine).is_file():
            yield Diagnostic(
                f"no rule file at '{doctrine}'",
                where,
                len(doctrine) + 2,
                help="a doctrine's path is relative to the folder of the case file",
            )
    for i, name in enumerate((e.owes, e.to)):
        if name not in states:
            yield _unknown_state(name, states, _at(e.name_sources, i, e.source))
    if e.owes == e.to:
        yield Diagnostic(f"'{e.owes}' cannot owe defence to itself", _at(e.name_sources, 1, e.source), len(e.to))
    points = case.times()
    for i, time in enumerate(t for t in (e.start, e.end) if t is not None):
        if time not in points:
            yield _unknown_time(time, points, _at(e.time_sources, i, e.source))
    if e.end is not None and time_key(e.end) < time_key(e.start):
        yield Diagnostic(
            f"the span ends before it starts: {format_time(e.start)} to {format_time(e.end)}",
            _at(e.time_sources, 1, e.source),
            len(format_time(e.end)),
        )


def _unknown_time(time: Time, points: list[Time], where: Source | None) -> Diagnostic:
    text = format_time(time)
    shown = [format_time(p) for p in points]
    listed = ", ".join(shown) if len(shown) <= 12 else ", ".join(shown[:5]) + ", ..., " + ", ".join(shown[-5:])
    return Diagnostic(
        f"the case has no time point {text}",
        where,
        len(text),
        help=suggestion(text, shown) + (f"its time points are {listed}" if shown else "it mentions no time point"),
    )


def doctrine_path(case_file: str, doctrine: str) -> Path:
    """Where an ``expect`` statement's rule file is: relative to the case file's folder."""
    return Path(case_file).parent / doctrine


def _one_way_errors(alliance: Alliance) -> Iterator[Diagnostic]:
    """A one-way obligation names members only, on one side each."""
    members = set(alliance.members)
    offset = len(alliance.members) + len(alliance.adversaries) + len(alliance.excepted)
    for i, name in enumerate((*alliance.guarantors, *alliance.guaranteed)):
        if name not in members:
            yield Diagnostic(
                f"'{name}' is not a member of the alliance '{alliance.name}'",
                _at(alliance.name_sources, offset + i, alliance.source),
                len(name),
                help="a one-way obligation binds members of the alliance: add it to 'between'",
            )
    for name in sorted(set(alliance.guarantors) & set(alliance.guaranteed)):
        yield Diagnostic(f"'{name}' is on both sides of the one-way obligation of '{alliance.name}'", alliance.source)
    for name in sorted(set(alliance.excepted) & members):
        yield Diagnostic(f"the alliance '{alliance.name}' excepts its own member '{name}'", alliance.source)


def _twice(message: str, name: str, where: Source | None, first: dict[str, Source | None]) -> Diagnostic:
    earlier = first[name]
    return Diagnostic(message, where, len(name), help=f"first written at {earlier}" if earlier else None)


#: Happenings between two allies that presuppose an alliance in force between them.
_BETWEEN_ALLIES = (Action, Signal, Response, Belief, Notification, Objection, CallToComply, Contribution)


def _outside_alliances(case: Case) -> list[Diagnostic]:
    """Warnings for conduct between allies at a time when no pact binds them.

    The pacts binding a pair are found through each state's own pacts (the
    shorter list of the two), not by testing every pact for every event, so
    the check grows with the events, not with events times pacts.
    """
    found: list[Diagnostic] = []
    pacts_of: dict[str, list[tuple[Alliance, frozenset[str]]]] = {}
    for alliance in case.alliances:
        members = frozenset(alliance.members)
        for member in members:
            pacts_of.setdefault(member, []).append((alliance, members))
    for event in case.events:
        h = event.happening
        if not isinstance(h, _BETWEEN_ALLIES):
            continue
        pair = set(_named_states(event))
        if len(pair) < 2:
            continue
        first, second = sorted(pair)
        pacts = _binding(pacts_of.get(first, []), pacts_of.get(second, []), first, second)
        if not pacts:
            continue  # not allies at all is said by the doctrine (no duty), not a slip of the pen
        if any(a.in_force_at(event.time) for a in pacts):
            continue
        where, length = event.span or (event.source, 1)
        found.append(
            warning(
                f"{first} and {second} are not bound by any pact at {format_time(event.time)}",
                where,
                length,
                help="; ".join(_life(a) for a in pacts) + "; no duty can arise from this event",
            )
        )
    return found


def _binding(
    of_first: list[tuple[Alliance, frozenset[str]]],
    of_second: list[tuple[Alliance, frozenset[str]]],
    first: str,
    second: str,
) -> list[Alliance]:
    """The pacts with both states as members, in the case's order: the shorter of their lists, filtered."""
    if len(of_second) < len(of_first):
        return [a for a, members in of_second if first in members]
    return [a for a, members in of_first if second in members]


def _life(alliance: Alliance) -> str:
    if alliance.end is None:
        return f"'{alliance.name}' is in force from {format_time(alliance.start)}" if alliance.start else ""
    start = format_time(alliance.start) if alliance.start is not None else "the start"
    return f"'{alliance.name}' is in force from {start} until {format_time(alliance.end)}"


def _timeline_kinds(case: Case) -> list[Diagnostic]:
    points = [(e.time, e.source) for e in case.events]
    points += [(t, a.source) for a in case.alliances for t in (a.start, a.end) if t is not None]
    dated = [p for p in points if isinstance(p[0], datetime.date)]
    stepped = [p for p in points if not isinstance(p[0], datetime.date)]
    if not (dated and stepped):
        return []
    (first, _), (other, where) = sorted((dated[0], stepped[0]), key=lambda p: p[1] or Source("", 0, 0))
    return [
        Diagnostic(
            "the timeline mixes step numbers and dates, which cannot be ordered",
            where,
            len(format_time(other)),
            help=f"'{format_time(first)}' is used before; write every time point one way",
        )
    ]


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
        elif isinstance(h, WarJustice):
            key, label = ("justice", h.fighter, h.enemy, time_key(event.time)), h.justice
            what = f"{h.fighter}'s war against {h.enemy} is both {{}} and {{}} at {format_time(event.time)}"
        elif isinstance(h, Contribution):
            key, label = ("contribution", h.giver, h.ally, time_key(event.time)), h.extent
            what = f"{h.giver}'s help to {h.ally} would be both {{}} and {{}} at {format_time(event.time)}"
        else:
            continue
        if key in seen and seen[key][0] != label:
            earlier = seen[key][1]
            words = (_verb(earlier), _verb(event))
            where, length = event.span or (event.source, 1)
            found.append(
                Diagnostic(
                    "contradictory facts: " + what.format(*words),
                    where,
                    length,
                    help=f"the other fact is at {earlier.span[0] if earlier.span else earlier.source}",
                )
            )
        seen.setdefault(key, (label, event))
    return found


def _verb(event: Event) -> str:
    h = event.happening
    if isinstance(h, Action):
        return "assisted" if h.kind == "assisted" else "refrained from defending"
    if isinstance(h, WarJustice):
        return h.justice
    if isinstance(h, Contribution):
        return h.extent
    assert isinstance(h, Response)
    return h.kind.replace("-", " ")


def check_case(case: Case) -> list[Diagnostic]:
    """Raise ``CaseError`` on any error (with the warnings, in source order); return the warnings."""
    found = diagnose(case)
    if any(d.is_error for d in found):
        raise CaseError(found)
    return found
