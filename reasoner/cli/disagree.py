"""``casus disagree``: the smallest case on which two doctrines' verdicts differ, or the fewest edits to one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reasoner.cli.shared import command, load, print_diagnostics
from reasoner.cli.whatif import EXIT_NOT_FOUND, edit_options, search_options, whole_number

if TYPE_CHECKING:
    from reasoner.reports.disagree import Smallest


def _bounded(low: int, high: int) -> object:
    def parse(text: str) -> int:
        value = whole_number(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give a number from {low} to {high}, not {text}")
        return value

    return parse


def _smallest_output(found: Smallest, args: argparse.Namespace) -> str:
    """The smallest case in the format asked for; the page (and the text with ``--explain``) with the contrast."""
    from reasoner import api
    from reasoner.reports import disagree

    if args.format == "json":
        return disagree.smallest_json(found)
    contrast = None
    if found.case is not None and (args.explain or args.format == "html"):
        a, b = found.doctrines
        contrast = api.contrast(found.case, a, b, time_limit=args.time_limit)
    if args.format == "html":
        from reasoner.reports.whatif_html import smallest_html

        return smallest_html(found, contrast.fragment() if contrast is not None else "")
    text = disagree.smallest_text(found)
    if contrast is not None:
        text += "\n" + "".join(f"# {line}".rstrip() + "\n" for line in contrast.text().splitlines())
    return text


def cmd_disagree(args: argparse.Namespace) -> int:
    from reasoner.reports import disagree
    from reasoner.reports.edit_space import keep_warnings, parse_keep
    from reasoner.solving.engine import find_doctrine

    a, b = (find_doctrine(name, args.allow_scripts) for name in args.doctrines)
    print_diagnostics(disagree.explain_warnings(args.explain, args.near is not None, args.format))
    if args.near is None:
        if args.keep or args.max_edits is not None:
            print_diagnostics(disagree.near_only_warnings(args.keep, args.max_edits))
        found = disagree.smallest(a, b, disagree.Bounds(args.states, args.steps), args.time_limit)
        print(_smallest_output(found, args), end="")
        return 0 if found.case is not None else EXIT_NOT_FOUND
    case = load(args.near)
    keep = parse_keep(args.keep or [])
    print_diagnostics(keep_warnings(case, keep))
    near = disagree.near(case, a, b, top=args.top, max_edits=args.max_edits, keep=keep, time_limit=args.time_limit)
    if args.format == "html":
        from reasoner.reports.whatif_html import near_html

        print(near_html(near), end="")
    else:
        print(disagree.near_text(near) if args.format == "text" else disagree.near_json(near), end="")
    return 0 if near.size is not None else EXIT_NOT_FOUND


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    help_text = "find the smallest case on which two doctrines reach different verdicts"
    p = command(sub, "disagree", cmd_disagree, help_text)
    p.add_argument("doctrines", nargs=2, metavar="DOCTRINE", help="two bundled doctrines or .lp rule files")
    p.add_argument(
        "--states",
        type=_bounded(2, 5),
        default=3,
        metavar="N",
        help="states A, B, ... to build from (2 to 5, default: 3)",
    )
    p.add_argument(
        "--steps", type=_bounded(1, 6), default=3, metavar="N", help="steps of the timeline (1 to 6, default: 3)"
    )
    p.add_argument("--explain", action="store_true", help="add both doctrines' explanations, side by side, as comments")
    p.add_argument(
        "--near", metavar="CASE", help="instead, the fewest edits to CASE that make the doctrines disagree (or agree)"
    )
    edit_options(p)
    search_options(p)
