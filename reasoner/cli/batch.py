"""``casus batch``: many cases under several doctrines, one row per case and doctrine."""

from __future__ import annotations

import argparse

from reasoner.cli import output
from reasoner.cli.shared import command, doctrine_option, doctrines, failures, time_limit_option


def cmd_batch(args: argparse.Namespace) -> int:
    from reasoner.reports import batch

    chosen = doctrines(args.doctrine, time_limit=args.time_limit)
    paths = batch.case_paths(args.paths)
    advance, close = batch.progress(len(paths))
    try:
        part = batch.batch(paths, chosen, args.jobs, args.time_limit, advance)
    finally:
        close()
    if args.format == "table":
        return failures(part.errors, lambda: output.show(args, batch.batch_grid(part.rows)))
    return failures(part.errors, lambda: print(batch.FORMATS[args.format](part.rows), end=""))


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "batch", cmd_batch, "solve many cases under several doctrines: one row per case and doctrine")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or folders searched for *.casus files")
    doctrine_option(p, many=True)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="solve in N processes (default: 1)")
    time_limit_option(p, "solving one case")
    output.options(p)
