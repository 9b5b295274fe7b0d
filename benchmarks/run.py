"""The benchmark harness: our end-to-end time beside clingo alone on the same facts and rules.

    python benchmarks/run.py            # the full run (a few minutes on 2 cores)
    python benchmarks/run.py --quick    # smaller sizes, for a smoke test

It prints Markdown tables (copied into ``benchmarks/README.md``). Every ratio
is measured within this one run. All times are the best of ``--repeat`` runs.

*Ours* is the whole pipeline from a case file: read, parse, check, build
facts, solve, read conclusions and render the result (``casus run`` in
process for one case; ``reasoner.reports.batch.batch`` and its table for many).
*Clingo alone* is a ``clingo.Control`` given the same rule files (interface,
helpers, doctrine) and the case's facts as a prebuilt program text, grounded
and solved: the cost nothing of ours can avoid. For batches it is measured
two ways: one Control per case (what handing each case to clingo costs), and
one Control for all cases, given our case-indexed program and all facts as
text (the floor for solving a batch in one grounding). The doctrine is
``moderate``, the largest bundled one.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import clingo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import targets
from generate import Size, generate
from targets import facts_text, indexed_texts, one_grounding, table, write_cases

from reasoner.language.read import load_case, parse_text
from reasoner.reports.batch import batch, batch_table
from reasoner.reports.tables import run_text
from reasoner.solving.engine import analyse, find_doctrine, rule_files

ROOT = Path(__file__).resolve().parent.parent
DOCTRINE = find_doctrine("moderate")


def timings(repeat: int, work: Callable[[], object]) -> list[float]:
    """The wall time of each of ``repeat`` runs of ``work``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def best(repeat: int, work: Callable[[], object]) -> float:
    """The shortest wall time of ``repeat`` runs of ``work``, in seconds."""
    return min(timings(repeat, work))


def clingo_alone(program: str, files: Sequence[Path]) -> None:
    """Clingo on its own: load the rule files, add the facts, ground and solve."""
    ctl = clingo.Control(["--models=2"], logger=lambda code, message: None)
    for f in files:
        ctl.load(str(f))
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    ctl.solve(on_model=lambda m: m.symbols(shown=True))


def ours_one(path: Path) -> None:
    run_text(analyse(load_case(path), [DOCTRINE]))


def ordered_pairs(size: Size) -> int:
    """Ordered ally pairs, counted as if alliances did not overlap (an upper bound)."""
    return size.alliances * size.members * (size.members - 1)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def single_cases(tmp: Path, sizes: Sequence[Size], repeat: int) -> str:
    files = rule_files(DOCTRINE)
    rows = []
    for size in sizes:
        (path,) = write_cases(tmp / f"single-{size.members}-{size.alliances}-{size.steps}", 1, size)
        program = facts_text(path)
        base = best(repeat, lambda program=program: clingo_alone(program, files))
        ours = best(repeat, lambda path=path: ours_one(path))
        cost = ordered_pairs(size) * size.steps
        rows.append(
            [
                size.members,
                size.alliances,
                size.steps,
                size.density,
                cost,
                ms(ours),
                ms(base),
                f"{ours / base:.2f}",
                f"{ours / cost * 1e6:.1f}",
            ]
        )
    return table(
        [
            "members",
            "alliances",
            "steps",
            "events/step",
            "pairs x steps",
            "ours (ms)",
            "clingo alone (ms)",
            "ratio",
            "ours per pair-step (us)",
        ],
        rows,
    )


def batches(tmp: Path, counts: Sequence[int], size: Size, repeat: int, per_case_limit: int) -> str:
    files = rule_files(DOCTRINE)
    rows = []
    for count in counts:
        paths = write_cases(tmp / f"batch-{count}", count, size)
        names = [str(p) for p in paths]
        texts = [facts_text(p) for p in paths]
        joint_texts = indexed_texts(paths)
        rounds = repeat if count <= 1000 else 1
        ours = best(rounds, lambda names=names: batch_table(batch(names, [DOCTRINE]).rows))
        ours2 = best(rounds, lambda names=names: batch_table(batch(names, [DOCTRINE], jobs=2).rows))
        floor = best(rounds, lambda joint_texts=joint_texts: one_grounding(joint_texts, files))
        per_case = best(rounds, lambda texts=texts: [clingo_alone(t, files) for t in texts])
        per_case_cells = [f"{per_case:.2f}", f"{ours / per_case:.2f}"]
        if count <= per_case_limit:
            control = best(rounds, lambda paths=paths: [analyse(load_case(p), [DOCTRINE]) for p in paths])
            control_cell = f"{control:.2f}"
        else:  # a fresh Control per case is the slow way this column exists to show; past the limit it takes hours
            control_cell = "(not run)"
        rows.append(
            [
                count,
                f"{ours:.2f}",
                f"{ours2:.2f}",
                control_cell,
                *per_case_cells,
                f"{floor:.2f}",
                f"{ours / floor:.2f}",
                f"{ours / count * 1000:.2f}",
            ]
        )
    return table(
        [
            "cases",
            "ours, 1 job (s)",
            "ours, 2 jobs (s)",
            "ours, Control per case (s)",
            "clingo alone, per case (s)",
            "ratio to per case",
            "clingo alone, one grounding (s)",
            "ratio to one grounding",
            "ours per case (ms)",
        ],
        rows,
    )


def parsing(sizes: Sequence[tuple[str, int, Size]], repeat: int) -> str:
    """Reading case text: ``parse_text`` (Lark's LALR parser, the transformer applied as it parses).

    Each row is ``(label, count, size)``: ``count`` generated cases of that size.
    """
    rows = []
    for label, count, size in sizes:
        texts = [generate(seed, size) for seed in range(count)]
        events = sum(t.count("\nat ") for t in texts)
        read = best(repeat, lambda texts=texts: [parse_text(t, "case.casus") for t in texts])
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        rows.append([label, count, events, f"{megabytes:.1f}", f"{read:.3f}", f"{read / events * 1e6:.1f}"])
    return table(["texts", "files", "events", "MB", "read (s)", "per event (us)"], rows)


def machine() -> str:
    cpu = "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return "\n".join(
        [
            f"- date: {datetime.date.today().isoformat()}",
            f"- cores (nproc): {os.cpu_count()}",
            f"- CPU: {cpu}",
            f"- RAM: {memory}",
            f"- Python {platform.python_version()}, clingo {clingo.__version__}",
            f"- system: {platform.system()} {platform.release()}",
        ]
    )


#: The sections, by the key ``--only`` names them with: the targets first (``targets.py``), then the older tables.
KEYS = ("cold", "large", "batch", "growth", "single", "batches", "reading", "members", "steps")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only, for a smoke test")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts (default: 3)")
    parser.add_argument("--max-cases", type=int, default=1000, help="the largest batch of 'batches' (default: 1000)")
    parser.add_argument("--min-cases", type=int, default=10, help="the smallest batch of 'batches' (default: 10)")
    parser.add_argument(
        "--only", metavar="KEYS", help=f"run only these sections, comma-separated: {', '.join(KEYS)} (default: all)"
    )
    args = parser.parse_args(argv)
    wanted = KEYS if args.only is None else tuple(k.strip() for k in args.only.split(","))
    unknown = [k for k in wanted if k not in KEYS]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}: choose from {', '.join(KEYS)}")
    quick = args.quick
    base = Size(members=3, alliances=2, steps=20, density=1.0)
    sizes = [base, Size(5, 3, 50, 1.0), Size(10, 4, 100, 2.0)] if not quick else [base]
    members = [2, 5, 10, 20, 50, 100, 200] if not quick else [2, 10]
    steps = [10, 30, 100, 300, 1000] if not quick else [10, 100]
    big = Size(10, 4, 20000, 2.0) if not quick else Size(10, 4, 1000, 2.0)
    texts = [("generated cases, 3 members x 2 alliances, 20 steps", 1000 if not quick else 100, base)]
    texts.append(("one large case, 10 members x 4 alliances, 2 events a step", 1, big))
    counts = [c for c in ([10, 100, 1000, 10000] if not quick else [10, 100]) if args.min_cases <= c <= args.max_cases]
    states = (500, 1000, 2000, 4000) if not quick else (250, 500)
    growth_steps = (10, 40, 80) if not quick else (10, 40)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sections: dict[str, tuple[str, Callable[[], str]]] = {
            "cold": ("Target: cold `casus run`, whole processes", lambda: targets.cold(tmp)),
            "large": (
                "Target: one case of 2,000 states, in process",
                lambda: targets.large(tmp, args.repeat, 2000 if not quick else 500),
            ),
            "batch": (
                "Target: `casus batch` against one grounding, in process",
                lambda: targets.batch_target(tmp, targets.BATCH_CASES if not quick else 500),
            ),
            "growth": (
                "Target: growth up to 4,000 states, in process",
                lambda: targets.growth(tmp, args.repeat, states, growth_steps),
            ),
            "single": ("One case: ours end to end beside clingo alone", lambda: single_cases(tmp, sizes, args.repeat)),
            "batches": (
                "Batches (3 members x 2 alliances, 20 steps)",
                lambda: batches(tmp, counts, base, args.repeat, 10000),
            ),
            "reading": ("Reading case files (parsing only)", lambda: parsing(texts, args.repeat)),
            "members": (
                "Growth with members (1 alliance, 10 steps, 1 event per step)",
                lambda: single_cases(tmp, [Size(m, 1, 10, 1.0) for m in members], args.repeat),
            ),
            "steps": (
                "Growth with steps (3 members, 1 alliance, 1 event per step)",
                lambda: single_cases(tmp, [Size(3, 1, s, 1.0) for s in steps], args.repeat),
            ),
        }
        print(f"### Machine\n\n{machine()}\n- load average at the start: {targets.load_average()}\n", flush=True)
        for key in wanted:
            title, section = sections[key]
            print(f"### {title}\n\n{section()}\n", flush=True)
        print(f"load average at the end: {targets.load_average()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
