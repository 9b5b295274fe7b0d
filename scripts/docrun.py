"""Run the shell commands of a Markdown page and check (or paste) their real output.

A page marks a code block that creates a file with ``<!-- write: NAME -->`` or
``<!-- append: NAME -->`` on the line before it; every ``console`` block is a
list of ``$ command`` lines, each followed by what it prints (standard output
and standard error in the order they were written, as a terminal shows them).
The commands run in a fresh folder holding a copy of ``cases/``, one folder per
page, in page order.

    python scripts/docrun.py --check docs/tutorial.md     # exit 1 and a diff if a block differs
    python scripts/docrun.py --write docs/tutorial.md     # paste the real output into the page
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_MARKER = re.compile(r"<!-- (write|append): (\S+) -->")
_FENCE = re.compile(r"```(\w*)")


def run_console(body: str, folder: Path) -> str:
    """The block as it should read: each ``$`` command followed by its real output.

    The output is what a terminal shows: standard output and standard error as
    they were written, in one stream (Python's output unbuffered, so in the
    order written). Each command starts with the exit status of the one before
    it, so ``echo $?`` on its own line says how that one ended.
    """
    shown = []
    status = 0
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for command in (line[2:] for line in body.splitlines() if line.startswith("$ ")):
        done = subprocess.run(
            f"(exit {status}); {command}",
            shell=True,
            cwd=folder,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        status = done.returncode
        shown.append(f"$ {command}\n{done.stdout}")
    return "".join(shown)


def process(page: Path, write: bool = False) -> list[str]:
    """Run a page's commands; return a diff per block that differs (and rewrite the page with ``write``)."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    differences: list[str] = []
    out: list[str] = []
    with tempfile.TemporaryDirectory(prefix="docrun") as tmp:
        folder = Path(tmp)
        shutil.copytree(ROOT / "cases", folder / "cases")
        pending: tuple[str, str] | None = None
        i = 0
        while i < len(lines):
            marker, fence = _MARKER.match(lines[i]), _FENCE.match(lines[i])
            if marker:
                pending = (marker.group(1), marker.group(2))
                out.append(lines[i])
                i += 1
                continue
            if not fence:
                out.append(lines[i])
                i += 1
                continue
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            body = "".join(lines[i + 1 : end])
            if pending is not None:
                mode, name = pending
                with open(folder / name, "w" if mode == "write" else "a", encoding="utf-8") as file:
                    file.write(body)
                pending = None
            elif fence.group(1) == "console":
                real = run_console(body, folder)
                if real != body:
                    diff = difflib.unified_diff(body.splitlines(True), real.splitlines(True), "page", "real")
                    differences.append(f"{page}:{i + 1}\n" + "".join(diff))
                    body = real if write else body
            out.extend([lines[i], body, lines[end]])
            i = end + 1
    if write:
        page.write_text("".join(out), encoding="utf-8")
    return differences


def main(argv: list[str]) -> int:
    mode, *pages = argv
    if mode not in ("--check", "--write") or not pages:
        print(__doc__, file=sys.stderr)
        return 2
    differences = [d for page in pages for d in process(Path(page), write=mode == "--write")]
    sys.stderr.writelines(differences)
    return 1 if differences and mode == "--check" else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
