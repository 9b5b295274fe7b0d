"""Provenance by rewriting: which ground rule instances derive each atom of the answer set.

The loaded rule files (helpers and doctrine, bundled or a user's, unmodified)
are read with ``clingo.ast`` and every normal rule ``H :- B.`` is split in two:

    _casus_rule_N(H, (V1,...,Vk)) :- B.      % the instance of rule N that fired
    H :- _casus_rule_N(H, (V1,...,Vk)).

where ``V1..Vk`` are the rule's global variables (anonymous variables in
positive conditions are named first, so their bindings are kept). The program
has the same answer sets, apart from the record atoms, and the body is
grounded once, as before; the answer set then says, for each derived atom,
which instance of which rule derived it, with every variable's value, and so
which negative conditions held. Facts, constraints and rules with choice,
disjunctive or aggregate heads are passed on unchanged.

Rules are also compiled (``reasoner.terms``) for the explainer, and carry
their annotation: a line ``%@ LABEL: TEXT`` directly above the rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import clingo
from clingo import Function, Symbol
from clingo import ast as cast
from clingo.ast import AST, ASTType

from reasoner.engine import DEFAULT_TIME_LIMIT, OUTPUTS, Doctrine, clingo_diagnostic, rule_files
from reasoner.errors import Diagnostic, RuleFileError, Source
from reasoner.facts import Facts
from reasoner.reserved import ANONYMOUS_VARIABLE_PREFIX, RULE_RECORD_PREFIX
from reasoner.terms import Condition, Term, compile_condition, compile_term, signature, variables

_ANNOTATION = re.compile(r"^\s*%@\s*(?P<label>[^:]+?)\s*:\s*(?P<text>.*?)\s*$")
_PREDICATE_DOC = re.compile(r"%\*!\s*(?P<name>\w+)\((?P<args>[^)]*)\)\s*\n(?P<text>.*?)\*%", re.S)


@cache
def _lines(file: str) -> tuple[str, ...]:
    try:
        return tuple(Path(file).read_text(encoding="utf-8").splitlines())
    except OSError:
        return ()


def source_line(file: str, line: int) -> str:
    """The text of a line of a file (empty if it cannot be read)."""
    lines = _lines(file)
    return lines[line - 1] if 0 < line <= len(lines) else ""


@dataclass(frozen=True)
class Rule:
    """One rule of the loaded program (a pooled rule counts once per alternative).

    ``traced`` rules are rewritten to record their instances; ``head`` is the
    compiled head atom (``None`` for a constraint or a head that is not a single
    atom); ``variables`` are the global variables, in the order recorded.
    """

    index: int
    source: Source
    end_line: int
    label: str | None
    text: str | None
    head: Term | None
    body: tuple[Condition, ...]
    variables: tuple[str, ...]
    traced: bool
    statement: str

    @property
    def is_fact(self) -> bool:
        return self.head is not None and not self.body and not self.variables

    @property
    def record(self) -> str:
        """The name of the predicate recording this rule's instances."""
        return f"{RULE_RECORD_PREFIX}{self.index}"

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
    found: dict[str, None] = {}
    if head is not None:
        found.update(dict.fromkeys(variables(head)))
    for literal, condition in zip(literals, body, strict=True):
        if condition.kind != "other":
            found.update(dict.fromkeys(sorted(condition.names())))
        elif literal.ast_type == ASTType.Literal and literal.atom.ast_type == ASTType.BodyAggregate:
            for guard in (literal.atom.left_guard, literal.atom.right_guard):
                if guard is not None:
                    found.update(dict.fromkeys(variables(compile_term(guard.term))))
    return tuple(found)


def _annotation(source: Source) -> tuple[str | None, str | None]:
    match = _ANNOTATION.match(source_line(source.file, source.line - 1))
    return (match["label"], match["text"]) if match else (None, None)


@dataclass
class Program:
    """The loaded rule files: their rules, compiled, and the rewritten statements to ground."""

    files: tuple[Path, ...]
    rules: list[Rule] = field(default_factory=list)
    statements: list[AST] = field(default_factory=list)
    inputs: set[tuple[str, int]] = field(default_factory=set)
    docs: dict[tuple[str, int], str] = field(default_factory=dict)
    by_head: dict[tuple[str, int], list[Rule]] = field(default_factory=lambda: defaultdict(list))
    untyped_heads: list[Rule] = field(default_factory=list)

    def candidates(self, sig: tuple[str, int]) -> list[Rule]:
        """Every rule whose head could have the signature: same predicate, or a head we cannot read."""
        return [*self.by_head.get(sig, ()), *self.untyped_heads]

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
        source = _source(rule.location)
        label, text = _annotation(source)
        traced = simple and bool(rule.body)
        compiled = Rule(
            len(self.rules), source, rule.location.end.line, label, text, head_term, body, names, traced, str(rule)
        )
        self.rules.append(compiled)
        sig = signature(head_term) if head_term is not None else None
        if sig is not None:
            self.by_head[sig].append(compiled)
        elif not (head.ast_type == ASTType.Literal and head.atom.ast_type == ASTType.BooleanConstant):
            self.untyped_heads.append(compiled)
        if not traced:
            self.statements.append(rule)
            return
        loc = rule.location
        atom_term = head.atom.symbol
        values = cast.Function(loc, "", [cast.Variable(loc, name) for name in names], 0)
        record = cast.SymbolicAtom(cast.Function(loc, compiled.record, [atom_term, values], 0))
        self.statements.append(rule.update(head=cast.Literal(loc, cast.Sign.NoSign, record), body=literals))
        self.statements.append(rule.update(body=[cast.Literal(loc, cast.Sign.NoSign, record)]))

    def finish(self) -> None:
        heads = set(self.by_head)
        self.inputs -= heads | {(name, arity) for name, arity in OUTPUTS.items()}
        for file in self.files:
            text = "\n".join(_lines(str(file)))
            for match in _PREDICATE_DOC.finditer(text):
                arity = len([a for a in match["args"].split(",") if a.strip()])
                first = match["text"].strip().split("\n\n")[0]
                self.docs[(match["name"], arity)] = " ".join(first.split())


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


@dataclass
class Trace:
    """An answer set with, for each derived atom, the rule instances that derived it."""

    program: Program
    facts: Facts
    atoms: frozenset[Symbol]
    fired: dict[Symbol, list[tuple[Rule, tuple[Symbol, ...]]]]
    _by_signature: dict[tuple[str, int], list[Symbol]] | None = None

    def matching(self, sig: tuple[str, int]) -> list[Symbol]:
        """The atoms of the answer set with a signature (``-p`` for classically negated ones)."""
        if self._by_signature is None:
            index: dict[tuple[str, int], list[Symbol]] = defaultdict(list)
            for atom in self.atoms:
                name = atom.name if atom.positive else "-" + atom.name
                index[(name, len(atom.arguments))].append(atom)
            for atoms in index.values():
                atoms.sort()
            self._by_signature = index
        return self._by_signature.get(sig, [])


def solve_traced(
    facts: Facts, doctrine: Doctrine, time_limit: float = DEFAULT_TIME_LIMIT, program: Program | None = None
) -> Trace:
    """Ground and solve the rewritten program with a case's facts; read the records off the answer set."""
    program = program or doctrine_program(doctrine.path.resolve())
    messages: list[str] = []

    def logger(code: clingo.MessageCode, message: str) -> None:
        if code not in (clingo.MessageCode.AtomUndefined, clingo.MessageCode.GlobalVariable):
            messages.append(message)

    ctl = clingo.Control(["--models=2"], logger=logger, message_limit=100)
    with cast.ProgramBuilder(ctl) as builder:
        for statement in program.statements:
            builder.add(statement)
    with ctl.backend() as backend:
        for symbol in facts.symbols:
            backend.add_rule([backend.add_atom(symbol)])
    try:
        ctl.ground([("base", [])])
    except RuntimeError:
        failed = [Diagnostic("grounding failed", None)]
        raise RuleFileError([clingo_diagnostic(m) for m in messages] or failed) from None
    models: list[Sequence[Symbol]] = []
    with ctl.solve(yield_=True, async_=True) as handle:
        while len(models) < 2:
            handle.resume()
            if not handle.wait(time_limit):
                handle.cancel()
                raise RuleFileError(
                    [Diagnostic(f"solving under '{doctrine.name}' did not finish within {time_limit:g} seconds", None)]
                )
            model = handle.model()
            if model is None:
                break
            models.append(model.symbols(atoms=True))
    if len(models) != 1:
        what = "no answer set" if not models else "more than one answer set"
        raise RuleFileError([Diagnostic(f"the doctrine '{doctrine.name}' has {what} for this case", None)])
    return _read_records(program, facts, models[0])


def _read_records(program: Program, facts: Facts, symbols: Sequence[Symbol]) -> Trace:
    atoms: list[Symbol] = []
    fired: dict[Symbol, list[tuple[Rule, tuple[Symbol, ...]]]] = defaultdict(list)
    rules = program.rules
    start = len(RULE_RECORD_PREFIX)
    for symbol in symbols:
        name = symbol.name
        if name.startswith(RULE_RECORD_PREFIX):
            head, values = symbol.arguments
            fired[head].append((rules[int(name[start:])], tuple(values.arguments)))
        else:
            atoms.append(symbol)
    return Trace(program, facts, frozenset(atoms), dict(fired))


def record_symbol(rule: Rule, head: Symbol, values: Sequence[Symbol]) -> Symbol:
    """The record atom of a rule instance (for tests and tools reading the raw answer set)."""
    return Function(rule.record, [head, Function("", list(values))])
