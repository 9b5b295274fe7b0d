"""The case model printed in the case language's canonical form, statement by statement.

``case_text`` prints a whole model (one made by a program, say) in a fixed
order: title, includes, states, alliances, the timeline in the order
written, then the expectations; parsing it gives back an equal model
(tested as a property). ``casus fmt`` prints each statement of a file
with these functions but keeps the file's order and comments (``layout``).
"""

from __future__ import annotations

from collections.abc import Sequence

from reasoner.language import vocabulary as vocab
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
    Expectation,
    Happening,
    Include,
    Notification,
    Objection,
    PolicyEnd,
    Response,
    Signal,
    StateDecl,
    Threat,
    WarJustice,
    format_time,
    status_text,
)


def _attributes(values: dict[str, str]) -> str:
    """Attributes in their table's order; an optional one only when it is not its default."""
    shown = {k: v for k, v in values.items() if vocab.OPTIONAL_ATTRIBUTES.get(k) != v}
    return ", ".join(f"{key} {value}" for key, value in shown.items())


def happening_text(h: Happening) -> str:
    """One happening as the case language writes it (after ``at T: ``)."""
    if isinstance(h, Attack):
        place = f" in {h.place}" if h.place else ""
        initiated = ", target initiated hostilities" if h.target_initiated else ""
        return f"{h.attacker} attacks {h.target}{place}{initiated}"
    if isinstance(h, Conduct):
        return f"{h.actor} pursues {h.kind} policy towards {h.towards}"
    if isinstance(h, PolicyEnd):
        return f"{h.actor} ends its policy towards {h.towards}"
    if isinstance(h, Belief):
        values = {key: getattr(h, key) for key in vocab.BELIEF_ATTRIBUTES}
        return f"{h.holder} believes {h.about} will entrap it: {_attributes(values)}"
    if isinstance(h, Signal):
        values = {key: getattr(h, key) for key in vocab.SIGNAL_ATTRIBUTES}
        return f"{h.sender} warns {h.receiver}: {_attributes(values)}"
    if isinstance(h, Response):
        return f"{h.responder} responds to {h.to}: {h.kind}"
    if isinstance(h, Threat):
        values = {key: getattr(h, key) for key in vocab.THREAT_ATTRIBUTES}
        return f"{h.threatener} threatens {h.target} if it intervenes: {_attributes(values)}"
    if isinstance(h, Action):
        verb = "assists" if h.kind == "assisted" else "refrains from defending"
        return f"{h.actor} {verb} {h.ally}"
    if isinstance(h, Ceasefire):
        return f"{h.attacker} ceases hostilities against {h.target}"
    return _legal_happening_text(h)


def _legal_happening_text(h: Happening) -> str:
    """The happenings the law of treaties, state responsibility and the just-war doctrines read."""
    if isinstance(h, Notification):
        return f"{h.sender} notifies {h.receiver} of {h.measure}"
    if isinstance(h, Objection):
        return f"{h.objector} objects to {h.to}"
    if isinstance(h, CallToComply):
        return f"{h.caller} calls on {h.called} to comply"
    if isinstance(h, WarJustice):
        article = "an" if h.justice[0] in "aeiou" else "a"
        return f"{h.fighter} fights {article} {h.justice} war against {h.enemy}"
    assert isinstance(h, Contribution)
    return f"{h.giver} would give {h.ally} {h.extent} help"


def event_text(event: Event) -> str:
    """One event as a line of the timeline (``at 5: Greece responds to France: dismissed``)."""
    return f"at {format_time(event.time)}: {happening_text(event.happening)}"


def alliance_text(a: Alliance) -> str:
    """An alliance block with its clauses, one per line."""
    arity = f"{a.arity} " if a.arity else ""
    lines = [f"alliance {a.name}: {arity}{a.kind} pact between {', '.join(a.members)}"]
    except_ = f" except {', '.join(a.excepted)}" if a.excepted else ""
    lines.append(f"  against {', '.join(a.adversaries)}" if a.adversaries else f"  against any state{except_}")
    lines.append(f"  covering {', '.join(a.scope)}" if a.scope is not None else "  covering anywhere")
    if a.unprovoked_only:
        lines.append("  only if unprovoked")
    if a.covers_provoked:
        lines.append("  covers provoked attacks")
    if a.guarantors:
        verb = "defends" if len(a.guarantors) == 1 else "defend"
        lines.append(f"  only {', '.join(a.guarantors)} {verb} {', '.join(a.guaranteed)}")
    if a.start is not None:
        until = f" until {format_time(a.end)}" if a.end is not None else ""
        lines.append(f"  in force from {format_time(a.start)}{until}")
    lines.append("end")
    return "\n".join(lines)


def doctrine_text(doctrine: str) -> str:
    """A doctrine as an ``expect`` statement names it: a bare name, or a quoted path."""
    return doctrine if vocab.is_doctrine_name(doctrine) else f'"{doctrine}"'


def expectation_text(e: Expectation) -> str:
    """An ``expect`` statement: the doctrines, the pair, the time or span, and the status."""
    when = f"at {format_time(e.start)}" if e.end is None else f"from {format_time(e.start)} to {format_time(e.end)}"
    doctrines = ", ".join(doctrine_text(d) for d in e.doctrines)
    return f"expect {doctrines}: {e.owes} -> {e.to} {when}: {status_text(e.status)}"


def title_text(title: str) -> str:
    return f'case "{title}"'


def include_text(include: Include) -> str:
    return f'include "{include.path}"'


def states_text(states: Sequence[StateDecl]) -> str:
    """One ``state`` statement declaring these states."""
    return "state " + ", ".join(s.name for s in states)


def case_text(case: Case) -> str:
    """The whole case in canonical form, ending with a newline; ``casus fmt`` keeps a file's own order and comments."""
    blocks: list[str] = []
    if case.title is not None:
        blocks.append(title_text(case.title))
    if case.includes:
        blocks.append("\n".join(include_text(inc) for inc in case.includes))
    if case.states:
        blocks.append(states_text(case.states))
    blocks.extend(alliance_text(a) for a in case.alliances)
    if case.events:
        blocks.append("\n".join(event_text(e) for e in case.events))
    if case.expectations:
        blocks.append("\n".join(expectation_text(e) for e in case.expectations))
    return "\n\n".join(blocks) + "\n"
