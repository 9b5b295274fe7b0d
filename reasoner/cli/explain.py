"""The ``casus explain`` subcommand: why, why not, and contrast, in every format.

casus explain CASE [-d DOCTRINE] [QUERY]
casus explain CASE --owes X --to Y --at T
casus explain CASE --contrast A B
... [--format text|markdown|json|html|latex|dot|svg|png] [-o FILE] [--full] [--depth N] [--every-step]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reasoner import api
from reasoner.cli import shared
from reasoner.cli.shared import doctrine_option, load, time_limit_option
from reasoner.common.errors import CasusError, Diagnostic
from reasoner.common.limits import within_time_limit
from reasoner.explaining import render as fmt
from reasoner.explaining.explainer import DEFAULT_WHY_NOT_DEPTH
from reasoner.solving.engine import Doctrine, what_is_explained


class _UsageError(CasusError):
    def __init__(self, message: str, help: str | None = None) -> None:
        super().__init__([Diagnostic(message, None, help=help)], exit_code=2)


#: The formats a contrast is shown in.
CONTRAST_FORMATS = ("text", "markdown", "json", "html")


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        shared.write_output(Path(output), text)


def _full(args: argparse.Namespace) -> bool:
    """Whether the full tree is asked for (``--full``, or an option that only the full tree has)."""
    return bool(args.full or args.every_step or args.depth is not None)


def cmd_explain(args: argparse.Namespace) -> int:
    """Explain a query, a question, the main conclusions, or the contrast between two doctrines."""
    question = [args.owes, args.to, args.at]
    if any(question) and not all(question):
        raise _UsageError("a question needs all of --owes, --to and --at", "e.g. --owes France --to Greece --at 9")
    if args.query and any(question):
        raise _UsageError("give either a QUERY or a question (--owes/--to/--at), not both")
    if args.format in ("svg", "png") and not args.output:
        raise _UsageError(f"--format {args.format} writes a file: give it with --output FILE")
    shared.output_path(args.output, "--output")
    args.case = load(args.case)  # read as check, run and compare read a case: its warnings are printed
    if args.contrast:
        if args.query or any(question):
            raise _UsageError("--contrast compares the conclusions of a whole case; leave out the query")
        if args.format not in CONTRAST_FORMATS:
            raise _UsageError(f"--contrast is shown as {', '.join(CONTRAST_FORMATS)}, not {args.format}")
    chosen = [shared.doctrine(d, time_limit=args.time_limit) for d in args.contrast or [args.doctrine]]
    # The whole explanation runs in one child under the limits: the program is grounded once, there,
    # and only the document comes back (a picture is drawn from its DOT text here).
    document = within_time_limit(lambda: _document(args, chosen), args.time_limit, what_is_explained(chosen))
    if args.format not in ("svg", "png"):
        _write(document, args.output)
        return 0
    output = Path(args.output)
    dot_file = output.with_suffix(".dot")
    shared.write_output(dot_file, document)
    picture = fmt.render_graph(document, args.format, args.time_limit)
    if picture is None:
        print(f"note: {fmt.graphviz_missing(args.format, dot_file, output)}", file=sys.stderr)
    else:
        shared.write_output(output, picture)
    return 0


def _document(args: argparse.Namespace, chosen: list[Doctrine]) -> str:
    """The explanation asked for, in its format (DOT for a picture); run in the limited child."""
    collapse = not args.every_step
    if args.contrast:
        result = api.contrast(
            args.case,
            *chosen,
            depth=args.depth,
            collapse=collapse,
            full=_full(args),
            why_not_depth=args.why_not_depth,
            time_limit=args.time_limit,
        )
        return {"text": result.text, "markdown": result.markdown, "json": result.json, "html": result.html}[
            args.format
        ]()
    explanation = api.explain(
        args.case,
        chosen[0],
        args.query,
        owes=args.owes,
        to=args.to,
        at=args.at,
        depth=args.depth,
        collapse=collapse,
        full=_full(args),
        why_not_depth=args.why_not_depth,
        time_limit=args.time_limit,
    )
    renderers = {
        "text": explanation.text,
        "markdown": explanation.markdown,
        "json": explanation.json,
        "html": explanation.html,
        "latex": explanation.latex,
        "dot": explanation.dot,
        "svg": explanation.dot,
        "png": explanation.dot,
    }
    return renderers[args.format]()


def _intermixed(base: type[argparse.ArgumentParser]) -> type[argparse.ArgumentParser]:
    """A parser class that lets options come between the positional arguments (CASE -d D QUERY)."""

    class Intermixed(base):  # type: ignore[misc, valid-type]
        _mixing = False

        def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
            if self._mixing:
                return super().parse_known_args(args, namespace)
            self._mixing = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._mixing = False

    return Intermixed


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``casus explain`` on the command line's subparsers."""
    help_text = "explain why a conclusion holds or does not, or contrast two doctrines on a case"
    usual = sub._parser_class
    sub._parser_class = _intermixed(usual)
    try:
        p = sub.add_parser("explain", help=help_text, description=help_text)
    finally:
        sub._parser_class = usual
    p.set_defaults(handler=cmd_explain)
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "query",
        nargs="?",
        metavar="QUERY",
        help="an atom as the case writes it, e.g. 'justified(France, Greece, 9, entrapment)'; "
        "'_' stands for any value (default: the main conclusions)",
    )
    doctrine_option(p, many=False)
    p.add_argument("--owes", metavar="STATE", help="a question: the ally that would owe defence")
    p.add_argument("--to", metavar="STATE", help="a question: the ally it would be owed to")
    p.add_argument("--at", metavar="TIME", help="a question: the time point (a step or a date)")
    p.add_argument(
        "--contrast",
        nargs=2,
        metavar=("A", "B"),
        help="the conclusions that differ under doctrines A and B, both explanations side by side",
    )
    p.add_argument("--format", "-f", choices=fmt.FORMATS, default="text", help="output format (default: text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (needed for svg and png)")
    p.add_argument(
        "--full",
        action="store_true",
        help="show the full derivation tree, every rule instance (default: the argument, in the doctrine's conditions)",
    )
    p.add_argument("--depth", type=int, metavar="N", help="the full tree, at most N levels below each conclusion")
    p.add_argument(
        "--every-step",
        action="store_true",
        help="the full tree with timeline facts and each step of an inertia chain (folded in --full)",
    )
    p.add_argument(
        "--why-not-depth",
        type=int,
        default=DEFAULT_WHY_NOT_DEPTH,
        metavar="N",
        help=f"follow a failing condition down at most N why-not steps (default: {DEFAULT_WHY_NOT_DEPTH})",
    )
    time_limit_option(p, "solving")
