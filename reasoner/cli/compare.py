"""``casus compare``: cases under several doctrines, side by side, with the verdict on every breach."""

from __future__ import annotations

import argparse

from reasoner.cli.shared import EXIT_OK, command, doctrine_option, doctrines, load, report, solving_options
from reasoner.common.errors import CasusError
from reasoner.reports.tables import compare_json, compare_text, verdict_table
from reasoner.solving.engine import CaseResult, analyse


def cmd_compare(args: argparse.Namespace) -> int:
    chosen = doctrines(args.doctrine, args.allow_scripts)
    results: list[CaseResult] = []
    worst = EXIT_OK
    for path in args.cases:
        try:
            results.append(analyse(load(path), chosen, args.time_limit))
        except CasusError as err:
            worst = max(worst, report(err))
    if args.format == "json":
        print(compare_json(results), end="")
        return worst
    print("\n".join(compare_text(r) for r in results), end="")
    if len(results) > 1:
        print("\nverdicts across cases:\n" + verdict_table(results), end="")
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "compare", cmd_compare, "solve cases under several doctrines and show them side by side")
    p.add_argument("cases", nargs="+", metavar="CASE")
    doctrine_option(p, many=True)
    solving_options(p)
