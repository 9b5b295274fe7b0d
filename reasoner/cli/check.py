"""``casus check``: read cases and say whether they are well formed and meaningful."""

from __future__ import annotations

import argparse

from reasoner.cli.shared import EXIT_OK, command, load, report
from reasoner.common.errors import CasusError, visible


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
        print(f"{visible(path)}: ok ({counts})")
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "check", cmd_check, "check that case files are well formed and meaningful")
    p.add_argument("cases", nargs="+", metavar="CASE")
