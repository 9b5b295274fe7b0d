"""``casus whatif``: the fewest edits to a case that make a conclusion come out otherwise."""

from __future__ import annotations

import argparse

from reasoner.cli.shared import command, doctrine_option, load, print_diagnostics, time_limit_option
from reasoner.common.errors import CasusError, Diagnostic

#: The exit code when no set of edits (within --max-edits) flips the target.
EXIT_NOT_FOUND = 1


def whole_number(text: str) -> int:
    """A command-line number of edits, answers, states or steps."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number")
    return int(text)


def edit_options(p: argparse.ArgumentParser) -> None:
    """``--max-edits``, ``--top`` and ``--keep``: how far the edits may go and how many answers are shown."""
    p.add_argument("--max-edits", type=whole_number, metavar="N", help="look for at most N edits (default: no limit)")
    p.add_argument(
        "--top", type=whole_number, default=5, metavar="K", help="show up to K answers of the fewest edits (default: 5)"
    )
    p.add_argument(
        "--keep",
        action="append",
        metavar="LINE|KIND",
        help="leave a statement (by line number) or a kind of statement as written: signal, belief, threat, "
        "response, policy, action, attack, ceasefire, pact; repeat or separate with commas",
    )


def search_options(p: argparse.ArgumentParser) -> None:
    """``--format``, ``--time-limit`` and ``--allow-scripts``, for the commands that search over cases."""
    p.add_argument("--format", choices=["text", "json", "html"], default="text", help="output format (default: text)")
    time_limit_option(p, "the search")
    p.add_argument(
        "--allow-scripts",
        action="store_true",
        help="let a rule file run its embedded #script blocks (refused by default: they can run any code)",
    )


def cmd_whatif(args: argparse.Namespace) -> int:
    from reasoner.api import whatif_target
    from reasoner.reports import whatif
    from reasoner.reports.edit_space import keep_warnings, parse_keep
    from reasoner.solving.engine import find_doctrine

    if args.top < 1:
        raise CasusError([Diagnostic("--top needs at least one answer", None, help="e.g. --top 3")], exit_code=2)
    case = load(args.case)
    keep = parse_keep(args.keep or [])
    print_diagnostics(keep_warnings(case, keep))
    doctrine = find_doctrine(args.doctrine, args.allow_scripts)
    found = whatif.whatif(
        case,
        doctrine,
        whatif_target(args.target, case, doctrine),
        top=args.top,
        max_edits=args.max_edits,
        keep=keep,
        time_limit=args.time_limit,
    )
    if args.format == "html":
        from reasoner.reports.whatif_html import whatif_html

        print(whatif_html(found), end="")
    else:
        print(whatif.FORMATS[args.format](found), end="")
    return 0 if found.size is not None else EXIT_NOT_FOUND


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    help_text = "find the fewest edits to a case that make a conclusion come out otherwise"
    p = command(sub, "whatif", cmd_whatif, help_text)
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "target",
        metavar="TARGET",
        help="a conclusion as 'casus explain' queries write it, e.g. 'blameworthy(France, Greece, 9)'; "
        "if it holds the edits make it fail, if not they make it hold ('_' stands for any value)",
    )
    doctrine_option(p, many=False)
    edit_options(p)
    search_options(p)
