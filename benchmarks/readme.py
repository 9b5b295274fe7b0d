"""Regenerate the measured tables of ``benchmarks/README.md`` in one command.

    python benchmarks/readme.py                 # the targets, then the explanation section
    python benchmarks/readme.py --quick         # small sizes, to try the command itself
    python benchmarks/readme.py --no-explain    # the targets only

It runs ``benchmarks/run.py`` on the targets (``cold``, ``large``, ``batch``,
``growth``; see ``targets.py``) and puts its Markdown between the markers
``<!-- bench:run:begin -->`` and ``<!-- bench:run:end -->``, with the machine,
the date, the load average at the start and at the end, and for each figure
whether it was measured in process or as whole processes. Then, if
``explain_bench.py`` supports ``--readme``, its section goes between
``<!-- bench:explain:begin -->`` and ``<!-- bench:explain:end -->``; if it
does not, that section is left as it is and a notice is printed. Markers that
are missing are added at the end of the file. The file is written atomically,
so an interrupted run leaves the old one whole. Nothing else of the file is
touched.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from reasoner.common.files import write_atomically

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"

#: What each kind of figure is, said once above the tables.
HOW = """Measured with `python benchmarks/readme.py` (which runs `python benchmarks/run.py --only
cold,large,batch,growth`). **Whole processes**: the cold start, each run a new `casus` process
against a new `python -c` process for the floor. **In process**: every other figure; the large
case and the growth table run each measure in a fresh Python process of its own, timed from
after its imports, with its peak memory (the larger of the process's `VmHWM` and its solver
child's maxrss); the batch runs in the harness's process. Ratios are taken within this one run."""


def between(text: str, name: str, body: str) -> str:
    """``text`` with what lies between the markers of ``name`` replaced by ``body`` (markers added if missing)."""
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    block = f"{begin}\n{body.strip()}\n{end}"
    if begin in text and end in text and text.index(begin) < text.index(end):
        return text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def run_section(quick: bool, repeat: int) -> str:
    command = [sys.executable, str(HERE / "run.py"), "--only", "cold,large,batch,growth", "--repeat", str(repeat)]
    if quick:
        command.append("--quick")
    print("running", " ".join(command[1:]), flush=True)
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    tables = done.stdout.replace("### ", "#### ")
    return f"### The targets, measured\n\n{HOW}\n\n{tables}"


def explain_supports_readme() -> bool:
    done = subprocess.run(
        [sys.executable, str(HERE / "explain_bench.py"), "--help"], capture_output=True, text=True, check=False
    )
    return done.returncode == 0 and "--readme" in done.stdout


def explain_section(quick: bool) -> str | None:
    """The section ``explain_bench.py --readme`` prints, or ``None`` (with a notice) if it has no such flag."""
    if not explain_supports_readme():
        print("notice: explain_bench.py has no --readme yet; the explanation section is left as it is", flush=True)
        return None
    command = [sys.executable, str(HERE / "explain_bench.py"), "--readme"]
    if quick:
        command += ["--states", "500", "--repeat", "1"]
    print("running", " ".join(command[1:]), flush=True)
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, to try the command")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (default: 3)")
    parser.add_argument("--no-explain", action="store_true", help="leave the explanation section as it is")
    parser.add_argument("--readme", type=Path, default=README, help="the file to update (default: %(default)s)")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8") if args.readme.exists() else "# Benchmarks\n"
    text = between(text, "run", run_section(args.quick, args.repeat))
    write_atomically(args.readme, text)  # the targets are kept even if the explanation bench fails
    if not args.no_explain:
        section = explain_section(args.quick)
        if section is not None:
            write_atomically(args.readme, between(text, "explain", section))
    print(f"wrote {args.readme}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
