"""The vocabulary contract, read from ``rules/interface.lp`` and checked on rule files.

``interface.lp`` declares every input predicate with ``#defined`` and every
output predicate with ``#show``. A rule file keeps the contract when it
never defines an input (in a rule head or an ``#external``) and shows only
outputs. Rule files are read with ``clingo.ast``, never by string matching;
embedded ``#script`` blocks are refused unless the user opts in. Clingo's
own messages about a rule file are retold here in the user's terms, pointing
at the file and line, without clingo's internal names (``#inc_base``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import clingo
from clingo import ast

from reasoner.common.errors import Diagnostic, RuleFileError, Source, suggestion, warning
from reasoner.common.resources import rules_dir
from reasoner.solving.screen import screen_rule_file

Signature = tuple[str, int]


@dataclass(frozen=True)
class Interface:
    """The input and output predicates of the contract."""

    inputs: frozenset[Signature]
    outputs: frozenset[Signature]
    #: The outputs in the order ``interface.lp`` declares them (the order reports show them in).
    output_order: tuple[Signature, ...] = ()


_CLINGO_MESSAGE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+)(?:-(?:(?P<end_line>\d+):)?(?P<end_col>\d+))?: "
    r"(?P<kind>error|warning|info|note): (?P<text>.*)$"
)

#: Clingo's names for its own machinery, which a user never wrote.
_MACHINERY = re.compile(r"\[#inc_\w+\];?|#inc_\w+|<block>|\*\*\* ERROR: \(clingo\): ")

_UNSAFE_HELP = (
    "a variable must also occur in a positive condition of the rule's body (not only under 'not' "
    "or in arithmetic); bind it, e.g. with state({var})"
)


def _clingo_text(text: str) -> str:
    """A clingo message without clingo's internal names."""
    return " ".join(_MACHINERY.sub("", text).split())


def _place(match: re.Match[str]) -> tuple[Source, int]:
    line, column = int(match["line"]), int(match["col"])
    same_line = match["end_line"] is None or int(match["end_line"]) == line
    length = int(match["end_col"]) - column if match["end_col"] and same_line else 1
    return _within_file(Source(match["file"], line, column)), max(1, length)


def _within_file(source: Source) -> Source:
    """A position clingo puts past the end of a file (``unexpected EOF``) moved to the file's last text."""
    try:
        lines = Path(source.file).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return source
    if source.line <= len(lines) and lines[source.line - 1].strip():
        return source
    line = min(source.line, len(lines))
    while line > 1 and not lines[line - 1].split("%")[0].strip():
        line -= 1
    return Source(source.file, line, len(lines[line - 1].split("%")[0].rstrip()) + 1)


def clingo_diagnostics(message: str) -> list[Diagnostic]:
    """A clingo log message as diagnostics pointing into the rule file, in the user's terms.

    Notes that belong to an error (each unsafe variable) become diagnostics
    of their own; infos and warnings give nothing.
    """
    first, *rest = message.strip().splitlines() or [""]
    match = _CLINGO_MESSAGE.match(first)
    if match is None:
        text = _clingo_text(first.removeprefix("error: "))
        if "support not available" in text:
            return [_no_scripts(text)]
        return [Diagnostic(text or "the solver failed", None)]
    if match["kind"] != "error":
        return []
    source, length = _place(match)
    text = match["text"].strip()
    notes = [n for n in map(_CLINGO_MESSAGE.match, rest) if n is not None and n["kind"] == "note"]
    detail = [line.strip() for line in rest if _CLINGO_MESSAGE.match(line) is None and line.strip()]
    if text.startswith("unsafe variables in"):
        found = []
        for note in notes:
            var = note["text"].removesuffix(" is unsafe").strip("'")
            if not var.startswith("#"):  # '#Arith0', '#Range0' stand for clingo's own rewriting
                where, span = _place(note)
                found.append(Diagnostic(f"unsafe variable '{var}'", where, span, help=_UNSAFE_HELP.format(var=var)))
        general = Diagnostic("this rule has unsafe variables", source, length, help=_UNSAFE_HELP.format(var="X"))
        return found or [general]
    if text.startswith(("syntax error", "lexer error")):
        return [_syntax(text, source, length)]
    if text.startswith("file could not be opened"):
        name = detail[0] if detail else "?"
        return [Diagnostic(f"cannot open the included file '{name}'", source, length)]
    if "support not available" in text:
        return [_no_scripts(text, source, length)]
    return [Diagnostic(_clingo_text(" ".join([text, *detail])), source, length)]


def _first_per_line(found: list[Diagnostic]) -> list[Diagnostic]:
    """Drop a syntax error on a line that already has one: clingo's follow-on errors."""
    seen: set[tuple[str, int]] = set()
    kept = []
    for d in found:
        key = (d.source.file, d.source.line) if d.source else ("", -1)
        if d.message.startswith("the rule file does not parse") and key in seen:
            continue
        seen.add(key)
        kept.append(d)
    return kept


def clingo_diagnostic(message: str) -> Diagnostic:
    """The main diagnostic of a clingo log message (see ``clingo_diagnostics``)."""
    found = clingo_diagnostics(message)
    return found[0] if found else Diagnostic(_clingo_text(message) or "the solver failed", None)


def _syntax(text: str, source: Source, length: int) -> Diagnostic:
    found, _, expected = text.split(", ", 1)[-1].partition(", expecting ")
    token = found.removeprefix("unexpected ").strip()
    if token == "EOF":
        return Diagnostic("the rule file ends in the middle of a rule", source, help="end every rule with a '.'")
    help = "expected " + " or ".join(f"'{t}'" for t in expected.split(" or ")) if expected else None
    return Diagnostic(f"the rule file does not parse: unexpected '{token}'", source, length, help=help)


def _no_scripts(text: str, source: Source | None = None, length: int = 1) -> Diagnostic:
    return Diagnostic(
        "this installation of clingo cannot run the rule file's script",
        source,
        length,
        help=f"clingo says: {text}; rewrite the script's work as rules",
    )


def parse_rule_file(path: Path) -> list[ast.AST]:
    """Every statement of a rule file (and the files it includes), as clingo ASTs."""
    statements: list[ast.AST] = []
    messages: list[str] = []
    try:
        ast.parse_files([str(path)], statements.append, logger=lambda _code, msg: messages.append(msg))
    except RuntimeError:
        found = _first_per_line([d for m in messages for d in clingo_diagnostics(m)])
        raise RuleFileError(found or [Diagnostic(f"cannot read the rule file '{path}'", None)]) from None
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
    shown: dict[Signature, None] = {}
    for statement in parse_rule_file(rules_dir() / "interface.lp"):
        if statement.ast_type == ast.ASTType.Defined:
            defined.add((statement.name, statement.arity))
        elif statement.ast_type == ast.ASTType.ShowSignature:
            shown[(statement.name, statement.arity)] = None
    return Interface(frozenset(defined - set(shown)), frozenset(shown), tuple(shown))


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
        elif (
            kind == ast.ASTType.ShowSignature
            and statement.name
            and (statement.name, statement.arity) not in contract.outputs
        ):
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


def unsafe_rules(files: Sequence[Path]) -> list[Diagnostic]:
    """The errors clingo finds in rule files before grounding any fact (unsafe variables, say).

    Grounding no program part runs clingo's checks without grounding a rule,
    so this is quick even for a program whose grounding would never end.
    """
    messages: list[str] = []
    ctl = clingo.Control(logger=lambda _code, msg: messages.append(msg), message_limit=100)
    try:
        for path in files:
            ctl.load(str(path))
        ctl.ground([])
    except RuntimeError as err:  # some errors (a script clingo cannot run) come only with the exception
        found = _first_per_line([d for m in messages or [str(err)] for d in clingo_diagnostics(m)])
        return found or [Diagnostic("the rule files do not load", None)]
    return []


class _Atoms(ast.Transformer):
    """Collects the symbolic atoms of a part of a statement."""

    def __init__(self) -> None:
        self.found: list[ast.AST] = []

    def visit_SymbolicAtom(self, atom: ast.AST) -> ast.AST:
        self.found.append(atom)
        return atom


def _conditions(statement: ast.AST) -> list[ast.AST]:
    """The atoms a statement uses as conditions (not those it concludes or declares)."""
    collect = _Atoms()
    kind = statement.ast_type
    if kind in (ast.ASTType.Defined, ast.ASTType.External, ast.ASTType.ShowSignature, ast.ASTType.Script):
        return []
    if kind == ast.ASTType.Rule:
        collect.visit_sequence(statement.body)
        head = statement.head
        for element in getattr(head, "elements", ()):
            condition = element.condition if head.ast_type != ast.ASTType.HeadAggregate else element.condition.condition
            collect.visit_sequence(condition)
        return collect.found
    collect.visit(statement)
    return collect.found


def _concluded(statement: ast.AST) -> Iterator[Signature]:
    kind = statement.ast_type
    if kind == ast.ASTType.Rule:
        yield from head_signatures(statement.head)
    elif kind == ast.ASTType.External:
        yield from head_signatures(statement.atom)
    elif kind == ast.ASTType.Defined:
        yield statement.name, statement.arity


def lint(path: Path, helpers: Sequence[Path] = ()) -> list[Diagnostic]:
    """Warnings about a rule file, as clingo gives them when grounding: a condition no rule can conclude.

    Clingo says ``atom does not occur in any rule head`` when it grounds; the same
    is found here from the program alone, so that a doctrine is linted without a case.
    """
    statements = parse_rule_file(path)
    known = {s for f in helpers for st in parse_rule_file(f) for s in _concluded(st)}
    known.update(s for st in statements for s in _concluded(st))
    names = sorted({f"{name}/{arity}" for name, arity in known})
    found: list[Diagnostic] = []
    for statement in statements:
        for atom in _conditions(statement):
            for signature in _term_signatures(atom.symbol):
                if signature in known:
                    continue
                begin, end = atom.symbol.location.begin, atom.symbol.location.end
                length = end.column - begin.column if end.line == begin.line else 1
                found.append(
                    warning(
                        f"no rule concludes {_name(signature)}, so the condition '{atom}' never holds",
                        Source(begin.filename, begin.line, begin.column),
                        max(1, length),
                        help=suggestion(_name(signature), names) + "clingo says: atom does not occur in any rule head",
                    )
                )
    return found


def check_rule_file(path: Path, allow_scripts: bool = False, helpers: Sequence[Path] = ()) -> list[Diagnostic]:
    """Raise ``RuleFileError`` if a rule file does not parse, breaks the contract, or has unsafe rules.

    ``helpers`` are the shared files loaded before it, so that its rules are
    checked as they will be grounded. Returns the warnings (``lint``).
    """
    screen_rule_file(path)
    found = violations(path, allow_scripts)
    if not any(d.message.startswith("the rule file embeds a script") for d in found):
        found.extend(unsafe_rules([*helpers, path]))
    if found:
        raise RuleFileError(found)
    return lint(path, helpers)


def inputs_read(files: Sequence[Path]) -> frozenset[str]:
    """The input predicates a program of these rule files reads: those its outputs and constraints depend on.

    A case's fact of any other input cannot change what the program
    concludes (``casus disagree`` leaves such events out of its search).
    """
    depends: dict[Signature, set[Signature]] = {}
    roots = set(interface().outputs)
    for path in files:
        for statement in parse_rule_file(path):
            used = {s for atom in _conditions(statement) for s in _term_signatures(atom.symbol)}
            heads = list(_concluded(statement)) if statement.ast_type == ast.ASTType.Rule else []
            if statement.ast_type == ast.ASTType.Rule and not heads:
                roots |= used  # an integrity constraint: what it reads matters to every answer
            for head in heads:
                depends.setdefault(head, set()).update(used)
    seen: set[Signature] = set()
    todo = list(roots)
    while todo:
        signature = todo.pop()
        if signature not in seen:
            seen.add(signature)
            todo.extend(depends.get(signature, ()))
    return frozenset(name for name, _ in seen & interface().inputs)
