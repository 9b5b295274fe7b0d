"""``casus doctrines``: the bundled doctrines, one line each with its source."""

from __future__ import annotations

import argparse
import json

from reasoner.cli.shared import EXIT_OK, command
from reasoner.common.resources import BUNDLED, DOCTRINES, rules_dir


def doctrines_text() -> str:
    """Each bundled doctrine on two lines: its name and what it holds, then its source.

    A '*' marks the paper's three views, which ``casus compare`` shows by default.
    """
    width = max(len(d.name) for d in BUNDLED) + 4
    lines = []
    for d in BUNDLED:
        mark = "*" if d.name in DOCTRINES else " "
        lines += [f"{mark} {d.name.ljust(width - 2)}{d.summary}", f"{' ' * width}{d.source}"]
    note = "* the paper's three views, compared by default (casus compare --all: every one)"
    return "\n".join([*lines, "", note]) + "\n"


def doctrines_json() -> str:
    """The bundled doctrines for programs: name, summary, source, rule file and whether compared by default."""
    items = [
        {
            "name": d.name,
            "summary": d.summary,
            "source": d.source,
            "file": str(rules_dir() / f"{d.name}.lp"),
            "default": d.name in DOCTRINES,
        }
        for d in BUNDLED
    ]
    return json.dumps({"schema": "casus.doctrines/1", "doctrines": items}, indent=2, ensure_ascii=False) + "\n"


def cmd_doctrines(args: argparse.Namespace) -> int:
    print(doctrines_json() if args.format == "json" else doctrines_text(), end="")
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "doctrines", cmd_doctrines, "list the bundled doctrines, each with its source")
    p.add_argument("--format", choices=["text", "json"], default="text", help="output format (default: text)")
