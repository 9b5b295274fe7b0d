"""Where two doctrines part (``casus disagree``): the smallest case on which their verdicts differ.

The case is built from nothing over a stated, bounded vocabulary
(``Bounds``): the states ``A``, ``B``, ... ; a bilateral defence pact
between any two of them, in force from step 1, covering attacks by any
state anywhere, optionally only if unprovoked; and every event of the case
language between them (each kind, each attribute value) at steps 1 to
``steps``. Its size is the number of states, pacts and events; clingo's
optimisation finds the least, over both doctrines solved in one program
(``reasoner.solving.choices``). With ``--near CASE``, the same search runs
over a given case's edit space (``reasoner.reports.edit_space``): the
fewest edits that make the doctrines disagree, or agree if they already
disagree. Every answer is solved again by the engine under both doctrines.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from clingo import Function, String

from reasoner.common.errors import Diagnostic, warning
from reasoner.common.reserved import OPEN_PREFIX
from reasoner.language.model import Alliance, Case, PolicyEnd, StateDecl, time_key
from reasoner.language.printer import case_text
from reasoner.reports.compare import Row, compare
from reasoner.reports.edit_space import (
    NOTHING_KEPT,
    Keep,
    Slot,
    Space,
    added_events,
    edit_space,
    event_version,
    validity_constraints,
)
from reasoner.reports.tables import wrapped
from reasoner.reports.whatif import ENUMERATED, Answer, Edit, answer_order, diff_lines, edit_json
from reasoner.solving.choices import EDIT, GOAL, Choice, OpenCase, Version, cheapest
from reasoner.solving.contract import inputs_read
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, CaseResult, Doctrine, analyse, rule_files
from reasoner.solving.facts import alliance_facts, event_facts

DISAGREE_SCHEMA = "casus.disagree/1"

#: The names of the states a smallest case may declare, in order.
STATE_NAMES = ("A", "B", "C", "D", "E")

_BREACH, _SIDE = f"{OPEN_PREFIX}breach", f"{OPEN_PREFIX}side"

#: ``GOAL`` holds when the two doctrines (indexes 0 and 1) give different verdicts on a breach,
#: as ``compare`` words a verdict: no breach, justified on which grounds, blameworthy or not.
DIFFERENT_VERDICTS = f"""
{_SIDE}(0;1).
{_BREACH}(X,Y,T) :- breach(K,X,Y,T), {_SIDE}(K).
{GOAL} :- {_BREACH}(X,Y,T), {_SIDE}(K), {_SIDE}(L), not breach(L,X,Y,T).
{GOAL} :- {_BREACH}(X,Y,T), justified(K,X,Y,T,G), {_SIDE}(L), not justified(L,X,Y,T,G).
{GOAL} :- {_BREACH}(X,Y,T), blameworthy(K,X,Y,T), {_SIDE}(L), not blameworthy(L,X,Y,T).
"""


#: Among the smallest cases, the one written first: the first states and pacts, plain before
#: unprovoked-only, events in the order the space lists them (a second, lesser objective).
_FIRST_NAMED = f"#minimize {{ V@-1,S : {EDIT}(S,V) }}.\n#minimize {{ S@-2,S : {EDIT}(S,V) }}."


@dataclass(frozen=True)
class Bounds:
    """The vocabulary a smallest case is built from: how many states, and how many steps."""

    states: int = 3
    steps: int = 3

    def text(self) -> str:
        names = ", ".join(STATE_NAMES[: self.states])
        return (
            f"states {names}; a bilateral defence pact between any two, in force from step 1, against any "
            "state, anywhere, optionally only if unprovoked; every event either doctrine reads at steps 1 to "
            f"{self.steps}"
        )


def differing_rows(result: CaseResult) -> list[Row]:
    """The breaches on which the two doctrines' verdicts differ."""
    return [r for r in compare(result.solutions) if r.is_breach and len({s.verdict() for s in r.statuses}) > 1]


def vocabulary_space(bounds: Bounds, reads: frozenset[str] | None = None) -> Space:
    """Every case over the bounded vocabulary, as slots: states, pacts and events, each absent or present.

    With ``reads`` (the input predicates the doctrines read), an event with a
    fact no doctrine reads is left out: it could not make them disagree. The
    end of a policy is left out too, deliberately: it multiplies the cost of
    the search many times over (the Moderate View's restoration rules), and
    ``casus whatif`` and ``disagree --near`` still edit and add it.
    """
    names = STATE_NAMES[: bounds.states]
    slots: list[Slot] = []
    versions: list[tuple[Version, ...]] = []
    for i, name in enumerate(names):
        slots.append(Slot("state", i, (None, StateDecl(name))))
        versions.append((Version(), Version((Function("state", [String(name)]),), cost=1)))
    pacts = []
    for x, y in itertools.combinations(range(len(names)), 2):
        plain = Alliance(f"Pact{names[x]}{names[y]}", "defence", (names[x], names[y]), "bilateral", start=1)
        pacts.append(plain)
        options = (plain, Alliance(**{**plain.__dict__, "unprovoked_only": True}))
        slots.append(Slot("pact", len(slots), (None, *options)))
        versions.append((Version(), *(Version(tuple(alliance_facts(a)), (1,), 1, (x, y)) for a in options)))
    full = Case(states=[StateDecl(n) for n in names], alliances=pacts)
    for event in added_events(full, range(1, bounds.steps + 1), [], frozenset()):
        if isinstance(event.happening, PolicyEnd) or (
            reads is not None and any(f.name not in reads for f in event_facts(event))
        ):
            continue
        h = event.happening
        needs = tuple(names.index(n) for n in (getattr(h, f) for f in list(h.__dataclass_fields__)[:2]))
        slots.append(Slot("added", -1, (None, event)))
        version = event_version(None, event)
        versions.append((Version(), Version(version.facts, version.points, 1, needs)))
    base = Case(file="<smallest>")
    return Space(base, tuple(slots), OpenCase((), (), tuple(versions)))


@dataclass(frozen=True)
class Smallest:
    """The smallest case on which two doctrines' verdicts differ (``None`` if none within the bounds)."""

    doctrines: tuple[Doctrine, Doctrine]
    bounds: Bounds
    case: Case | None
    result: CaseResult | None

    @property
    def text(self) -> str:
        return case_text(self.case) if self.case is not None else ""


def smallest(a: Doctrine, b: Doctrine, bounds: Bounds = Bounds(), time_limit: float = DEFAULT_TIME_LIMIT) -> Smallest:
    """The case with the fewest states, pacts and events on which ``a`` and ``b`` reach different verdicts."""
    space = vocabulary_space(bounds, inputs_read(rule_files(a)) | inputs_read(rule_files(b)))
    extra = "\n".join([DIFFERENT_VERDICTS, validity_constraints(), f":- not {GOAL}.", _FIRST_NAMED])
    found = cheapest(space.open_case, [a, b], (), extra, 1, None, space.valid, time_limit)
    if not found.choices:
        return Smallest((a, b), bounds, None, None)
    built = space.edited(found.choices[0])
    events = sorted(built.events, key=lambda e: time_key(e.time))
    title = smallest_title((a, b))
    case = Case(file=built.file, title=title, states=built.states, alliances=built.alliances, events=events)
    result = analyse(case, [a, b], time_limit)
    if not differing_rows(result):
        raise RuntimeError("the smallest case found does not make the doctrines disagree when it is solved")
    return Smallest((a, b), bounds, case, result)


@dataclass(frozen=True)
class Near:
    """The fewest edits to a case that make two doctrines disagree (or agree, if they disagree)."""

    case: Case
    doctrines: tuple[Doctrine, Doctrine]
    before: CaseResult
    disagreed: bool
    size: int | None
    answers: tuple[Answer, ...]
    count: int | None


def near(
    case: Case,
    a: Doctrine,
    b: Doctrine,
    *,
    top: int = 5,
    max_edits: int | None = None,
    keep: Keep = NOTHING_KEPT,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Near:
    """The fewest edits to ``case`` after which ``a`` and ``b`` disagree, or agree if they already disagree."""
    before = analyse(case, [a, b], time_limit)
    disagreed = bool(differing_rows(before))
    space = edit_space(case, keep)
    wanted = f":- {GOAL}." if disagreed else f":- not {GOAL}."
    extra = DIFFERENT_VERDICTS + validity_constraints() + "\n" + wanted
    limit = max(top, ENUMERATED)
    found = cheapest(space.open_case, [a, b], (), extra, limit, max_edits, space.valid, time_limit)
    ordered = sorted(found.choices, key=lambda choice: answer_order(space, choice))
    answers = []
    for choice in ordered[:top]:
        edited = space.edited(choice)
        result = analyse(edited, [a, b], time_limit)
        if bool(differing_rows(result)) == disagreed:
            raise RuntimeError("edits found by the search do not change whether the doctrines disagree")
        answers.append(Answer(tuple(_edits(space, choice)), edited, result))
    count = len(found.choices) if len(found.choices) < limit else None
    return Near(case, (a, b), before, disagreed, found.cost, tuple(answers), count)


def _edits(space: Space, choice: Choice) -> Iterator[Edit]:
    return (Edit(slot, slot.options[v]) for slot, v in zip(space.slots, choice, strict=True) if v != 0)


def verdict_lines(result: CaseResult, rows: Sequence[Row], indent: str) -> list[str]:
    """Each differing breach with both doctrines' verdicts."""
    names = [s.doctrine.name for s in result.solutions]
    lines = []
    for row in rows:
        said = "; ".join(f"{n}: {s.verdict()}" for n, s in zip(names, row.statuses, strict=True))
        lines += wrapped(f"{row.owes} owes {row.to} at {result.time_text(row.time)}: {said}", indent)
    return lines


def explain_warnings(explain: bool, near: bool, format: str) -> list[Diagnostic]:
    """A warning for ``--explain`` where it does nothing: only the text of the smallest case takes it."""
    if not explain or (format == "text" and not near):
        return []
    if near:
        return [warning("--explain has no effect with --near: it explains the smallest case", None)]
    why = ": the page always has both explanations" if format == "html" else ""
    return [warning(f"--explain has no effect with --format {format}{why}", None)]


def near_only_warnings(keep: object, max_edits: object) -> list[Diagnostic]:
    """Warnings for the options that only ``--near`` reads, given without it."""
    given = [name for name, value in (("--keep", keep), ("--max-edits", max_edits)) if value]
    return [warning(f"{name} has no effect without --near CASE", None) for name in given]


def smallest_text(s: Smallest) -> str:
    """The smallest case as a case file, then the verdicts that differ."""
    out = wrapped(f"# over: {s.bounds.text()}", "", "#   ")
    if s.case is None or s.result is None:
        out += wrapped(f"# {none_found(s)}", "", "#   ")
        return "\n".join(out) + "\n"
    out += [f"# size: {size_text(s.case)}", "# verdicts that differ:"]
    out += verdict_lines(s.result, differing_rows(s.result), "#   ")
    return "\n".join(out) + "\n" + s.text


def smallest_title(doctrines: tuple[Doctrine, Doctrine]) -> str:
    """The title of the smallest case on which two doctrines disagree."""
    return f"The smallest case on which {doctrines[0].name} and {doctrines[1].name} disagree"


def none_found(s: Smallest) -> str:
    """What the search says when no case within the bounds makes the doctrines part."""
    a, b = (d.name for d in s.doctrines)
    return f"no case within these bounds makes {a} and {b} reach different verdicts"


def size_text(case: Case) -> str:
    """A case's size in words: ``3 states, 1 pact, 3 events``."""
    return ", ".join(_count(n, what) for n, what in _sizes(case))


def _sizes(case: Case) -> list[tuple[int, str]]:
    return [(len(case.states), "state"), (len(case.alliances), "pact"), (len(case.events), "event")]


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def smallest_json(s: Smallest) -> str:
    """The smallest case as JSON (schema ``casus.disagree/1``)."""
    document: dict[str, object] = {
        "schema": DISAGREE_SCHEMA,
        "doctrines": [d.name for d in s.doctrines],
        "bounds": {"states": s.bounds.states, "steps": s.bounds.steps, "vocabulary": s.bounds.text()},
        "case": s.text or None,
        "size": None
        if s.case is None
        else {"states": len(s.case.states), "pacts": len(s.case.alliances), "events": len(s.case.events)},
        "verdicts": [] if s.result is None else _verdicts_json(s.result, differing_rows(s.result)),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _verdicts_json(result: CaseResult, rows: Sequence[Row]) -> list[dict[str, object]]:
    names = [sol.doctrine.name for sol in result.solutions]
    return [
        {
            "owes": r.owes,
            "to": r.to,
            "time": result.time_json(r.time),
            "verdicts": {n: st.verdict() for n, st in zip(names, r.statuses, strict=True)},
        }
        for r in rows
    ]


def near_text(n: Near) -> str:
    """The fewest edits as a diff, each with the verdicts after it."""
    a, b = (d.name for d in n.doctrines)
    out = wrapped(f"{n.before.heading}, doctrines: {a} and {b}", "")
    now = differing_rows(n.before)
    if n.disagreed:
        out += ["they now reach different verdicts:", *verdict_lines(n.before, now, "  ")]
    else:
        out += ["they now reach the same verdicts"]
    goal = "agree" if n.disagreed else "disagree"
    if n.size is None:
        out += ["", f"no set of edits in the edit space makes them {goal}"]
        return "\n".join(out) + "\n"
    total = f"{n.count}" if n.count is not None else f"more than {ENUMERATED}"
    plural = "s" if n.size != 1 else ""
    out += wrapped(
        f"the fewest edits that make them {goal}: {n.size} edit{plural} ({total} answers, {len(n.answers)} shown)", ""
    )
    for i, answer in enumerate(n.answers, 1):
        said = "; ".join(e.describe(n.case) for e in answer.edits)
        out += ["", *wrapped(f"{i}. {said}", "", "   ")]
        out += [line for text in diff_lines(n.case, answer) for line in wrapped(text, "   ")]
        out += verdict_lines(answer.result, _rows_after(n.before, answer.result), "   after: ")
    return "\n".join(out) + "\n"


def _rows_after(before: CaseResult, after: CaseResult) -> list[Row]:
    """The breaches that differ after the edits, or else those that differed before, as they now stand."""
    now = differing_rows(after)
    if now:
        return now
    wanted = {(r.owes, r.to, r.time) for r in differing_rows(before)}
    return [r for r in compare(after.solutions) if (r.owes, r.to, r.time) in wanted]


def near_json(n: Near) -> str:
    """The fewest edits as JSON (schema ``casus.disagree/1``, with ``near``)."""
    document = {
        "schema": DISAGREE_SCHEMA,
        "doctrines": [d.name for d in n.doctrines],
        "near": {"file": n.case.file, "title": n.case.title},
        "disagree": n.disagreed,
        "before": _verdicts_json(n.before, differing_rows(n.before)),
        "fewest_edits": n.size,
        "answers_of_that_size": n.count,
        "answers": [
            {
                "edits": [edit_json(e, n.case) for e in answer.edits],
                "diff": diff_lines(n.case, answer),
                "after": _verdicts_json(answer.result, _rows_after(n.before, answer.result)),
            }
            for answer in n.answers
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
