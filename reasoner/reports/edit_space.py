"""The edits a case author could make to a case, as an open case: the space ``casus whatif`` searches.

An *edit* is one of: remove an event; add an event; change one attribute
of an event (a signal's level, a response's kind, an attack's place, ...);
move an event to another time point; change one clause of a pact (its
kind, adversary, scope, the non-provocation condition, entry into force,
end). Changing two attributes of one event is two edits, moving and
changing it is two, and so on.

The space is finite and typed by the vocabulary (``reasoner.language.vocabulary``):
the case's own states (none is added), its places, and its time points; on a
timeline of steps, every step from the first to one past the last. Events
between allies (beliefs, signals, responses, actions) are added only between
states that share a pact; attacks, policies, threats and ceasefires between
any two states. Each statement of the case is a *slot*, its versions being
the statement as written (option 0) and every edit of it; each event that
could be added is a slot with two options, absent (as written) or present.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from clingo import Symbol

from reasoner.common.errors import CaseError, CasusError, Diagnostic, one_of, suggestion, warning
from reasoner.language import vocabulary as vocab
from reasoner.language.check import check_case, diagnose
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    CallToComply,
    Case,
    Contribution,
    Event,
    Happening,
    Notification,
    Objection,
    Response,
    Signal,
    StateDecl,
    Time,
    time_key,
)
from reasoner.language.printer import alliance_text
from reasoner.reports.sweep import KINDS
from reasoner.solving.choices import INPUT, Choice, OpenCase, Version
from reasoner.solving.facts import alliance_facts, event_facts

#: The clauses of a pact an edit can change, with the input predicate each one gives.
CLAUSES = {
    "kind": "pact",
    "adversaries": "adversary",
    "scope": "scope",
    "unprovoked_only": "unprovoked_only",
    "covers_provoked": "covers_provoked",
    "start": "in_force_from",
    "end": "in_force_until",
}

#: ``--keep`` word for the pacts' clauses (the kinds of event are those of ``casus sweep``).
PACT = "pact"

#: Happenings between allies: added only between states that share a pact.
_BETWEEN_ALLIES = (Action, Signal, Response, Belief, Notification, Objection, CallToComply, Contribution)

_KIND_OF = {model: name for name, (model, _) in KINDS.items()}


def kind_of(h: Happening) -> str:
    """The kind of a happening as ``casus sweep`` and ``--keep`` name it (``signal``, ``policy``, ...)."""
    return _KIND_OF[type(h)]


@dataclass(frozen=True)
class Slot:
    """One statement of the case (or one event that could be added) and the versions it may take.

    ``where`` is ``event`` (the event ``index`` of the timeline), ``added``,
    ``clause`` (the ``clause`` of alliance ``index``), or, for a case built from
    nothing (``casus disagree``), ``state`` or ``pact``. ``options[0]`` is the
    case as written: the event, the clause's value, ``None`` for an addition.
    """

    where: str
    index: int
    options: tuple[object, ...]
    clause: str | None = None


@dataclass(frozen=True)
class Keep:
    """What ``--keep`` freezes: statements by line, events by kind, and the pacts (``pact``)."""

    lines: frozenset[int] = frozenset()
    kinds: frozenset[str] = frozenset()


#: Nothing kept: every statement may be edited.
NOTHING_KEPT = Keep()


def parse_keep(words: Sequence[str]) -> Keep:
    """``--keep`` values: line numbers, kinds of event, or ``pact``; a usage error otherwise."""
    lines: set[int] = set()
    kinds: set[str] = set()
    allowed = [*KINDS, PACT]
    for word in (w.strip() for text in words for w in text.split(",")):
        if word.isdigit():
            lines.add(int(word))
        elif word in allowed:
            kinds.add(word)
        else:
            raise CasusError(
                [
                    Diagnostic(
                        f"cannot keep '{word}'",
                        None,
                        help=suggestion(word, allowed) + f"give a line number, or one of {one_of(allowed)}",
                    )
                ],
                exit_code=2,
            )
    return Keep(frozenset(lines), frozenset(kinds))


def keep_warnings(case: Case, keep: Keep) -> list[Diagnostic]:
    """A warning for each kept line on which the case has no statement: keeping it has no effect."""
    lines = {e.source.line for e in case.events if e.source and e.source.file == case.file}
    lines |= {n for a in case.alliances if a.source and a.source.file == case.file for n in _alliance_lines(a)}
    return [
        warning(f"--keep {n}: there is no event or pact on line {n} of {case.file}", None)
        for n in sorted(keep.lines - lines)
    ]


@dataclass(frozen=True)
class Space:
    """A case's edit space: its slots, and the open case clingo solves."""

    case: Case
    slots: tuple[Slot, ...]
    open_case: OpenCase

    def valid(self, choice: Choice) -> bool:
        """Whether the edited case is one that ``casus check`` accepts."""
        try:
            check_case(self.edited(choice))
        except CaseError:
            return False
        return True

    def edited(self, choice: Choice) -> Case:
        """The case with the chosen versions in place of the written ones (added events at the end)."""
        events = list(self.case.events)
        alliances = list(self.case.alliances)
        states = list(self.case.states)
        added: list[Event] = []
        for slot, v in zip(self.slots, choice, strict=True):
            if v == 0:
                continue
            option = slot.options[v]
            if slot.where == "clause":
                assert slot.clause is not None
                alliances[slot.index] = dataclasses.replace(alliances[slot.index], **{slot.clause: option})
            elif slot.where == "event":
                events[slot.index] = option  # type: ignore[call-overload]
            elif slot.where == "state":
                states.append(option)  # type: ignore[arg-type]
            elif slot.where == "pact":
                alliances.append(option)  # type: ignore[arg-type]
            else:
                added.append(option)  # type: ignore[arg-type]
        kept = [e for e in events if e is not None]
        # The case's expectations speak of the case as written: an edit is meant to change its verdicts,
        # and an expectation naming a time point the edit removes must not make the edit invalid.
        return dataclasses.replace(self.case, events=kept + added, alliances=alliances, states=states, expectations=[])


def candidate_times(case: Case) -> list[Time]:
    """The time points an event may be moved or added to."""
    points = case.times()
    steps = [p for p in points if isinstance(p, int)]
    if not points:
        return [1]
    if len(steps) != len(points):
        return points
    return list(range(min(steps), max(steps) + 2))


def _places(case: Case) -> list[str]:
    found = [e.happening.place for e in case.events if isinstance(e.happening, Attack) and e.happening.place]
    found += [p for a in case.alliances for p in a.scope or ()]
    return list(dict.fromkeys(found))


def _domains(model: type, places: Sequence[str]) -> dict[str, tuple[object, ...]]:
    """The attributes of a kind of event and the values each may take."""
    if model is Attack:
        return {"place": (None, *places), "target_initiated": (False, True)}
    return dict(KINDS[_KIND_OF[model]][1])


def _versions(event: Event, times: Sequence[Time], places: Sequence[str]) -> Iterator[Event]:
    """Every version of an event with its attributes and time point changed in any way."""
    h = event.happening
    domains = _domains(type(h), places)
    for values in itertools.product(*domains.values()):
        changed = dataclasses.replace(h, **dict(zip(domains, values, strict=True)))
        for t in times:
            yield Event(t, changed, event.source)


def event_cost(written: Event | None, version: Event | None) -> int:
    """How many edits turn one version of an event into another."""
    if written is None or version is None:
        return int(written is not version)
    h, g = written.happening, version.happening
    changed = sum(getattr(h, f.name) != getattr(g, f.name) for f in dataclasses.fields(h))
    return changed + (time_key(written.time) != time_key(version.time))


def _allied_pairs(case: Case) -> set[tuple[str, str]]:
    return {(x, y) for a in case.alliances for x in a.members for y in a.members if x != y}


def added_events(case: Case, times: Sequence[Time], places: Sequence[str], kinds: frozenset[str]) -> Iterator[Event]:
    """Every event the space could add, of the kinds not kept."""
    states = [s.name for s in case.states]
    allied = _allied_pairs(case)
    for name, (model, _) in KINDS.items():
        if name in kinds:
            continue
        domains = _domains(model, places)
        for x, y in itertools.permutations(states, 2):
            if issubclass(model, _BETWEEN_ALLIES) and (x, y) not in allied:
                continue
            for values in itertools.product(*domains.values()):
                happening = model(x, y, **dict(zip(domains, values, strict=True)))
                yield from (Event(t, happening) for t in times)


def _clause_options(alliance: Alliance, clause: str, case: Case, times: Sequence[Time]) -> tuple[object, ...]:
    """The values a clause of a pact may take, the written one first."""
    written = getattr(alliance, clause)
    if clause == "kind":
        options: list[object] = list(vocab.PACT_TYPES)
    elif clause == "adversaries":  # any state, or one named adversary
        options = [(), *((s.name,) for s in case.states if s.name not in alliance.members)]
    elif clause == "scope":
        options = [None, *((p,) for p in _places(case))]
    elif clause in ("unprovoked_only", "covers_provoked"):
        options = [False, True]
    elif clause == "start":
        options = list(times) if written is not None else [None]
    else:  # the end: open, or any time point, given a start to print it with
        options = [None, *times] if alliance.start is not None else [written]
    return (written, *(o for o in options if o != written))


def event_version(written: Event | None, version: Event | None) -> Version:
    if version is None:
        return Version(cost=event_cost(written, None))
    return Version(tuple(event_facts(version)), (time_key(version.time),), event_cost(written, version))


def _clause_version(alliance: Alliance, clause: str, value: object, written: object) -> Version:
    changed = dataclasses.replace(alliance, **{clause: value})
    facts = tuple(f for f in alliance_facts(changed) if f.name == CLAUSES[clause])
    points = tuple(time_key(value) for _ in [0] if clause in ("start", "end") and value is not None)  # type: ignore[arg-type]
    return Version(facts, points, int(value != written))


def _kept(source_line: int | None, kind: str, keep: Keep) -> bool:
    return kind in keep.kinds or (source_line is not None and source_line in keep.lines)


def _alliance_lines(alliance: Alliance) -> range:
    first = alliance.source.line if alliance.source else 0
    return range(first, first + len(alliance_text(alliance).splitlines()))


def edit_space(case: Case, keep: Keep = NOTHING_KEPT) -> Space:
    """The case's edits, as slots and as the open case that clingo solves."""
    times = candidate_times(case)
    places = _places(case)
    fixed: list[Symbol] = []
    points: set[int] = set()
    slots: list[Slot] = []
    versions: list[tuple[Version, ...]] = []
    for i, alliance in enumerate(case.alliances):
        frozen = PACT in keep.kinds or any(line in keep.lines for line in _alliance_lines(alliance))
        open_clauses = () if frozen else tuple(CLAUSES)
        fixed.extend(f for f in alliance_facts(alliance) if f.name not in {CLAUSES[c] for c in open_clauses})
        if frozen:
            points.update(time_key(t) for t in (alliance.start, alliance.end) if t is not None)
        for clause in open_clauses:
            options = _clause_options(alliance, clause, case, times)
            slots.append(Slot("clause", i, options, clause))
            versions.append(tuple(_clause_version(alliance, clause, o, options[0]) for o in options))
    for i, event in enumerate(case.events):
        line = event.source.line if event.source else None
        if _kept(line, kind_of(event.happening), keep):
            fixed.extend(event_facts(event))
            points.add(time_key(event.time))
            continue
        others = (v for v in _versions(event, times, places) if v != event)
        options = (event, None, *dict.fromkeys(others))
        slots.append(Slot("event", i, options))
        versions.append(tuple(event_version(event, o) for o in options))  # type: ignore[arg-type]
    for event in added_events(case, times, places, keep.kinds):
        slots.append(Slot("added", -1, (None, event)))
        versions.append((Version(), event_version(None, event)))
    open_case = OpenCase(tuple(dict.fromkeys(fixed)), tuple(sorted(points)), tuple(versions))
    return Space(case, tuple(slots), open_case)


@cache
def _clashing(model: type, kinds: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The pairs of kinds that ``casus check`` calls contradictory at one step (asked of the checker)."""
    found = []
    for first, second in itertools.combinations(kinds, 2):
        both = [Event(1, model("A", "B", kind=k)) for k in (first, second)]
        case = Case(states=[StateDecl("A"), StateDecl("B")], events=both)
        if any(d.is_error and "contradictory" in d.message for d in diagnose(case)):
            found.append((first, second))
    return tuple(found)


def validity_constraints() -> str:
    """Integrity constraints keeping the chosen case one that ``casus check`` accepts."""
    rules = [f":- {INPUT}(in_force_from(A,F)), {INPUT}(in_force_until(A,U)), U < F."]
    for name, model, kinds in (("response", Response, vocab.RESPONSES), ("action", Action, ("assisted", "refrained"))):
        for first, second in _clashing(model, kinds):
            a, b = vocab.asp_name(first), vocab.asp_name(second)
            rules.append(f":- {INPUT}({name}(X,Y,{a},T)), {INPUT}({name}(X,Y,{b},T)).")
    return "\n".join(rules)
