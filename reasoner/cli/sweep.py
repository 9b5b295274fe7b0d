"""``casus sweep``: variants of a case under several doctrines, and where they disagree."""

from __future__ import annotations

import argparse
import sys

from reasoner.cli import shared
from reasoner.cli.shared import command, doctrine_option, doctrines, failures, load, positive, time_limit_option
from reasoner.common.errors import CasusError, Diagnostic
from reasoner.common.limits import MAX_VARIANTS

#: The pictures ``--plot`` draws, by the file's suffix.
PLOT_KINDS = (".png", ".svg", ".pdf")


def cmd_sweep(args: argparse.Namespace) -> int:
    from reasoner.reports import sweep

    plot = shared.output_path(args.plot, "--plot")
    if plot is not None and plot.suffix.lower() not in PLOT_KINDS:
        help = "name the picture FILE.png, FILE.svg or FILE.pdf"
        raise CasusError(
            [Diagnostic(f"--plot: cannot draw a '{plot.suffix}' file", None, help=help)], shared.EXIT_USAGE
        )
    chosen = doctrines(args.doctrine, time_limit=args.time_limit)
    if args.cluster is None:
        result = sweep.sweep(load(args.case), args.vary, chosen, args.time_limit, args.max_variants)
    else:
        from reasoner.reports.sweep_dask import on_cluster

        result = on_cluster(
            load(args.case), args.vary, chosen, args.cluster, args.fixed, args.time_limit, args.max_variants
        )
    if plot is not None:
        shared.write_output(plot, sweep.plot(result, plot.suffix.lower().lstrip(".")))
        print(f"wrote {args.plot}", file=sys.stderr)
    return failures(result.failures, lambda: print(sweep.FORMATS[args.format](result, args.disagreements_only), end=""))


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    help_text = "solve variants of a case under several doctrines and show where they disagree"
    p = command(sub, "sweep", cmd_sweep, help_text)
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
    p.add_argument(
        "--cluster",
        metavar="ADDRESS|local",
        help="solve partitions of the sweep on a Dask cluster: a scheduler's address, or 'local' for a cluster "
        "on this machine (needs: pip install 'casus-reasoner[distributed]')",
    )
    p.add_argument(
        "--fixed",
        type=int,
        default=1,
        metavar="N",
        help="with --cluster: each partition fixes the first N --vary (default: 1)",
    )
    p.add_argument(
        "--max-variants",
        type=positive,
        default=MAX_VARIANTS,
        metavar="N",
        help=f"solve at most N variants; a sweep with more is refused (default: {MAX_VARIANTS:,})",
    )
