"""The cost of explanations, as a ratio to plain solving of the same case.

A generated case (``benchmarks/generate.py``) with about 2,000 states in
multilateral defence pacts, with beliefs, signals, responses, conduct and
attacks, is solved under a doctrine three ways, each timed from the case's
facts (the best of ``--repeat`` runs):

- plain: ``engine.solve``, as ``casus run`` does;
- traced: the provenance-rewritten program (``provenance.solve_traced``);
- explained: traced, then a why tree for every conclusion (every output atom)
  and a why-not tree for every main question left open (``main_conclusions``).

    python benchmarks/explain_bench.py                   # 2,000 states, moderate
    python benchmarks/explain_bench.py --members 8 --alliances 450 --steps 20 --doctrine idealist
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate

from reasoner.engine import OUTPUTS, find_doctrine, solve
from reasoner.explain import Explainer, main_conclusions
from reasoner.facts import case_facts
from reasoner.parse import load_case
from reasoner.provenance import doctrine_program, solve_traced


def best(repeat: int, work: Callable[[], object]) -> tuple[float, object]:
    """The fastest of ``repeat`` runs, with the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=8)
    parser.add_argument("--alliances", type=int, default=450)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--density", type=float, default=100.0, help="events per step")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--doctrine", default="moderate")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    size = Size(args.members, args.alliances, args.steps, args.density)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.casus"
        path.write_text(generate(args.seed, size), encoding="utf-8")
        case = load_case(path)
        facts = case_facts(case)
        doctrine = find_doctrine(args.doctrine)
        doctrine_program(doctrine.path.resolve())  # parse and rewrite once, as a session would

        plain, solution = best(args.repeat, lambda: solve(facts, doctrine))
        traced, _ = best(args.repeat, lambda: solve_traced(facts, doctrine))

        def explain_all() -> int:
            trace = solve_traced(facts, doctrine)
            explainer = Explainer(trace)
            outputs = set(OUTPUTS.items())
            nodes = [explainer.why(a) for a in trace.atoms if (a.name, len(a.arguments)) in outputs]
            for pattern in main_conclusions(trace):
                nodes += explainer.explain(pattern)
            return len(nodes)

        explained, count = best(args.repeat, explain_all)

    states = len(case.states)
    print(f"case: {states} states, {len(case.alliances)} alliances, {len(case.events)} events, {args.steps} steps")
    print(f"doctrine: {args.doctrine}; conclusions: {len(solution.conclusions)}; trees built: {count}")
    print(f"plain solving            {plain:8.3f} s   1.00x")
    print(f"traced solving           {traced:8.3f} s   {traced / plain:.2f}x")
    print(f"explain every conclusion {explained:8.3f} s   {explained / plain:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
