"""``casus facts``: print a case's answer-set facts, as clingo reads them, each with the line it came from."""

from __future__ import annotations

import argparse

from reasoner.cli.shared import EXIT_OK, command, load
from reasoner.solving.facts import case_facts


def facts_text(path: str) -> str:
    """The facts of a case, one per line, each followed by a comment naming its source line."""
    facts = case_facts(load(path))
    lines = [f"% the input facts of {path} (see rules/interface.lp)"]
    for symbol in facts.symbols:
        source = facts.sources.get(symbol)
        lines.append(f"{symbol}." + (f"  % {source}" if source is not None else ""))
    return "\n".join(lines) + "\n"


def cmd_facts(args: argparse.Namespace) -> int:
    for path in args.cases:
        print(facts_text(path), end="")
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "facts", cmd_facts, "print the answer-set facts a case becomes (for clingo, and bug reports)")
    p.add_argument("cases", nargs="+", metavar="CASE")
