"""Sweeps past one machine: a sweep partitioned over a Dask cluster (the optional extra ``distributed``).

The first ``fixed`` axes of the sweep are fixed in each partition: every
combination of their values is one partition, the case with those values
applied, swept over the remaining axes on a worker exactly as ``casus
sweep`` sweeps on one machine (in one grounding, ``sweep_grounding``). The
partitions' rows are put back in the order of the product of all the axes'
values, so the result equals the single-machine sweep (tested on a local
cluster). Install with ``pip install 'casus-reasoner[distributed]'``. The
workers must be allowed to start processes (Dask's configuration
``distributed.worker.daemon: false``), since each solve runs in a child
process that the time limit can stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reasoner.common.errors import CasusError, Diagnostic
from reasoner.common.limits import MAX_VARIANTS
from reasoner.language.model import Case
from reasoner.reports.batch import Failure
from reasoner.reports.sweep import (
    Sweep,
    VariantRow,
    count_variants,
    parse_axis,
    sweep,
    too_many_variants,
    variants,
)
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, Doctrine


def partitions(case: Case, specs: Sequence[str], fixed: int) -> list[tuple[tuple[str, ...], Case]]:
    """Each combination of the first ``fixed`` axes' values, with the case it gives."""
    return variants(case, [parse_axis(s, case) for s in specs[:fixed]])


def sweep_partition(
    case: Case, specs: Sequence[str], doctrines: Sequence[Doctrine], time_limit: float, max_variants: int
) -> tuple[tuple[VariantRow, ...], tuple[Failure, ...]]:
    """One partition's rows and failures, swept on a worker."""
    done = sweep(case, specs, doctrines, time_limit, max_variants)
    return done.rows, done.failures


def sweep_on_cluster(
    case: Case,
    specs: Sequence[str],
    doctrines: Sequence[Doctrine],
    client: Any,
    fixed: int = 1,
    time_limit: float = DEFAULT_TIME_LIMIT,
    max_variants: int = MAX_VARIANTS,
) -> Sweep:
    """The sweep of ``case`` over ``specs``, its partitions solved on the Dask ``client``'s workers.

    As on one machine, a sweep of more than ``max_variants`` variants is refused before any is solved.
    """
    if not 1 <= fixed < len(specs):
        raise CasusError(
            [
                Diagnostic(
                    f"a partitioned sweep fixes 1 to {len(specs) - 1} of its {len(specs)} axes, not {fixed}", None
                )
            ],
            exit_code=2,
        )
    axes = tuple(parse_axis(s, case, max_variants) for s in specs)
    if count_variants(axes) > max_variants:
        raise too_many_variants(count_variants(axes), max_variants)
    parts = partitions(case, specs, fixed)
    futures = [
        client.submit(sweep_partition, part, specs[fixed:], doctrines, time_limit, max_variants, pure=False)
        for _, part in parts
    ]
    rows: list[VariantRow] = []
    failures: list[Failure] = []
    for (values, _), (part_rows, part_failures) in zip(parts, client.gather(futures), strict=True):
        rows.extend(VariantRow((*values, *r.values), r.verdicts, r.differing, r.error) for r in part_rows)
        failures.extend(part_failures)
    return Sweep(case, axes, tuple(d.name for d in doctrines), tuple(rows), tuple(failures))


def on_cluster(
    case: Case,
    specs: Sequence[str],
    doctrines: Sequence[Doctrine],
    address: str,
    fixed: int,
    time_limit: float,
    max_variants: int = MAX_VARIANTS,
) -> Sweep:
    """The partitioned sweep on the scheduler at ``address``, or on a local cluster for ``local``."""
    try:
        import dask
        import distributed
    except ImportError:
        raise CasusError(
            [
                Diagnostic(
                    "a sweep on a cluster needs Dask distributed, which is not installed",
                    None,
                    help="install it with: pip install 'casus-reasoner[distributed]'",
                )
            ]
        ) from None
    with dask.config.set({"distributed.worker.daemon": False}):
        if address == "local":
            with (
                distributed.LocalCluster(processes=True, dashboard_address=None) as cluster,
                distributed.Client(cluster) as client,
            ):
                return sweep_on_cluster(case, specs, doctrines, client, fixed, time_limit, max_variants)
        with distributed.Client(address) as client:
            return sweep_on_cluster(case, specs, doctrines, client, fixed, time_limit, max_variants)
