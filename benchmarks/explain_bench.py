"""The cost of explaining every conclusion of a case, beside clingo alone on the same rules and facts.

A generated case (``benchmarks/generate.py``: 8 members in each of many
multilateral defence pacts, 20 steps, beliefs, signals, responses, conduct and
attacks) is solved under a doctrine. Each measure runs in a child process of
its own (a fresh Python), which first reads the case and builds its facts
(untimed, as a session has them), then times the measure ``--repeat`` times
(the median counts, wall and CPU time) and reports its peak memory (``ru_maxrss``, the whole
process: Python, the case, clingo and the measure; the largest of it and the
children it forked, such as the solver under the time limit):

- **base**: nothing more (the memory every child starts from);
- **clingo alone**: a ``clingo.Control`` given the same rule files and the
  case's facts as a program text, grounded and solved (``run.clingo_alone``);
- **plain solving**: ``engine.solve``, what ``casus run`` does for the case;
- **traced solve**: ``provenance.solve_traced``, the rewritten program
  grounded and solved, nothing explained yet; it grounds twice, once in a
  child under the time and memory limits and once in this process, where the
  trace is kept (**no time-limit child** is the second grounding alone);
- **explain every conclusion**: as ``casus explain`` runs it, whole in one
  child under the time and memory limits (so the rewritten program is
  grounded once, in that child, and only the counts come back): the traced
  solve, then the derivation of every conclusion in one shared DAG: a why for each output atom that holds, and a
  why or why-not for each main question (``main_conclusions``), down to the
  case facts (a why-not below a negative condition is built when first walked);
- **full why-not tree, rendered**: the same, then every node built
  (``explainer.expand``: each why-not below each negative condition in full)
  and every tree rendered as terminal text in one document;
- **argument view**: the same DAG, then the argument of every conclusion
  (``argument.argument_views``, the default of ``casus explain``), rendered
  as text at 80 columns.

Ratios are to clingo alone, measured in the same run (times and peaks).

    python benchmarks/explain_bench.py                          # 2,000 states, moderate
    python benchmarks/explain_bench.py --states 500,2000 --repeat 5
    python benchmarks/explain_bench.py --readme > section.md    # for benchmarks/README.md
    python benchmarks/explain_bench.py --against /tmp/before    # beside another checkout, in one run
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate
from run import clingo_alone, machine

from reasoner.solving.engine import find_doctrine, rule_files
from reasoner.solving.facts import Facts, case_facts

#: Members per pact, steps, and pacts and events per step for 2,000 states (1,984 are drawn).
MEMBERS, STEPS, PACTS_PER_2000, EVENTS_PER_STEP_PER_2000 = 8, 20, 450, 100.0

#: The measures, in the order they are run and printed: name and what the table calls it.
MEASURES = {
    "base": "base (case read, facts built)",
    "clingo": "clingo alone (ground + solve)",
    "plain": "plain solving (`engine.solve`)",
    "traced": "traced solve (`solve_traced`)",
    "traced_here": "traced solve, no time-limit child",
    "dag": "explain every conclusion (DAG)",
    "full": "full why-not tree, built and rendered",
    "argument": "argument view, built and rendered",
}


@dataclass
class Figure:
    """What one child process measured: the median wall and CPU times, the peak memory, and counts."""

    measure: str
    seconds: float
    cpu: float
    peak_mib: float
    counts: dict[str, int]


# -- in the child -------------------------------------------------------------------


def _explain_all(facts: Facts, doctrine_spec: str) -> tuple[list, object]:
    """The traced solve and the DAG of every conclusion: the roots and the explainer."""
    from reasoner.explaining.explainer import Explainer
    from reasoner.explaining.provenance import solve_traced
    from reasoner.explaining.queries import conclusions, main_conclusions

    trace = solve_traced(facts, find_doctrine(doctrine_spec))
    explainer = Explainer(trace)
    with explainer.batch():
        roots = [explainer.why(atom) for atom in conclusions(trace)]
        for pattern in main_conclusions(trace):
            roots += explainer.explain(pattern)
    return roots, explainer


def _limited(work: Callable[[], dict[str, int]], counts: dict[str, int]) -> Callable[[], object]:
    """The work as ``casus explain`` runs it: whole, in one child under the time and memory limits."""
    from reasoner.common.limits import DEFAULT_TIME_LIMIT, within_time_limit

    return lambda: counts.update(within_time_limit(work, DEFAULT_TIME_LIMIT, "explaining"))


def _work(measure: str, facts: Facts, doctrine_spec: str, counts: dict[str, int]) -> Callable[[], object]:
    """The work a measure times, from the case's facts."""
    from reasoner.explaining import render as fmt
    from reasoner.explaining.argument import argument_views
    from reasoner.explaining.explainer import expand
    from reasoner.explaining.nodes import Display
    from reasoner.explaining.provenance import doctrine_program, solve_traced
    from reasoner.solving.engine import solve

    doctrine = find_doctrine(doctrine_spec)
    doctrine_program(doctrine.path.resolve())  # parse and rewrite once, as a session would
    if measure == "base":
        return lambda: None
    if measure == "clingo":
        text = "".join(f"{s}.\n" for s in facts.symbols)
        files = rule_files(doctrine)
        return lambda: clingo_alone(text, files)
    if measure == "plain":
        return lambda: solve(facts, doctrine)
    if measure == "traced":
        return lambda: solve_traced(facts, doctrine)
    if measure == "traced_here":  # what the time-limit child costs: the same, in this process only
        from reasoner.explaining import provenance

        program = doctrine_program(doctrine.path.resolve())
        here = getattr(provenance, "_ground_and_solve", None)
        if here is None:  # the code before the trace was built in this process only
            return lambda: provenance._solve_traced_here(facts, doctrine, 60.0, program)  # type: ignore[attr-defined]
        return lambda: provenance.Trace(program, facts, *here(facts, doctrine, 60.0, program))
    if measure == "dag":

        def dag() -> dict[str, int]:
            roots, _ = _explain_all(facts, doctrine_spec)
            return {"roots": len(roots)}

        return _limited(dag, counts)
    if measure == "full":

        def full() -> dict[str, int]:
            roots, _ = _explain_all(facts, doctrine_spec)
            nodes = expand(roots)
            return {"nodes": nodes, "lines": fmt.text(fmt.views(roots, Display(facts)), "all conclusions").count("\n")}

        return _limited(full, counts)
    if measure == "argument":

        def argument() -> dict[str, int]:
            roots, explainer = _explain_all(facts, doctrine_spec)
            shown = argument_views(roots, Display(facts), explainer.trace.program)  # type: ignore[attr-defined]
            return {"lines": fmt.text(shown, "all conclusions", 80).count("\n")}

        return _limited(argument, counts)
    raise ValueError(f"unknown measure {measure}")


def child(measure: str, case: Path, doctrine_spec: str, repeat: int) -> Figure:
    """Read the case, then time one measure ``repeat`` times; the median and this process's peak."""
    from reasoner.language.read import load_case

    loaded = load_case(case)
    facts = case_facts(loaded)
    counts: dict[str, int] = {"states": len(loaded.states), "facts": len(facts.symbols)}
    work = _work(measure, facts, doctrine_spec, counts)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu()
        work()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
        gc.collect()  # what a run left behind (a DAG refers to itself) goes before the next, so the peak is one run's
    own, forked = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    peak = max(own, forked) / 1024  # kilobytes on Linux; a forked solver counts as the process
    return Figure(measure, statistics.median(times), statistics.median(cpu), peak, counts)


def _cpu() -> float:
    """The CPU time of this process and of the children it has waited for (the forked solver), user and system."""
    own, forked = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + forked.ru_utime + forked.ru_stime


# -- in the parent ------------------------------------------------------------------


def run_child(measure: str, case: Path, doctrine: str, repeat: int, tree: Path | None = None) -> Figure:
    """One measure in a fresh Python process (on the package of the checkout ``tree``, if given)."""
    command = [sys.executable, __file__, "--child", measure, "--case", str(case), "--doctrine", doctrine]
    env = {**os.environ, "PYTHONPATH": str(tree)} if tree is not None else None
    done = subprocess.run([*command, "--repeat", str(repeat)], check=True, capture_output=True, text=True, env=env)
    data = json.loads(done.stdout.strip().splitlines()[-1])
    return Figure(**data)


def case_file(folder: Path, states: int, seed: int) -> Path:
    """A generated case of about ``states`` states, written to ``folder``."""
    scale = states / 2000
    size = Size(MEMBERS, max(1, round(PACTS_PER_2000 * scale)), STEPS, EVENTS_PER_STEP_PER_2000 * scale)
    path = folder / f"generated-{states}.casus"
    path.write_text(generate(seed, size), encoding="utf-8")
    return path


def load() -> str:
    """The load averages over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def table(rows: Sequence[tuple[str, list[Figure]]]) -> str:
    """The figures as a Markdown table: each measure's time and peak, and both as ratios to clingo alone."""
    lines = [
        "| states | measure | time (s) | x clingo alone | CPU (s) | x clingo alone | peak memory (MiB) "
        "| x clingo alone |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for states, figures in rows:
        clingo = next(f for f in figures if f.measure == "clingo")
        for f in figures:
            timed = f.measure != "base"
            cells = [
                f"{f.seconds:.2f}" if timed else "",
                f"{f.seconds / clingo.seconds:.2f}x" if timed else "",
                f"{f.cpu:.2f}" if timed else "",
                f"{f.cpu / clingo.cpu:.2f}x" if timed else "",
                f"{f.peak_mib:.0f}",
                f"{f.peak_mib / clingo.peak_mib:.2f}x",
            ]
            lines.append(f"| {states} | {MEASURES[f.measure]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def counts_line(rows: Sequence[tuple[str, list[Figure]]]) -> str:
    """What the cases held and what was built: states, facts, roots, DAG nodes, lines rendered."""
    parts = []
    for states, figures in rows:
        counts: dict[str, int] = {}
        for f in figures:
            counts.update({k: v for k, v in f.counts.items() if k not in ("lines",)})
        full = next((f for f in figures if f.measure == "full"), None)
        lines = f", {full.counts['lines']:,} lines of full trees" if full and "lines" in full.counts else ""
        parts.append(
            f"{states} states asked ({counts.get('states', 0):,} drawn): {counts.get('facts', 0):,} facts, "
            f"{counts.get('roots', 0):,} trees, {counts.get('nodes', 0):,} DAG nodes built in full{lines}"
        )
    return "; ".join(parts)


def readme(rows: Sequence[tuple[str, list[Figure]]], command: str, loads: tuple[str, str], commit: str) -> str:
    """The section for ``benchmarks/README.md`` (between its ``bench:explain`` markers)."""
    return "\n".join(
        [
            f"Measured with `{command}` at commit {commit}, {datetime.date.today().isoformat()}; load average",
            f"(1, 5, 15 minutes) {loads[0]} at the start and {loads[1]} at the end.",
            "",
            machine(),
            "",
            "Each measure ran in a fresh Python process of its own, which read the case and built its facts",
            "first (not timed). **Times** are in process: the median of the runs of the measure alone, from",
            "the facts (the rewritten doctrine parsed once beforehand, as a session has it); wall time, and the",
            "CPU time of the process and the solver it forks (user and system: less moved by other work on the",
            "machine than the wall time, so the steadier ratio on a shared machine). **Peak memory** is",
            "the whole process (`ru_maxrss`: Python, the case, clingo and the measure; the larger of the process",
            "and the solver it forks under the time limit); *base* is a process that only read the case.",
            "Ratios are to clingo alone in the same run.",
            "",
            table(rows),
            "",
            counts_line(rows) + ".",
        ]
    )


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", default="2000", help="case sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--doctrine", default="moderate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure, the median counts (default: 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", help="measures to run, comma-separated (clingo alone always runs)")
    parser.add_argument("--readme", action="store_true", help="print the section for benchmarks/README.md")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="CHECKOUT",
        help="also run every measure on the package of another checkout (say, the code before a change), "
        "interleaved with this one's, each against its own clingo alone",
    )
    parser.add_argument("--child", choices=MEASURES, help=argparse.SUPPRESS)
    parser.add_argument("--case", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figure = child(args.child, args.case, args.doctrine, args.repeat)
        print(json.dumps(figure.__dict__))
        return 0

    wanted = [m for m in MEASURES if not args.only or m in ("base", "clingo") or m in args.only.split(",")]
    start_load = load()
    if not args.readme:
        print(f"doctrine: {args.doctrine}; median of {args.repeat} runs; load average at start: {start_load}")
    trees: dict[str, Path | None] = {"": None}
    if args.against:
        trees = {f" ({args.against.name})": args.against.resolve(), " (this checkout)": None}
    rows: list[tuple[str, list[Figure]]] = []
    with tempfile.TemporaryDirectory() as folder:
        for states in (int(s) for s in args.states.split(",")):
            case = case_file(Path(folder), states, args.seed)
            figures: dict[str, list[Figure]] = {name: [] for name in trees}
            for measure in wanted:  # interleaved, so that both checkouts see the same load
                for name, tree in trees.items():
                    repeat = 1 if measure == "base" else args.repeat
                    figures[name].append(run_child(measure, case, args.doctrine, repeat, tree))
            for name in trees:
                rows.append((f"{states:,}{name}", figures[name]))
                if not args.readme:
                    print(table([rows[-1]]), flush=True)
    if args.readme:
        command = "python benchmarks/explain_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
        print(readme(rows, command.strip(), (start_load, load()), _commit()))
    else:
        print(counts_line(rows))
        print(f"load average at end: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
