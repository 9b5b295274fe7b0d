"""Diagnostics in the user's terms: what went wrong, where, and what would fit.

Every error the tool reports carries a file, line and column; ``render``
prints it the way a good compiler does, with the source line and a caret.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Source:
    """Where something was written: a file, a 1-based line and a 1-based column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input, pointing at a span of source text."""

    message: str
    source: Source | None
    length: int = 1
    help: str | None = None
    severity: str = "error"


@dataclass
class CasusError(Exception):
    """Raised with one or more diagnostics; the CLI prints them and exits non-zero."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = 1

    def __str__(self) -> str:
        return "; ".join(d.message for d in self.diagnostics)


class CaseError(CasusError):
    """The case text is malformed or means something impossible (exit code 1)."""


class RuleFileError(CasusError):
    """A rule file does not parse, breaks the contract, or the solver failed (exit code 3)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics, exit_code=3)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt word, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def one_of(choices: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``: a list of choices in plain English."""
    quoted = [f"'{c}'" for c in choices]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def source_line(source: Source, text: str | None = None) -> str | None:
    """The text of the line a source points at, read from ``text`` or the file."""
    if text is None:
        try:
            text = Path(source.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    lines = text.splitlines()
    return lines[source.line - 1] if 0 < source.line <= len(lines) else None


def render(diagnostic: Diagnostic, text: str | None = None) -> str:
    """Format a diagnostic as ``error: ...``, ``--> file:line:col``, the line and a caret."""
    out = [f"{diagnostic.severity}: {diagnostic.message}"]
    src = diagnostic.source
    if src is not None:
        out.append(f"  --> {src}")
        line = source_line(src, text)
        if line is not None:
            gutter = " " * len(str(src.line))
            out.append(f"{gutter} |")
            out.append(f"{src.line} | {line}")
            out.append(f"{gutter} | {' ' * (src.column - 1)}{'^' * max(1, diagnostic.length)}")
    if diagnostic.help:
        out.append(f"  = help: {diagnostic.help}")
    return "\n".join(out)
