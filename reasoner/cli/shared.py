"""What every subcommand shares: exit codes, printing diagnostics, loading a case, common options.

Exit codes: 0 ok; 1 a case is malformed or a check failed; 2 the command was
used wrongly; 3 a rule file is broken or the solver failed; 4 an internal
error (a bug in casus). Diagnostics go to standard error, as text or, with
``--message-format json``, one JSON object per line (see docs/errors.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reasoner.common.errors import CasusError, Diagnostic, render
from reasoner.common.resources import DOCTRINES
from reasoner.language.model import Case
from reasoner.language.read import load_case
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, Doctrine, find_doctrine

if TYPE_CHECKING:
    from reasoner.reports.batch import Failure

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RULES, EXIT_INTERNAL = 0, 1, 2, 3, 4

#: How diagnostics are printed: ``text`` for people, ``json`` for editors (set by ``--message-format``).
MESSAGE_FORMAT = "text"

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
            try:
                texts[file] = Path(file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                texts[file] = None
        print(render(diagnostic, texts.get(file)), file=sys.stderr)
    if len(diagnostics) > MAX_SHOWN:
        more = Diagnostic(f"{len(diagnostics) - MAX_SHOWN} more messages not shown", None, severity="note")
        print(more.as_json() if MESSAGE_FORMAT == "json" else render(more), file=sys.stderr)


def report(error: CasusError) -> int:
    """Print an error's diagnostics to standard error; return its exit code."""
    print_diagnostics(error.diagnostics)
    return error.exit_code


def load(path: str) -> Case:
    """Load and check a case, printing its warnings; raise ``CaseError`` on errors."""
    case = load_case(path)
    print_diagnostics(case.warnings)
    return case


def doctrines(specs: Sequence[str] | None, allow_scripts: bool = False) -> list[Doctrine]:
    """The doctrines named on the command line, or every bundled one."""
    return [find_doctrine(s, allow_scripts) for s in (specs or DOCTRINES)]


def failures(found: Sequence[Failure], output: Callable[[], None]) -> int:
    """Print the failures of many cases (each distinct one once), then the output; return the worst exit code.

    A doctrine that fails the same way on every case (the time limit, say) is reported once.
    """
    for failure in dict.fromkeys(found):
        print_diagnostics(failure.diagnostics)
    output()
    return max([EXIT_OK, *(f.exit_code for f in found)])


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors reported in the tool's own layout and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def command(sub: argparse._SubParsersAction, name: str, handler: Handler, help: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register a subcommand on the command line's subparsers."""
    p = sub.add_parser(name, help=help, description=help)
    p.set_defaults(handler=handler)
    message_format(p, argparse.SUPPRESS)
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


def time_limit_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--time-limit``: how long ``what`` may take before it is given up."""
    p.add_argument(
        "--time-limit",
        type=float,
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
