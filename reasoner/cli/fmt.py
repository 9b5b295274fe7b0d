"""``casus fmt``: print cases in the canonical form of the case language."""

from __future__ import annotations

import argparse
from pathlib import Path

from reasoner.cli.shared import EXIT_OK, command, report
from reasoner.common.errors import CasusError
from reasoner.language.printer import case_text
from reasoner.language.read import parse_text, read_case_file


def cmd_fmt(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for path in args.cases:
        try:
            text = case_text(parse_text(read_case_file(Path(path)), path))
        except CasusError as err:
            worst = max(worst, report(err))
            continue
        if args.write:
            Path(path).write_text(text, encoding="utf-8")
        else:
            print(text, end="")
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "fmt", cmd_fmt, "print cases in the canonical form of the case language")
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.add_argument("--write", "-w", action="store_true", help="rewrite the files in place")
