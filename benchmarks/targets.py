"""The performance targets: ours beside clingo alone, each ratio taken in one run.

Each target is one section of ``benchmarks/run.py`` (``--only KEY``):

- ``cold``: ``casus run cases/france_greece.casus`` as a whole process,
  against the floor, a whole process that imports clingo, loads the same rule
  files, adds the same facts as text, grounds and solves (``python -c ...``).
  Runs alternate (ours, floor, ours, ...); best and median of each. Our
  package's bytecode is compiled first, as ``pip install`` leaves it (clingo's
  is, too): where bytecode is not written (``PYTHONDONTWRITEBYTECODE``), an
  editable tree would otherwise be compiled from source on every run.
- ``large``: a generated case of about 2,000 states (``sized``: 8 members a
  pact, 20 steps, pacts and events in proportion, as ``explain_bench.py``
  draws it), ``casus run`` in process (``reasoner.cli.main.main``, output to a
  string) against clingo alone on its facts as text, also in process. Each
  measure runs in a fresh Python process of its own (``--child``), which
  imports what it needs first, then times the work and reports its peak
  memory (``getrusage`` maxrss: the larger of the process itself and its
  solver child, which is where our grounding happens).
- ``batch``: ``casus batch`` in process (``batch`` and its table) on 10,000
  generated cases (3 members x 2 alliances, 20 steps), against clingo alone
  on one grounding of all of them (our case-indexed program, every case's
  facts as one text).
- ``growth``: the ``large`` measure at 500 to 4,000 states, and at 500
  states from 10 to 80 steps; the cost per member-step (memberships x steps)
  should stay flat.
"""

from __future__ import annotations

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from generate import Size, generate

ROOT = Path(__file__).resolve().parent.parent
FRANCE_GREECE = ROOT / "cases" / "france_greece.casus"

#: Members per pact, steps, pacts and events per step for 2,000 states (as explain_bench.py draws them).
MEMBERS, STEPS, PACTS_PER_2000, EVENTS_PER_STEP_PER_2000 = 8, 20, 450, 100.0

#: The sizes of a batch and of its cases for the batch target.
BATCH_CASES, BATCH_SIZE = 10_000, Size(3, 2, 20, 1.0)


def sized(states: int, steps: int = STEPS) -> Size:
    """A case of about ``states`` states: 8-member pacts, events in proportion to states and steps."""
    scale = states / 2000
    per_step = EVENTS_PER_STEP_PER_2000 * scale
    return Size(MEMBERS, max(1, round(PACTS_PER_2000 * scale)), steps, per_step)


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its children that have ended, in seconds.

    On a shared machine wall time includes waiting for a core; CPU time does not, so its ratios
    move far less with the load.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def rule_paths() -> list[str]:
    from reasoner.solving.engine import find_doctrine, rule_files

    return [str(p) for p in rule_files(find_doctrine("moderate"))]


def facts_text(path: Path) -> str:
    """A case's facts as a program text, built before any timing starts."""
    from reasoner.language.read import load_case
    from reasoner.solving.facts import case_facts

    return "".join(f"{s}.\n" for s in case_facts(load_case(path)).symbols)


# -- cold start: whole processes -------------------------------------------------------------------

#: The floor of a cold run: Python, ``import clingo``, the rule files, the facts as text, ground, solve.
FLOOR = """
import sys, clingo
ctl = clingo.Control(["--models=2"], logger=lambda code, message: None)
for path in sys.argv[2:]:
    ctl.load(path)
with open(sys.argv[1]) as facts:
    ctl.add("base", [], facts.read())
ctl.ground([("base", [])])
ctl.solve(on_model=lambda m: print(len(m.symbols(shown=True))))
"""


def cold(tmp: Path, runs: int = 15) -> str:
    import compileall

    import reasoner

    compileall.compile_dir(Path(reasoner.__file__).parent, quiet=1)
    facts = tmp / "france_greece.lp"
    facts.write_text(facts_text(FRANCE_GREECE), encoding="utf-8")
    casus = [str(Path(sys.executable).with_name("casus")), "run", str(FRANCE_GREECE)]
    floor = [sys.executable, "-c", FLOOR, str(facts), *rule_paths()]
    ours, base, ours_cpu, base_cpu = [], [], [], []
    for _ in range(runs):  # alternated, so that both see the same load
        for command, times, cpu in ((casus, ours, ours_cpu), (floor, base, base_cpu)):
            start, used = time.perf_counter(), cpu_seconds()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - used)

    def row(label: str, wall: list[float], cpu: list[float]) -> list[str]:
        return [
            label,
            f"{min(wall):.3f}",
            f"{statistics.median(wall):.3f}",
            f"{min(cpu):.3f}",
            f"{statistics.median(cpu):.3f}",
        ]

    def ratio(a: list[float], b: list[float], pick: object) -> str:
        return f"{pick(a) / pick(b):.2f}x"  # type: ignore[operator]

    return table(
        ["whole process", "best (s)", "median (s)", "CPU, best (s)", "CPU, median (s)"],
        [
            row("`casus run cases/france_greece.casus` (bytecode compiled)", ours, ours_cpu),
            row("Python + `import clingo` + ground and solve", base, base_cpu),
            ["ratio", ratio(ours, base, min), ratio(ours, base, statistics.median),
             ratio(ours_cpu, base_cpu, min), ratio(ours_cpu, base_cpu, statistics.median)],
        ],
    )  # fmt: skip


# -- one large case: in process, each measure in a fresh process of its own -------------------------


def _peak_mib() -> float:
    """The peak resident memory of this process or of its largest finished child, in MiB.

    This process's own peak is its ``VmHWM``: its ``getrusage`` maxrss would
    include the harness's own memory, which Linux carries over an ``exec``. A
    finished child's (the solver process ``casus run`` forks) is its maxrss.
    """
    own = next(
        int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM:")
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _child_ours(case: str) -> tuple[float, float]:
    from reasoner.cli.main import main

    out = io.StringIO()
    used = cpu_seconds()
    start = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(io.StringIO()):  # a generated case has warnings
        code = main(["run", case, "--no-pager"])
    seconds = time.perf_counter() - start
    assert code == 0 and out.getvalue(), f"casus run exited with {code}"
    return seconds, cpu_seconds() - used


def _child_clingo(facts: str, files: Sequence[str]) -> tuple[float, float]:
    import clingo

    text = Path(facts).read_text(encoding="utf-8")
    used = cpu_seconds()
    start = time.perf_counter()
    ctl = clingo.Control(["--models=2"], logger=lambda code, message: None)
    for f in files:
        ctl.load(f)
    ctl.add("base", [], text)
    ctl.ground([("base", [])])
    ctl.solve(on_model=lambda m: m.symbols(shown=True))
    return time.perf_counter() - start, cpu_seconds() - used


def child(argv: Sequence[str]) -> int:
    """One measure in this fresh process (``targets.py ours CASE`` or ``targets.py clingo FACTS RULES...``).

    Prints its time and peak memory as JSON. The clingo child imports nothing of ours.
    """
    kind, path, *files = argv
    seconds, cpu = _child_ours(path) if kind == "ours" else _child_clingo(path, files)
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mib": _peak_mib()}))
    return 0


def _measure(kind: str, path: Path) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), kind, str(path)]
    if kind == "clingo":
        command += rule_paths()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def write_case(tmp: Path, size: Size, seed: int = 1) -> tuple[Path, Path, int, int]:
    """A generated case and its facts as text; with its number of states and of memberships."""
    from reasoner.language.read import load_case

    case_path = tmp / f"case-{size.alliances}-{size.steps}-{size.density:g}.casus"
    case_path.write_text(generate(seed, size), encoding="utf-8")
    facts = case_path.with_suffix(".lp")
    facts.write_text(facts_text(case_path), encoding="utf-8")
    case = load_case(case_path)
    return case_path, facts, len(case.states), sum(len(a.members) for a in case.alliances)


def paired(case: Path, facts: Path, repeat: int) -> tuple[list[dict[str, float]], list[dict[str, float]]]:
    """``repeat`` measures of ours and of clingo alone, alternated."""
    ours, base = [], []
    for _ in range(repeat):
        ours.append(_measure("ours", case))
        base.append(_measure("clingo", facts))
    return ours, base


def _best(measures: list[dict[str, float]], key: str) -> float:
    return min(m[key] for m in measures)


def _median(measures: list[dict[str, float]], key: str) -> float:
    return statistics.median(m[key] for m in measures)


def large(tmp: Path, repeat: int, states: int = 2000) -> str:
    case, facts, drawn, _ = write_case(tmp, sized(states))
    ours, base = paired(case, facts, repeat)
    rows = []
    for label, pick in (("best", _best), ("median", _median)):
        t_ours, t_base = pick(ours, "seconds"), pick(base, "seconds")
        c_ours, c_base = pick(ours, "cpu"), pick(base, "cpu")
        m_ours, m_base = pick(ours, "peak_mib"), pick(base, "peak_mib")
        rows.append(
            [label, f"{t_ours:.2f}", f"{t_base:.2f}", f"{t_ours / t_base:.2f}x", f"{c_ours:.2f}", f"{c_base:.2f}",
             f"{c_ours / c_base:.2f}x", f"{m_ours:.0f}", f"{m_base:.0f}", f"{m_ours / m_base:.2f}x"]
        )  # fmt: skip
    return f"{drawn} states, {repeat} runs of each, alternated, in process:\n\n" + table(
        ["of the runs", "ours (s)", "clingo alone (s)", "time ratio", "ours, CPU (s)", "clingo, CPU (s)",
         "CPU ratio", "ours, peak (MiB)", "clingo, peak (MiB)", "memory ratio"],
        rows,
    )  # fmt: skip


def growth(tmp: Path, repeat: int, states: Sequence[int], steps: Sequence[int]) -> str:
    sizes = [sized(s) for s in states] + [sized(500, n) for n in steps]
    rows = []
    for size in sizes:
        case, facts, drawn, memberships = write_case(tmp, size)
        ours, base = paired(case, facts, repeat)
        t_ours, t_base = _best(ours, "seconds"), _best(base, "seconds")
        c_ours, c_base = _best(ours, "cpu"), _best(base, "cpu")
        cost = memberships * size.steps
        rows.append(
            [drawn, size.alliances, size.steps, cost, f"{t_ours:.3f}", f"{t_base:.3f}", f"{t_ours / t_base:.2f}x",
             f"{c_ours:.3f}", f"{c_base:.3f}", f"{c_ours / c_base:.2f}x", f"{c_ours / cost * 1e6:.1f}",
             f"{_best(ours, 'peak_mib'):.0f}", f"{_best(base, 'peak_mib'):.0f}"]
        )  # fmt: skip
    return f"best of {repeat} runs of each, in process:\n\n" + table(
        ["states", "pacts", "steps", "members x steps", "ours (s)", "clingo alone (s)", "ratio", "ours, CPU (s)",
         "clingo, CPU (s)", "CPU ratio", "ours CPU per member-step (us)", "ours, peak (MiB)", "clingo, peak (MiB)"],
        rows,
    )  # fmt: skip


# -- a batch: in process ----------------------------------------------------------------------------


def one_grounding(texts: Sequence[str], files: Sequence[Path]) -> None:
    """Clingo alone on one grounding of many cases: our indexed program, all facts as one text."""
    import clingo

    from reasoner.solving.joint import indexed_program

    program = indexed_program(tuple(files))
    assert program is not None
    ctl = clingo.Control(["--models=2"], logger=lambda code, message: None)
    with clingo.ast.ProgramBuilder(ctl) as builder:
        for statement in program:
            builder.add(statement)
    ctl.add("base", [], "".join(texts))
    ctl.ground([("base", [])])
    ctl.solve(on_model=lambda m: m.symbols(shown=True))


def indexed_texts(paths: Sequence[Path]) -> list[str]:
    """Each case's facts in the indexed form the joint program reads, as text."""
    from reasoner.language.read import load_case
    from reasoner.solving.facts import case_facts
    from reasoner.solving.joint import indexed_text

    facts = [case_facts(load_case(p)) for p in paths]
    return [indexed_text(facts)]


def write_cases(folder: Path, count: int, size: Size, first_seed: int = 0) -> list[Path]:
    """``count`` generated cases of one size, seeds counting up from ``first_seed``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(first_seed, first_seed + count):
        path = folder / f"case-{seed}.casus"
        path.write_text(generate(seed, size), encoding="utf-8")
        paths.append(path)
    return paths


def batch_target(tmp: Path, count: int = BATCH_CASES) -> str:
    from reasoner.reports.batch import batch, batch_table
    from reasoner.solving.engine import find_doctrine, rule_files

    doctrine = find_doctrine("moderate")
    paths = write_cases(tmp / f"target-batch-{count}", count, BATCH_SIZE)
    texts = indexed_texts(paths)
    names = [str(p) for p in paths]
    start, used = time.perf_counter(), cpu_seconds()
    batch_table(batch(names, [doctrine]).rows)
    ours, ours_cpu = time.perf_counter() - start, cpu_seconds() - used
    start, used = time.perf_counter(), cpu_seconds()
    one_grounding(texts, rule_files(doctrine))
    floor, floor_cpu = time.perf_counter() - start, cpu_seconds() - used
    heading = f"{count:,} cases of {BATCH_SIZE.members} members x {BATCH_SIZE.alliances} alliances, 1 run, in process"
    return f"{heading}:\n\n" + table(
        ["cases", "`casus batch` (s)", "clingo alone, one grounding (s)", "ratio", "ours, CPU (s)",
         "clingo, CPU (s)", "CPU ratio", "ours per case (ms)"],
        [[f"{count:,}", f"{ours:.2f}", f"{floor:.2f}", f"{ours / floor:.2f}x", f"{ours_cpu:.2f}", f"{floor_cpu:.2f}",
          f"{ours_cpu / floor_cpu:.2f}x", f"{ours / count * 1000:.2f}"]],
    )  # fmt: skip


if __name__ == "__main__":
    raise SystemExit(child(sys.argv[1:]))
