"""A user's rule file read before clingo sees it: bounded, UTF-8, ASCII where clingo needs it.

Clingo reads files itself, without bounds: an ``#include "/dev/zero".`` never
ends, and a folder is silently accepted. Its messages about a character it
does not know cut a UTF-8 character in half, which clingo's Python module
cannot decode inside a callback that must not fail (the process aborts
with ``PANIC``). So every rule file, and every file it includes, is first
read here: a regular file of at most ``MAX_RULE_BYTES``, UTF-8 text, with
characters outside ASCII only in quoted strings and comments, where clingo
takes them as they are. What breaks these rules is reported at its
``file:line:col``; what passes is left to clingo, which then only ever
sees files it can read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reasoner.common.errors import Diagnostic, RuleFileError, Source, unreadable
from reasoner.common.files import MAX_FILE_BYTES, Unreadable, read_text

#: The largest rule file read, in bytes (each file, includes counted on their own).
MAX_RULE_BYTES = MAX_FILE_BYTES

#: At most this many files are read for one rule file, its includes counted.
MAX_RULE_FILES = 1000

#: What clingo's lexer skips or takes whole: comments, quoted strings, and an include's file name.
_TOKEN = re.compile(
    r'%\*.*?\*%|%\*.*\Z|%[^\n]*|"(?:[^"\\\n]|\\.)*"|#include\s*(?:"(?:[^"\\\n]|\\.)*"|<[^>\n]*>)',
    re.DOTALL,
)
_INCLUDE = re.compile(r'#include\s*(?:"((?:[^"\\\n]|\\.)*)"|<([^>\n]*)>)')

#: Characters clingo accepts outside strings and comments: printable ASCII and blank space.
_ACCEPTED = re.compile(r"[\x20-\x7e\t\n\r\f\v]*")


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _strange(text: str, file: str, start: int, end: int) -> Diagnostic | None:
    """The first character clingo does not accept in ``text[start:end]`` (outside strings and comments)."""
    accepted = _ACCEPTED.match(text, start, end)
    stop = accepted.end() if accepted else start
    if stop >= end:
        return None
    character = text[stop]
    line, column = _position(text, stop)
    shown = character if character.isprintable() else f"\\u{ord(character):04x}"
    return Diagnostic(
        f"the rule file has the character '{shown}' outside a quoted string or comment",
        Source(file, line, column),
        help="clingo's names and operators are ASCII (letters, digits, '_' and punctuation); "
        'write other characters only inside "..." or a % comment',
    )


def _scan(text: str, file: str) -> Iterator[Diagnostic | tuple[str, Source, int]]:
    """The first strange character of a text (a diagnostic), and its includes (name, where, length)."""
    position = 0
    for token in _TOKEN.finditer(text):
        found = _strange(text, file, position, token.start())
        if found is not None:
            yield found
            return
        include = _INCLUDE.fullmatch(token[0])
        if include is not None:
            line, column = _position(text, token.start())
            yield (include[1] if include[1] is not None else include[2]), Source(file, line, column), len(token[0])
        position = token.end()
    found = _strange(text, file, position, len(text))
    if found is not None:
        yield found


def _read(path: Path, asked: Source | None, length: int) -> str:
    try:
        return read_text(path, MAX_RULE_BYTES, "rule file")
    except Unreadable as problem:
        raise RuleFileError([unreadable(problem, path, asked, length)]) from None


def screen_rule_file(path: Path) -> None:
    """Raise ``RuleFileError`` if a rule file or a file it includes is not one clingo can safely read.

    Each file is read once, however often it is included (as clingo does).
    """
    pending: list[tuple[Path, Source | None, int]] = [(path, None, 1)]
    seen: set[Path] = set()
    while pending:
        file, asked, length = pending.pop()
        resolved = file.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        if len(seen) > MAX_RULE_FILES:
            raise RuleFileError([Diagnostic(f"the rule file includes more than {MAX_RULE_FILES} files", asked, length)])
        text = _read(file, asked, length)
        for found in _scan(text, str(file)):
            if isinstance(found, Diagnostic):
                raise RuleFileError([found])
            name, where, span = found
            pending.append((_resolve(file, name), where, span))


def _resolve(including: Path, name: str) -> Path:
    """Where clingo finds an included file: beside the file that includes it, else from the working folder."""
    beside = including.parent / name
    return beside if beside.exists() or not Path(name).exists() else Path(name)
