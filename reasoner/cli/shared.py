"""What every subcommand shares: exit codes, printing diagnostics, loading a case, common options.

Exit codes: 0 ok; 1 a case is malformed or a check failed; 2 the command was
used wrongly; 3 a rule file is broken or the solver failed; 4 an internal
error (a bug in casus). Diagnostics go to standard error, as text or, with
``--message-format json``, one JSON object per line (see docs/errors.md).
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reasoner.common.errors import CasusError, Diagnostic, Source, one_of, render, suggestion
from reasoner.common.files import text_or_none, unwritable, write_atomically
from reasoner.common.limits import DEFAULT_MEMORY_LIMIT, MAX_TIME_LIMIT, MIN_MEMORY_LIMIT
from reasoner.common.resources import DOCTRINES
from reasoner.language.model import Case
from reasoner.language.read import load_case
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, Doctrine, find_doctrine

if TYPE_CHECKING:
    from reasoner.reports.batch import Failure

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RULES, EXIT_INTERNAL = 0, 1, 2, 3, 4

#: How diagnostics are printed: ``text`` for people, ``json`` for editors (set by ``--message-format``).
MESSAGE_FORMAT = "text"

#: Whether warnings stop the command as errors (set by ``--deny-warnings``).
DENY_WARNINGS = False

#: At most this many diagnostics of one error are printed.
MAX_SHOWN = 100

#: A subcommand: what it does with its parsed arguments, returning the exit code.
Handler = Callable[[argparse.Namespace], int]


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Print diagnostics to standard error in the chosen message format."""
    texts: dict[str, str | None] = {}  # each file is read once, however many messages point into it
    for diagnostic in diagnostics[:MAX_SHOWN]:
        if MESSAGE_FORMAT == "json":
            print(diagnostic.as_json(), file=sys.stderr)
            continue
        file = diagnostic.source.file if diagnostic.source else ""
        if file and file not in texts:
            texts[file] = text_or_none(file)
        print(render(diagnostic, texts.get(file)), file=sys.stderr)
    if len(diagnostics) > MAX_SHOWN:
        more = Diagnostic(f"{len(diagnostics) - MAX_SHOWN} more messages not shown", None, severity="note")
        print(more.as_json() if MESSAGE_FORMAT == "json" else render(more), file=sys.stderr)


def report(error: CasusError) -> int:
    """Print an error's diagnostics to standard error; return its exit code, even if standard error is gone."""
    try:
        print_diagnostics(error.diagnostics)
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # casus ... 2>&1 | head: the reader left; the exit code still counts
        pass
    return error.exit_code


def output_path(path: str | None, option: str) -> Path | None:
    """A file named by ``option`` (``--output``, ``--plot``), checked before any work.

    A file that cannot be written is a usage error, found before the work is done.
    """
    if path is None:
        return None
    problem = unwritable(Path(path))
    if problem is not None:
        help = "give a file in a folder you can write to"
        raise CasusError([Diagnostic(f"{option}: {problem}", None, help=help)], EXIT_USAGE)
    return Path(path)


def write_output(path: Path, data: str | bytes) -> None:
    """Write an output file atomically; exit 1 with a clear message if it cannot be written (a full disk)."""
    try:
        write_atomically(path, data)
    except OSError as err:
        where = Source.whole(str(path))
        message = f"cannot write '{path}': {err.strerror or err}"
        raise CasusError([Diagnostic(message, where, help="the file is left as it was")], EXIT_FAILED) from None


def warn(warnings: Sequence[Diagnostic], exit_code: int) -> None:
    """Print warnings; with ``--deny-warnings``, raise them as errors with ``exit_code`` instead."""
    if DENY_WARNINGS and warnings:
        raise CasusError([replace(w, severity="error") for w in warnings], exit_code)
    print_diagnostics(warnings)


def load(path: str) -> Case:
    """Load and check a case, printing its warnings; raise ``CaseError`` on errors."""
    case = load_case(path)
    warn(case.warnings, EXIT_FAILED)
    return case


def doctrine(spec: str, allow_scripts: bool = False, time_limit: float = DEFAULT_TIME_LIMIT) -> Doctrine:
    """The doctrine named on the command line, checked, its warnings printed (errors with ``--deny-warnings``)."""
    found = find_doctrine(spec, allow_scripts, time_limit)
    warn(found.warnings, EXIT_RULES)
    return found


def doctrines(
    specs: Sequence[str] | None, allow_scripts: bool = False, time_limit: float = DEFAULT_TIME_LIMIT
) -> list[Doctrine]:
    """The doctrines named on the command line, or every bundled one."""
    return [doctrine(s, allow_scripts, time_limit) for s in (specs or DOCTRINES)]


def failures(found: Sequence[Failure], output: Callable[[], None]) -> int:
    """Print the failures of many cases (each distinct one once), then the output; return the worst exit code.

    A doctrine that fails the same way on every case (the time limit, say) is reported once.
    """
    for failure in dict.fromkeys(found):
        print_diagnostics(failure.diagnostics)
    output()
    return max([EXIT_OK, *(f.exit_code for f in found)])


#: An argument written as a strongly negated atom (``-owed(France, Greece, 9)``): a query, never options.
_NEGATED_ATOM = re.compile(r"-[a-z][A-Za-z0-9_]*\(.*\)\s*\Z", re.DOTALL)


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors reported in the tool's own layout and exit code 2.

    An argument such as ``-owed(France, Greece, 9)`` is a positional one (a
    query, a target), not the short option ``-o`` with the value ``wed(...)``.
    """

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {_with_suggestion(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)

    def _parse_optional(self, arg_string: str) -> Any:
        if _NEGATED_ATOM.match(arg_string):
            return None
        return super()._parse_optional(arg_string)  # type: ignore[misc]


_INVALID_CHOICE = re.compile(
    r"argument (?P<what>[^:]+): invalid choice: '(?P<word>.*)' \(choose from (?P<choices>.*)\)"
)


def _with_suggestion(message: str) -> str:
    """argparse's ``invalid choice`` message in our words, with the closest choice (``casus chek``)."""
    match = _INVALID_CHOICE.fullmatch(message)
    if match is None:
        return message
    choices = re.findall(r"'([^']*)'", match["choices"])
    word = match["word"]
    if match["what"] == "command":  # too many to list in a line: the help lists them, with what each does
        return f"unknown command '{word}'\n  = help: {suggestion(word, choices)}'casus --help' lists every command"
    what = f"value for {match['what']}"
    return f"unknown {what} '{word}'\n  = help: {suggestion(word, choices)}choose from {one_of(choices)}"


def command(sub: argparse._SubParsersAction, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register a subcommand on the command line's subparsers."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(handler=handler)
    message_format(p, argparse.SUPPRESS)
    limit_options(p, argparse.SUPPRESS)
    return p


def message_format(parser: argparse.ArgumentParser, default: object) -> None:
    """Add ``--message-format``, accepted before the command and after it."""
    parser.add_argument(
        "--message-format",
        choices=["text", "json"],
        default=default,
        help="how errors and warnings are printed: text, or one JSON object per line (default: text)",
    )


def doctrine_option(p: argparse.ArgumentParser, many: bool) -> None:
    """``--doctrine``: one doctrine (default: moderate), or, with ``many``, any number (default: all)."""
    if many:
        p.add_argument(
            "--doctrine",
            "-d",
            action="append",
            metavar="NAME|PATH",
            help="a doctrine to solve under; repeat for more (default: all bundled doctrines)",
        )
    else:
        p.add_argument(
            "--doctrine",
            "-d",
            default="moderate",
            metavar="NAME|PATH",
            help=f"a bundled doctrine ({', '.join(DOCTRINES)}) or a .lp rule file (default: moderate)",
        )


def seconds(text: str) -> float:
    """A time limit as written: a number of seconds above 0 and at most a week (not nan, not inf)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_TIME_LIMIT:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a time limit: give a number of seconds above 0 and at most {MAX_TIME_LIMIT:g} (a week)"
        )
    return value


def positive(text: str) -> int:
    """A whole number above 0, as written on the command line (``--jobs``, ``--max-variants``)."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12 or int(text) == 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number above 0")
    return int(text)


def megabytes(text: str) -> int:
    """A memory limit as written: a whole number of megabytes, at least ``MIN_MEMORY_LIMIT``."""
    if not (text.isascii() and text.isdigit()) or len(text) > 12 or not MIN_MEMORY_LIMIT <= int(text) <= 1 << 30:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a memory limit: give a whole number of megabytes, at least {MIN_MEMORY_LIMIT}"
        )
    return int(text)


def limit_options(parser: argparse.ArgumentParser, default: object) -> None:
    """``--memory-limit`` and ``--deny-warnings``, accepted before the command and after it."""
    parser.add_argument(
        "--memory-limit",
        type=megabytes,
        default=default,
        metavar="MB",
        help=f"give up a solver process that needs more memory than this (default: {DEFAULT_MEMORY_LIMIT})",
    )
    parser.add_argument(
        "--deny-warnings",
        action="store_true",
        default=default,
        help="treat warnings as errors (exit 1 for a case's warnings, 3 for a rule file's)",
    )


def time_limit_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--time-limit``: how long ``what`` may take before it is given up."""
    p.add_argument(
        "--time-limit",
        type=seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"give up {what} after this long (default: {DEFAULT_TIME_LIMIT:g})",
    )


def solving_options(p: argparse.ArgumentParser, formats: Sequence[str] = ("text", "json")) -> None:
    """``--format``, ``--time-limit`` and ``--allow-scripts``, for the commands that solve one case at a time."""
    p.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
    time_limit_option(p, "grounding and solving")
    p.add_argument(
        "--allow-scripts",
        action="store_true",
        help="let a rule file run its embedded #script blocks (refused by default: they can run any code)",
    )
