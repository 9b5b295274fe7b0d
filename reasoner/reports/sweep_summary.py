"""Where each doctrine's verdict flips in a sweep: the simplest description, derived from the table.

For each doctrine, its verdicts are stated in turn, the first that
applies deciding (``no breach when action.kind = assisted; else justified
(entrapment) when ...; otherwise unjustified, blameworthy``). Each verdict
is described by a formula over the varied features in disjunctive normal
form: a disjunction of *terms*, each a conjunction of conditions
``feature = value`` (or ``feature in {v, w}``). Invalid variants are left
out (either answer fits them), and so are the variants stated before.

Each formula is the simplest that matches the table exactly: first the
features the verdict does not depend on are dropped (a feature is dropped
when changing it alone never changes the verdict), then clingo finds the
fewest terms, and among those the fewest conditions, over the remaining
features; at each step the verdict with the simplest formula is stated.
The optimum is proved unless the search reaches its time limit, in which
case the best formula found is given and marked as such.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import clingo
from clingo import Function, Number

from reasoner.common.reserved import PREFIX

#: How long clingo may look for the simplest formula of one verdict, in seconds.
SEARCH_SECONDS = 10.0

#: At most this many terms are sought; a verdict that needs more is described as "a pattern too irregular".
MAX_TERMS = 8

_NAMES = ("used", "allow", "some", "restricts", "covers", "covered", "axis", "value", "at", "inside", "outside", "cube")
(USED, ALLOW, SOME, RESTRICTS, COVERS, COVERED, AXIS, VALUE, AT, INSIDE, OUTSIDE, CUBE) = (
    f"{PREFIX}dnf_{n}" for n in _NAMES
)

_PROGRAM = f"""
{{ {USED}(C) }} :- {CUBE}(C).
:- {USED}(C), C > 1, not {USED}(C-1).
{{ {ALLOW}(C,A,V) : {VALUE}(A,V) }} :- {USED}(C), {AXIS}(A).
{SOME}(C,A) :- {ALLOW}(C,A,_).
:- {USED}(C), {AXIS}(A), not {SOME}(C,A).
{RESTRICTS}(C,A) :- {USED}(C), {VALUE}(A,V), not {ALLOW}(C,A,V).
{COVERS}(C,P) :- {USED}(C), {AT}(P,_,_), {ALLOW}(C,A,V) : {AT}(P,A,V).
:- {COVERS}(C,P), {OUTSIDE}(P).
{COVERED}(P) :- {COVERS}(_,P).
:- {INSIDE}(P), not {COVERED}(P).
#minimize {{ 1@2,C : {USED}(C) }}.
#minimize {{ 1@1,C,A : {RESTRICTS}(C,A) }}.
#show {ALLOW}/3.
#show {RESTRICTS}/2.
"""

#: A condition on one feature: its index and the values it allows.
Condition = tuple[int, tuple[str, ...]]


@dataclass(frozen=True)
class Formula:
    """A disjunction of terms, each a conjunction of conditions; ``proved`` if shown simplest."""

    terms: tuple[tuple[Condition, ...], ...]
    proved: bool = True

    def text(self, labels: Sequence[str]) -> str:
        """The formula in words: ``A = x and B in {y, z}``, terms joined by ``or``."""
        if not self.terms:
            return "never"
        if any(not term for term in self.terms):
            return "always"
        words = [" and ".join(_condition(labels[i], values) for i, values in term) for term in self.terms]
        if len(words) == 1:
            return words[0]
        return " or ".join(f"({w})" if " and " in w else w for w in words)


def _condition(label: str, values: tuple[str, ...]) -> str:
    return f"{label} = {values[0]}" if len(values) == 1 else f"{label} in {{{', '.join(values)}}}"


@dataclass(frozen=True)
class VerdictSummary:
    """One doctrine's verdicts over a sweep: the default one, and a formula for each of the others."""

    doctrine: str
    default: str
    #: The verdicts stated in turn, each with its formula (``None``: too irregular to state).
    others: tuple[tuple[str, Formula | None], ...]

    def text(self, labels: Sequence[str]) -> str:
        """The summary in words: ``moderate: V1 when F1; else V2 when F2; otherwise V3``."""
        if not self.others:
            return f"{self.doctrine}: {self.default} on every variant"
        parts = []
        for n, (verdict, formula) in enumerate(self.others):
            said = formula.text(labels) if formula is not None else "in a pattern too irregular to state simply"
            mark = "" if formula is None or formula.proved else " (the simplest found, not proved so)"
            parts.append(f"{'else ' if n else ''}{verdict} when {said}{mark}")
        return f"{self.doctrine}: " + "; ".join(parts) + f"; otherwise {self.default}"


def relevant(points: dict[tuple[str, ...], str], domains: Sequence[tuple[str, ...]]) -> list[int]:
    """The features on which the verdict depends: changing one of them alone changes it somewhere."""
    found = []
    for i, domain in enumerate(domains):
        for point, verdict in points.items():
            if any(points.get((*point[:i], v, *point[i + 1 :]), verdict) != verdict for v in domain):
                found.append(i)
                break
    return found


def simplest(
    inside: set[tuple[str, ...]], outside: set[tuple[str, ...]], domains: Sequence[tuple[str, ...]], terms: int
) -> Formula | None:
    """A formula of exactly ``terms`` terms, with the fewest conditions, holding on ``inside`` and not on ``outside``.

    ``None`` if no formula of so many terms fits. One term fits exactly when the
    smallest term holding on all of ``inside`` (its *hull*) holds on nothing
    outside; its fewest conditions are then found by trying the hull's conditions
    in growing subsets. More terms are left to clingo.
    """
    if not inside:
        return None
    if terms > 1:
        return _search(inside, outside, domains, terms)
    hull = [tuple(v for v in domain if any(p[i] == v for p in inside)) for i, domain in enumerate(domains)]
    narrowed = [i for i, values in enumerate(hull) if len(values) < len(domains[i])]
    if len(narrowed) > MAX_HULL_CONDITIONS:
        return _search(inside, outside, domains, 1)
    for size in range(len(narrowed) + 1):
        for kept in itertools.combinations(narrowed, size):
            if not any(all(p[i] in hull[i] for i in kept) for p in outside):
                return Formula((tuple((i, hull[i]) for i in kept),))
    return None


#: A one-term formula's conditions are minimised by trying subsets when the hull has at most this many.
MAX_HULL_CONDITIONS = 12


def _search(
    inside: set[tuple[str, ...]], outside: set[tuple[str, ...]], domains: Sequence[tuple[str, ...]], terms: int
) -> Formula | None:
    ctl = clingo.Control(["--opt-mode=opt", "--opt-strategy=usc"], logger=lambda code, message: None)
    with ctl.backend() as backend:
        facts = [Function(CUBE, [Number(c)]) for c in range(1, terms + 1)]
        for a, domain in enumerate(domains):
            facts.append(Function(AXIS, [Number(a)]))
            facts += [Function(VALUE, [Number(a), Number(v)]) for v in range(len(domain))]
        for p, point in enumerate(sorted(inside | outside)):
            facts.append(Function(INSIDE if point in inside else OUTSIDE, [Number(p)]))
            facts += [Function(AT, [Number(p), Number(a), Number(domains[a].index(x))]) for a, x in enumerate(point)]
        for fact in facts:
            backend.add_rule([backend.add_atom(fact)])
    ctl.add("base", [], _PROGRAM)
    ctl.ground([("base", [])])
    best: list[clingo.Symbol] | None = None
    proved = False
    with ctl.solve(yield_=True, async_=True) as handle:
        while True:
            handle.resume()
            if not handle.wait(SEARCH_SECONDS):
                handle.cancel()
                break
            model = handle.model()
            if model is None:
                proved = True
                break
            best = list(model.symbols(shown=True))
    if best is None:
        return None
    return Formula(_terms(best, domains), proved)


def _terms(symbols: Sequence[clingo.Symbol], domains: Sequence[tuple[str, ...]]) -> tuple[tuple[Condition, ...], ...]:
    allowed: dict[int, dict[int, list[str]]] = {}
    restricted: set[tuple[int, int]] = set()
    for s in symbols:
        if s.name == ALLOW:
            c, a, v = (x.number for x in s.arguments)
            allowed.setdefault(c, {}).setdefault(a, []).append(domains[a][v])
        elif s.name == RESTRICTS:
            c, a = (x.number for x in s.arguments)
            restricted.add((c, a))
    terms = []
    for c in sorted(allowed):
        term = tuple(
            (a, tuple(v for v in domains[a] if v in allowed[c][a])) for a in sorted(allowed[c]) if (c, a) in restricted
        )
        terms.append(term)
    return tuple(terms)


def summarise(
    doctrine: str, verdicts: dict[tuple[str, ...], str], domains: Sequence[tuple[str, ...]]
) -> VerdictSummary:
    """One doctrine's verdicts over the valid variants as a list of rules, the first that applies deciding.

    Each step states the verdict with the simplest formula (fewest terms, then
    conditions), the variants already stated counting as either; the verdict
    left last is the ``otherwise``.
    """
    features = relevant(verdicts, domains)
    projected: dict[tuple[str, ...], str] = {}
    for point, verdict in verdicts.items():
        projected.setdefault(tuple(point[i] for i in features), verdict)
    sub = [domains[i] for i in features]
    left = dict(projected)
    said: list[tuple[str, Formula | None]] = []
    while len(set(left.values())) > 1:
        found = _simplest_verdict(left, sub)
        if found is None:
            break
        verdict, formula = found
        said.append((verdict, _lifted(formula, features)))
        left = {p: v for p, v in left.items() if v != verdict}
    remaining = sorted(set(left.values()))
    if len(remaining) > 1:
        said += [(v, None) for v in remaining[:-1]]
    return VerdictSummary(doctrine, remaining[-1], tuple(said))


def _simplest_verdict(
    left: dict[tuple[str, ...], str], domains: Sequence[tuple[str, ...]]
) -> tuple[str, Formula] | None:
    """The verdict stated most simply: fewest terms first, then fewest conditions."""
    for terms in range(1, MAX_TERMS + 1):
        fits = []
        for verdict in sorted(set(left.values())):
            inside = {p for p, v in left.items() if v == verdict}
            formula = simplest(inside, set(left) - inside, domains, terms)
            if formula is not None:
                fits.append((sum(map(len, formula.terms)), verdict, formula))
        if fits:
            _, verdict, formula = min(fits, key=lambda f: (f[0], f[1]))
            return verdict, formula
    return None


def _lifted(formula: Formula, features: Sequence[int]) -> Formula:
    """A formula over the relevant features, with the features numbered as in the whole sweep."""
    return Formula(tuple(tuple((features[i], values) for i, values in t) for t in formula.terms), formula.proved)


def sweep_summaries(
    doctrines: Sequence[str],
    rows: Sequence[tuple[tuple[str, ...], tuple[str, ...] | None]],
    domains: Sequence[tuple[str, ...]],
) -> list[VerdictSummary]:
    """Each doctrine's summary, from the sweep's rows (values, and verdicts or ``None`` if invalid)."""
    found = []
    for k, name in enumerate(doctrines):
        verdicts = {values: v[k] for values, v in rows if v is not None}
        if verdicts:
            found.append(summarise(name, verdicts, domains))
    return found
