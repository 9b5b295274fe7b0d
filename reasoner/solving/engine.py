"""Solving a case under a doctrine with clingo, and reading off its conclusions.

A doctrine is one rule file; it is loaded after the shared files
(``interface.lp``, ``time.lp``, ``duty.lp``, ``positions.lp``) and grounded together with the
case's facts, which are added as symbols through clingo's backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import clingo
from clingo import Symbol, SymbolType

from reasoner.common.errors import CasusError, Diagnostic, RuleFileError, Source, suggestion
from reasoner.common.limits import DEFAULT_TIME_LIMIT, within_time_limit
from reasoner.common.resources import BUNDLED_NAMES, HELPERS, rules_dir
from reasoner.language.model import Case, format_time
from reasoner.solving.contract import check_rule_file, clingo_diagnostics, interface
from reasoner.solving.contract import clingo_diagnostic as clingo_diagnostic  # re-exported: used by provenance
from reasoner.solving.facts import Facts, case_facts

#: Output predicates of the contract with their arities, in display order (as ``interface.lp`` declares them).
OUTPUTS = dict(interface().output_order)


@dataclass(frozen=True)
class Doctrine:
    """A rule file and the name it is shown under, with the warnings its check gave (a user's file)."""

    name: str
    path: Path
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)


#: The exit code of a doctrine named wrongly on the command line: a usage error.
EXIT_USAGE = 2


def find_doctrine(spec: str, allow_scripts: bool = False, time_limit: float = DEFAULT_TIME_LIMIT) -> Doctrine:
    """A bundled doctrine by name (``moderate``) or a user's rule file by path, checked against the contract.

    The check runs under the time and memory limits, as solving does. A name
    that is neither a bundled doctrine nor a ``.lp`` path is a usage error.
    """
    if spec in BUNDLED_NAMES:
        return Doctrine(spec, rules_dir() / f"{spec}.lp")
    path = Path(spec)
    if path.suffix == ".lp":
        helpers = [rules_dir() / name for name in HELPERS]
        found = within_time_limit(
            lambda: check_rule_file(path, allow_scripts, helpers), time_limit, f"checking the rule file '{spec}'"
        )
        return Doctrine(path.stem, path, tuple(found))
    raise CasusError(
        [
            Diagnostic(
                f"unknown doctrine '{spec}'",
                None,
                help=suggestion(spec, BUNDLED_NAMES)
                + "name a bundled doctrine ('casus doctrines' lists them), or give the path of a .lp rule file",
            )
        ],
        EXIT_USAGE,
    )


@dataclass(frozen=True, order=True)
class Conclusion:
    """One output atom: ``predicate`` holds for X (``owes``), Y (``to``) at ``time``."""

    owes: str
    to: str
    time: int
    predicate: str
    ground: str | None = None

    @classmethod
    def from_symbol(cls, symbol: Symbol) -> Conclusion | None:
        """Read an output atom; ``None`` if it does not have the contract's shape."""
        if symbol.type != SymbolType.Function or not symbol.positive:
            return None
        if OUTPUTS.get(symbol.name) != len(symbol.arguments):
            return None
        x, y, t, *rest = symbol.arguments
        if x.type != SymbolType.String or y.type != SymbolType.String or t.type != SymbolType.Number:
            return None
        ground = str(rest[0]).strip('"') if rest else None
        return cls(x.string, y.string, t.number, symbol.name, ground)

    def order(self) -> tuple[str, str, int, str, str]:
        """The sort key: pair, time, predicate, ground (the dataclass order, without comparing ``None``)."""
        return self.owes, self.to, self.time, self.predicate, self.ground or ""


#: The text of an output atom with plain string names, a number for the time and, for
#: ``justified``, a constant or a plain string for the ground: what doctrines conclude.
PLAIN_OUTPUT = re.compile(r'([a-z_]\w*)\("([^"\\]*)","([^"\\]*)",(-?\d+)(?:,([a-z_]\w*|"[^"\\]*"))?\)')

#: ``PLAIN_OUTPUT`` as the whole of a line, to read many atoms' lines in one pass.
_PLAIN_LINE = re.compile(rf"^{PLAIN_OUTPUT.pattern}$", re.MULTILINE)


@dataclass(frozen=True)
class Shown:
    """The conclusions of an answer set as a solver process sends them back: compact, not one object each.

    ``text`` holds the atoms of the common shape, one a line (their text as
    clingo prints it, ``PLAIN_OUTPUT``); ``others`` the few that are not of
    it (an escaped character, a compound ground), already read exactly from
    their symbols. Both are single objects to pickle, whatever the number
    of conclusions.
    """

    text: str
    others: tuple[Conclusion, ...] = ()


def shown(symbols: Sequence[Symbol]) -> Shown:
    """The output atoms among ``symbols``, made compact (in the solver process, where the symbols are)."""
    texts = [str(s) for s in symbols]
    text = "\n".join(texts)
    if len(_PLAIN_LINE.findall(text)) == len(texts):
        return Shown(text)
    plain = [t for t in texts if PLAIN_OUTPUT.fullmatch(t)]
    others = (Conclusion.from_symbol(s) for s, t in zip(symbols, texts, strict=True) if not PLAIN_OUTPUT.fullmatch(t))
    return Shown("\n".join(plain), tuple(c for c in others if c is not None))


#: A conclusion as a row to sort: pair, time, predicate, ground ("" for none), whether it has a ground.
Row = tuple[str, str, int, str, str, bool]


def of_contract(name: str, ground: str) -> bool:
    """Whether an atom read by ``PLAIN_OUTPUT`` (its name, its ground or "") has the arity the contract gives it."""
    return OUTPUTS.get(name) == (4 if ground else 3)


def plain_row(name: str, x: str, y: str, t: str, ground: str) -> Row:
    """The row of an atom read by ``PLAIN_OUTPUT``."""
    return (x, y, int(t), name, ground.strip('"'), True) if ground else (x, y, int(t), name, "", False)


def plain_rows(found: Iterable[Sequence[str]]) -> list[Row]:
    """Rows from the groups of ``PLAIN_OUTPUT`` (name, X, Y, time, ground), those of the contract's shape."""
    return [plain_row(*groups) for groups in found if of_contract(groups[0], groups[4])]


def row_of(c: Conclusion) -> Row:
    """A conclusion as a row to sort with the rows read from text."""
    return c.owes, c.to, c.time, c.predicate, c.ground or "", c.ground is not None


def from_rows(rows: Iterable[Row]) -> tuple[Conclusion, ...]:
    """The conclusions of sorted rows."""
    return tuple(Conclusion(x, y, t, name, ground if grounded else None) for x, y, t, name, ground, grounded in rows)


def read_conclusions(answer: Shown) -> tuple[Conclusion, ...]:
    """The conclusions of an answer, in display order: its text read by one regular expression, sorted as tuples.

    No conclusion is built before the sort, and none is read atom by atom.
    """
    rows = plain_rows(_PLAIN_LINE.findall(answer.text)) + [row_of(c) for c in answer.others]
    rows.sort()
    return from_rows(rows)


@dataclass(frozen=True)
class Solution:
    """The conclusions of one case under one doctrine."""

    doctrine: Doctrine
    conclusions: tuple[Conclusion, ...]


def rule_files(doctrine: Doctrine) -> list[Path]:
    """The files loaded for a doctrine: the shared helpers, then the doctrine itself."""
    return [rules_dir() / name for name in HELPERS] + [doctrine.path]


def new_control(messages: list[str]) -> clingo.Control:
    """A Control asked for up to two answer sets, keeping clingo's messages (not the routine ones) for errors."""

    def logger(code: clingo.MessageCode, message: str) -> None:
        if code not in (clingo.MessageCode.AtomUndefined, clingo.MessageCode.GlobalVariable):
            messages.append(message)

    return clingo.Control(["--models=2"], logger=logger, message_limit=100)


def _control(files: Iterable[Path], messages: list[str]) -> clingo.Control:
    ctl = new_control(messages)
    try:
        for path in files:
            ctl.load(str(path))
    except RuntimeError as err:  # some errors (a script clingo cannot run) come only with the exception
        raise RuleFileError(_clingo_errors(messages or [str(err)])) from None
    return ctl


def ground_with_facts(ctl: clingo.Control, facts: Iterable[Symbol], messages: list[str]) -> None:
    """Add facts through the backend (as symbols, no text) and ground the base program."""
    with ctl.backend() as backend:
        for symbol in facts:
            backend.add_rule([backend.add_atom(symbol)])
    try:
        ctl.ground([("base", [])])
    except RuntimeError:
        raise RuleFileError(_clingo_errors(messages)) from None


def answer_sets(
    ctl: clingo.Control, doctrine: Doctrine, time_limit: float, atoms: bool = False
) -> list[Sequence[Symbol]]:
    """Up to two answer sets (their shown atoms, or all atoms), solving for at most ``time_limit`` seconds."""
    models: list[Sequence[Symbol]] = []
    with ctl.solve(yield_=True, async_=True) as handle:
        while len(models) < 2:
            handle.resume()
            if not handle.wait(time_limit):
                handle.cancel()
                raise RuleFileError(
                    [
                        Diagnostic(
                            f"solving under '{doctrine.name}' did not finish within {time_limit:g} seconds",
                            None,
                            help="raise the limit with --time-limit, or simplify the rule file",
                        )
                    ]
                )
            model = handle.model()
            if model is None:
                break
            models.append(model.symbols(atoms=True) if atoms else model.symbols(shown=True))
    return models


def _clingo_errors(messages: Sequence[str]) -> list[Diagnostic]:
    found = [d for m in messages for d in clingo_diagnostics(m)]
    return found or [Diagnostic("the rule files could not be loaded", None)]


def solve(facts: Facts, doctrine: Doctrine, time_limit: float = DEFAULT_TIME_LIMIT) -> Solution:
    """Ground and solve a case's facts under a doctrine; exactly one answer set is expected.

    Grounding and solving together are stopped after ``time_limit`` seconds
    (``TimeLimitReached``, exit code 3), even a grounding that would never end.
    """
    answer = within_time_limit(lambda: _solve_here(facts, doctrine, time_limit), time_limit, what_is_limited(doctrine))
    return Solution(doctrine, read_conclusions(answer))


def what_is_limited(doctrine: Doctrine) -> str:
    """The work a time limit stops, as its message names it."""
    return f"grounding and solving under '{doctrine.name}'"


def what_is_explained(doctrines: Sequence[Doctrine]) -> str:
    """An explanation under one doctrine, or a contrast of two, as a time limit's message names it."""
    names = " and ".join(f"'{d.name}'" for d in doctrines)
    return f"explaining where {names} differ" if len(doctrines) > 1 else f"explaining under {names}"


def _solve_here(facts: Facts, doctrine: Doctrine, time_limit: float) -> Shown:
    """In the solver process: the shown atoms of the one answer set, made compact (``shown``)."""
    messages: list[str] = []
    ctl = _control(rule_files(doctrine), messages)
    ground_with_facts(ctl, facts.symbols, messages)
    return shown(one_answer_set(doctrine, answer_sets(ctl, doctrine, time_limit)))


def conclusions_of(symbols: Sequence[Symbol]) -> tuple[Conclusion, ...]:
    """The contract's output atoms among ``symbols``, as conclusions in their display order."""
    return read_conclusions(shown(symbols))


def one_answer_set(doctrine: Doctrine, models: Sequence[Sequence[Symbol]]) -> Sequence[Symbol]:
    """The answer set of a doctrine that reaches one verdict; an error saying what is wrong otherwise."""
    if not models:
        raise RuleFileError(
            [
                Diagnostic(
                    f"the doctrine '{doctrine.name}' has no answer set for this case: it reaches no verdict",
                    Source.whole(str(doctrine.path)),
                    help="its rules cannot all hold on these facts: an integrity constraint (':- ...') is "
                    "violated, or a rule such as 'p :- not p.' contradicts itself",
                )
            ]
        )
    if len(models) > 1:
        first, second = set(models[0]), set(models[1])
        differ = ", ".join(sorted(str(s) for s in first ^ second)[:5]) or "atoms the doctrine does not show"
        raise RuleFileError(
            [
                Diagnostic(
                    f"the doctrine '{doctrine.name}' has more than one answer set for this case: "
                    "its verdict is not determined",
                    Source.whole(str(doctrine.path)),
                    help=f"a doctrine must reach one verdict, but two answer sets differ on {differ}; "
                    "a choice rule ('{ ... }') or a cycle through 'not' leaves the choice open",
                )
            ]
        )
    return models[0]


@dataclass(frozen=True)
class CaseResult:
    """A case with its facts and its solutions under one or more doctrines."""

    case: Case
    facts: Facts
    solutions: tuple[Solution, ...]

    def time_text(self, time: int) -> str:
        """A solver time point in the case's own notation (a step or a date)."""
        point = self.facts.times.get(time)
        return format_time(point) if point is not None else str(time)

    def time_json(self, time: int) -> int | str:
        """A solver time point for JSON: the step as a number, or the date as text."""
        point = self.facts.times.get(time, time)
        return point if isinstance(point, int) else format_time(point)

    @property
    def heading(self) -> str:
        return f"{self.case.title} ({self.case.file})" if self.case.title else self.case.file


def analyse(case: Case, doctrines: Sequence[Doctrine], time_limit: float = DEFAULT_TIME_LIMIT) -> CaseResult:
    """Solve one case under each doctrine in turn."""
    facts = case_facts(case)
    return CaseResult(case, facts, tuple(solve(facts, d, time_limit) for d in doctrines))
