"""``casus examples``: list the bundled example cases, and copy one out to work on."""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path

from reasoner.cli.shared import EXIT_OK, EXIT_USAGE, command, print_diagnostics, write_output
from reasoner.common.errors import CasusError, Diagnostic, suggestion
from reasoner.common.resources import cases_dir
from reasoner.language.read import parse_text

_INCLUDE = re.compile(r'^\s*include\s+"([^"]+)"', re.M)


def bundled() -> dict[str, Path]:
    """The bundled cases by name (the file name without ``.casus``), shared treaties left out."""
    return {p.stem: p for p in sorted(cases_dir().glob("*.casus"))}


def _listing(width: int = 80) -> str:
    """Each bundled case's name, and its title wrapped beside it to fit the width."""
    cases = bundled()
    column = max(map(len, cases)) + 2
    rows = []
    for name, path in cases.items():
        title = parse_text(path.read_text(encoding="utf-8"), str(path)).title or ""
        lines = textwrap.wrap(title, max(20, width - column)) or [""]
        rows.append(f"{name:<{column}}{lines[0]}".rstrip())
        rows.extend(" " * column + line for line in lines[1:])
    return "\n".join(rows) + "\n"


def _files_of(path: Path) -> list[Path]:
    """A bundled case and the files it includes, relative to the cases folder."""
    found = [path.relative_to(cases_dir())]
    for include in _INCLUDE.findall(path.read_text(encoding="utf-8")):
        found.extend(_files_of((path.parent / include).resolve()))
    return found


def copy_out(name: str, folder: Path, force: bool = False) -> list[Path]:
    """Copy a bundled case (and what it includes) into ``folder``; the files written."""
    cases = bundled()
    if name.removesuffix(".casus") not in cases:
        help = suggestion(name, cases) + "'casus examples' lists them"
        raise CasusError([Diagnostic(f"no bundled case '{name}'", None, help=help)], EXIT_USAGE)
    written = []
    for relative in dict.fromkeys(_files_of(cases[name.removesuffix(".casus")])):
        target = folder / relative
        if target.exists() and not force:
            help = "give --force to replace it, or --to another folder"
            raise CasusError([Diagnostic(f"'{target}' already exists", None, help=help)])
        target.parent.mkdir(parents=True, exist_ok=True)
        write_output(target, (cases_dir() / relative).read_text(encoding="utf-8"))
        written.append(target)
    return written


def cmd_examples(args: argparse.Namespace) -> int:
    if not args.names:
        print(_listing(), end="")
        return EXIT_OK
    try:
        for name in args.names:
            for path in copy_out(name, Path(args.to), args.force):
                print(f"wrote {path}")
    except CasusError as err:
        print_diagnostics(err.diagnostics)
        return err.exit_code
    return EXIT_OK


def add(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "examples", cmd_examples, "list the bundled example cases, or copy some out")
    p.add_argument("names", nargs="*", metavar="NAME", help="cases to copy out (default: list them all)")
    p.add_argument("--to", default=".", metavar="FOLDER", help="where to copy them (default: here)")
    p.add_argument("--force", action="store_true", help="replace files that already exist")
