"""Warnings for what a case may say by a slip of the pen: written, but with no effect, or not what was meant.

A case that draws one of these still runs: each may be meant (a case can
show a warning to a state that is no ally, to make a point), but more often
it is a misspelt name, a wrong date or a leftover. Each warning points at
the words concerned and says in its help what follows from them. They are
listed in ``docs/errors.md``.

Each event is checked against an index of the case built once (``_Index``:
each state's pacts, the first time each pair notified, refused, believed,
attacked), so checking stays linear in the events and pacts, however many.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from reasoner.common.errors import Diagnostic, Source, warning
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    CallToComply,
    Case,
    Conduct,
    Contribution,
    Event,
    Notification,
    Objection,
    Response,
    Signal,
    Threat,
    WarJustice,
    format_time,
    time_key,
)

#: Happenings that name two states meant to be allies of each other, and what each is called.
_BETWEEN_ALLIES = {
    Belief: "a belief in entrapment",
    Signal: "a warning",
    Response: "a response to a warning",
    Notification: "a notification",
    Objection: "an objection",
    CallToComply: "a call to comply",
    Contribution: "a contribution to an ally's defence",
}

#: What a state that belongs to no alliance is said to do, and why that matters.
_NOT_A_MEMBER = {
    Threat: ("threatened if it intervenes", "such a threat matters only to a state with an ally to defend"),
    Conduct: ("pursuing a policy", "entrapment comes from an ally's policy: name the ally that pursues it"),
}

#: The words ``, target initiated hostilities`` underlined by a warning (from ``target`` on).
_INITIATED = "target initiated hostilities"


def slips(case: Case, used: set[str]) -> list[Diagnostic]:
    """Every slip warning of a (merged, otherwise well-formed) case; ``used`` are the states it names."""
    found = list(_unused_states(case, used))
    found.extend(_clause_slips(case))
    index = _Index(case)
    for event in case.events:
        found.extend(_event_slips(index, event))
    return found


class _Index:
    """What the checks of each event ask of the whole case, worked out once.

    ``pacts`` are each state's alliances; ``first`` is, for each kind of
    happening and each ordered pair of states it names, the earliest time key
    at which it happens.
    """

    def __init__(self, case: Case) -> None:
        self.pacts: dict[str, list[Alliance]] = {}
        for alliance in case.alliances:
            for member in dict.fromkeys(alliance.members):
                self.pacts.setdefault(member, []).append(alliance)
        self.first: dict[tuple[str, str, str], int] = {}
        for event in case.events:
            h, t = event.happening, time_key(event.time)
            kind = _kind(h)
            if kind is not None:
                key = (kind, *_pair(h))
                if t < self.first.get(key, t + 1):
                    self.first[key] = t

    def alliances_of(self, *states: str) -> list[Alliance]:
        """The alliances that have every one of ``states`` as a member, in the case's order."""
        first, *others = states
        return [a for a in self.pacts.get(first, []) if all(o in a.members for o in others)]

    def happened(self, kind: str, pair: tuple[str, str], before: int, at_the_time: bool) -> bool:
        """Whether a happening of ``kind`` between ``pair`` comes before the time key (or at it, if ``at_the_time``)."""
        t = self.first.get((kind, *pair))
        return t is not None and (t <= before if at_the_time else t < before)


def _kind(h: object) -> str | None:
    """The kind under which the index keeps a happening's first time, if a check asks for it."""
    if isinstance(h, Notification):
        return "notifies"
    if isinstance(h, Action) and h.kind == "refrained":
        return "refrains"
    if isinstance(h, Belief):
        return "believes"
    if isinstance(h, Attack):
        return "attacks"
    return None


def _unused_states(case: Case, used: set[str]) -> Iterator[Diagnostic]:
    """States declared and never named; not asked of a file with no timeline (a shared treaty, to be included)."""
    if not case.events:
        return
    for decl in case.states:
        if decl.name not in used:
            yield warning(
                f"the state '{decl.name}' is declared but never used",
                decl.source,
                len(decl.name),
                help="name it in an alliance or an event, or remove it",
            )


def _event_slips(index: _Index, event: Event) -> Iterator[Diagnostic]:
    h = event.happening
    if isinstance(h, Attack):
        yield from _attack_slips(index, event, h)
    elif isinstance(h, WarJustice):
        yield from _justice_slips(index, event, h)
    elif type(h) in _BETWEEN_ALLIES:
        first, second = _pair(h)
        if not index.alliances_of(first, second):
            what = _BETWEEN_ALLIES[type(h)]
            yield warning(
                f"'{second}' is not an ally of '{first}'",
                _name_at(event, 1),
                len(second),
                help=f"no alliance has both as members, and {what} matters only between allies",
            )
        elif isinstance(h, Signal) and _bound(index, h, event) and not _concern_before(index, h, event):
            yield warning(
                f"{h.sender} warns {h.receiver} at {format_time(event.time)} before any concern about it",
                *(event.span or (event.source, 1)),
                help=f"no belief of {h.sender}'s that {h.receiver} will entrap it is stated at or before "
                f"{format_time(event.time)}: a warning signals a concern, so state the belief first",
            )
        else:
            yield from _answer_slips(index, event, h)
    elif isinstance(h, Threat | Conduct):
        state, at = (h.target, 1) if isinstance(h, Threat) else (h.actor, 0)
        if not index.pacts.get(state):
            role, why = _NOT_A_MEMBER[type(h)]
            message = f"'{state}' is {role}, but it is no member of any alliance"
            yield warning(message, _name_at(event, at), len(state), help=why)


def _attack_slips(index: _Index, event: Event, attack: Attack) -> Iterator[Diagnostic]:
    pacts = index.alliances_of(attack.target)
    # A defence pact covers unprovoked attacks only (rules/duty.lp), unless it covers provoked ones in
    # terms; any pact that says 'only if unprovoked' does.
    asks = any(a.unprovoked_only or (a.kind == "defence" and not a.covers_provoked) for a in pacts)
    if attack.target_initiated and not asks:
        yield warning(
            "'target initiated hostilities' has no effect here",
            attack.initiated_source or event.source,
            len(_INITIATED),
            help=f"no alliance of {attack.target}'s is a defence pact limited to unprovoked attacks, "
            "so none asks who started the fighting",
        )
    t = time_key(event.time)
    if pacts and all(a.end is not None and time_key(a.end) < t for a in pacts):
        yield warning(
            f"every pact of {attack.target}'s has ended by {format_time(event.time)}",
            *(event.span or (event.source, 1)),
            help="; ".join(_ended(a) for a in pacts) + "; this attack triggers no duty",
        )


def _clause_slips(case: Case) -> Iterator[Diagnostic]:
    """A clause about attacks written on a pact that is not a defence pact: no duty arises from it anyway."""
    for a in case.alliances:
        if a.covers_provoked and a.kind != "defence":
            yield warning(
                f"'covers provoked attacks' has no effect on the {a.kind} pact '{a.name}'",
                a.source,
                len(a.name),
                help="only a defence pact gives rise to a duty to defend, provoked attacks or not",
            )


#: What a notification, an objection or a call to comply answers, and the help of its warning.
_ANSWERS = {
    Notification: "a notification answers the other's breach (VCLT art. 60, ILC art. 52)",
    CallToComply: "a call to comply answers the other's wrongful act (ILC art. 52)",
}


def _answer_slips(index: _Index, event: Event, h: object) -> Iterator[Diagnostic]:
    """A notification or call before the other ally breached anything; an objection to no notification."""
    t = time_key(event.time)
    if isinstance(h, Objection):
        if not index.happened("notifies", (h.to, h.objector), t, at_the_time=True):
            yield warning(
                f"{h.objector} objects to {h.to} at {format_time(event.time)}, which has notified it of nothing",
                *(event.span or (event.source, 1)),
                help=f"an objection answers a notification: state that {h.to} notifies {h.objector} first",
            )
    elif isinstance(h, Notification | CallToComply):
        sender, receiver = _pair(h)
        if not index.happened("refrains", (receiver, sender), t, at_the_time=False):
            yield warning(
                f"{receiver} has not refused to defend {sender} before {format_time(event.time)}",
                *(event.span or (event.source, 1)),
                help=_ANSWERS[type(h)] + f": with no earlier refusal of {receiver}'s it has no effect",
            )


def _justice_slips(index: _Index, event: Event, h: WarJustice) -> Iterator[Diagnostic]:
    """What a case says of a war that never comes: no attack of the enemy on the state said to fight it."""
    if ("attacks", h.enemy, h.fighter) not in index.first:
        yield warning(
            f"{h.enemy} never attacks {h.fighter}",
            _name_at(event, 1),
            len(h.enemy),
            help=f"the justice of {h.fighter}'s war matters only to its allies' duty, which {h.enemy}'s attack "
            "would trigger",
        )


def _pair(h: object) -> tuple[str, str]:
    """The two states a happening names, in the order it names them."""
    first, second = (getattr(h, f.name) for f in dataclasses.fields(h)[:2])  # type: ignore[arg-type]
    return first, second


def _ended(alliance: Alliance) -> str:
    assert alliance.end is not None
    return f"'{alliance.name}' ends at {format_time(alliance.end)}"


def _bound(index: _Index, signal: Signal, at: Event) -> bool:
    """Whether a pact of both sender and receiver is in force at the warning (if none is, that is said already)."""
    return any(a.in_force_at(at.time) for a in index.alliances_of(signal.sender, signal.receiver))


def _concern_before(index: _Index, signal: Signal, at: Event) -> bool:
    """Whether the sender states, at or before the warning, a belief that the receiver will entrap it."""
    return index.happened("believes", (signal.sender, signal.receiver), time_key(at.time), at_the_time=True)


def _name_at(event: Event, index: int) -> Source | None:
    return event.name_sources[index] if index < len(event.name_sources) else event.source
