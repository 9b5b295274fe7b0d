"""``casus fmt``: put case files in canonical form, keeping every comment and blank-line group.

Without an option the formatted text is printed; ``--write`` replaces each
file that changes (atomically: an interrupted run leaves it as it was),
``--check`` only says which files would change (exit 1 if any), and
``--diff`` prints what would change as a unified diff.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from reasoner.cli.shared import EXIT_FAILED, EXIT_OK, command, report, write_output
from reasoner.common.errors import CasusError
from reasoner.language.layout import format_text
from reasoner.language.read import read_case_file


def cmd_fmt(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for name in args.cases:
        path = Path(name)
        try:
            text = read_case_file(path)
            formatted = format_text(text, name)
            if args.write and formatted != text:
                write_output(path, formatted)
        except CasusError as err:
            worst = max(worst, report(err))
            continue
        changed = formatted != text
        if args.diff and changed:
            before = (text if text.endswith("\n") else text + "\n").splitlines(keepends=True)
            after = formatted.splitlines(keepends=True)
            sys.stdout.writelines(difflib.unified_diff(before, after, name, f"{name} (formatted)"))
        if args.check and changed:
            print(f"{name}: would be reformatted", file=sys.stderr)
            worst = max(worst, EXIT_FAILED)
        if not (args.write or args.check or args.diff):
            print(formatted, end="")
    return worst


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "fmt", cmd_fmt, "put cases in canonical form, keeping every comment")
    p.add_argument("cases", nargs="+", metavar="CASE")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", "-w", action="store_true", help="rewrite the files that change, atomically")
    mode.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change")
    p.add_argument("--diff", action="store_true", help="print what would change as a unified diff")
