"""A generator of random but valid cases, for benchmarks and property tests.

A case is sized by the members per alliance, the number of alliances, the
number of time steps and the event density (events per step, on average).
The same seed and sizes always give the same text. Cases are built as case
models and printed by ``casus fmt``'s printer, so they are canonical case
language, and every generated case passes ``load_case``: members are drawn
without repetition, every event names two different declared states, and a
state never both heeds and dismisses (or assists and refrains) at one step.

    python benchmarks/generate.py --seed 7 --members 4 --alliances 2 --steps 20
    python benchmarks/generate.py --count 100 --out /tmp/cases --steps 30
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from reasoner.language import vocabulary as vocab
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    Case,
    Ceasefire,
    Conduct,
    Event,
    Happening,
    Response,
    Signal,
    StateDecl,
    Threat,
)
from reasoner.language.printer import case_text

#: How often each kind of event is drawn, relative to the others.
EVENT_WEIGHTS = {
    "attack": 2,
    "conduct": 2,
    "belief": 2,
    "signal": 2,
    "response": 2,
    "threat": 1,
    "action": 3,
    "ceasefire": 1,
}

PLACES = ("North", "South", "Strait")


@dataclass(frozen=True)
class Size:
    """How big a generated case is."""

    members: int = 3
    alliances: int = 1
    steps: int = 10
    density: float = 1.0


def _alliance(rng: random.Random, index: int, members: list[str], rivals: list[str]) -> Alliance:
    kind = "defence" if rng.random() < 0.85 else rng.choice(vocab.PACT_TYPES)
    return Alliance(
        name=f"Pact{index}",
        kind=kind,
        members=tuple(members),
        arity="bilateral" if len(members) == 2 else "multilateral",
        adversaries=(rng.choice(rivals),) if rng.random() < 0.3 else (),
        scope=(rng.choice(PLACES),) if rng.random() < 0.2 else None,
        unprovoked_only=rng.random() < 0.2,
        start=1,
    )


def _happening(rng: random.Random, kind: str, allies: list[str], rivals: list[str]) -> Happening:
    x, y = rng.sample(allies, 2)
    rival = rng.choice(rivals)
    if kind == "attack":
        place = rng.choice((None, *PLACES))
        return Attack(rival, y, place, target_initiated=rng.random() < 0.1)
    if kind == "conduct":
        return Conduct(y, rival, rng.choice(vocab.CONDUCT_KINDS))
    if kind == "belief":
        values = {k: rng.choice(v) for k, v in vocab.BELIEF_ATTRIBUTES.items()}
        return Belief(x, y, **values)
    if kind == "signal":
        values = {k: rng.choice(v) for k, v in vocab.SIGNAL_ATTRIBUTES.items()}
        return Signal(x, y, **values)
    if kind == "response":
        return Response(y, x, rng.choice(vocab.RESPONSES))
    if kind == "threat":
        values = {k: rng.choice(v) for k, v in vocab.THREAT_ATTRIBUTES.items()}
        return Threat(rival, x, **values)
    if kind == "action":
        return Action(x, y, rng.choice(("assisted", "refrained")))
    return Ceasefire(rival, y)


def _clash_key(h: Happening, time: int) -> tuple[object, ...] | None:
    """Two events with one key could contradict each other; only the first is kept."""
    if isinstance(h, Response):
        return ("response", h.responder, h.to, time)
    if isinstance(h, Action):
        return ("action", h.actor, h.ally, time)
    return None


def generate_case(seed: int, size: Size) -> Case:
    """A random valid case of the given size; the same seed gives the same case."""
    rng = random.Random(f"{seed}:{size.members}:{size.alliances}:{size.steps}:{size.density}")
    pool = max(size.members, round(size.members * size.alliances * 0.75))
    states = [f"State{i}" for i in range(1, pool + 1)]
    rivals = ["RivalA", "RivalB"]
    memberships = [sorted(rng.sample(states, size.members), key=states.index) for _ in range(size.alliances)]
    alliances = [_alliance(rng, i, m, rivals) for i, m in enumerate(memberships, 1)]
    kinds, weights = zip(*EVENT_WEIGHTS.items(), strict=True)
    events: list[Event] = []
    seen: set[tuple[object, ...]] = set()
    for _ in range(round(size.density * size.steps)):
        time = rng.randint(1, size.steps)
        happening = _happening(rng, rng.choices(kinds, weights)[0], rng.choice(memberships), rivals)
        key = _clash_key(happening, time)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        events.append(Event(time, happening))
    events.sort(key=lambda e: e.time)
    used = {s for m in memberships for s in m}
    return Case(
        file=f"generated-{seed}.casus",
        title=f"Generated case {seed}: {size.alliances} x {size.members} members, {size.steps} steps",
        states=[StateDecl(s) for s in states + rivals if s in used or s in rivals],
        alliances=alliances,
        events=events,
    )


def generate(seed: int, size: Size) -> str:
    """A random valid case as case-language text."""
    return case_text(generate_case(seed, size))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write random valid cases in the case language.")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first case (default: 0)")
    parser.add_argument("--members", type=int, default=3, help="members per alliance (default: 3)")
    parser.add_argument("--alliances", type=int, default=1, help="number of alliances (default: 1)")
    parser.add_argument("--steps", type=int, default=10, help="time steps (default: 10)")
    parser.add_argument("--density", type=float, default=1.0, help="events per step on average (default: 1.0)")
    parser.add_argument("--count", type=int, default=1, help="how many cases, seeds counting up (default: 1)")
    parser.add_argument("--out", type=Path, help="write case-SEED.casus files into this folder, not stdout")
    args = parser.parse_args(argv)
    if args.members < 2 or args.alliances < 1 or args.steps < 1 or args.density < 0:
        parser.error("an alliance needs two or more members, and sizes must be positive")
    size = Size(args.members, args.alliances, args.steps, args.density)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
    for seed in range(args.seed, args.seed + args.count):
        text = generate(seed, size)
        if args.out is None:
            sys.stdout.write(text)
        else:
            (args.out / f"case-{seed}.casus").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
