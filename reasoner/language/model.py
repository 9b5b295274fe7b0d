"""The case model: what a case says, independent of how it was written.

Every item keeps the ``Source`` it came from (excluded from equality, so a
case printed by ``casus fmt`` and parsed again compares equal to the original),
and the position of each state it names, so that an error can point at the name.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from reasoner.common.errors import Diagnostic, Source

#: A point on the case's timeline: an integer step or an ISO date.
Time = int | datetime.date


@dataclass(frozen=True)
class StateDecl:
    """A state taking part in the case."""

    name: str
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Include:
    """A shared file (a treaty and its members, say) read into the case."""

    path: str
    source: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Alliance:
    """A formal agreement about the use of force between two or more states.

    ``adversaries`` is empty when the pact covers an attack by any state (but
    those ``excepted``); ``scope`` is ``None`` when it covers an attack
    anywhere. ``guarantors`` and ``guaranteed`` are empty for a mutual pact;
    for a one-way obligation (a guarantee, an asymmetric pact) only each
    guarantor owes defence, and only to each guaranteed member.
    """

    name: str
    kind: str
    members: tuple[str, ...]
    arity: str | None = None
    adversaries: tuple[str, ...] = ()
    scope: tuple[str, ...] | None = None
    unprovoked_only: bool = False
    #: The pact says in terms that it covers attacks its members provoke too (``covers provoked attacks``).
    covers_provoked: bool = False
    start: Time | None = None
    end: Time | None = None
    excepted: tuple[str, ...] = ()
    guarantors: tuple[str, ...] = ()
    guaranteed: tuple[str, ...] = ()
    source: Source | None = field(default=None, compare=False, repr=False)
    #: Where each state is written: members, adversaries, excepted, guarantors, guaranteed (``named``'s order).
    name_sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)

    def named(self) -> tuple[str, ...]:
        """Every state the alliance names, in the order of ``name_sources``."""
        return (*self.members, *self.adversaries, *self.excepted, *self.guarantors, *self.guaranteed)

    def in_force_at(self, time: Time) -> bool:
        """Whether the alliance is in force at a time point (``until`` included)."""
        t = time_key(time)
        starts = self.start is None or time_key(self.start) <= t
        return starts and (self.end is None or t <= time_key(self.end))


@dataclass(frozen=True)
class Attack:
    """An armed attack by ``attacker`` on ``target``, optionally at a place."""

    attacker: str
    target: str
    place: str | None = None
    target_initiated: bool = False
    #: Where ``target initiated hostilities`` is written.
    initiated_source: Source | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Conduct:
    """An ally's policy towards a third state: risky, offensive or treaty-specified."""

    actor: str
    towards: str
    kind: str


@dataclass(frozen=True)
class PolicyEnd:
    """``actor`` ends its policy towards ``towards``: no policy of it towards that state holds any more."""

    actor: str
    towards: str


@dataclass(frozen=True)
class Belief:
    """``holder`` believes that its ally ``about`` will entrap it."""

    holder: str
    about: str
    likelihood: str
    horizon: str
    evidence: str
    faith: str


@dataclass(frozen=True)
class Signal:
    """``sender`` warns its ally ``receiver`` of its entrapment concerns."""

    sender: str
    receiver: str
    level: str
    channel: str
    clarity: str
    #: ``concern`` (the warning conveys X's concerns) or ``conditional`` (it says in terms that X will not
    #: defend Y if Y persists).
    content: str = "concern"


@dataclass(frozen=True)
class Response:
    """How ``responder`` answers the concerns signalled by ``to``."""

    responder: str
    to: str
    kind: str


@dataclass(frozen=True)
class Threat:
    """``threatener`` threatens ``target`` with reprisal if it intervenes."""

    threatener: str
    target: str
    severity: str
    credibility: str


@dataclass(frozen=True)
class Action:
    """What ``actor`` actually did about its ally ``ally``: assisted or refrained."""

    actor: str
    ally: str
    kind: str


@dataclass(frozen=True)
class Ceasefire:
    """``attacker`` ceases hostilities against ``target``."""

    attacker: str
    target: str


@dataclass(frozen=True)
class Notification:
    """``sender`` notifies ``receiver`` of a measure: suspension or termination (VCLT art. 65), countermeasures."""

    sender: str
    receiver: str
    measure: str


@dataclass(frozen=True)
class Objection:
    """``objector`` objects to the measure ``to`` notified it of (VCLT art. 65(2)-(3))."""

    objector: str
    to: str


@dataclass(frozen=True)
class CallToComply:
    """``caller`` calls on ``called`` to comply with its obligations (ILC art. 52(1)(a))."""

    caller: str
    called: str


@dataclass(frozen=True)
class WarJustice:
    """Whether ``fighter``'s war against ``enemy`` is ``just`` or ``unjust`` (Vattel II.XII)."""

    fighter: str
    enemy: str
    justice: str


@dataclass(frozen=True)
class Contribution:
    """What ``giver``'s help to the defence of ``ally`` would contribute: ``negligible`` or ``significant``."""

    giver: str
    ally: str
    extent: str


Happening = (
    Attack
    | Conduct
    | PolicyEnd
    | Belief
    | Signal
    | Response
    | Threat
    | Action
    | Ceasefire
    | Notification
    | Objection
    | CallToComply
    | WarJustice
    | Contribution
)


@dataclass(frozen=True)
class Event:
    """Something that happens at a point of the timeline."""

    time: Time
    happening: Happening
    source: Source | None = field(default=None, compare=False, repr=False)
    #: Where each state the happening names is written, in the order the statement names them.
    name_sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    #: Where the happening (the text after ``at T:``) starts, and its length.
    span: tuple[Source, int] | None = field(default=None, compare=False, repr=False)


#: One phrase of a status: its words, and what it names in parentheses (grounds, a reason).
Phrase = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Expectation:
    """What doctrines should conclude for an ordered pair over a time span (``casus test``).

    ``doctrines`` are bundled doctrine names, rule-file paths, or ``("all",)``;
    ``start`` to ``end`` is a span of the case's time points (``end`` is
    ``None`` for a single point); ``status`` lists its phrases in canonical order.
    """

    doctrines: tuple[str, ...]
    owes: str
    to: str
    start: Time
    end: Time | None
    status: tuple[Phrase, ...]
    source: Source | None = field(default=None, compare=False, repr=False)
    #: Where each doctrine is written, then the two states, then the time points.
    doctrine_sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    name_sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    time_sources: tuple[Source, ...] = field(default=(), compare=False, repr=False)
    #: Where the status starts, and its length.
    status_span: tuple[Source, int] | None = field(default=None, compare=False, repr=False)


def phrase_text(phrase: Phrase) -> str:
    """A status phrase as the case language writes it: ``breach justified (entrapment)``."""
    words, named = phrase
    return f"{words} ({', '.join(named)})" if named else words


def status_text(status: tuple[Phrase, ...]) -> str:
    """A whole status as the case language writes it, its phrases separated by commas."""
    return ", ".join(phrase_text(p) for p in status)


def status_phrases(text: str) -> tuple[Phrase, ...]:
    """A status's text split into its phrases (the inverse of ``status_text``)."""
    phrases: list[Phrase] = []
    for part in re.findall(r"[^,(]+(?:\([^)]*\))?", text):
        words, _, named = part.strip().partition(" (")
        if words:
            phrases.append((words, tuple(n.strip() for n in named.rstrip(")").split(",")) if named else ()))
    return tuple(phrases)


@dataclass
class Case:
    """A whole case: its title, includes, states, alliances, timeline and expectations."""

    file: str = field(default="<case>", compare=False)
    title: str | None = None
    includes: list[Include] = field(default_factory=list)
    states: list[StateDecl] = field(default_factory=list)
    alliances: list[Alliance] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    #: What the case's author expects the doctrines to conclude (not read from included files).
    expectations: list[Expectation] = field(default_factory=list)
    #: Where the title is written.
    title_source: Source | None = field(default=None, compare=False, repr=False)
    #: Warnings found while reading and checking the case (printed, never fatal).
    warnings: list[Diagnostic] = field(default_factory=list, compare=False, repr=False)

    def merge(self, other: Case) -> None:
        """Add the statements of an included case to this one (its expectations stay its own)."""
        self.states.extend(other.states)
        self.alliances.extend(other.alliances)
        self.events.extend(other.events)

    def times(self) -> list[Time]:
        """Every time point the case mentions, in order."""
        points: set[Time] = {e.time for e in self.events}
        for a in self.alliances:
            points.update(t for t in (a.start, a.end) if t is not None)
        return sorted(points, key=time_key)


def time_key(time: Time) -> int:
    """An integer that orders time points: the step itself, or the date's ordinal day."""
    return time.toordinal() if isinstance(time, datetime.date) else time


def format_time(time: Time) -> str:
    """A time point as the case language writes it."""
    return time.isoformat() if isinstance(time, datetime.date) else str(time)
