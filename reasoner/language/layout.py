"""A case file put in canonical form without losing anything written in it (``casus fmt``).

Each statement is printed in canonical form (``printer``) where it stands:
statements keep their order, every comment keeps its text and its place
(on its own line, or at the end of its statement's line), and blank lines
keep grouping the statements, a run of them becoming one. Inside an
alliance block the clauses come in canonical order, each with the comments
written over it and beside it. Parsing the result gives back the same model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from reasoner.common.errors import source_lines
from reasoner.language.build import code
from reasoner.language.model import Alliance, Case
from reasoner.language.printer import (
    alliance_text,
    event_text,
    expectation_text,
    include_text,
    states_text,
    title_text,
)
from reasoner.language.read import parse_text

#: How far the clauses of an alliance block, and the comments among them, are indented.
_CLAUSE_INDENT = "  "


def _clause_kind(text: str) -> str:
    """What kind of alliance clause a line is, by its first words (``end`` for the end of the block)."""
    words = text.split()[:2]
    if not words or words[0] not in ("against", "covering", "covers", "only", "in"):
        return "end"
    return "only if" if words == ["only", "if"] else words[0]


@dataclass
class _Line:
    """A source line split into its code and its comment (either may be empty)."""

    code: str
    comment: str

    @classmethod
    def of(cls, text: str) -> _Line:
        statement = code(text)
        return cls(statement.strip(), text[len(statement) :].strip())

    @property
    def first_word(self) -> str:
        return self.code.split(maxsplit=1)[0] if self.code else ""


@dataclass
class _Clause:
    """The comments that go with one clause of an alliance block."""

    over: list[str] = field(default_factory=list)
    beside: list[str] = field(default_factory=list)


def format_text(text: str, file: str = "<case>") -> str:
    """The text in canonical form, every comment and blank-line group kept; ``CaseError`` if it does not parse."""
    case = parse_text(text, file)
    lines = [_Line.of(line) for line in source_lines(text)]
    printed = _printed_statements(case)
    alliances = {a.source.line: a for a in case.alliances if a.source is not None}
    out: list[str] = []
    index = 0
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        if not line.code:
            out.append(line.comment)
        elif number in alliances:
            block_end = _block_end(lines, index - 1)
            out.extend(_alliance_block(alliances[number], lines[index - 1 : block_end + 1]))
            index = block_end + 1
        else:
            out.append(_with_comment(printed.get(number, line.code), line.comment))
    return _grouped(out)


def _printed_statements(case: Case) -> dict[int, str]:
    """Each one-line statement in canonical form, by the number of the line it is written on."""
    printed: dict[int, str] = {}
    if case.title is not None and case.title_source is not None:
        printed[case.title_source.line] = title_text(case.title)
    for inc in case.includes:
        if inc.source is not None:
            printed[inc.source.line] = include_text(inc)
    by_line = defaultdict(list)
    for decl in case.states:
        if decl.source is not None:
            by_line[decl.source.line].append(decl)
    printed.update({line: states_text(decls) for line, decls in by_line.items()})
    for event in case.events:
        if event.source is not None:
            printed[event.source.line] = event_text(event)
    for e in case.expectations:
        if e.source is not None:
            printed[e.source.line] = expectation_text(e)
    return printed


def _block_end(lines: Sequence[_Line], start: int) -> int:
    """The index of the ``end`` line of the alliance block whose header is at ``start``."""
    for index in range(start + 1, len(lines)):
        if lines[index].first_word == "end":
            return index
    return len(lines) - 1


def _alliance_block(alliance: Alliance, block: Sequence[_Line]) -> list[str]:
    """An alliance block in canonical form, each clause with the comments written over and beside it."""
    header, *rest = block
    clauses: dict[str, _Clause] = defaultdict(_Clause)
    waiting: list[str] = []
    for line in rest:
        if not line.code:
            waiting.extend([line.comment] if line.comment else [])
            continue
        clause = clauses[_clause_kind(line.code)]
        clause.over.extend(waiting)
        clause.beside.extend([line.comment] if line.comment else [])
        waiting = []
    clauses["end"].over.extend(waiting)
    first, *canonical = alliance_text(alliance).split("\n")
    out = [_with_comment(first, header.comment)]
    for text in canonical:
        clause = clauses.pop(_clause_kind(text), _Clause())
        out.extend(_CLAUSE_INDENT + comment for comment in clause.over)
        out.append(_with_comment(text, "  ".join(clause.beside)))
    return out


def alliance_block(lines: Sequence[str], header: int, alliance: Alliance) -> tuple[int, list[str]]:
    """The block of ``lines`` whose header is line ``header`` (1-based), reprinted as ``alliance``.

    Gives the number of the block's last line (its ``end``) and the block in
    canonical form with every comment kept, as ``casus fmt`` prints it: an
    alliance edited in the model is written back over its block this way.
    """
    parsed = [_Line.of(line) for line in lines]
    end = _block_end(parsed, header - 1)
    return end + 1, _alliance_block(alliance, parsed[header - 1 : end + 1])


def _with_comment(statement: str, comment: str) -> str:
    return f"{statement}  {comment}" if comment else statement


def _grouped(lines: Sequence[str]) -> str:
    """The lines with each run of blank lines made one, and none at the start or the end."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
