"""What would change the verdict (``casus whatif``): the fewest edits to a case that flip a conclusion.

The *target* is an output atom of the contract, written as ``casus explain``
queries are (``justified(France, Greece, 9, entrapment)``, ``_`` for any
value). If it holds in the case, the answer makes it fail; if it fails, the
answer makes it hold. The search is exact: the case's edit space
(``reasoner.reports.edit_space``) is one open case, grounded once, and
clingo's optimisation proves the least number of edits before the answers
of that size are enumerated (``reasoner.solving.choices``). Each answer is
then checked (``casus check``) and solved again, as an ordinary case, by
``engine.analyse``: the verdict printed after an edit is the engine's.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from clingo import Symbol, SymbolType

from reasoner.common.errors import CasusError, Diagnostic, suggestion
from reasoner.language.model import Case, Event, format_time, time_key
from reasoner.language.printer import alliance_text, event_text
from reasoner.reports.compare import Status, status_of, statuses
from reasoner.reports.edit_space import NOTHING_KEPT, Keep, Slot, Space, edit_space, validity_constraints
from reasoner.reports.tables import wrapped
from reasoner.solving.choices import GOAL, Choice, cheapest, goal_rule
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, OUTPUTS, CaseResult, Conclusion, Doctrine, analyse

WHATIF_SCHEMA = "casus.whatif/1"

#: How many answers of the least size are shown unless ``--top`` says otherwise.
DEFAULT_TOP = 5


@dataclass(frozen=True)
class Target:
    """An output atom to flip: its predicate and arguments (``None`` for any value)."""

    name: str
    args: tuple[Symbol | None, ...]

    def matches(self, c: Conclusion) -> bool:
        """Whether a conclusion is an instance of the target."""
        if c.predicate != self.name:
            return False
        values: list[object] = [c.owes, c.to, c.time, c.ground]
        return all(a is None or _value(a) == v for a, v in zip(self.args, values, strict=False))

    def holds(self, conclusions: Sequence[Conclusion]) -> bool:
        return any(self.matches(c) for c in conclusions)

    def text(self, result: CaseResult) -> str:
        """The target as the case writes it."""
        shown = [_shown(a, result) for a in self.args]
        return f"{self.name}({', '.join(shown)})"


def _value(symbol: Symbol) -> object:
    if symbol.type == SymbolType.String:
        return symbol.string
    if symbol.type == SymbolType.Number:
        return symbol.number
    return str(symbol)


def _shown(symbol: Symbol | None, result: CaseResult) -> str:
    if symbol is None:
        return "_"
    if symbol.type == SymbolType.Number:
        return result.time_text(symbol.number)
    return symbol.string if symbol.type == SymbolType.String else str(symbol).replace("_", "-")


def target_of(name: str, args: Sequence[Symbol | None], positive: bool = True) -> Target:
    """A target from a parsed query; a usage error if it is not an output atom of the contract."""
    if not positive:
        raise _usage(
            f"write the target without '-': '{name}(...)'",
            "whatif flips the target whichever way it comes out: if it holds, the edits make it fail",
        )
    if name not in OUTPUTS:
        raise _usage(
            f"'{name}' is not a conclusion a doctrine states",
            suggestion(name, OUTPUTS) + f"the target is one of {', '.join(OUTPUTS)}",
        )
    if len(args) != OUTPUTS[name]:
        raise _usage(f"'{name}' takes {OUTPUTS[name]} arguments, not {len(args)}", _example(name))
    return Target(name, tuple(args))


def _example(name: str) -> str:
    args = "France, Greece, 9" + (", entrapment" if OUTPUTS[name] == 4 else "")
    return f"e.g. '{name}({args})'; '_' stands for any value"


def _usage(message: str, help: str | None = None) -> CasusError:
    return CasusError([Diagnostic(message, None, help=help)], exit_code=2)


@dataclass(frozen=True)
class Edit:
    """One changed statement: the slot and the version it takes."""

    slot: Slot
    version: object

    @property
    def line(self) -> int | None:
        """The line of the statement as written (``None`` for an added event)."""
        written = self.slot.options[0]
        if isinstance(written, Event) and written.source is not None:
            return written.source.line
        return None

    def describe(self, written: Case) -> str:
        """The edit in words: ``remove line 21``, ``move line 21 from 3 to 11``, ``add an event``."""
        before, after = self.slot.options[0], self.version
        if self.slot.where == "clause":
            alliance = written.alliances[self.slot.index].name
            to = f" to {after}" if self.slot.clause == "kind" else ""
            return f"change the {CLAUSE_NAMES[self.slot.clause or '']} of {alliance}{to}"
        if not isinstance(before, Event):
            return "add an event"
        if not isinstance(after, Event):
            return f"remove line {self.line}"
        changed = [
            f.name.replace("_", " ")
            for f in dataclasses.fields(before.happening)
            if getattr(before.happening, f.name) != getattr(after.happening, f.name)
        ]
        to = f" to {_field_text(after.happening, changed[0])}" if len(changed) == 1 else ""
        words = [f"change the {' and '.join(changed)} on line {self.line}{to}"] if changed else []
        if time_key(before.time) != time_key(after.time):
            moved = f"from {format_time(before.time)} to {format_time(after.time)}"
            words.append(f"move it {moved}" if changed else f"move line {self.line} {moved}")
        return " and ".join(words)


def _field_text(happening: object, name: str) -> str:
    value = getattr(happening, name.replace(" ", "_"))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)


#: The clauses of a pact as the answers name them.
CLAUSE_NAMES = {
    "kind": "kind",
    "adversaries": "adversary",
    "scope": "geographic scope",
    "unprovoked_only": "non-provocation condition",
    "covers_provoked": "cover of provoked attacks",
    "start": "entry into force",
    "end": "end",
}


@dataclass(frozen=True)
class Answer:
    """A least set of edits, the edited case, and the engine's result on it."""

    edits: tuple[Edit, ...]
    case: Case
    result: CaseResult


@dataclass(frozen=True)
class WhatIf:
    """The question (case, doctrine, target), the case's own result, and the answers found."""

    case: Case
    doctrine: Doctrine
    target: Target
    before: CaseResult
    held: bool
    size: int | None
    answers: tuple[Answer, ...]
    max_edits: int | None = None
    #: How many answers of the least size there are (``None``: more than were enumerated).
    count: int | None = None


def whatif(
    case: Case,
    doctrine: Doctrine,
    target: Target,
    *,
    top: int = DEFAULT_TOP,
    max_edits: int | None = None,
    keep: Keep = NOTHING_KEPT,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> WhatIf:
    """The fewest edits that flip the target, up to ``top`` alternatives, each verified by the engine."""
    before = analyse(case, [doctrine], time_limit)
    held = target.holds(before.solutions[0].conclusions)
    space = edit_space(case, keep)
    goal = [goal_rule(target.name, 0, target.args, negated=held)]

    limit = max(top, ENUMERATED)
    found = cheapest(
        space.open_case,
        [doctrine],
        goal,
        f"{validity_constraints()}\n:- not {GOAL}.",
        limit,
        max_edits,
        space.valid,
        time_limit,
    )
    ordered = sorted(found.choices, key=lambda choice: answer_order(space, choice))
    answers = tuple(_verified(space, choice, doctrine, target, held, time_limit) for choice in ordered[:top])
    count = len(found.choices) if len(found.choices) < limit else None
    return WhatIf(case, doctrine, target, before, held, found.cost, answers, max_edits, count)


#: At most this many answers of the least size are enumerated, to be put in order before the first are shown.
ENUMERATED = 1000

#: Answers are shown changes to the timeline first, then to pacts, then additions (states and pacts
#: of a case built from nothing come before its events).
_RANK = {"state": 0, "pact": 1, "event": 0, "clause": 1, "added": 2}


def answer_order(space: Space, choice: Choice) -> list[tuple[int, int, int]]:
    return sorted((_RANK[space.slots[s].where], s, v) for s, v in enumerate(choice) if v != 0)


def _verified(
    space: Space, choice: Choice, doctrine: Doctrine, target: Target, held: bool, time_limit: float
) -> Answer:
    """The edited case solved by the engine; an internal error if the target did not flip there."""
    edited = space.edited(choice)
    result = analyse(edited, [doctrine], time_limit)
    if target.holds(result.solutions[0].conclusions) == held:
        raise RuntimeError("an edit found by the search does not flip the target when the case is solved")
    edits = tuple(Edit(slot, slot.options[v]) for slot, v in zip(space.slots, choice, strict=True) if v != 0)
    return Answer(edits, edited, result)


def diff_lines(written: Case, answer: Answer) -> list[str]:
    """The answer as lines of the case language: ``-`` as written, ``+`` as edited."""
    lines: list[str] = []
    for edit in sorted((e for e in answer.edits if e.slot.where != "clause"), key=_order):
        before = edit.slot.options[0]
        if isinstance(before, Event):
            lines.append(f"- {event_text(before)}")
        if isinstance(edit.version, Event):
            lines.append(f"+ {event_text(edit.version)}")
    for index in sorted({e.slot.index for e in answer.edits if e.slot.where == "clause"}):
        old = alliance_text(written.alliances[index]).splitlines()
        new = alliance_text(answer.case.alliances[index]).splitlines()
        lines.extend(f"{line[0]} {line[2:]}" for line in difflib.ndiff(old, new) if line[:1] in "-+")
    return lines


def _order(edit: Edit) -> tuple[int, int]:
    event = edit.version if isinstance(edit.version, Event) else edit.slot.options[0]
    assert isinstance(event, Event)
    return (time_key(event.time), edit.line or 0)


def _said_order(edit: Edit) -> tuple[int, int]:
    return (edit.line or 10**9, 0)


def answer_words(written: Case, answer: Answer) -> str:
    """An answer's edits in words, by line: ``remove line 20; change the kind on line 25 to heeded``."""
    return "; ".join(e.describe(written) for e in sorted(answer.edits, key=_said_order))


def _state(status: Status) -> str:
    """What a doctrine concludes at one row, in the status words of every view (``compare.status_of``)."""
    return status_of(status)


def _rows(target: Target, results: Sequence[CaseResult]) -> list[tuple[str, str, int]]:
    """The rows (pair and time) the target names, among those any result concludes something about."""
    keys = {k for r in results for k in statuses(r.solutions[0])}
    wanted = [a for a in target.args[:3]]
    named = [k for k in keys if all(w is None or _value(w) == v for w, v in zip(wanted, k, strict=True))]
    if all(w is not None for w in wanted) and not named:
        named = [(_value(wanted[0]), _value(wanted[1]), _value(wanted[2]))]  # type: ignore[list-item]
    return sorted(named)[:MAX_ROWS]


#: At most this many rows are shown with each answer.
MAX_ROWS = 3


def _row_texts(result: CaseResult, rows: Sequence[tuple[str, str, int]]) -> list[str]:
    table = statuses(result.solutions[0])
    return [f"{x} owes {y} at {result.time_text(t)}: {_state(table.get((x, y, t), Status()))}" for x, y, t in rows]


def whatif_text(w: WhatIf) -> str:
    """The answers as a diff of case-language lines, each with the engine's verdict after the edit."""
    before = w.before
    target = w.target.text(before)
    out = wrapped(f"{before.heading}, doctrine: {w.doctrine.name}", "")
    rows = _rows(w.target, [before, *(a.result for a in w.answers)])
    state = "holds" if w.held else "does not hold"
    out += wrapped(f"target: {target}, which {state}", "")
    out += [line for text in _row_texts(before, rows) for line in wrapped(text, "  now: ")]
    if w.size is None:
        limit = (
            f"of at most {w.max_edits} edit{'s' if w.max_edits != 1 else ''}" if w.max_edits is not None else "of edits"
        )
        goal = "fail" if w.held else "hold"
        out += ["", *wrapped(f"no set {limit} in the edit space makes it {goal}", "")]
        return "\n".join(out) + "\n"
    plural = "s" if w.size != 1 else ""
    goal = "fail" if w.held else "hold"
    total = f"{w.count}" if w.count is not None else f"more than {ENUMERATED}"
    shown = f"{total} answer{'s' if w.count != 1 else ''}, {len(w.answers)} shown"
    out += wrapped(f"the fewest edits that make it {goal}: {w.size} edit{plural} ({shown})", "")
    for n, answer in enumerate(w.answers, 1):
        out += ["", *wrapped(f"{n}. {answer_words(w.case, answer)}", "", "   ")]
        out += [line for text in diff_lines(w.case, answer) for line in wrapped(text, "   ")]
        out += [line for text in _row_texts(answer.result, rows) for line in wrapped(text, "   after: ")]
    return "\n".join(out) + "\n"


def whatif_json(w: WhatIf) -> str:
    """The answers as JSON (schema ``casus.whatif/1``, see docs/whatif.md)."""
    rows = _rows(w.target, [w.before, *(a.result for a in w.answers)])

    def verdicts(result: CaseResult) -> list[dict[str, object]]:
        table = statuses(result.solutions[0])
        return [
            {"owes": x, "to": y, "time": result.time_json(t), "conclusion": _state(table.get((x, y, t), Status()))}
            for x, y, t in rows
        ]

    document = {
        "schema": WHATIF_SCHEMA,
        "case": {"file": w.case.file, "title": w.case.title},
        "doctrine": w.doctrine.name,
        "target": w.target.text(w.before),
        "holds": w.held,
        "max_edits": w.max_edits,
        "fewest_edits": w.size,
        "answers_of_that_size": w.count,
        "before": verdicts(w.before),
        "answers": [
            {
                "edits": [edit_json(e, w.case) for e in answer.edits],
                "diff": diff_lines(w.case, answer),
                "after": verdicts(answer.result),
            }
            for answer in w.answers
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def edit_json(edit: Edit, written: Case) -> dict[str, object]:
    slot = edit.slot
    if slot.where == "clause":
        alliance = written.alliances[slot.index]
        return {
            "edit": "change clause",
            "alliance": alliance.name,
            "clause": slot.clause,
            "line": alliance.source.line if alliance.source else None,
            "from": _clause_json(slot.options[0]),
            "to": _clause_json(edit.version),
        }
    before, after = slot.options[0], edit.version
    kind = "add" if before is None else "remove" if after is None else "change"
    return {
        "edit": kind,
        "says": edit.describe(written),
        "line": edit.line,
        "from": event_text(before) if isinstance(before, Event) else None,
        "to": event_text(after) if isinstance(after, Event) else None,
    }


def _clause_json(value: object) -> object:
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, tuple):
        return list(value)
    return str(value)


FORMATS = {"text": whatif_text, "json": whatif_json}
