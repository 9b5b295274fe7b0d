"""Sweeps in one grounding: the varied features of a case as the slots of one open case.

Solving each variant of a sweep as its own case pays for a grounding per
variant. Here the case's varied events become slots of one open case
(``reasoner.solving.choices``): the axes that vary the same event are
grouped, each group is a slot whose versions are its combinations of
values, and the events no axis touches are fixed. The program, with every
doctrine in it, is grounded once, and clingo enumerates its answer sets:
one per variant, so each variant costs a model rather than a grounding.

Whether a variant is a valid case (``casus check``) depends only on the
axes that can make facts contradict or events fall outside a pact: the
axes that move events, and those that change a response's or an action's
kind. Each combination of their values is checked once, on one variant.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

from reasoner.common.errors import CaseError, CasusError
from reasoner.language.check import check_case
from reasoner.language.model import Action, Case, Event, Response, time_key
from reasoner.reports.sweep_axis import Axis, variant_of
from reasoner.solving.choices import Conclusions, OpenCase, Version, every
from reasoner.solving.engine import Doctrine
from reasoner.solving.facts import case_facts, event_facts
from reasoner.solving.joint import indexable

#: A variant's outcome: each doctrine's conclusions, or why it is not a valid case.
Outcome = Conclusions | str


def _groups(axes: Sequence[Axis]) -> list[list[int]]:
    """The axes in groups that vary disjoint sets of events (axes sharing an event are grouped)."""
    groups: list[tuple[set[int], list[int]]] = []
    for i, axis in enumerate(axes):
        events = set(axis.events)
        joined = [g for g in groups if g[0] & events]
        for g in joined:
            groups.remove(g)
            events |= g[0]
        groups.append((events, sorted([i, *(a for g in joined for a in g[1])])))
    return [members for _, members in groups]


def _apply(case: Case, axes: Sequence[Axis], chosen: dict[int, str]) -> list[Event]:
    events = list(case.events)
    for i, value in chosen.items():
        axes[i].apply(events, value)
    return events


def open_sweep(case: Case, axes: Sequence[Axis]) -> tuple[OpenCase, list[list[int]], list[list[tuple[str, ...]]]]:
    """The sweep as an open case; its groups of axes, and each group's combinations of values."""
    groups = _groups(axes)
    touched = {e for axis in axes for e in axis.events}
    untouched = dataclasses.replace(case, events=[e for i, e in enumerate(case.events) if i not in touched])
    fixed = case_facts(untouched)
    symbols = tuple(s for s in fixed.symbols if s.name not in ("time", "next"))
    slots: list[tuple[Version, ...]] = []
    combinations: list[list[tuple[str, ...]]] = []
    for group in groups:
        events = sorted({e for i in group for e in axes[i].events})
        values = list(itertools.product(*(axes[i].values for i in group)))
        versions = []
        for combination in values:
            varied = _apply(case, axes, dict(zip(group, combination, strict=True)))
            facts = tuple(f for e in events for f in event_facts(varied[e]))
            versions.append(Version(facts, tuple(time_key(varied[e].time) for e in events)))
        slots.append(tuple(versions))
        combinations.append(values)
    return OpenCase(symbols, tuple(sorted(fixed.times)), tuple(slots)), groups, combinations


def _checked(axis: Axis, case: Case) -> bool:
    """Whether an axis can change whether a variant is a valid case."""
    kinds = {type(case.events[i].happening) for i in axis.events}
    return axis.field == "time" or (axis.field == "kind" and bool(kinds & {Response, Action}))


def _errors(case: Case, axes: Sequence[Axis]) -> dict[tuple[str, ...], str | None]:
    """Why a variant is not a valid case, by the values of the axes that decide it (``None``: valid)."""
    checked = [i for i, axis in enumerate(axes) if _checked(axis, case)]
    errors: dict[tuple[str, ...], str | None] = {}
    for values in itertools.product(*(axes[i].values for i in checked)):
        edited = variant_of(case, _apply(case, axes, dict(zip(checked, values, strict=True))))
        try:
            check_case(edited)
            errors[values] = None
        except CaseError as err:
            errors[values] = err.diagnostics[0].message
    return errors


def solve_variants(
    case: Case, axes: Sequence[Axis], doctrines: Sequence[Doctrine], time_limit: float
) -> list[Outcome] | None:
    """Every variant's outcome, in the order of the product of the axes' values, from one grounding.

    ``None`` where one grounding cannot stand for the variants solved one by one:
    a doctrine that cannot be indexed, a variant without exactly one answer set, or
    an error (the time limit) that solving the variants one by one reports variant by variant.
    """
    if not axes or not all(indexable(d) for d in doctrines):
        return None
    if any(len(set(a.values)) != len(a.values) for a in axes):
        return None  # a value given twice: the variants are solved one by one, as written
    open_case, groups, combinations = open_sweep(case, axes)
    try:
        solved = every(open_case, doctrines, time_limit)
    except CasusError:  # the time limit, say: solved one by one, each variant gets its own error
        return None
    if solved is None:
        return None
    checked = [i for i, axis in enumerate(axes) if _checked(axis, case)]
    errors = _errors(case, axes)
    sizes = [len(a.values) for a in axes]
    outcomes: list[Outcome | None] = [None] * len(solved)
    for choice, conclusions in solved:
        values: list[str] = [""] * len(axes)
        for group, options, v in zip(groups, combinations, choice, strict=True):
            for i, value in zip(group, options[v], strict=True):
                values[i] = value
        error = errors[tuple(values[i] for i in checked)]
        outcomes[_position(values, axes, sizes)] = error if error is not None else conclusions
    return outcomes  # type: ignore[return-value]


def _position(values: Sequence[str], axes: Sequence[Axis], sizes: Sequence[int]) -> int:
    """A variant's place in ``itertools.product`` order of the axes' values."""
    position = 0
    for value, axis, size in zip(values, axes, sizes, strict=True):
        position = position * size + axis.values.index(value)
    return position
