"""Solving many cases in one grounding: every atom carries its case's index.

``engine.solve`` pays for a fresh ``clingo.Control`` per case: loading and
parsing the rule files, grounding, solving, reading the model. For a batch
of small cases that overhead is most of the cost. Here a doctrine's rule
files are rewritten once through ``clingo.ast`` so that every atom takes the
case index as a new first argument (``owed(X,Y,T)`` becomes
``owed(I,X,Y,T)``), each rule is guarded by ``_casus_case(I)``, and the
facts of all cases are added with their index. Cases never share an atom,
so the one answer set of the joint program is the union of each case's own.

No explanation is asked of a batch, so the facts go to clingo as one
program text (``indexed_text``: each fact as clingo prints it, written
straight from the case with no symbol built, wrapped with its case's index),
parsed by clingo in one call rather than added symbol by symbol; and the
solver process sends the joint answer back as one text, read in one pass
(``JointShown``, ``read_joint``).

Where that reasoning does not hold, the joint run is not attempted or not
trusted, and the cases are solved one by one with ``engine.solve`` (which
also gives each failing case its own error): a rule file with statements
that couple cases (``#external``, ``#minimize``, theory atoms, heuristics,
scripts, ...), a rule file that does not parse, or a joint program without
exactly one answer set (some case has none or several).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from clingo import Symbol, SymbolType
from clingo import ast as casp

from reasoner.common.errors import CasusError, RuleFileError
from reasoner.common.limits import TimeLimitReached, within_time_limit
from reasoner.common.reserved import CASE_PREDICATE, CASE_VARIABLE, FACT_PREDICATE, SHOWN_PREDICATE, VARIABLE_PREFIX
from reasoner.language.model import Case
from reasoner.solving.engine import (
    DEFAULT_TIME_LIMIT,
    OUTPUTS,
    PLAIN_OUTPUT,
    CaseResult,
    Conclusion,
    Doctrine,
    Row,
    Solution,
    answer_sets,
    from_rows,
    new_control,
    of_contract,
    plain_row,
    row_of,
    rule_files,
    solve,
    what_is_limited,
)
from reasoner.solving.facts import Facts, case_facts

#: Statements that are safe to index: each case's part of the program stays its own.
_INDEXABLE = {
    casp.ASTType.Program,
    casp.ASTType.Rule,
    casp.ASTType.ShowSignature,
    casp.ASTType.ShowTerm,
    casp.ASTType.Defined,
    casp.ASTType.Definition,
    casp.ASTType.Comment,
}

#: How many cases go into one grounding; larger chunks save little and cost memory.
DEFAULT_CHUNK = 256


class _NotIndexable(Exception):
    """The rule files contain a statement whose meaning indexing would change."""


class _Indexer(casp.Transformer):
    """Adds the case index as the first argument of every atom, and routes facts and shown atoms.

    Facts come in wrapped, as ``_casus_fact(I, F)``, so that adding them costs one
    symbol each; a bridge rule per declared (``#defined``) predicate unwraps them.
    Shown output atoms go out wrapped, as ``_casus_shown(I, A)``, so that reading
    them needs no new symbols.
    """

    def __init__(self, location: casp.Location) -> None:
        self.location = location
        self.index = casp.Variable(location, CASE_VARIABLE)
        self.guard = self.literal(casp.Function(location, CASE_PREDICATE, [self.index], False))
        self.declared: set[tuple[str, int]] = set()
        self.shown: set[tuple[str, int]] = set()
        self.show_terms: list[casp.AST] = []
        self.hides = False

    def literal(self, term: casp.AST) -> casp.AST:
        return casp.Literal(self.location, casp.Sign.NoSign, casp.SymbolicAtom(term))

    def term(self, term: casp.AST) -> casp.AST:
        """A predicate term with the index in front: ``p(X)`` to ``p(I,X)``, ``-p`` to ``-p(I)``."""
        if term.ast_type == casp.ASTType.Function:
            return term.update(arguments=[self.index, *term.arguments])
        if term.ast_type == casp.ASTType.UnaryOperation:
            return term.update(argument=self.term(term.argument))
        if term.ast_type == casp.ASTType.Pool:
            return term.update(arguments=[self.term(t) for t in term.arguments])
        if term.ast_type == casp.ASTType.SymbolicTerm and term.symbol.type == SymbolType.Function:
            return casp.Function(term.location, term.symbol.name, [self.index], False)
        raise _NotIndexable(str(term))

    def visit_SymbolicAtom(self, atom: casp.AST) -> casp.AST:
        return atom.update(symbol=self.term(atom.symbol))

    def visit_TheoryAtom(self, atom: casp.AST) -> casp.AST:
        raise _NotIndexable(str(atom))

    def statement(self, stm: casp.AST) -> casp.AST | None:
        """One statement of the program, indexed; show statements are collected for ``epilogue``."""
        if stm.ast_type not in _INDEXABLE:
            raise _NotIndexable(str(stm))
        if stm.ast_type == casp.ASTType.Rule:
            return self.visit(stm).update(body=[*self.visit_sequence(stm.body), self.guard])
        if stm.ast_type == casp.ASTType.Defined:
            self.declared.add((stm.name, stm.arity))
            return stm.update(arity=stm.arity + 1)
        if stm.ast_type == casp.ASTType.ShowSignature:
            self.hides = True
            if stm.name and stm.positive:
                self.shown.add((stm.name, stm.arity))
            return None
        if stm.ast_type == casp.ASTType.ShowTerm:
            self.hides = True
            self.show_terms.append(self._shown(stm.term, [*self.visit_sequence(stm.body), self.guard]))
            return None
        return stm

    def _shown(self, term: casp.AST, body: list[casp.AST]) -> casp.AST:
        wrapped = casp.Function(self.location, SHOWN_PREDICATE, [self.index, term], False)
        return casp.ShowTerm(self.location, wrapped, body)

    def _variables(self, arity: int) -> list[casp.AST]:
        return [casp.Variable(self.location, f"{VARIABLE_PREFIX}{i}") for i in range(arity)]

    def epilogue(self) -> list[casp.AST]:
        """Bridges from wrapped facts to declared predicates, and the wrapped shows of the outputs."""
        added: list[casp.AST] = []
        for name, arity in sorted(self.declared):
            args = self._variables(arity)
            wrapped = casp.Function(self.location, name, args, False)
            fact = casp.Function(self.location, FACT_PREDICATE, [self.index, wrapped], False)
            head = self.literal(casp.Function(self.location, name, [self.index, *args], False))
            added.append(casp.Rule(self.location, head, [self.literal(fact)]))
        shown = self.shown if self.hides else set(OUTPUTS.items())
        for name, arity in sorted(shown & set(OUTPUTS.items())):
            args = self._variables(arity)
            atom = casp.Function(self.location, name, args, False)
            body = [self.literal(casp.Function(self.location, name, [self.index, *args], False))]
            added.append(self._shown(atom, body))
        added.append(casp.ShowSignature(self.location, "", 0, True))
        return [*added, *self.show_terms]


@cache
def indexed_program(files: tuple[Path, ...]) -> tuple[casp.AST, ...] | None:
    """The rule files' statements with a case index in every atom; ``None`` if that cannot be done."""
    statements: list[casp.AST] = []
    try:
        casp.parse_files([str(f) for f in files], statements.append, logger=lambda code, message: None)
        if not statements:
            return ()
        indexer = _Indexer(statements[0].location)
        rewritten = [indexer.statement(s) for s in statements]
        return (*(s for s in rewritten if s is not None), *indexer.epilogue())
    except (RuntimeError, _NotIndexable):
        return None


def indexable(doctrine: Doctrine) -> bool:
    """Whether the doctrine's rule files can be solved for many cases in one grounding."""
    return indexed_program(tuple(rule_files(doctrine))) is not None


def indexed_text(facts: Sequence[Facts]) -> str:
    """The facts of many cases as program text: ``_casus_case(I).`` and ``_casus_fact(I,F).``, I counting from 0.

    Each fact ``F`` is written as clingo prints its symbol, without the symbol being built (``Facts.texts``).
    """
    parts: list[str] = []
    for index, case in enumerate(facts):
        parts.append(f"{CASE_PREDICATE}({index}).\n")
        parts.extend(f"{FACT_PREDICATE}({index},{text}).\n" for text in case.texts)
    return "".join(parts)


#: A shown output atom of the common shape, wrapped with its case's index: ``_casus_shown(I,A)``.
_JOINT_ATOM = re.compile(rf"{re.escape(SHOWN_PREDICATE)}\((\d+),{PLAIN_OUTPUT.pattern}\)")

#: ``_JOINT_ATOM`` as the whole of a line, to read the lines of a joint answer in one pass.
_JOINT_LINE = re.compile(rf"^{_JOINT_ATOM.pattern}$", re.MULTILINE)


@dataclass(frozen=True)
class JointShown:
    """The joint answer set as the solver process sends it back: one text, and the few atoms of another shape.

    ``text`` holds the shown atoms ``_casus_shown(I,A)`` whose ``A`` has the
    common shape, one a line; ``others`` the case index and conclusion of the
    rest, read exactly from their symbols.
    """

    text: str
    others: tuple[tuple[int, Conclusion], ...] = ()


def joint_shown(symbols: Sequence[Symbol]) -> JointShown:
    """The shown atoms of a joint answer set, made compact (in the solver process, where the symbols are)."""
    texts = [str(s) for s in symbols]
    text = "\n".join(texts)
    if len(_JOINT_LINE.findall(text)) == len(texts):
        return JointShown(text)
    plain, others = [], []
    for symbol, line in zip(symbols, texts, strict=True):
        if _JOINT_ATOM.fullmatch(line):
            plain.append(line)
            continue
        index, atom = symbol.arguments
        c = Conclusion.from_symbol(atom)
        if c is not None:
            others.append((index.number, c))
    return JointShown("\n".join(plain), tuple(others))


def read_joint(answer: JointShown, cases: int) -> list[tuple[Conclusion, ...]]:
    """Each case's conclusions in display order, the whole answer read in one pass and sorted once."""
    found = _JOINT_LINE.findall(answer.text)
    rows = [(int(m[0]), plain_row(*m[1:])) for m in found if of_contract(m[1], m[5])]
    rows += [(i, row_of(c)) for i, c in answer.others]
    rows.sort()
    per_case: list[list[Row]] = [[] for _ in range(cases)]
    for index, row in rows:
        per_case[index].append(row)
    return [from_rows(r) for r in per_case]


def _solve_jointly(
    program: Sequence[casp.AST], facts: str, cases: int, doctrine: Doctrine, time_limit: float
) -> list[tuple[Conclusion, ...]] | None:
    """Each case's conclusions, or ``None`` if the joint run gives no verdict.

    Like ``engine.solve``, the work runs under ``limits.within_time_limit``, so a
    grounding that never ends is stopped (``TimeLimitReached``) after ``time_limit``
    seconds: the limit of one case, for the whole group, which normally takes far less.
    """
    answer = within_time_limit(
        lambda: _solve_jointly_here(program, facts, doctrine, time_limit), time_limit, what_is_limited(doctrine)
    )
    return None if answer is None else read_joint(answer, cases)


def _solve_jointly_here(
    program: Sequence[casp.AST], facts: str, doctrine: Doctrine, time_limit: float
) -> JointShown | None:
    messages: list[str] = []
    ctl = new_control(messages)
    with casp.ProgramBuilder(ctl) as builder:
        for statement in program:
            builder.add(statement)
    try:
        ctl.add("base", [], facts)
        ctl.ground([("base", [])])
        models = answer_sets(ctl, doctrine, time_limit)
    except (RuntimeError, RuleFileError):  # solved case by case instead, so that each case gets its own error
        return None
    if len(models) != 1:
        return None
    return joint_shown(models[0])


#: Doctrines found not to finish grounding even without a case, with the error each case then gets.
_NEVER_FINISHING: dict[tuple[Doctrine, float], CasusError] = {}


def _never_finishes(doctrine: Doctrine, time_limit: float) -> CasusError | None:
    """The time-limit error of a doctrine that does not finish grounding even with no facts at all.

    Asked only after a joint run reached the time limit: such a doctrine would
    reach it on every case, so its cases need not each wait for the limit.
    """
    key = (doctrine, time_limit)
    if key not in _NEVER_FINISHING:
        try:
            solve(Facts(), doctrine, time_limit)
            return None
        except TimeLimitReached as err:
            _NEVER_FINISHING[key] = err
        except CasusError:
            return None
    return _NEVER_FINISHING[key]


def solve_many(
    facts: Sequence[Facts],
    doctrine: Doctrine,
    time_limit: float = DEFAULT_TIME_LIMIT,
    indexed: str | None = None,
) -> list[Solution | CasusError]:
    """Every case's solution under one doctrine, in one grounding where possible.

    The result for each case equals ``engine.solve`` on that case: its solution,
    or the error that solving it alone raises (a case that reaches the time limit
    gets ``TimeLimitReached``). ``indexed`` is ``indexed_text(facts)``, if
    already built (it serves every doctrine).
    """
    program = indexed_program(tuple(rule_files(doctrine)))
    found = None
    if program is not None and facts:
        stuck = _NEVER_FINISHING.get((doctrine, time_limit))
        if stuck is not None:
            return [stuck for _ in facts]
        try:
            text = indexed if indexed is not None else indexed_text(facts)
            found = _solve_jointly(program, text, len(facts), doctrine, time_limit)
        except TimeLimitReached:
            stuck = _never_finishes(doctrine, time_limit)
            if stuck is not None:
                return [stuck for _ in facts]
        except (RuntimeError, CasusError):
            found = None
    if found is None:
        return [_solve_alone(f, doctrine, time_limit) for f in facts]
    return [Solution(doctrine, conclusions) for conclusions in found]


def _solve_alone(facts: Facts, doctrine: Doctrine, time_limit: float) -> Solution | CasusError:
    try:
        return solve(facts, doctrine, time_limit)
    except CasusError as err:
        return err


@dataclass(frozen=True)
class Outcome:
    """One case solved under several doctrines: each doctrine's solution, or its error."""

    case: Case
    facts: Facts
    solutions: tuple[Solution | CasusError, ...]

    def result(self) -> CaseResult | CasusError:
        """The case's result as ``engine.analyse`` gives it, or the first error."""
        for solution in self.solutions:
            if isinstance(solution, CasusError):
                return solution
        return CaseResult(self.case, self.facts, self.solutions)  # type: ignore[arg-type]


def solve_cases(
    cases: Sequence[Case],
    doctrines: Sequence[Doctrine],
    time_limit: float = DEFAULT_TIME_LIMIT,
    chunk: int = DEFAULT_CHUNK,
    advance: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Many cases under several doctrines, ``chunk`` cases to a grounding.

    ``advance(n)`` is called as each chunk of ``n`` cases is done (for a progress bar).
    """
    outcomes: list[Outcome] = []
    for start in range(0, len(cases), chunk):
        part = cases[start : start + chunk]
        facts = [case_facts(c) for c in part]
        indexed = indexed_text(facts)
        per_doctrine = [solve_many(facts, d, time_limit, indexed) for d in doctrines]
        outcomes.extend(
            Outcome(case, facts[i], tuple(found[i] for found in per_doctrine)) for i, case in enumerate(part)
        )
        if advance is not None:
            advance(len(part))
    return outcomes


def analyse_many(
    cases: Sequence[Case], doctrines: Sequence[Doctrine], time_limit: float = DEFAULT_TIME_LIMIT
) -> list[CaseResult | CasusError]:
    """``engine.analyse`` for many cases: each case's result, or its first error."""
    return [o.result() for o in solve_cases(cases, doctrines, time_limit)]
