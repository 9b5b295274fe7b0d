"""``casus new``: write a commented skeleton case to start from."""

from __future__ import annotations

import argparse
from pathlib import Path

from reasoner.cli.shared import EXIT_OK, command, write_output
from reasoner.common.errors import CasusError, Diagnostic

SKELETON = """\
# {title}: what happened, and what the paper (or you) would conclude.
# Each line is one statement; '#' starts a comment. See docs/language.md.
case "{title}"

# The states of the case (names start with a capital letter).
state AllyX, AllyY, Rival

# The alliance: its kind, its members, and its terms (all clauses are optional).
alliance Pact: bilateral defence pact between AllyX, AllyY
  against any state
  covering anywhere
  in force from 1
end

# The timeline: 'at T:' with a step number or a date (YYYY-MM-DD), then what happened.
at 2: AllyY pursues risky policy towards Rival
at 3: AllyX believes AllyY will entrap it: likelihood high, horizon imminent, evidence objective, faith good
at 4: AllyX warns AllyY: level head-of-state, channel direct, clarity clear
at 5: AllyY responds to AllyX: dismissed
at 6: Rival attacks AllyY
at 7: AllyX refrains from defending AllyY

# What each doctrine should conclude; 'casus test' checks it, and
# 'casus test --update' writes the rest (see docs/language.md#expectations).
expect idealist: AllyX -> AllyY at 7: breach blameworthy
expect hobbesian: AllyX -> AllyY at 7: breach justified (discretion)
expect moderate: AllyX -> AllyY at 7: breach justified (entrapment)
"""


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.case)
    if path.exists() and not args.force:
        raise CasusError([Diagnostic(f"'{path}' already exists", None, help="give --force to replace it")])
    title = args.title or path.stem.replace("_", " ").capitalize()
    write_output(path, SKELETON.format(title=title.replace('"', "'")))
    print(f"wrote {path}: edit it, then 'casus check {path}' and 'casus test {path}'")
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "new", cmd_new, "write a commented skeleton case to start from")
    p.add_argument("case", metavar="CASE", help="the file to write, e.g. my_case.casus")
    p.add_argument("--title", help="the case's title (default: from the file name)")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
