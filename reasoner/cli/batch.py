"""``casus batch``: many cases under several doctrines, one row per case and doctrine.

Rows are written as each group of cases is done (CSV and JSON), so that a
batch stopped with Ctrl-C leaves every finished row on standard output, in a
document that is still well formed. ``--jobs`` is capped at the number of
cores unless ``--force-jobs`` is given.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from reasoner.cli import output
from reasoner.cli.shared import (
    EXIT_OK,
    command,
    doctrine_option,
    doctrines,
    positive,
    print_diagnostics,
    time_limit_option,
)

#: The most processes ``--jobs`` may start even with ``--force-jobs``.
MAX_JOBS = 64


def jobs(asked: int, forced: bool) -> int:
    """The processes to start: as asked, but at most the number of cores unless forced (and never more than 64)."""
    cores = os.cpu_count() or 1
    if asked <= cores or (forced and asked <= MAX_JOBS):
        return asked
    chosen = min(cores, asked) if not forced else MAX_JOBS
    why = f"the number of cores (pass --force-jobs to use up to {MAX_JOBS})" if not forced else "the most allowed"
    print(f"note: --jobs {asked} lowered to {chosen}, {why}", file=sys.stderr)
    return chosen


def cmd_batch(args: argparse.Namespace) -> int:
    from reasoner.reports import batch

    chosen = doctrines(args.doctrine, time_limit=args.time_limit)
    paths = batch.case_paths(args.paths)
    processes = jobs(args.jobs, args.force_jobs)
    advance, close = batch.progress(len(paths))
    writer = batch.Writer(args.format, sys.stdout)
    worst, reported = EXIT_OK, set()
    try:
        with contextlib.closing(batch.parts(paths, chosen, processes, args.time_limit, advance)) as found:
            for part in found:
                writer.write(part.rows)
                new = [f for f in dict.fromkeys(part.errors) if f not in reported]
                reported.update(new)
                for failure in new:  # a doctrine that fails the same way on every case is reported once
                    print_diagnostics(failure.diagnostics)
                worst = max([worst, *(f.exit_code for f in part.errors)])
    finally:
        close()
        writer.close()
        if args.format == "table":
            output.show(args, batch.batch_grid(writer.rows))
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "batch", cmd_batch, "solve many cases under several doctrines: one row per case and doctrine")
    p.add_argument("paths", nargs="+", metavar="PATH", help="case files, or folders searched for *.casus files")
    doctrine_option(p, many=True)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default: table)")
    each = "solve in N processes (default: 1; at most one per core)"
    p.add_argument("--jobs", "-j", type=positive, default=1, metavar="N", help=each)
    more = f"allow --jobs above the number of cores (up to {MAX_JOBS})"
    p.add_argument("--force-jobs", action="store_true", help=more)
    time_limit_option(p, "solving one case")
    output.options(p)
