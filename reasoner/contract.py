"""The vocabulary contract, read from ``rules/interface.lp`` and checked on rule files.

``interface.lp`` declares every input predicate with ``#defined`` and every
output predicate with ``#show``. A rule file keeps the contract when it
never defines an input (in a rule head or an ``#external``) and shows only
outputs. Rule files are read with ``clingo.ast``, never by string matching;
embedded ``#script`` blocks are refused unless the user opts in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from clingo import ast

from reasoner.errors import Diagnostic, RuleFileError, Source
from reasoner.resources import rules_dir

Signature = tuple[str, int]


@dataclass(frozen=True)
class Interface:
    """The input and output predicates of the contract."""

    inputs: frozenset[Signature]
    outputs: frozenset[Signature]


_CLINGO_MESSAGE = re.compile(
    r"^(?P<file>[^\n]*?):(?P<line>\d+):(?P<col>\d+)(?:-\d+(?::\d+)?)?: (?P<kind>error|warning|info): (?P<text>.*)$",
    re.S,
)


def clingo_diagnostic(message: str) -> Diagnostic:
    """A clingo log message as a diagnostic pointing into the rule file."""
    first, *rest = message.strip().splitlines() or [""]
    match = _CLINGO_MESSAGE.match(first)
    if match is None:
        return Diagnostic(first.removeprefix("error: ").removeprefix("*** ERROR: (clingo): "), None)
    text = match["text"].strip()
    detail = " ".join(line.strip() for line in rest if line.strip())
    return Diagnostic(
        text + (f": {detail}" if detail else ""),
        Source(match["file"], int(match["line"]), int(match["col"])),
    )


def parse_rule_file(path: Path) -> list[ast.AST]:
    """Every statement of a rule file (and the files it includes), as clingo ASTs."""
    statements: list[ast.AST] = []
    messages: list[str] = []
    try:
        ast.parse_files([str(path)], statements.append, logger=lambda _code, msg: messages.append(msg))
    except RuntimeError:
        found = [clingo_diagnostic(m) for m in messages] or [Diagnostic(f"cannot read the rule file '{path}'", None)]
        raise RuleFileError(found) from None
    return statements


def _term_signatures(term: ast.AST) -> Iterator[Signature]:
    kind = term.ast_type
    if kind == ast.ASTType.Function:
        yield term.name, len(term.arguments)
    elif kind == ast.ASTType.SymbolicTerm and term.symbol.type.name == "Function":
        yield term.symbol.name, len(term.symbol.arguments)
    elif kind == ast.ASTType.Pool:
        for alternative in term.arguments:
            yield from _term_signatures(alternative)
    elif kind == ast.ASTType.UnaryOperation:
        yield from _term_signatures(term.argument)


def head_signatures(head: ast.AST) -> Iterator[Signature]:
    """The predicates a rule head can derive (not those in its conditions)."""
    kind = head.ast_type
    if kind == ast.ASTType.SymbolicAtom:
        yield from _term_signatures(head.symbol)
    elif kind == ast.ASTType.Literal:
        yield from head_signatures(head.atom)
    elif kind == ast.ASTType.ConditionalLiteral:
        yield from head_signatures(head.literal)
    elif kind in (ast.ASTType.Aggregate, ast.ASTType.Disjunction):
        for element in head.elements:
            yield from head_signatures(element)
    elif kind == ast.ASTType.HeadAggregate:
        for element in head.elements:
            yield from head_signatures(element.condition)


@cache
def interface() -> Interface:
    """The contract as declared in the bundled ``interface.lp``."""
    defined: set[Signature] = set()
    shown: set[Signature] = set()
    for statement in parse_rule_file(rules_dir() / "interface.lp"):
        if statement.ast_type == ast.ASTType.Defined:
            defined.add((statement.name, statement.arity))
        elif statement.ast_type == ast.ASTType.ShowSignature:
            shown.add((statement.name, statement.arity))
    return Interface(frozenset(defined - shown), frozenset(shown))


def _where(node: ast.AST) -> Source:
    begin = node.location.begin
    return Source(begin.filename, begin.line, begin.column)


def _name(signature: Signature) -> str:
    return f"{signature[0]}/{signature[1]}"


def violations(path: Path, allow_scripts: bool = False) -> list[Diagnostic]:
    """Every way a rule file breaks the contract, each pointing at its line."""
    contract = interface()
    found: list[Diagnostic] = []
    for statement in parse_rule_file(path):
        kind = statement.ast_type
        if kind == ast.ASTType.Script and not allow_scripts:
            found.append(
                Diagnostic(
                    "the rule file embeds a script, which could run any code",
                    _where(statement),
                    help="remove the #script block, or pass --allow-scripts if you trust this file",
                )
            )
        elif kind in (ast.ASTType.Rule, ast.ASTType.External):
            head = statement.head if kind == ast.ASTType.Rule else statement.atom
            for signature in head_signatures(head):
                if signature in contract.inputs:
                    found.append(
                        Diagnostic(
                            f"the rule file defines the input predicate {_name(signature)}",
                            _where(statement),
                            help="inputs come only from the case; derive a predicate of your own instead",
                        )
                    )
        elif kind == ast.ASTType.ShowSignature and (statement.name, statement.arity) not in contract.outputs:
            found.append(_shows_non_output(statement, (statement.name, statement.arity)))
        elif kind == ast.ASTType.ShowTerm:
            for signature in _term_signatures(statement.term):
                if signature not in contract.outputs:
                    found.append(_shows_non_output(statement, signature))
    return found


def _shows_non_output(statement: ast.AST, signature: Signature) -> Diagnostic:
    outputs = ", ".join(sorted(_name(s) for s in interface().outputs))
    return Diagnostic(
        f"the rule file shows {_name(signature)}, which is not an output of the contract",
        _where(statement),
        help=f"a doctrine shows only {outputs}",
    )


def check_rule_file(path: Path, allow_scripts: bool = False) -> None:
    """Raise ``RuleFileError`` if a rule file does not parse or breaks the contract."""
    found = violations(path, allow_scripts)
    if found:
        raise RuleFileError(found)
