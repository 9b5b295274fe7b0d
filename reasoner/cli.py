"""The ``casus`` command: check, run, compare, explain, batch, sweep and format cases.

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

from reasoner import __version__
from reasoner.engine import DEFAULT_TIME_LIMIT, CaseResult, Doctrine, analyse, find_doctrine
from reasoner.errors import CasusError, Diagnostic, render
from reasoner.model import Case
from reasoner.parse import load_case, parse_text, read_case_file
from reasoner.printer import case_text
from reasoner.render import compare_json, compare_text, run_json, run_text, verdict_table
from reasoner.resources import DOCTRINES

if TYPE_CHECKING:
    from reasoner.batch import Failure

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_RULES, EXIT_INTERNAL = 0, 1, 2, 3, 4

#: How diagnostics are printed: ``text`` for people, ``json`` for editors (set by ``--message-format``).
MESSAGE_FORMAT = "text"

#: At most this many diagnostics of one error are printed.
MAX_SHOWN = 100


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


def _doctrines(specs: Sequence[str] | None, allow_scripts: bool = False) -> list[Doctrine]:
    return [find_doctrine(s, allow_scripts) for s in (specs or DOCTRINES)]


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def cmd_check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.cases:
        try:
            case = load(path)
        except CasusError as err:
            worst = max(worst, report(err))
            continue
        counts = ", ".join(
            _count(n, what)
            for n, what in ((len(case.states), "state"), (len(case.alliances), "alliance"), (len(case.events), "event"))
        )
        print(f"{path}: ok ({counts})")
    return worst


def cmd_run(args: argparse.Namespace) -> int:
    doctrine = find_doctrine(args.doctrine, args.allow_scripts)
    result = analyse(load(args.case), [doctrine], args.time_limit)
    print(run_json(result) if args.format == "json" else run_text(result), end="")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    doctrines = _doctrines(args.doctrine, args.allow_scripts)
    results: list[CaseResult] = []
    worst = EXIT_OK
    for path in args.cases:
        try:
            results.append(analyse(load(path), doctrines, args.time_limit))
        except CasusError as err:
            worst = max(worst, report(err))
    if args.format == "json":
        print(compare_json(results), end="")
        return worst
    print("\n".join(compare_text(r) for r in results), end="")
    if len(results) > 1:
        print("\nverdicts across cases:\n" + verdict_table(results), end="")
    return worst


def cmd_fmt(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.cases:
        try:
            text = case_text(parse_text(read_case_file(Path(path)), path))
        except CasusError as err:
            worst = max(worst, report(err))
            continue
        if args.write:
            Path(path).write_text(text, encoding="utf-8")
        else:
            print(text, end="")
    return worst


def cmd_batch(args: argparse.Namespace) -> int:
    from reasoner import batch

    doctrines = _doctrines(args.doctrine)
    paths = batch.case_paths(args.paths)
    advance, close = batch.progress(len(paths))
    try:
        part = batch.batch(paths, doctrines, args.jobs, args.time_limit, advance)
    finally:
        close()
    return _failures(part.errors, lambda: print(batch.FORMATS[args.format](part.rows), end=""))


def cmd_sweep(args: argparse.Namespace) -> int:
    from reasoner import sweep

    result = sweep.sweep(load(args.case), args.vary, _doctrines(args.doctrine), args.time_limit)
    if args.plot is not None:
        sweep.plot(result, Path(args.plot))
        print(f"wrote {args.plot}", file=sys.stderr)
    return _failures(
        result.failures, lambda: print(sweep.FORMATS[args.format](result, args.disagreements_only), end="")
    )


def _failures(failures: Sequence[Failure], output: Callable[[], None]) -> int:
    """Print the failures of many cases (each distinct one once), then the output; return the worst exit code.

    A doctrine that fails the same way on every case (the time limit, say) is reported once.
    """
    for failure in dict.fromkeys(failures):
        print_diagnostics(failure.diagnostics)
    output()
    return max([EXIT_OK, *(f.exit_code for f in failures)])


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors reported in the tool's own layout and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


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


def build_parser(explain: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; with ``explain=False``, ``casus explain`` is only a name (see ``main``)."""
    parser = _Parser(prog="casus", description="A normative reasoner for alliance duties.")
    parser.add_argument("--version", action="version", version=f"casus {__version__}")
    message_format(parser, argparse.SUPPRESS)
    parser.set_defaults(message_format="text")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, handler: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        message_format(p, argparse.SUPPRESS)
        return p

    def solving(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
        time_limit_option(p, "grounding and solving")
        p.add_argument(
            "--allow-scripts",
            action="store_true",
            help="let a rule file run its embedded #script blocks (refused by default: they can run any code)",
        )

    p = command("check", cmd_check, "check that case files are well formed and meaningful")
    p.add_argument("cases", nargs="+", metavar="CASE")

    p = command("run", cmd_run, "solve a case under one doctrine and show its conclusions")
    p.add_argument("case", metavar="CASE")
    doctrine_option(p, many=False)
    solving(p)

    p = command("compare", cmd_compare, "solve cases under several doctrines and show them side by side")
    p.add_argument("cases", nargs="+", metavar="CASE")
    doctrine_option(p, many=True)
    solving(p)

    p = command("fmt", cmd_fmt, "print cases in the canonical form of the case language")
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.add_argument("--write", "-w", action="store_true", help="rewrite the files in place")

    p = command("batch", cmd_batch, "solve many cases under several doctrines: one row per case and doctrine")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or folders searched for *.casus files")
    doctrine_option(p, many=True)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="solve in N processes (default: 1)")
    time_limit_option(p, "solving one case")

    p = command("sweep", cmd_sweep, "solve variants of a case under several doctrines and show where they disagree")
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "--vary",
        "-v",
        action="append",
        required=True,
        metavar="KIND[@LINE].FIELD[=VALUES]",
        help="a field to vary, e.g. signal.level, belief@14.horizon, response.kind=heeded,dismissed, "
        "attack.time=6..9; repeat for more (every combination is solved)",
    )
    doctrine_option(p, many=True)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    p.add_argument("--plot", metavar="FILE.png", help="also draw the variants as a grid (needs matplotlib)")
    p.add_argument("--disagreements-only", action="store_true", help="list only the variants where the verdicts differ")
    time_limit_option(p, "solving one variant")
    if explain:
        from reasoner.explain_cli import add_explain_command

        add_explain_command(sub)
    else:
        sub.add_parser("explain")
    return parser


def _needs_explain(argv: Sequence[str]) -> bool:
    """Whether a command line may need the real ``casus explain`` parser: it names it, or asks for help.

    Other commands are parsed without it, so that they do not import the explanation modules.
    """
    return any(a == "explain" or a.startswith(("-h", "--h")) for a in argv)


def message_format(parser: argparse.ArgumentParser, default: object) -> None:
    """Add ``--message-format``, accepted before the command and after it."""
    parser.add_argument(
        "--message-format",
        choices=["text", "json"],
        default=default,
        help="how errors and warnings are printed: text, or one JSON object per line (default: text)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. No input ends in a traceback."""
    global MESSAGE_FORMAT
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_needs_explain(argv)).parse_args(argv)
    MESSAGE_FORMAT = args.message_format
    try:
        return int(args.handler(args))
    except CasusError as err:
        return report(err)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # the reader of our output went away (casus ... | head)
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
