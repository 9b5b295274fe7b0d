"""The ``casus`` command: the parser of the command line, and the one place errors become exit codes.

Each subcommand is a module of this package (``check``, ``run``, ``compare``,
``fmt``, ``batch``, ``sweep``, ``doctrines``, ``explain``) with its handler and an ``add``
that registers it; see ``shared`` for the exit codes. Only the module of the
command named is imported (the others are names in the parser), so that a
command does not pay for the imports of all the others; help imports them all.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Sequence

from reasoner import __version__
from reasoner.cli import shared
from reasoner.cli.shared import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, Parser, limit_options, message_format, report
from reasoner.common import limits
from reasoner.common.errors import CasusError, Diagnostic

#: The subcommands, each a module of this package, in the order help lists them.
COMMANDS = (
    "check",
    "run",
    "compare",
    "fmt",
    "test",
    "facts",
    "examples",
    "new",
    "batch",
    "sweep",
    "whatif",
    "disagree",
    "doctrines",
    "serve",
    "explain",
)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``command``, only that subcommand is built, the others are only names."""
    parser = Parser(prog="casus", description="A normative reasoner for alliance duties.")
    parser.add_argument("--version", action="version", version=f"casus {__version__}")
    message_format(parser, argparse.SUPPRESS)
    limit_options(parser, argparse.SUPPRESS)
    parser.set_defaults(message_format="text", memory_limit=None, deny_warnings=False)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name in COMMANDS:
        if command is None or name == command:
            importlib.import_module(f"reasoner.cli.{name}").add(sub)
        else:
            sub.add_parser(name)
    return parser


def named_command(argv: Sequence[str]) -> str | None:
    """The subcommand a command line names (the first word that is one), or ``None`` where all are needed (help)."""
    if any(a.startswith(("-h", "--h")) for a in argv):
        return None
    return next((a for a in argv if a in COMMANDS), None)


def _quiet_stdout() -> None:
    """Point standard output at nothing, so that flushing it at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _interrupted(message: str, code: int) -> int:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        print(f"error: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. No input ends in a traceback."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(named_command(argv)).parse_args(argv)
    shared.MESSAGE_FORMAT = args.message_format
    shared.DENY_WARNINGS = args.deny_warnings
    limits.configure(args.memory_limit or limits.DEFAULT_MEMORY_LIMIT)
    limits.stop_on_signals()
    try:
        return int(args.handler(args))
    except CasusError as err:
        return report(err)
    except KeyboardInterrupt:
        return _interrupted("interrupted", EXIT_FAILED)
    except limits.Stopped as stop:
        return _interrupted(f"stopped by {signal.Signals(stop.number).name}", 128 + stop.number)
    except BrokenPipeError:  # the reader of our output went away (casus ... | head)
        _quiet_stdout()
        return EXIT_OK
    except RecursionError:
        return report(CasusError([Diagnostic("the input is nested too deeply to read", None)], EXIT_FAILED))
    except Exception as err:  # a bug: say so plainly, never with a traceback
        bug = Diagnostic(
            f"internal error: {type(err).__name__}: {err}",
            None,
            help="this is a bug in casus, not in your input; please report it with the command and files you used",
        )
        return report(CasusError([bug], EXIT_INTERNAL))
