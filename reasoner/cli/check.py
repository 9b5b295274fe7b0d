"""``casus check``: read cases and say whether they are well formed and meaningful; check doctrines.

``casus check -d FILE`` checks a rule file against the vocabulary contract
without any case: it must parse, keep the contract, have no unsafe rules, and
its warnings (a condition no rule concludes) are printed.
"""

from __future__ import annotations

import argparse

from reasoner.cli.shared import EXIT_OK, EXIT_USAGE, command, doctrine, load, report, time_limit_option
from reasoner.common.errors import CasusError, Diagnostic, visible


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def _check_doctrine(spec: str, args: argparse.Namespace) -> int:
    found = doctrine(spec, args.allow_scripts, args.time_limit)
    warnings = f", {_count(len(found.warnings), 'warning')}" if found.warnings else ""
    print(f"{visible(spec)}: ok (keeps the contract{warnings})")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    if not args.cases and not args.doctrine:
        raise CasusError(
            [Diagnostic("nothing to check", None, help="give case files, or a rule file with -d FILE")], EXIT_USAGE
        )
    worst = EXIT_OK
    for spec in args.doctrine or ():
        try:
            worst = max(worst, _check_doctrine(spec, args))
        except CasusError as err:
            worst = max(worst, report(err))
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
    p = command(sub, "check", cmd_check, "check that case files are well formed and meaningful, and rule files too")
    p.add_argument("cases", nargs="*", metavar="CASE")
    p.add_argument(
        "--doctrine",
        "-d",
        action="append",
        metavar="NAME|PATH",
        help="also check a rule file against the vocabulary contract (no case needed); repeat for more",
    )
    p.add_argument(
        "--allow-scripts", action="store_true", help="accept a rule file's embedded #script blocks (refused by default)"
    )
    time_limit_option(p, "checking a rule file")
