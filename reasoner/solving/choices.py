"""Open cases: a case some of whose facts are left to choose, grounded once and solved in clingo.

An *open case* has fixed facts and *slots*; each slot takes exactly one of
its *versions*, and a version brings its own facts, the time points they
mention and a cost. One choice of a version per slot is one ordinary case:
``casus whatif`` searches the choices for the cheapest that flips a
conclusion (clingo's optimisation), ``casus sweep`` enumerates them all.

The program is grounded once for every choice. The doctrines' rule files
are indexed as in ``reasoner.solving.joint`` (doctrine ``k`` reads and
concludes at index ``k``, its rules guarded by a predicate of its own, so
that several doctrines share one program without mixing), and their input
facts come from the chosen versions. The timeline's ``time/1`` and
``next/2`` are derived from the time points the chosen facts mention, as
``reasoner.solving.facts`` would emit them for that case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import clingo
from clingo import Function, Number, Symbol
from clingo import ast as casp

from reasoner.common.errors import Diagnostic, RuleFileError
from reasoner.common.limits import within_time_limit
from reasoner.common.reserved import CASE_PREDICATE, FACT_PREDICATE, OPEN_PREFIX, SHOWN_PREDICATE
from reasoner.solving.engine import Conclusion, Doctrine, conclusions_of, rule_files, what_is_limited
from reasoner.solving.joint import indexed_program

SLOT, OPTION, GIVES, MENTIONS, NEEDS, POINT, FIXED, CHOICE, EDIT, INPUT, TIME, LATER, BETWEEN, GOAL = (
    f"{OPEN_PREFIX}{name}"
    for name in (
        "slot",
        "option",
        "gives",
        "mentions",
        "needs",
        "point",
        "fixed",
        "choice",
        "edit",
        "input",
        "time",
        "later",
        "between",
        "goal",
    )
)

#: The choice of versions and the timeline derived from it; the doctrines' facts come from ``INPUT``.
_CHOICE_PROGRAM = f"""
1 {{ {CHOICE}(S,V) : {OPTION}(S,V,_) }} 1 :- {SLOT}(S).
{INPUT}(F) :- {FIXED}(F).
{INPUT}(F) :- {CHOICE}(S,V), {GIVES}(S,V,F).
{TIME}(T) :- {POINT}(T).
{TIME}(T) :- {CHOICE}(S,V), {MENTIONS}(S,V,T).
{LATER}(T,T2) :- {TIME}(T), {TIME}(T2), T < T2.
{BETWEEN}(T,T2) :- {LATER}(T,T1), {LATER}(T1,T2).
{INPUT}(time(T)) :- {TIME}(T).
{INPUT}(next(T,T2)) :- {LATER}(T,T2), not {BETWEEN}(T,T2).
:- {CHOICE}(S,V), {NEEDS}(S,V,R), {CHOICE}(R,0).
{EDIT}(S,V) :- {CHOICE}(S,V), V > 0.
#show {EDIT}/2.
"""

#: What the cost of a choice is: the sum of its versions' costs.
COST = f"#sum {{ C,S : {CHOICE}(S,V), {OPTION}(S,V,C) }}"


@dataclass(frozen=True)
class Version:
    """One way a slot can be filled: its facts, the time points they mention, and what it costs.

    ``needs`` lists the slots that must not keep their first option when this
    version is taken (an event needs the states it names to be declared).
    """

    facts: tuple[Symbol, ...] = ()
    points: tuple[int, ...] = ()
    cost: int = 0
    needs: tuple[int, ...] = ()


@dataclass(frozen=True)
class OpenCase:
    """Fixed facts (without ``time``/``next``) with their time points, and the slots left open."""

    fixed: tuple[Symbol, ...]
    points: tuple[int, ...]
    slots: tuple[tuple[Version, ...], ...]


#: A choice: the index of the version taken in each slot.
Choice = tuple[int, ...]


def _guard(k: int) -> str:
    return f"{CASE_PREDICATE}_{k}"


class _Reguard(casp.Transformer):
    """Renames the joint program's case guard, so that each doctrine's rules apply at its own index only."""

    def __init__(self, name: str) -> None:
        self.name = name

    def visit_Function(self, term: casp.AST) -> casp.AST:
        if term.name == CASE_PREDICATE:
            return term.update(name=self.name)
        return term.update(**self.visit_children(term))


@cache
def _doctrine_program(doctrine: Doctrine, k: int) -> tuple[casp.AST, ...]:
    program = indexed_program(tuple(rule_files(doctrine)))
    if program is None:
        raise RuleFileError(
            [
                Diagnostic(
                    f"the doctrine '{doctrine.name}' cannot be solved with its facts left open",
                    None,
                    help="its rule file uses a statement (#external, #minimize, a theory atom, a script, ...) "
                    "that the one-grounding solver cannot index; 'casus run' still solves it case by case",
                )
            ]
        )
    reguard = _Reguard(_guard(k))
    return tuple(reguard(s) for s in program)


def open_facts(case: OpenCase, doctrines: int) -> Iterator[Symbol]:
    """The open case as facts: the slots, their versions' facts, costs and time points, and the indexes."""
    for k in range(doctrines):
        yield Function(_guard(k), [Number(k)])
    for fact in case.fixed:
        yield Function(FIXED, [fact])
    for point in case.points:
        yield Function(POINT, [Number(point)])
    for s, versions in enumerate(case.slots):
        slot = Number(s)
        yield Function(SLOT, [slot])
        for v, version in enumerate(versions):
            which = Number(v)
            yield Function(OPTION, [slot, which, Number(version.cost)])
            for fact in version.facts:
                yield Function(GIVES, [slot, which, fact])
            for point in version.points:
                yield Function(MENTIONS, [slot, which, Number(point)])
            for other in version.needs:
                yield Function(NEEDS, [slot, which, Number(other)])


def facts_program(doctrines: int) -> str:
    """The rules handing the chosen inputs to each doctrine's indexed program."""
    return "\n".join(f"{FACT_PREDICATE}({k},F) :- {INPUT}(F)." for k in range(doctrines))


def goal_rule(name: str, index: int, args: Sequence[Symbol | None], negated: bool = False) -> casp.AST:
    """``GOAL :- name(index, args)`` (``not name(...)`` if ``negated``), ``None`` standing for any value."""
    loc = casp.Location(casp.Position("<goal>", 1, 1), casp.Position("<goal>", 1, 1))
    terms = [casp.SymbolicTerm(loc, Number(index))]
    terms += [casp.Variable(loc, "_") if a is None else casp.SymbolicTerm(loc, a) for a in args]
    atom = casp.SymbolicAtom(casp.Function(loc, name, terms, False))
    head = casp.Literal(loc, casp.Sign.NoSign, casp.SymbolicAtom(casp.Function(loc, GOAL, [], False)))
    sign = casp.Sign.Negation if negated else casp.Sign.NoSign
    return casp.Rule(loc, head, [casp.Literal(loc, sign, atom)])


class OpenProgram:
    """An open case grounded once under some doctrines, ready to be solved in clingo."""

    def __init__(
        self,
        case: OpenCase,
        doctrines: Sequence[Doctrine],
        extra: str = "",
        rules: Sequence[casp.AST] = (),
        arguments: Sequence[str] = (),
    ) -> None:
        self.case = case
        self.doctrines = tuple(doctrines)
        self.messages: list[str] = []
        self.ctl = clingo.Control(["--models=0", *arguments], logger=self._log, message_limit=100)
        with casp.ProgramBuilder(self.ctl) as builder:
            for k, doctrine in enumerate(self.doctrines):
                for statement in _doctrine_program(doctrine, k):
                    builder.add(statement)
            for statement in rules:
                builder.add(statement)
        text = "\n".join([_CHOICE_PROGRAM, facts_program(len(self.doctrines)), extra])
        self.ctl.add("base", [], text)
        with self.ctl.backend() as backend:
            for symbol in open_facts(case, len(self.doctrines)):
                backend.add_rule([backend.add_atom(symbol)])
        try:
            self.ctl.ground([("base", [])])
        except RuntimeError:
            raise RuleFileError([Diagnostic("; ".join(self.messages) or "grounding failed", None)]) from None

    def _log(self, code: clingo.MessageCode, message: str) -> None:
        if code not in (clingo.MessageCode.AtomUndefined, clingo.MessageCode.GlobalVariable):
            self.messages.append(message)

    def choice(self, model: clingo.Model) -> Choice:
        """The version each slot takes in a model (the first, as written, unless an edit is shown)."""
        taken = [0] * len(self.case.slots)
        for symbol in model.symbols(shown=True):
            if symbol.name == EDIT:
                slot, version = symbol.arguments
                taken[slot.number] = version.number
        return tuple(taken)

    def conclusions(self, model: clingo.Model) -> list[tuple[Conclusion, ...]]:
        """Each doctrine's conclusions in a model."""
        shown: list[list[Symbol]] = [[] for _ in self.doctrines]
        for symbol in model.symbols(shown=True):
            if symbol.name == SHOWN_PREDICATE:
                index, atom = symbol.arguments
                shown[index.number].append(atom)
        return [conclusions_of(s) for s in shown]

    def block(self, choices: Sequence[Choice], part: str) -> None:
        """Rule out these choices from later solving."""
        rules = []
        for choice in choices:
            body = ", ".join(f"{CHOICE}({s},{v})" for s, v in enumerate(choice) if v != 0)
            rules.append(f":- {body}." if body else ":- .")
        self.ctl.add(part, [], "\n".join(rules))
        self.ctl.ground([(part, [])])


@dataclass(frozen=True)
class Cheapest:
    """The least cost at which the goal can be reached, and up to ``top`` choices of that cost."""

    cost: int | None
    choices: tuple[Choice, ...]


def cheapest(
    case: OpenCase,
    doctrines: Sequence[Doctrine],
    goal: Sequence[casp.AST],
    extra: str,
    top: int,
    max_cost: int | None,
    valid: Callable[[Choice], bool],
    time_limit: float,
) -> Cheapest:
    """The cheapest choices meeting ``extra``'s constraints, by clingo's optimisation, each passing ``valid``.

    ``goal`` and ``extra`` say what is sought, as rules and as program text
    (typically ``GOAL`` defined by ``goal`` and ``:- not GOAL.`` in ``extra``).

    Exact: clingo proves the least cost, then enumerates the choices of that
    cost. A choice that ``valid`` refuses (a case ``casus check`` rejects) is
    ruled out and the search runs again, so the answer is the least cost
    among valid choices. Runs under the time limit, like ``engine.solve``.
    """

    def search() -> Cheapest:
        bound = "" if max_cost is None else f":- {COST} > {max_cost}."
        program = OpenProgram(
            case,
            doctrines,
            f"{extra}\n#minimize {{ C,S : {CHOICE}(S,V), {OPTION}(S,V,C) }}.\n{bound}",
            goal,
            ["--opt-mode=optN", "--opt-strategy=usc"],
        )
        rounds = 0
        while True:
            cost, found, refused = _optimal(program, top, valid)
            if found or cost is None:
                return Cheapest(cost, tuple(found))
            rounds += 1
            program.block(refused, f"{OPEN_PREFIX}refused_{rounds}")

    return within_time_limit(search, time_limit, what_is_limited(doctrines[0]))


def _optimal(
    program: OpenProgram, top: int, valid: Callable[[Choice], bool]
) -> tuple[int | None, list[Choice], list[Choice]]:
    """The least cost, up to ``top`` valid choices of it, and the invalid ones met at that cost."""
    found: list[Choice] = []
    refused: list[Choice] = []
    cost: int | None = None
    with program.ctl.solve(yield_=True) as handle:
        for model in handle:
            if not model.optimality_proven:
                continue
            cost = model.cost[0] if model.cost else 0
            choice = program.choice(model)
            (found if valid(choice) else refused).append(choice)
            if len(found) >= top:
                break
    return cost, found, refused


#: Each doctrine's conclusions in one model.
Conclusions = tuple[tuple[Conclusion, ...], ...]

#: A model of an open program: the choice it makes, and each doctrine's conclusions.
Solved = tuple[Choice, Conclusions]


def every(case: OpenCase, doctrines: Sequence[Doctrine], time_limit: float) -> list[Solved] | None:
    """Every choice of the open case with each doctrine's conclusions, from one grounding.

    ``None`` if some choice does not have exactly one answer set under the
    doctrines (the caller then solves the cases one by one, and each gets its
    own error). Runs under the time limit, like ``engine.solve``.
    """
    expected = 1
    for versions in case.slots:
        expected *= len(versions)

    def enumerate_all() -> list[Solved] | None:
        program = OpenProgram(case, doctrines)
        found: list[Solved] = []
        seen: dict[tuple[int, ...], Conclusions] = {}
        edits = _edit_handles(case)
        with program.ctl.solve(yield_=True) as handle:
            for model in handle:
                found.append(_read(model, edits, len(case.slots), len(doctrines), seen))
                if len(found) > expected:
                    return None
        if len(found) != expected or len({choice for choice, _ in found}) != expected:
            return None
        return found

    return within_time_limit(enumerate_all, time_limit, what_is_limited(doctrines[0]))


def _read(
    model: clingo.Model,
    edits: dict[int, tuple[int, int]],
    slots: int,
    doctrines: int,
    seen: dict[tuple[int, ...], Conclusions],
) -> Solved:
    """One model's choice and conclusions; conclusions shown alike by many models are read once.

    Clingo interns symbols, so a symbol's handle (``_rep``, an integer) names it:
    comparing handles costs nothing, where reading a symbol's name or text costs
    a call into clingo each time, and a sweep reads tens of thousands of models.
    """
    taken = [0] * slots
    shown: list[int] = []
    symbols = {}
    for symbol in model.symbols(shown=True):
        handle = symbol._rep
        edit = edits.get(handle)
        if edit is not None:
            taken[edit[0]] = edit[1]
        else:
            shown.append(handle)
            symbols[handle] = symbol
    key = tuple(sorted(shown))
    if key not in seen:
        per_doctrine: list[list[Symbol]] = [[] for _ in range(doctrines)]
        for handle in key:
            index, atom = symbols[handle].arguments
            per_doctrine[index.number].append(atom)
        seen[key] = tuple(conclusions_of(atoms) for atoms in per_doctrine)
    return tuple(taken), seen[key]


def _edit_handles(case: OpenCase) -> dict[int, tuple[int, int]]:
    """The handle of every ``EDIT(S,V)`` atom, with its slot and version."""
    return {
        Function(EDIT, [Number(s), Number(v)])._rep: (s, v)
        for s, versions in enumerate(case.slots)
        for v in range(1, len(versions))
    }
