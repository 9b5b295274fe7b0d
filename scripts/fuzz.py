"""Fuzz the input classes that once broke the tool: no traceback, no internal error, no hang.

Each class draws inputs from a ``random.Random`` (so ``tests/test_fuzz.py``
drives the same generators with hypothesis, a few at a time) and runs them
through the tool as a user would reach it:

- ``rule-bytes``: rule files of arbitrary bytes, and a bundled doctrine with
  bytes spliced in, checked as ``casus check -d FILE`` does;
- ``queries``: explain queries, from pieces of real ones and random text,
  asked of one solved case;
- ``sweeps``: ``--vary`` specifications, read and counted against a case;
- ``numbers``: numbers at and past every limit (steps, the 32-bit range,
  thousands of digits, negative, non-ASCII digits) in case files, queries,
  sweep values and the command line's options;
- ``includes``: case and rule files that include devices, folders, pipes,
  themselves, missing files and the like.

An input passes when it ends in a result or a ``CasusError`` with a
documented exit code (0 to 3), prints no Python traceback, and finishes
within ``--hang`` seconds. Run ``python scripts/fuzz.py --count 10000``
for the one-off run; it prints, for each class, the inputs tried and the
problems found (exit 4, traceback, hang).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import signal
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE_FILE = ROOT / "cases" / "france_greece.casus"
DOCTRINE_FILE = ROOT / "rules" / "moderate.lp"

#: Exit codes a user may see (4, an internal error, is a bug).
DOCUMENTED = {0, 1, 2, 3}

NUMBERS = [
    "0",
    "1",
    "999999999",
    "1000000000",
    "1000000001",
    "2147483646",
    "2147483647",
    "2147483648",
    "4294967296",
    "9223372036854775808",
    "9" * 4301,
    "9" * 5000,
    "-1",
    "-2147483649",
    "1e308",
    "nan",
    "inf",
    "0x10",
    "٣",
    "²",
    "1_000",
    " 7",
    "",
]

SPECIAL_PATHS = [
    "/dev/zero",
    "/dev/null",
    "/dev/urandom",
    "/dev/stdin",
    "/etc",
    "/proc/self/mem",
    "/proc/self/status",
    "pipe",
    "missing.casus",
    "self",
    ".",
    "",
    "dir",
    "../" * 40 + "etc/passwd",
]

QUERY_PIECES = [
    "owed",
    "justified",
    "breach",
    "triggered",
    "forfeited",
    "restored",
    "blameworthy",
    "justifed",
    "(",
    ")",
    ", ",
    "France",
    "Greece",
    "Turkey",
    "_",
    "9",
    "entrapment",
    '"',
    "2020-01-01",
    "2020-13-45",
    "not ",
    "-",
    "X",
    "é",
    "\x1b[2J",
    "\x00",
]

SWEEP_PIECES = [
    "attack",
    "signal",
    "belief",
    "response",
    "threat",
    "policy",
    "action",
    "ceasefire",
    "ending",
    "notification",
    "objection",
    "call",
    "justice",
    "contribution",
    "@",
    ".",
    "time",
    "level",
    "kind",
    "horizon",
    "=",
    "..",
    ",",
    "heeded",
    "dismissed",
    "measure",
    "extent",
    "content",
    "unjust",
    "negligible",
    "conditional",
]

#: Happenings a fuzzed case places at a number (``{0}`` is the number): every kind of event of the language.
HAPPENINGS = [
    "B attacks A",
    "A notifies B of suspension",
    "B objects to A",
    "A calls on B to comply",
    "A fights an unjust war against B",
    "A would give B negligible help",
    "A warns B: level head-of-state, channel direct, clarity clear, content conditional",
    "B ends its policy towards A",
]


@dataclass
class Tally:
    """What a fuzz run of one class found."""

    tried: int = 0
    codes: Counter[int] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


class Hang(Exception):
    """An input ran past its time."""


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(_number: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _text(rng: random.Random, pieces: list[str], most: int = 12) -> str:
    out = []
    for _ in range(rng.randint(0, most)):
        if rng.random() < 0.8:
            out.append(rng.choice(pieces))
        else:
            out.append("".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(1, 3))))
    return "".join(out)


def _bytes(rng: random.Random, most: int = 60) -> bytes:
    return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, most)))


def cli(argv: list[str]) -> tuple[int, str]:
    """Run ``casus`` in this process: its exit code and everything it printed."""
    from reasoner.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # a usage error from the parser
            code = int(stop.code or 0)
    return code, out.getvalue() + err.getvalue()


def rule_bytes(rng: random.Random, folder: Path) -> tuple[int, str]:
    """A rule file of random bytes, or the bundled doctrine with random bytes spliced in."""
    path = folder / "mine.lp"
    if rng.random() < 0.5:
        data = _bytes(rng)
    else:
        doctrine = DOCTRINE_FILE.read_bytes()
        at = rng.randint(0, len(doctrine))
        data = doctrine[:at] + _bytes(rng, 8) + doctrine[at:]
    path.write_bytes(data)
    return cli(["check", "-d", str(path), "--time-limit", "10"])


_SOLVED: list[object] = []


def _solved() -> object:
    from reasoner import api

    if not _SOLVED:
        _SOLVED.append(api.solve_case(CASE_FILE, "moderate"))
    return _SOLVED[0]


def _asked(run: Callable[[], object]) -> tuple[int, str]:
    """A library call's outcome as the command line would give it: 0, or the error's exit code."""
    from reasoner.common.errors import CasusError, render

    try:
        run()
    except CasusError as err:
        return err.exit_code, "\n".join(render(d) for d in err.diagnostics)
    return 0, ""


def queries(rng: random.Random, folder: Path) -> tuple[int, str]:
    """An explain query asked of a solved case."""
    from reasoner import api

    query = _text(rng, QUERY_PIECES)
    return _asked(lambda: api.explain(_solved(), query=query or None))  # type: ignore[arg-type]


def sweeps(rng: random.Random, folder: Path) -> tuple[int, str]:
    """A ``--vary`` specification read against a case, its variants counted (one in 50 solved)."""
    from reasoner.language.read import load_case
    from reasoner.reports.sweep import count_variants, parse_axis

    specs = [_spec(rng) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.02:
        argv = ["sweep", str(CASE_FILE), "-d", "moderate", "--max-variants", "4", "--time-limit", "10"]
        return cli([*argv, *(a for s in specs for a in ("--vary", s))])
    case = load_case(CASE_FILE)
    return _asked(lambda: count_variants([parse_axis(s, case) for s in specs]))


def _spec(rng: random.Random) -> str:
    """A ``--vary`` specification: mostly well formed (kind, line, field, values), sometimes random text."""
    if rng.random() < 0.3:
        return _text(rng, SWEEP_PIECES + NUMBERS[:10], 8)
    kind = rng.choice(["attack", "signal", "belief", "response", "threat", "policy", "action", "ceasefire", "ending",
                       "notification", "objection", "call", "justice", "contribution", "atack"])  # fmt: skip
    line = f"@{rng.choice(['4', '10', '13', '14', '99', *NUMBERS[:8]])}" if rng.random() < 0.3 else ""
    field = rng.choice(["time", "level", "kind", "horizon", "channel", "clarity", "content", "likelihood", "measure",
                        "justice", "extent", "tme"])  # fmt: skip
    values = ""
    if rng.random() < 0.6:
        words = [*NUMBERS[:8], "heeded", "dismissed", "official", "conditional", "termination", "unjust", "negligible"]
        value = lambda: rng.choice([*words, "3", "9"])  # noqa: E731
        values = "=" + (f"{value()}..{value()}" if rng.random() < 0.5 else ",".join(value() for _ in range(3)))
    return f"{kind}{line}.{field}{values}"


def numbers(rng: random.Random, folder: Path) -> tuple[int, str]:
    """A number at or past a limit, where a user may write one."""
    number = rng.choice(NUMBERS)
    where = rng.choice(["case", "query", "sweep", "option"])
    if where == "case":
        path = folder / "n.casus"
        happening = rng.choice(HAPPENINGS)
        path.write_text(f"state A, B\nalliance P: defence pact between A, B\nend\nat {number}: {happening}\n")
        return cli(["check", str(path)])
    if where == "query":
        return queries_with(f"owed(France, Greece, {number})")
    if where == "sweep":
        from reasoner.language.read import load_case
        from reasoner.reports.sweep import count_variants, parse_axis

        spec = rng.choice([f"attack.time={number}", f"attack.time=1..{number}", f"attack@{number}.time"])
        case = load_case(CASE_FILE)
        return _asked(lambda: count_variants([parse_axis(spec, case)]))
    from reasoner.cli.main import build_parser

    option = rng.choice(["--time-limit", "--memory-limit", "--jobs", "--max-variants", "--depth", "--why-not-depth"])
    command = {"--jobs": "batch", "--max-variants": "sweep", "--depth": "explain", "--why-not-depth": "explain"}
    argv = [command.get(option, "run"), str(CASE_FILE), option, number]
    if command.get(option) == "sweep":
        argv += ["--vary", "attack.time"]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            build_parser().parse_args(argv)
        except SystemExit as stop:
            return int(stop.code or 0), err.getvalue()
    return 0, err.getvalue()


def queries_with(query: str) -> tuple[int, str]:
    from reasoner import api

    return _asked(lambda: api.explain(_solved(), query=query))  # type: ignore[arg-type]


def includes(rng: random.Random, folder: Path) -> tuple[int, str]:
    """A case or rule file that includes something that is not a plain file of its kind."""
    (folder / "dir").mkdir(exist_ok=True)
    if not (folder / "pipe").exists():
        os.mkfifo(folder / "pipe")
    target = rng.choice(SPECIAL_PATHS)
    if rng.random() < 0.5:
        path = folder / "inc.casus"
        name = path.name if target == "self" else target
        path.write_text(f'include "{name}"\nstate A, B\n')
        return cli(["check", str(path)])
    path = folder / "inc.lp"
    name = path.name if target == "self" else target
    path.write_text(f'#include "{name}".\nowed(X,Y,T) :- triggered(X,Y,T).\n')
    return cli(["check", "-d", str(path), "--time-limit", "10"])


CLASSES: dict[str, Callable[[random.Random, Path], tuple[int, str]]] = {
    "rule-bytes": rule_bytes,
    "queries": queries,
    "sweeps": sweeps,
    "numbers": numbers,
    "includes": includes,
}


def check_one(kind: str, rng: random.Random, folder: Path, hang: int = 30) -> tuple[int, str | None]:
    """Run one input of a class: its exit code, and what is wrong with its outcome (``None`` if nothing)."""
    try:
        with _deadline(hang):
            code, output = CLASSES[kind](rng, folder)
    except Hang:
        return -1, f"no answer within {hang} s"
    except Exception as err:  # a library call that raised something other than a CasusError: a bug
        return 4, f"{type(err).__name__}: {err}"
    if code not in DOCUMENTED:
        return code, f"exit {code}: {output[-300:]}"
    if "Traceback" in output:
        return code, f"traceback: {output[-300:]}"
    return code, None


def fuzz(kind: str, count: int, seed: int = 0, hang: int = 30) -> Tally:
    """``count`` inputs of one class; what they gave."""
    tally = Tally()
    rng = random.Random(f"{kind}:{seed}")
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(count):
            code, problem = check_one(kind, rng, Path(folder), hang)
            tally.tried += 1
            tally.codes[code] += 1
            if problem is not None:
                tally.problems.append(problem)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="inputs per class (default: 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--hang", type=int, default=30, help="seconds after which an input counts as a hang")
    parser.add_argument("--only", choices=list(CLASSES), action="append", help="fuzz only these classes")
    args = parser.parse_args(argv)
    failed = False
    for kind in args.only or CLASSES:
        tally = fuzz(kind, args.count, args.seed, args.hang)
        codes = ", ".join(f"exit {c}: {n}" for c, n in sorted(tally.codes.items()))
        print(f"{kind}: {tally.tried} inputs ({codes}); {len(tally.problems)} problems", flush=True)
        for problem in tally.problems[:5]:
            print(f"  {problem}")
        failed = failed or bool(tally.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
