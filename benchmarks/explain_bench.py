"""The cost of explaining every conclusion of a case, as a ratio to plain solving of the same case.

A generated case (``benchmarks/generate.py``: 8 members in each of many
multilateral defence pacts, 20 steps, beliefs, signals, responses, conduct and
attacks) is solved under a doctrine, each measure timed from the case's facts
(already parsed, as a session has them) and repeated ``--repeat`` times; the
median is reported:

- (a) plain solving: ``engine.solve``, what ``casus run`` does for the case:
  ground the rule files with the facts, solve, read the shown conclusions;
- (b) explaining every conclusion: ground and solve the provenance-rewritten
  program (``provenance.solve_traced``), then build the derivation of every
  conclusion: a why for each output atom that holds, and a why or why-not for
  each main question (``main_conclusions``), all in one shared DAG. Every rule
  instance is found down to the case facts; a why-not below a negative
  condition is a node whose own failing rules are built when first walked;
- (b+) the same, with every node of the DAG built: each why-not below each
  negative condition expanded in full (``explain.expand``), as a renderer of
  all the trees would need;
- (c) rendering every tree as text (``explaining.render.views`` and ``text``, one
  document), after (b+), timed on its own;
- (d) the argument view of every conclusion (``explaining.argument``, the default
  of ``casus explain``), read off the trees of (b+) and rendered as text at 80
  columns, timed on its own.

    python benchmarks/explain_bench.py                      # 500, 1,000 and 2,000 states, moderate
    python benchmarks/explain_bench.py --states 2000 --repeat 3 --doctrine idealist
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate
from run import timings

from reasoner.explaining import render as fmt
from reasoner.explaining.argument import argument_views
from reasoner.explaining.explainer import Explainer, expand
from reasoner.explaining.nodes import Display, Node
from reasoner.explaining.provenance import doctrine_program, solve_traced
from reasoner.explaining.queries import conclusions, main_conclusions
from reasoner.language.read import load_case
from reasoner.solving.engine import Doctrine, find_doctrine, solve
from reasoner.solving.facts import Facts, case_facts

#: Members per pact, steps, and pacts and events per step for 2,000 states (1,984 are drawn).
MEMBERS, STEPS, PACTS_PER_2000, EVENTS_PER_STEP_PER_2000 = 8, 20, 450, 100.0


@dataclass
class Row:
    """The medians for one case size."""

    states: int
    conclusions: int
    nodes: int
    plain: float
    explain: float
    expanded: float
    render: float
    argument: float


def median(repeat: int, work: Callable[[], object]) -> float:
    """The median time of ``repeat`` runs."""
    return statistics.median(timings(repeat, work))


def explain_everything(facts: Facts, doctrine: Doctrine) -> tuple[list[Node], Explainer, float, float, int]:
    """(b) and (b+): the roots, the explainer, both times, and the number of distinct nodes."""
    start = time.perf_counter()
    trace = solve_traced(facts, doctrine)
    explainer = Explainer(trace)
    with explainer.batch():
        roots = [explainer.why(atom) for atom in conclusions(trace)]
        for pattern in main_conclusions(trace):
            roots += explainer.explain(pattern)
    built = time.perf_counter()
    nodes = expand(roots)
    return roots, explainer, built - start, time.perf_counter() - start, nodes


def measure(states: int, doctrine: Doctrine, repeat: int, seed: int) -> Row:
    """Generate a case of about ``states`` states and time (a), (b), (b+) and (c) on it."""
    scale = states / 2000
    size = Size(MEMBERS, max(1, round(PACTS_PER_2000 * scale)), STEPS, EVENTS_PER_STEP_PER_2000 * scale)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.casus"
        path.write_text(generate(seed, size), encoding="utf-8")
        case = load_case(path)
        facts = case_facts(case)
        doctrine_program(doctrine.path.resolve())  # parse and rewrite once, as a session would
        plain = median(repeat, lambda: solve(facts, doctrine))
        explain, expanded, render, argument = [], [], [], []
        for _ in range(repeat):
            roots, explainer, built, whole, nodes = explain_everything(facts, doctrine)
            start = time.perf_counter()
            fmt.text(fmt.views(roots, Display(facts)), "all conclusions")
            render.append(time.perf_counter() - start)
            start = time.perf_counter()
            fmt.text(argument_views(roots, Display(facts), explainer.trace.program), "all conclusions", 80)
            argument.append(time.perf_counter() - start)
            explain.append(built)
            expanded.append(whole)
            count = len(conclusions(explainer.trace))
            del roots, explainer
    return Row(
        len(case.states),
        count,
        nodes,
        plain,
        statistics.median(explain),
        statistics.median(expanded),
        statistics.median(render),
        statistics.median(argument),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", default="500,1000,2000", help="case sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--doctrine", default="moderate")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    doctrine = find_doctrine(args.doctrine)
    print(f"doctrine: {args.doctrine}; median of {args.repeat} runs; load average before: {_load()}")
    print()
    print(
        "| states | conclusions | DAG nodes | (a) plain (s) | (b) explain all (s) | (b)/(a) "
        "| (b+) every node built (s) | (b+)/(a) | (c) render text (s) | (d) argument view (s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for states in (int(s) for s in args.states.split(",")):
        r = measure(states, doctrine, args.repeat, args.seed)
        print(
            f"| {r.states} | {r.conclusions} | {r.nodes} | {r.plain:.2f} "
            f"| {r.explain:.2f} | {r.explain / r.plain:.2f}x "
            f"| {r.expanded:.2f} | {r.expanded / r.plain:.2f}x | {r.render:.2f} | {r.argument:.2f} |",
            flush=True,
        )
    print()
    print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
