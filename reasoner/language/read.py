"""From case files to the case model: reading text, recovering from syntax errors, following includes.

``parse_text`` reads one file's text with the parser of ``syntax``;
``load_case`` reads a file and the files it includes, merges them, and checks
what the case means (``check``). There is one reader of the language: Lark's
LALR parser with the transformer applied while it parses (``build.Reader``).
A second, regular-expression line reader once read well-formed files;
measured on a batch of 1,000 generated cases (``benchmarks/readers.py`` at
commit e00bc10, 2026-12-01), Lark this way took 1.34x the line reader's time
end to end (4.03 s against 3.00 s; parsing alone 2.84x), within the 1.5x
that a second grammar to keep in step was worth, so the line reader went.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from lark.exceptions import UnexpectedInput, UnexpectedToken

from reasoner.common.errors import CaseError, Diagnostic, Source, source_lines, unreadable, visible
from reasoner.common.files import MAX_FILE_BYTES, Unreadable, read_text
from reasoner.language.build import Build, Statement
from reasoner.language.model import Case, Include
from reasoner.language.syntax import read_statements, syntax_diagnostic

#: The largest case file read, in bytes: beyond it the file is refused with a clear message.
MAX_CASE_BYTES = MAX_FILE_BYTES

#: How deep includes may be nested: a file, a file it includes, a file that one includes, ...
MAX_INCLUDE_DEPTH = 100

#: After this many syntax errors in one file, the rest of the file is not read.
MAX_SYNTAX_ERRORS = 100

#: Keywords that start a statement, and those that start a clause of an alliance block.
_STATEMENT_KEYWORDS = frozenset({"case", "include", "state", "states", "alliance", "at", "expect"})
_CLAUSE_KEYWORDS = frozenset({"against", "covering", "only", "in", "end"})
_FIRST_WORD = re.compile(r"[ \t]*([A-Za-z]*)")


def _first_word(line: str) -> str | None:
    """The keyword a line starts with; ``""`` for another start, ``None`` for a blank or comment line."""
    stripped = line.strip(" \t\r")
    if not stripped or stripped.startswith("#"):
        return None
    match = _FIRST_WORD.match(line)
    return match[1] if match else ""


def _statements(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Each statement of a text as (index of its first line, its lines), for error recovery.

    A statement is one line, except an alliance block, which runs to its
    ``end`` or to the next statement keyword. A line that starts with an
    unknown word (a misspelt ``alliance``, say) takes the clause lines that
    follow it, so that they are not reported again on their own.
    """
    block: str | None = None  # "alliance": takes every line; "maybe": takes clause lines only
    start, current = 0, list[str]()
    for index, line in enumerate(lines):
        word = _first_word(line)
        if word is None:
            if current:
                current.append(line)
            continue
        joins = block == "alliance" and word not in _STATEMENT_KEYWORDS
        joins = joins or (block == "maybe" and word in _CLAUSE_KEYWORDS)
        if joins:
            current.append(line)
            block = None if word == "end" else block
            continue
        if current:
            yield start, current
        start, current = index, [line]
        block = "alliance" if word == "alliance" else "maybe" if word not in _STATEMENT_KEYWORDS else None
        if word in _CLAUSE_KEYWORDS:
            block = None
    if current:
        yield start, current


def parse_text(text: str, file: str = "<case>") -> Case:
    """Parse one file's text into a case model (includes are recorded, not read).

    A well-formed text is read in one go.
    A text with a syntax error is read statement by statement, so that every
    syntax error of the file is reported once, without follow-on errors, along
    with the vocabulary errors of the rest.
    """
    if not text.endswith("\n"):
        text += "\n"
    controls = _control_characters(text, file)
    if controls:
        raise CaseError(controls)
    lines = source_lines(text)
    build = Build(file)
    try:
        statements = read_statements(text, build)
    except UnexpectedInput as err:
        build = Build(file)
        statements = _recover(lines, file, build)
        if not any(d.is_error for d in build.diagnostics):  # never lose the error that started recovery
            build.diagnostics.append(syntax_diagnostic(err, file, lines))
    if build.diagnostics:
        raise CaseError(sorted(build.diagnostics, key=_position))
    case = Case(file=file)
    for kind, value in statements:
        if kind == "title":
            if case.title_source is not None:
                first = f"the first is at {case.title_source}"
                raise CaseError([Diagnostic("the case has two titles", value[1], help=first)])
            case.title, case.title_source = value
        elif kind == "include":
            case.includes.append(value)
        elif kind == "states":
            case.states.extend(value)
        elif kind == "alliance":
            case.alliances.append(value)
        elif kind == "expectation":
            case.expectations.append(value)
        else:
            case.events.append(value)
    return case


#: Control characters (but tab, line feed, carriage return and form feed): none belongs in a case, and
#: one in a title or name could clear or retitle the terminal it is printed to.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_characters(text: str, file: str) -> list[Diagnostic]:
    """Each line's first control character, as an error at its line and column (at most ``MAX_SYNTAX_ERRORS``)."""
    found = []
    for number, line in enumerate(source_lines(text), start=1):
        match = _CONTROL.search(line)
        if match is not None:
            found.append(
                Diagnostic(
                    f"unexpected control character {visible(match[0])}",
                    Source(file, number, match.start() + 1),
                    help="a case is plain text; remove the character (it may come from a copy and paste)",
                )
            )
            if len(found) >= MAX_SYNTAX_ERRORS:
                break
    return found


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    src = diagnostic.source
    return (src.line, src.column) if src else (0, 0)


def _recover(lines: Sequence[str], file: str, build: Build) -> list[Statement]:
    """Parse statement by statement, collecting every syntax error into ``build``."""
    statements: list[Statement] = []
    errors = 0
    for start, chunk in _statements(lines):
        if errors >= MAX_SYNTAX_ERRORS:
            build.diagnostics.append(
                Diagnostic(
                    f"too many syntax errors; the file was read only up to line {start}",
                    Source(file, start, 1),
                    help="fix these first, then check the file again",
                )
            )
            break
        chunk = list(chunk)
        build.line_offset = start
        while True:
            known = len(build.diagnostics)
            try:
                statements.extend(read_statements("\n".join(chunk) + "\n", build))
            except UnexpectedInput as err:
                del build.diagnostics[known:]  # what the parser found before the error is found again on the retry
                errors += 1
                build.diagnostics.append(syntax_diagnostic(err, file, chunk, start))
                # Inside an alliance block, drop the faulty clause and read on.
                bad = max(err.line, 1) - 1
                at_end = isinstance(err, UnexpectedToken) and err.token.type == "$END"
                if not at_end and 0 < bad < len(chunk) and _first_word(chunk[bad]) not in ("end", None):
                    chunk[bad] = ""
                    continue
            break
    return statements


def read_case_file(path: Path, include_source: Source | None = None, length: int = 1) -> str:
    """The text of a case file, or an error pointing at whoever asked for it (the file itself if no one).

    Only a regular file of at most ``MAX_CASE_BYTES`` is read (``common.files``); a
    byte that is not UTF-8 is reported at its own line and column.
    """
    try:
        return read_text(path, MAX_CASE_BYTES, "case file")
    except Unreadable as problem:
        raise CaseError([unreadable(problem, path, include_source, length)]) from None


def load_case(path: str | Path) -> Case:
    """Read a case file and everything it includes, then check what it means.

    Each file is read once, however many files include it (a shared treaty, a
    diamond of includes). Warnings are kept in ``Case.warnings``; errors raise
    ``CaseError``.
    """
    from reasoner.language.check import check_case

    case = _load(Path(path), include=None, chain=(), seen=set())
    case.warnings.extend(check_case(case))
    return case


def _load(path: Path, include: Include | None, chain: tuple[Path, ...], seen: set[Path]) -> Case:
    where, length = (include.source, len(include.path) + 2) if include else (None, 1)
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(p.name for p in (*chain, resolved))
        raise CaseError(
            [
                Diagnostic(
                    f"the includes form a cycle: {cycle}",
                    where,
                    length,
                    help="a file cannot include itself, directly or through other files",
                )
            ]
        )
    if len(chain) > MAX_INCLUDE_DEPTH:
        raise CaseError(
            [
                Diagnostic(
                    f"the includes are nested more than {MAX_INCLUDE_DEPTH} deep",
                    where,
                    length,
                    help="include the shared files from fewer levels of files",
                )
            ]
        )
    seen.add(resolved)
    case = _parse_included(read_case_file(path, where, length), path, include)
    below = (*chain, resolved)
    for inc in case.includes:
        target = path.parent / inc.path
        if target.resolve() not in seen or target.resolve() in below:  # read once, but a cycle is an error
            case.merge(_load(target, inc, below, seen))
    return case


def _parse_included(text: str, path: Path, include: Include | None) -> Case:
    """A file's text parsed; for an included file, only its first error is shown (it may be any file)."""
    try:
        return parse_text(text, str(path))
    except CaseError as err:
        if include is None or len(err.diagnostics) <= 1:
            raise
        first = err.diagnostics[0]
        more = len(err.diagnostics) - 1
        note = f"{more} more error{'s' if more > 1 else ''} in this included file: check it on its own"
        raise CaseError([replace(first, help=f"{first.help}; {note}" if first.help else note)]) from None
