"""``casus test``: check the expectations written in case files against what the doctrines conclude."""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from pathlib import Path

from reasoner.cli.shared import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    command,
    print_diagnostics,
    time_limit_option,
    write_output,
)
from reasoner.common.errors import CasusError, Diagnostic
from reasoner.language.read import load_case, read_case_file
from reasoner.reports.expectations import outcomes, solve_expected, updated_text
from reasoner.reports.outcomes import CaseRun, tests_json, tests_junit, tests_text


def case_files(paths: Sequence[str]) -> Iterator[tuple[Path, bool]]:
    """Each case file to test, and whether it was named itself (not found in a folder)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from ((p, False) for p in sorted(path.rglob("*.casus")))
        else:
            yield path, True


def run_case(path: Path, named: bool, args: argparse.Namespace) -> CaseRun | None:
    """Test one case file (and with ``--update`` rewrite it); ``None`` for a file of a folder with no expectations."""
    try:
        case = load_case(path)
        print_diagnostics(case.warnings)
        if not case.expectations and not (named and args.update):
            return CaseRun(str(path), case.title) if named else None
        actual = solve_expected(case, args.time_limit, args.allow_scripts, every=not case.expectations)
        found = outcomes(actual)
        if args.update and (not found or any(not o.passed for o in found)):
            write_output(path, updated_text(read_case_file(path), actual, found))
            found = outcomes(solve_expected(load_case(path), args.time_limit, args.allow_scripts))
        return CaseRun(str(path), case.title, found)
    except CasusError as err:
        print_diagnostics(err.diagnostics)
        errors = err.diagnostics or [Diagnostic("the case could not be run", None)]
        return CaseRun(str(path), None, errors=errors, exit_code=err.exit_code)


def cmd_test(args: argparse.Namespace) -> int:
    runs: list[CaseRun] = []
    for path, named in case_files(args.paths):
        run = run_case(path, named, args)
        if run is not None:
            runs.append(run)
    if not runs:
        print_diagnostics([Diagnostic("no case file with expectations was found", None)])
        return EXIT_USAGE
    render = {"text": tests_text, "json": tests_json, "junit": tests_junit}[args.format]
    print(render(runs), end="")
    failed = EXIT_FAILED if any(r.failed for r in runs) else EXIT_OK
    return max([failed, *(r.exit_code for r in runs)])


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "test", cmd_test, "check the expectations written in case files")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or folders to search for them")
    p.add_argument(
        "--update",
        action="store_true",
        help="rewrite the expectations that fail from the actual results (a named case with none gets a full set)",
    )
    p.add_argument("--format", choices=["text", "json", "junit"], default="text", help="output (default: text)")
    time_limit_option(p, "grounding and solving one case")
    p.add_argument("--allow-scripts", action="store_true", help="let rule files run embedded #script blocks")
