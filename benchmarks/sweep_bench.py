"""Sweeps in one grounding beside a Control per variant: the cost of one variant each way.

    python benchmarks/sweep_bench.py              # 2^10 and 2^16 variants of France and Greece
    python benchmarks/sweep_bench.py --quick      # 2^6 variants, seconds

The sweep varies up to 16 two-valued features of ``cases/france_greece.casus``
(policies, the belief's four attributes, both warnings' level, channel and
clarity, the responses and France's action) under the three bundled doctrines.
Three ways are timed, each per variant:

- **one grounding**: ``reasoner.reports.sweep.sweep``, as ``casus sweep`` runs it
  (the variants are the models of one open program; rows compared and the
  table built, the summary of where verdicts change not included);
- **one case per variant (joint)**: each variant solved as its own case in the
  case-indexed joint grounding of ``reasoner.solving.joint``, as sweeps ran before;
- **a Control per variant**: ``engine.analyse`` on each variant (a fresh
  ``clingo.Control`` per variant and doctrine), on a sample of the variants.

Prints Markdown; ratios are taken within one run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import machine  # noqa: E402

from reasoner.common.resources import DOCTRINES  # noqa: E402
from reasoner.language.read import load_case  # noqa: E402
from reasoner.reports.sweep import _one_by_one, parse_axis, sweep, variants  # noqa: E402
from reasoner.solving.engine import analyse, find_doctrine  # noqa: E402

#: The varied features, two values each, in the order they are added.
FEATURES = (
    "policy@20.kind=offensive,treaty-specified",
    "belief.likelihood=high,moderate",
    "belief.horizon=imminent,long-term",
    "belief.evidence=objective,none",
    "belief.faith=good,bad",
    "signal@22.level=ministerial,official",
    "signal@22.channel=diplomatic,public",
    "signal@22.clarity=clear,ambiguous",
    "response@23.kind=dismissed,heeded",
    "signal@24.level=head-of-state,official",
    "signal@24.channel=direct,public",
    "signal@24.clarity=clear,ambiguous",
    "response@25.kind=dismissed,heeded",
    "action.kind=refrained,assisted",
    "response@28.kind=reversed,dismissed",
    "policy@29.kind=treaty-specified,risky",
)

#: How many variants the Control-per-variant way solves (its cost per variant hardly depends on the count).
SAMPLE = 300


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(features: int, joint_sample: int) -> list[object]:
    case = load_case(ROOT / "cases" / "france_greece.casus")
    doctrines = [find_doctrine(d) for d in DOCTRINES]
    specs = list(FEATURES[:features])
    count = 2**features
    together = seconds(lambda: sweep(case, specs, doctrines, max_variants=2**20))
    axes = tuple(parse_axis(s, case) for s in specs)
    sample = [v for _, v in variants(case, axes)[:: max(1, count // SAMPLE)]][:SAMPLE]
    per_control = seconds(lambda: [analyse(v, doctrines) for v in sample]) / len(sample)
    sub = tuple(parse_axis(s, case) for s in specs[: min(features, joint_sample)])
    joint_count = 2 ** len(sub)
    per_joint = seconds(lambda: _one_by_one(case, sub, doctrines, 60.0)) / joint_count
    per_variant = together / count
    return [
        count,
        f"{together:.2f}",
        f"{per_variant * 1e6:.0f}",
        f"{per_joint * 1e6:.0f} ({joint_count})",
        f"{per_control * 1e6:.0f} ({len(sample)})",
        f"{per_control / per_variant:.0f}",
        f"{per_joint / per_variant:.1f}",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2^6 variants only")
    args = parser.parse_args(argv)
    sizes = [6] if args.quick else [10, 16]
    headers = [
        "variants",
        "one grounding (s)",
        "one grounding, per variant (us)",
        "one case per variant, joint (us; variants)",
        "Control per variant (us; variants)",
        "ratio to Control per variant",
        "ratio to joint",
    ]
    rows = [measure(n, joint_sample=10) for n in sizes]
    print("#### Machine\n\n" + machine() + "\n")
    print("#### Sweeps of France and Greece under the three doctrines\n")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(map(str, row)) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
