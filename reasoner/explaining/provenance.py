"""Provenance by rewriting: which ground rule instances derive each atom of the answer set.

The loaded rule files (helpers and doctrine, bundled or a user's, unmodified)
are read with ``clingo.ast`` and every normal rule ``H :- B.`` is split in two:

    _casus_rule_N(V1,...,Vk) :- B.      % the instance of rule N that fired
    H :- _casus_rule_N(V1,...,Vk).

where ``V1..Vk`` are the rule's global variables, those its head binds first.
The program has the same answer sets, apart from the record atoms, and the
body is grounded once, as before; the answer set then says which instances of
which rules fired, with every variable's value, and so which negative
conditions held. The head is not repeated in the record: it is the rule's
head instantiated with the values. Two kinds of rule need no record at all
and are left as written:

- a rule whose head binds every variable and that is the only rule that could
  conclude its predicate: the head atom is its own record (an atom of an
  answer set is supported, and only this instance of this rule can support it);
- facts, constraints and rules with choice, disjunctive or aggregate heads.

Anonymous variables in positive conditions (``attack(Z,_,_,_)``) stay local,
as clingo reads them; the explainer names them (``_CasusAnon1``, ...) and
fills them with an atom of the answer set that fits, so each node is still a
ground instance of the rule.

Records are read lazily (``Trace``): an atom's instance is looked up when it is
explained, and the answer set is indexed by predicate only for the predicates
a search needs. Rules are also compiled (``reasoner.explaining.terms``) for the explainer,
and carry their annotations, the ``%@`` lines directly above the rule: ``%@ LABEL: TEXT``
(its name and plain-language text) and ``%@ condition: NAME`` (the condition of
the doctrine it belongs to, e.g. ``trigger``); ``%@ says PRED(ARGS): TEXT``
lines (above a ``#defined``, say) phrase an input predicate's facts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from operator import attrgetter
from pathlib import Path

import clingo
from clingo import Function, Symbol
from clingo import ast as cast
from clingo.ast import AST, ASTType

from reasoner.common.errors import Diagnostic, RuleFileError, Source, source_lines
from reasoner.common.limits import limited_here, within_time_limit
from reasoner.common.reserved import ANONYMOUS_VARIABLE_PREFIX, RULE_RECORD_PREFIX
from reasoner.explaining.terms import (
    Condition,
    Term,
    compile_condition,
    compile_term,
    head_variables,
    signature,
    symbol_signature,
    unify_arguments,
    variables,
)
from reasoner.explaining.terms import ground as ground_term
from reasoner.solving.engine import (
    DEFAULT_TIME_LIMIT,
    OUTPUTS,
    Doctrine,
    answer_sets,
    clingo_diagnostic,
    ground_with_facts,
    new_control,
    one_answer_set,
    rule_files,
    what_is_limited,
)
from reasoner.solving.facts import Facts

_ANNOTATION = re.compile(r"^\s*%@\s*(?P<label>[^:]+?)\s*:\s*(?P<text>.*?)\s*$")
_SAYS = re.compile(r"^\s*%@\s*says\s+(?P<name>\w+)\((?P<args>[^)]*)\)\s*:\s*(?P<text>.*?)\s*$", re.M)
#: The annotation key that names the doctrine's condition a rule belongs to.
CONDITION_KEY = "condition"
_PREDICATE_DOC = re.compile(r"%\*!\s*(?P<name>\w+)\((?P<args>[^)]*)\)\s*\n(?P<text>.*?)\*%", re.S)

#: One recorded rule instance: the rule, and the values of its variables (in ``Rule.variables`` order).
Instance = tuple["Rule", tuple[Symbol, ...]]

#: Where an argument's value comes from: an index into an instance's values, or a constant.
Slot = int | Symbol

#: The identities of symbols (see ``identity``), for ``map``.
identity_of = attrgetter("_rep")


@cache
def file_text(file: str) -> str:
    """A rule or case file's text, read once (empty if it cannot be read)."""
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


@cache
def _file_lines(file: str) -> list[str]:
    return source_lines(file_text(file))


def source_line(file: str, line: int) -> str:
    """The text of a line of a rule or case file, counted as diagnostics count lines (empty if there is none)."""
    lines = _file_lines(file)
    return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass(frozen=True)
class Rule:
    """One rule of the loaded program (a pooled rule counts once per alternative).

    ``traced`` rules have instances the answer set records; ``recorded`` ones
    through a record atom, the others through their own head atom (see the
    module docstring). ``head`` is the compiled head atom (``None`` for a
    constraint or a head that is not a single atom); ``variables`` are the
    global variables, in the order recorded: those the head binds first;
    ``witnesses`` the names given to anonymous variables of positive conditions.
    """

    index: int
    source: Source
    end_line: int
    label: str | None
    text: str | None
    head: Term | None
    body: tuple[Condition, ...]
    variables: tuple[str, ...]
    witnesses: tuple[str, ...]
    traced: bool
    statement: str
    recorded: bool = True
    condition: str | None = None

    @property
    def is_fact(self) -> bool:
        return self.head is not None and not self.body and not self.variables

    @property
    def record(self) -> str:
        """The name of the predicate recording this rule's instances."""
        return f"{RULE_RECORD_PREFIX}{self.index}"

    def record_atom(self, values: Sequence[Symbol]) -> Symbol:
        """The record of one instance: ``_casus_rule_N(V1,...,Vk)``."""
        return Function(self.record, list(values))

    @cached_property
    def head_reading(self) -> tuple[tuple[int, ...], tuple[tuple[int, Slot], ...]] | None:
        """How an instance's values are read off the arguments of the atom it concludes (worked out once).

        The position in the head of each variable, and the arguments to check:
        a constant, or a variable written twice (the position it is first
        written at). ``None`` when the head does not write every variable as
        an argument of its own (the head is then unified with the atom).
        """
        if self.head is None:
            return None
        inner = self.head[2] if self.head[0] == "u" else self.head
        if inner[0] != "f":
            return None
        first: dict[str, int] = {}
        checks: list[tuple[int, Slot]] = []
        for position, arg in enumerate(inner[2]):
            if arg[0] == "v":
                if arg[1] in first:
                    checks.append((position, first[arg[1]]))
                else:
                    first[arg[1]] = position
            elif arg[0] == "c":
                checks.append((position, arg[1]))
            else:
                return None
        if not all(name in first for name in self.variables):
            return None
        return tuple(first[name] for name in self.variables), tuple(checks)

    @cached_property
    def premise_slots(self) -> tuple[tuple[Slot, ...] | None, ...]:
        """For each condition, where a positive atom's arguments come from in an instance's values.

        ``None`` for a condition that is not a positive atom, or whose
        arguments are not all variables and constants (it is grounded instead).
        """
        index = {name: i for i, name in enumerate(self.variables)}
        plans: list[tuple[Slot, ...] | None] = []
        for condition in self.body:
            slots: list[Slot] | None = [] if condition.is_positive_atom else None
            for arg in condition.arguments if slots is not None else ():
                if arg[0] == "v" and arg[1] in index:
                    slots.append(index[arg[1]])  # type: ignore[union-attr]
                elif arg[0] == "c":
                    slots.append(arg[1])  # type: ignore[union-attr]
                else:
                    slots = None
                    break
            plans.append(tuple(slots) if slots is not None else None)
        return tuple(plans)

    @property
    def written(self) -> str:
        """The rule as written in its file (all its lines, trimmed)."""
        lines = [source_line(self.source.file, n).strip() for n in range(self.source.line, self.end_line + 1)]
        return " ".join(line for line in lines if line) or self.statement

    @property
    def name(self) -> str:
        """The label, or where the rule is written when it has none."""
        return self.label or f"{Path(self.source.file).name}:{self.source.line}"


class _NameAnonymous(cast.Transformer):
    """Give each anonymous variable a fresh reserved name."""

    def __init__(self) -> None:
        self.count = 0

    def visit_Variable(self, node: AST) -> AST:
        if node.name != "_":
            return node
        self.count += 1
        return node.update(name=f"{ANONYMOUS_VARIABLE_PREFIX}{self.count}")


def _global_variables(head: Term | None, literals: Sequence[AST], body: Sequence[Condition]) -> tuple[str, ...]:
    """The rule's global variables, those the head binds first, without the named anonymous ones."""
    found: dict[str, None] = {}
    if head is not None:
        found.update(dict.fromkeys(head_variables(head)))
        found.update(dict.fromkeys(variables(head)))
    for literal, condition in zip(literals, body, strict=True):
        if condition.kind != "other":
            found.update(dict.fromkeys(sorted(condition.names())))
        elif literal.ast_type == ASTType.Literal and literal.atom.ast_type == ASTType.BodyAggregate:
            for guard in (literal.atom.left_guard, literal.atom.right_guard):
                if guard is not None:
                    found.update(dict.fromkeys(variables(compile_term(guard.term))))
    return tuple(name for name in found if not name.startswith(ANONYMOUS_VARIABLE_PREFIX))


def _annotation(source: Source) -> tuple[str | None, str | None, str | None]:
    """A rule's label, text and condition, from the ``%@`` lines directly above it."""
    label = text = condition = None
    line = source.line - 1
    while line > 0 and (match := _ANNOTATION.match(source_line(source.file, line))):
        if _SAYS.match(match[0]):
            pass
        elif match["label"] == CONDITION_KEY:
            condition = condition or match["text"]
        elif label is None:
            label, text = match["label"], match["text"]
        line -= 1
    return label, text, condition


@dataclass
class Program:
    """The loaded rule files: their rules, compiled, and the rewritten statements to ground."""

    files: tuple[Path, ...]
    rules: list[Rule] = field(default_factory=list)
    statements: list[AST] = field(default_factory=list)
    inputs: set[tuple[str, int]] = field(default_factory=set)
    docs: dict[tuple[str, int], str] = field(default_factory=dict)
    phrases: dict[tuple[str, int], tuple[tuple[str, ...], str]] = field(default_factory=dict)
    by_head: dict[tuple[str, int], list[Rule]] = field(default_factory=lambda: defaultdict(list))
    untyped_heads: list[Rule] = field(default_factory=list)
    stratified: bool = True
    _traced: list[tuple[int, AST]] = field(default_factory=list)
    _candidates: dict[tuple[str, int], list[Rule]] = field(default_factory=dict)

    def candidates(self, sig: tuple[str, int]) -> list[Rule]:
        """Every rule whose head could have the signature: same predicate, or a head we cannot read."""
        found = self._candidates.get(sig)
        if found is None:
            found = self._candidates[sig] = [*self.by_head.get(sig, ()), *self.untyped_heads]
        return found

    def add(self, statement: AST) -> None:
        if statement.ast_type == ASTType.Script:
            raise RuleFileError(
                [
                    Diagnostic(
                        "the rule file embeds a script, which explanations do not run",
                        _source(statement.location),
                        help="remove the #script block, or explain with a rule file that has none",
                    )
                ]
            )
        if statement.ast_type == ASTType.Defined:
            self.inputs.add((statement.name, statement.arity))
        if statement.ast_type != ASTType.Rule:
            self.statements.append(statement)
            return
        for rule in statement.unpool():
            self._add_rule(rule)

    def _add_rule(self, rule: AST) -> None:
        head = rule.head
        simple = head.ast_type == ASTType.Literal and head.atom.ast_type == ASTType.SymbolicAtom and head.sign == 0
        head_term = compile_term(head.atom.symbol) if simple else None
        namer = _NameAnonymous()
        literals = [
            namer(lit)
            if lit.ast_type == ASTType.Literal and lit.sign == 0 and lit.atom.ast_type == ASTType.SymbolicAtom
            else lit
            for lit in rule.body
        ]
        body = tuple(
            replace(compile_condition(named), text=str(written))
            for named, written in zip(literals, rule.body, strict=True)
        )
        names = _global_variables(head_term, literals, body)
        witnesses = tuple(f"{ANONYMOUS_VARIABLE_PREFIX}{n}" for n in range(1, namer.count + 1))
        source = _source(rule.location)
        label, text, condition = _annotation(source)
        traced = simple and bool(rule.body)
        compiled = Rule(
            len(self.rules),
            source,
            rule.location.end.line,
            label,
            text,
            head_term,
            body,
            names,
            witnesses,
            traced,
            str(rule),
            condition=condition,
        )
        self.rules.append(compiled)
        sig = signature(head_term) if head_term is not None else None
        if sig is not None:
            self.by_head[sig].append(compiled)
        elif not (head.ast_type == ASTType.Literal and head.atom.ast_type == ASTType.BooleanConstant):
            self.untyped_heads.append(compiled)
        if traced:
            self._traced.append((compiled.index, rule))
        else:
            self.statements.append(rule)

    def _own_record(self, rule: Rule) -> bool:
        """Whether a rule's head atom records its instance: it binds every variable, and no other rule concludes it."""
        assert rule.head is not None
        sig = signature(rule.head)
        bound = set(head_variables(rule.head))
        candidates = [*self.by_head.get(sig, ()), *self.untyped_heads] if sig is not None else []
        return len(candidates) == 1 and candidates[0] is rule and bound >= set(rule.variables)

    def finish(self) -> None:
        """Rewrite the traced rules (now that every rule is known) and read the predicates' documentation."""
        for index, statement in self._traced:
            rule = self.rules[index]
            if self._own_record(rule):
                self._replace(replace(rule, recorded=False))
                self.statements.append(statement)
                continue
            loc = statement.location
            values = [cast.Variable(loc, name) for name in rule.variables]
            record = cast.Literal(loc, cast.Sign.NoSign, cast.SymbolicAtom(cast.Function(loc, rule.record, values, 0)))
            self.statements.append(statement.update(head=record))
            self.statements.append(statement.update(body=[record]))
        self._traced.clear()
        self._candidates.clear()
        self.stratified = self._no_cycle_through_negation()
        heads = set(self.by_head)
        self.inputs -= heads | {(name, arity) for name, arity in OUTPUTS.items()}
        for file in self.files:
            for match in _PREDICATE_DOC.finditer(file_text(str(file))):
                arity = len([a for a in match["args"].split(",") if a.strip()])
                first = match["text"].strip().split("\n\n")[0]
                self.docs[(match["name"], arity)] = " ".join(first.split())
            for match in _SAYS.finditer(file_text(str(file))):
                names = tuple(a.strip() for a in match["args"].split(",") if a.strip())
                self.phrases[(match["name"], len(names))] = (names, match["text"])

    def _no_cycle_through_negation(self) -> bool:
        """Whether no predicate depends on itself through a negative condition (the program is stratified)."""
        edges: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
        negative: list[tuple[tuple[str, int], tuple[str, int]]] = []
        for rule in self.rules:
            head = signature(rule.head) if rule.head is not None else None
            for condition in rule.body:
                body = signature(condition.term) if condition.kind == "atom" else None
                if head is None or body is None:
                    continue
                edges[head].add(body)
                if condition.sign != 0:
                    negative.append((head, body))

        def reaches(start: tuple[str, int], goal: tuple[str, int]) -> bool:
            seen, stack = {start}, [start]
            while stack:
                node = stack.pop()
                if node == goal:
                    return True
                for nxt in edges.get(node, ()):
                    if nxt not in seen:
                        seen.add(nxt)
                        stack.append(nxt)
            return False

        return not any(reaches(body, head) for head, body in negative)

    def _replace(self, rule: Rule) -> None:
        old = self.rules[rule.index]
        self.rules[rule.index] = rule
        assert rule.head is not None
        sig = signature(rule.head)
        if sig is not None:
            self.by_head[sig] = [rule if r is old else r for r in self.by_head[sig]]


def _source(location: cast.Location) -> Source:
    return Source(location.begin.filename, location.begin.line, location.begin.column)


def load_program(files: Sequence[Path]) -> Program:
    """Parse and rewrite rule files; a file that does not parse raises ``RuleFileError``."""
    program = Program(tuple(files))
    messages: list[str] = []
    try:
        cast.parse_files([str(f) for f in files], program.add, logger=lambda _c, m: messages.append(m))
    except RuntimeError:
        raise RuleFileError(
            [clingo_diagnostic(m) for m in messages] or [Diagnostic("the rule files could not be parsed", None)]
        ) from None
    program.finish()
    return program


@cache
def doctrine_program(path: Path) -> Program:
    """The rewritten program of a doctrine's rule file with the shared helpers (cached per file)."""
    return load_program(rule_files(Doctrine(path.stem, path)))


def identity(symbol: Symbol) -> int:
    """A symbol's identity, cheap to hash: clingo keeps one copy of each symbol, so equal means identical.

    (``clingo.Symbol.__eq__`` compares exactly this representation; hashing it
    in Python avoids a call into clingo for each of the answer set's atoms.)
    """
    return symbol._rep  # type: ignore[attr-defined,no-any-return]


def identities(symbols: Sequence[Symbol]) -> set[int]:
    """The identities of a model's symbols, read in bulk where clingo hands over its own array.

    A model's symbols come as a sequence over clingo's C array of symbol
    values; unpacking that array at once costs a fraction of making a
    ``Symbol`` of each of hundreds of thousands of atoms (any other sequence
    is read symbol by symbol).
    """
    array = getattr(symbols, "_p_symbols", None)
    if array is not None:
        from clingo._internal import _ffi  # clingo's own cffi handle, the one that made the array

        return set(_ffi.unpack(array, len(array)))
    return {identity(s) for s in symbols}


class Trace:
    """An answer set with the rule instances that derive its atoms, read lazily.

    Nothing is converted up front: whether an atom holds is a lookup; the
    atoms of a predicate, and the records of a rule whose head leaves
    variables open, are read from the grounder's atom table when first asked.
    The model itself is kept as a set of symbol identities.
    """

    def __init__(self, program: Program, facts: Facts, control: clingo.Control, symbols: Sequence[Symbol]) -> None:
        self.program = program
        self.facts = facts
        self._control = control
        self._table = control.symbolic_atoms
        self._symbols = symbols
        self._true = identities(symbols)
        self._by_signature: dict[tuple[str, int], list[Symbol]] = {}
        self._open: dict[int, dict[tuple[int, ...], list[tuple[Symbol, ...]]]] = {}
        self._candidates: dict[tuple[str, int], list[Rule]] = {}
        self._atoms: frozenset[Symbol] | None = None

    def holds(self, atom: Symbol) -> bool:
        """Whether an atom is in the answer set."""
        return identity(atom) in self._true

    def read(self, sig: tuple[str, int]) -> Iterator[Symbol]:
        """The atoms of the answer set with a signature (``-p`` for classically negated ones), as grounded."""
        name, arity = sig
        table = self._table.by_signature(name.removeprefix("-"), arity, not name.startswith("-"))
        true = self._true
        return (symbol for symbol in (entry.symbol for entry in table) if identity(symbol) in true)

    @property
    def atoms(self) -> frozenset[Symbol]:
        """Every atom of the answer set but the records (all read at once: for tests and small cases)."""
        if self._atoms is None:
            self._atoms = frozenset(s for s in self._symbols if not s.name.startswith(RULE_RECORD_PREFIX))
        return self._atoms

    def matching(self, sig: tuple[str, int]) -> list[Symbol]:
        """The atoms of the answer set with a signature (``-p`` for classically negated ones), sorted."""
        found = self._by_signature.get(sig)
        if found is None:
            found = sorted(self.read(sig))
            self._by_signature[sig] = found
        return found

    def instances(
        self, atom: Symbol | None, sig: tuple[str, int] | None = None, args: Sequence[Symbol] | None = None
    ) -> list[Instance]:
        """The recorded instances of rules that derive an atom (none for a fact or an untraced rule).

        ``sig`` and ``args``, the atom's signature and arguments, save reading them from the symbol
        (which may then be ``None``).
        """
        if sig is None or args is None:
            assert atom is not None
            sig, args = symbol_signature(atom), tuple(atom.arguments)
        candidates = self._candidates.get(sig)
        if candidates is None:
            candidates = self._candidates[sig] = [r for r in self.program.candidates(sig) if r.traced]
        found: list[Instance] = []
        ids: tuple[int, ...] | None = None
        for rule in candidates:
            reading = rule.head_reading
            if reading is not None:
                positions, checks = reading
                if checks:
                    ids = ids or tuple(map(identity_of, args))
                    if not all(ids[i] == (ids[s] if s.__class__ is int else identity(s)) for i, s in checks):  # type: ignore[arg-type]
                        continue
                values = tuple([args[i] for i in positions])
                if not rule.recorded or self.holds(rule.record_atom(values)):
                    found.append((rule, values))
                continue
            assert rule.head is not None
            bindings: dict[str, Symbol] = {}
            if not unify_arguments(rule.head, args, bindings):
                continue
            if len(bindings) >= len(rule.variables) and all(name in bindings for name in rule.variables):
                values = tuple(bindings[name] for name in rule.variables)
                if not rule.recorded or self.holds(rule.record_atom(values)):
                    found.append((rule, values))
            else:
                found.extend((rule, values) for values in self._open_records(rule).get(tuple(map(identity, args)), ()))
        return found

    def _open_records(self, rule: Rule) -> dict[tuple[int, ...], list[tuple[Symbol, ...]]]:
        """The records of a rule whose head leaves variables open, by the arguments of the atom each derives."""
        index = self._open.get(rule.index)
        if index is None:
            assert rule.head is not None
            index = defaultdict(list)
            for record in self.read((rule.record, len(rule.variables))):
                values = tuple(record.arguments)
                key = head_key(rule.head, dict(zip(rule.variables, values, strict=True)))
                if key is not None:
                    index[key].append(values)
            self._open[rule.index] = index
        return index


def head_key(head: Term, bindings: dict[str, Symbol]) -> tuple[int, ...] | None:
    """The identities of a head's arguments under bindings (``None`` if one cannot be computed)."""
    inner = head[2] if head[0] == "u" else head
    key = []
    for arg in inner[2]:
        value = bindings.get(arg[1]) if arg[0] == "v" else arg[1] if arg[0] == "c" else ground_term(arg, bindings)
        if value is None:
            return None
        key.append(identity(value))
    return tuple(key)


def solve_traced(
    facts: Facts, doctrine: Doctrine, time_limit: float = DEFAULT_TIME_LIMIT, program: Program | None = None
) -> Trace:
    """Ground and solve the rewritten program with a case's facts; the records are read when needed.

    The trace keeps clingo's Control, so it is built in this process, where a
    grounding cannot be stopped. In a process that runs under the time and
    memory limits already (``limits.within_time_limit``, as ``casus explain``
    runs the whole explanation), it is built once, here. Elsewhere the same
    work is first done in a child under the limits, so that a program that
    would not finish, or not fit, stops there on time; that doubles the cost.
    """
    traced = program or doctrine_program(doctrine.path.resolve())
    what = what_is_limited(doctrine)
    if limited_here(time_limit):
        ctl, model = within_time_limit(lambda: _ground_and_solve(facts, doctrine, time_limit, traced), time_limit, what)
        return Trace(traced, facts, ctl, model)
    within_time_limit(lambda: _ground_and_solve(facts, doctrine, time_limit, traced) and None, time_limit, what)
    ctl, model = _ground_and_solve(facts, doctrine, time_limit, traced)
    return Trace(traced, facts, ctl, model)


def _ground_and_solve(
    facts: Facts, doctrine: Doctrine, time_limit: float, program: Program
) -> tuple[clingo.Control, Sequence[Symbol]]:
    """The rewritten program grounded with the facts, and its one answer set (every atom)."""
    messages: list[str] = []
    ctl = new_control(messages)
    with cast.ProgramBuilder(ctl) as builder:
        for statement in program.statements:
            builder.add(statement)
    ground_with_facts(ctl, facts.symbols, messages)
    return ctl, one_answer_set(doctrine, answer_sets(ctl, doctrine, time_limit, atoms=True))
