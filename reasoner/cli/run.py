"""``casus run``: one case under one doctrine, its conclusions as a table or JSON."""

from __future__ import annotations

import argparse

from reasoner.cli import output, shared
from reasoner.cli.shared import EXIT_OK, command, doctrine_option, load, solving_options
from reasoner.solving.engine import analyse


def cmd_run(args: argparse.Namespace) -> int:
    from reasoner.reports.tables import run_json, run_view

    doctrine = shared.doctrine(args.doctrine, args.allow_scripts, args.time_limit)
    result = analyse(load(args.case), [doctrine], args.time_limit)
    if args.format == "json":
        print(run_json(result), end="")
    else:
        output.show(args, *run_view(result))
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "run", cmd_run, "solve a case under one doctrine and show its conclusions")
    p.add_argument("case", metavar="CASE")
    doctrine_option(p, many=False)
    solving_options(p)
    output.options(p)
