"""``casus compare``: cases under several doctrines: the verdict on every breach, then (on request) every time point."""

from __future__ import annotations

import argparse

from reasoner.cli import output
from reasoner.cli.shared import EXIT_OK, command, doctrine_option, doctrines, load, report, solving_options
from reasoner.common.errors import CasusError
from reasoner.common.resources import BUNDLED_NAMES
from reasoner.solving.engine import CaseResult, analyse


def cmd_compare(args: argparse.Namespace) -> int:
    from reasoner.reports.latex import compare_latex
    from reasoner.reports.tables import compare_json, compare_view

    named = [*BUNDLED_NAMES, *(args.doctrine or ())] if args.all else args.doctrine
    chosen = doctrines(named, args.allow_scripts, args.time_limit)
    results: list[CaseResult] = []
    worst = EXIT_OK
    for path in args.cases:
        try:
            results.append(analyse(load(path), chosen, args.time_limit))
        except CasusError as err:
            worst = max(worst, report(err))
    if args.format == "json":
        print(compare_json(results), end="")
    elif args.format == "latex":
        print(compare_latex(results, args.timeline), end="")
    elif results:
        output.show(args, *compare_view(results, args.timeline))
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "compare", cmd_compare, "solve cases under several doctrines and show them side by side")
    p.add_argument("cases", nargs="+", metavar="CASE")
    doctrine_option(p, many=True)
    p.add_argument(
        "--all", action="store_true", help="every bundled doctrine (casus doctrines lists them), then any -d"
    )
    p.add_argument(
        "--timeline",
        action="store_true",
        help="after the verdicts, every pair at every time point, with each doctrine's status",
    )
    solving_options(p, ("text", "json", "latex"))
    output.options(p)
