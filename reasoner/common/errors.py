"""Diagnostics in the user's terms: what went wrong, where, and what would fit.

Every error the tool reports carries a file, line and column; ``render``
prints it the way a good compiler does, with the source line and a caret,
and ``as_json`` gives the same for editors (``--message-format json``). The
messages and their layout are documented in ``docs/errors.md``.
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reasoner.common.files import Unreadable, text_or_none


@dataclass(frozen=True, order=True)
class Source:
    """Where something was written: a file, a 1-based line and a 1-based column.

    Line 0 stands for the file as a whole (an empty file, a rule file with no answer set).
    """

    file: str
    line: int
    column: int

    @classmethod
    def whole(cls, file: str) -> Source:
        """The file as a whole, with no line to show."""
        return cls(file, 0, 0)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass(frozen=True)
class Diagnostic:
    """One message about the input, pointing at a span of source text."""

    message: str
    source: Source | None
    length: int = 1
    help: str | None = None
    severity: str = "error"
    #: The text of the line pointed at, when it is not in a file (a query typed on the command line).
    line_text: str | None = None

    @property
    def is_error(self) -> bool:
        """Whether this diagnostic stops the run (a warning does not)."""
        return self.severity == "error"

    def as_json(self) -> str:
        """The diagnostic as one line of JSON (the schema is in ``docs/errors.md``)."""
        src = self.source if self.source and self.source.line else None
        return json.dumps(
            {
                "severity": self.severity,
                "message": self.message,
                "file": self.source.file if self.source else None,
                "line": src.line if src else None,
                "column": src.column if src else None,
                "end_column": src.column + max(1, self.length) if src else None,
                "help": self.help,
            },
            ensure_ascii=False,
        )


def warning(message: str, source: Source | None, length: int = 1, help: str | None = None) -> Diagnostic:
    """A diagnostic that is printed but does not stop the run."""
    return Diagnostic(message, source, length, help, severity="warning")


def unreadable(problem: Unreadable, path: Path, asked: Source | None, length: int = 1) -> Diagnostic:
    """A file that cannot be read, as a message: at its first bad byte when it was named directly,
    else at whatever asked for it (an include), else the file as a whole."""
    if problem.line and asked is None:
        return Diagnostic(problem.message, Source(str(path), problem.line, problem.column), help=problem.help)
    return Diagnostic(problem.message, asked or Source.whole(str(path)), length, help=problem.help)


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


#: At most this many choices are compared with a misspelt word: a did-you-mean stays cheap with 100,000 names.
MAX_COMPARED = 2000


class Suggestions:
    """The choices a misspelt word is compared with, indexed once for many words (100,000 states, say).

    Few choices are all compared. Among many, the candidates are found through
    an index of each choice with one character deleted (as SymSpell does):
    a word one edit (a letter left out, added, changed) from a choice meets it
    there. Only if none is found are the choices of about the same length that
    share the word's first or last letter tried; never more than ``MAX_COMPARED``.
    """

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = list(choices)
        self._deletions: dict[str, list[str]] | None = None
        self._ends: dict[tuple[int, str], list[str]] | None = None

    def closest(self, word: str) -> str | None:
        """The closest choice to ``word``, if one is close enough."""
        pool = self.choices if len(self.choices) <= MAX_COMPARED else self._near(word)
        close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
        return close[0] if close else None

    def _near(self, word: str) -> list[str]:
        if self._deletions is None:
            self._deletions = defaultdict(list)
            for choice in self.choices:
                for variant in _one_deleted(choice):
                    self._deletions[variant].append(choice)
        found = dict.fromkeys(c for v in _one_deleted(word) for c in self._deletions.get(v, ()))
        return list(found)[:MAX_COMPARED] if found else self._same_ends(word)

    def _same_ends(self, word: str) -> list[str]:
        if self._ends is None:
            self._ends = defaultdict(list)
            for choice in self.choices:
                self._ends[(0, choice[:1].lower())].append(choice)
                self._ends[(1, choice[-1:].lower())].append(choice)
        starts = self._ends.get((0, word[:1].lower()), [])
        ends = self._ends.get((1, word[-1:].lower()), [])
        near = dict.fromkeys(c for c in starts + ends if abs(len(c) - len(word)) <= 2)
        return list(near)[:MAX_COMPARED]


def _one_deleted(word: str) -> set[str]:
    """The word itself and each way of deleting one of its characters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def did_you_mean(word: str, choices: Iterable[str] | Suggestions) -> str | None:
    """The closest choice to a misspelt word, if one is close enough."""
    return (choices if isinstance(choices, Suggestions) else Suggestions(choices)).closest(word)


def suggestion(word: str, choices: Iterable[str]) -> str:
    """``did you mean 'x'? `` for the choice closest to a misspelt word, or nothing: the start of a help text."""
    guess = did_you_mean(word, choices)
    return f"did you mean '{guess}'? " if guess else ""


def either(words: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``: alternatives in plain English, as given."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def one_of(choices: Sequence[str]) -> str:
    """``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'``: a list of quoted choices."""
    return either([f"'{c}'" for c in choices])


def source_lines(text: str) -> list[str]:
    """A text's lines as the parsers count them: split at ``\\n`` only, without the ``\\r``."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def source_line(source: Source, text: str | None = None) -> str | None:
    """The text of the line a source points at, read from ``text`` or the file."""
    if text is None:
        text = text_or_none(source.file)
        if text is None:
            return None
    lines = source_lines(text)
    return lines[source.line - 1] if 0 < source.line <= len(lines) else None


def visible(text: str) -> str:
    """Text safe to print on a terminal: each control character (an escape, a bell) written as ``\\x1b``."""
    return "".join(repr(c)[1:-1] if not c.isprintable() and c not in "\n" else c for c in text)


def _printable(line: str) -> str:
    """A source line safe to print under a caret: one character per column, no control codes."""
    return "".join(c if c.isprintable() else " " for c in line)


def render(diagnostic: Diagnostic, text: str | None = None) -> str:
    """Format a diagnostic as ``error: ...``, ``--> file:line:col``, the line and a caret."""
    out = [f"{diagnostic.severity}: {visible(diagnostic.message)}"]
    src = diagnostic.source
    gutter = " " * (len(str(src.line)) if src else 1)
    if src is not None:
        out.append(f"{gutter}--> {visible(str(src))}")
        line = diagnostic.line_text if diagnostic.line_text is not None else source_line(src, text)
        if line is not None:
            out.append(f"{gutter} |")
            out.append(f"{src.line} | {_printable(line)}")
            out.append(f"{gutter} | {' ' * (src.column - 1)}{'^' * max(1, diagnostic.length)}")
    if diagnostic.help:
        out.append(f"{gutter} = help: {visible(diagnostic.help)}")
    return "\n".join(out)
