"""Checking a case's expectations against what the doctrines conclude (``casus test``).

An ``expect`` statement names doctrines, an ordered pair and a time point
or span; it holds when, at every time point of the span, each doctrine's
status (``reports.compare.status_of``) is the one written. ``updated_text`` writes the
actual statuses back into the case text, splitting an expectation where the
doctrines or the time points part ways; ``expectations_for`` writes a full
set for a case that has none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from reasoner.common.resources import BUNDLED_NAMES
from reasoner.language.build import code
from reasoner.language.check import doctrine_path
from reasoner.language.model import Case, Expectation, Phrase, Time, status_phrases, time_key
from reasoner.language.printer import expectation_text
from reasoner.language.vocabulary import ALL_DOCTRINES, POSITION_PHRASES, is_doctrine_name
from reasoner.reports.compare import Status as Concluded
from reasoner.reports.compare import with_positions
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, Conclusion, Doctrine, analyse, find_doctrine

#: A status, phrase by phrase.
Status = tuple[Phrase, ...]
#: What one doctrine concludes: the status of each (owes, to, solver time) it says anything about.
Statuses = dict[tuple[str, str, int], Status]

#: The status of a pair about which a doctrine concludes nothing.
NOTHING: Status = (("not-triggered", ()),)


#: The comment over a full set of expectations written for a case that had none.
GENERATED_HEADER = "# What each doctrine concludes: casus test checks it, casus test --update rewrites it."


@dataclass(frozen=True)
class Mismatch:
    """One doctrine concluding other than expected, from one time point to another (``end`` ``None``: at one)."""

    doctrine: str
    start: Time
    end: Time | None
    expected: Status
    actual: Status


@dataclass(frozen=True)
class Outcome:
    """An expectation and where it was not met (nowhere, if it passed)."""

    expectation: Expectation
    mismatches: tuple[Mismatch, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True)
class Actual:
    """A case solved under the doctrines its expectations name: what each concludes, by the name written."""

    case: Case
    statuses: dict[str, Statuses]

    def status(self, doctrine: str, owes: str, to: str, time: Time, positions: bool = True) -> Status:
        """The doctrine's status there; without ``positions``, the phrases that name positions left out."""
        found = self.statuses[doctrine].get((owes, to, time_key(time)), NOTHING)
        return found if positions else tuple(p for p in found if p[0] not in POSITION_PHRASES)

    def span(self, start: Time, end: Time | None) -> list[Time]:
        """The case's time points from ``start`` to ``end`` (just ``start`` when there is no end)."""
        last = time_key(end if end is not None else start)
        return [t for t in self.case.times() if time_key(start) <= time_key(t) <= last]


def named_doctrines(expectation: Expectation) -> tuple[str, ...]:
    """The doctrines an expectation is about, ``all`` spelt out as the bundled ones."""
    return BUNDLED_NAMES if expectation.doctrines == (ALL_DOCTRINES,) else expectation.doctrines


def _doctrine(case: Case, name: str, allow_scripts: bool) -> Doctrine:
    if is_doctrine_name(name):
        return find_doctrine(name)
    found = find_doctrine(str(doctrine_path(case.file, name)), allow_scripts)
    return Doctrine(name, found.path)


def solve_expected(
    case: Case, time_limit: float = DEFAULT_TIME_LIMIT, allow_scripts: bool = False, every: bool = False
) -> Actual:
    """Solve a case under every doctrine its expectations name (with ``every``, the bundled ones too)."""
    names = dict.fromkeys(BUNDLED_NAMES if every else ())
    for e in case.expectations:
        names.update(dict.fromkeys(named_doctrines(e)))
    doctrines = [_doctrine(case, name, allow_scripts) for name in names]
    result = analyse(case, doctrines, time_limit)
    return Actual(case, {s.doctrine.name: _statuses(s.conclusions) for s in result.solutions})


def _statuses(conclusions: Iterable[Conclusion]) -> Statuses:
    grouped: dict[tuple[str, str, int], list[Conclusion]] = defaultdict(list)
    for c in conclusions:
        grouped[(c.owes, c.to, c.time)].append(c)
    return {key: status_phrases(with_positions(Concluded.of(items))) for key, items in grouped.items()}


def names_positions(status: Status) -> bool:
    """Whether a status names a position (``wronged by ally``, ...): only then are positions compared."""
    return any(words in POSITION_PHRASES for words, _ in status)


def outcomes(actual: Actual) -> list[Outcome]:
    """Each expectation of the case with where it was not met.

    An expectation whose status names no position is compared with the
    doctrine's status without its positions; one that names any, with all of them.
    """
    found = []
    for e in actual.case.expectations:
        span = actual.span(e.start, e.end)
        positions = names_positions(e.status)
        mismatches = [
            Mismatch(doctrine, span[first], span[last] if last > first else None, e.status, status)
            for doctrine in named_doctrines(e)
            for first, last, status in _runs(actual, doctrine, e.owes, e.to, span, positions)
            if status != e.status
        ]
        found.append(Outcome(e, tuple(mismatches)))
    return found


def expectations_for(actual: Actual, doctrines: Sequence[str], pairs: Iterable[tuple[str, str]] | None = None,
                     times: Sequence[Time] | None = None, positions: bool = True) -> list[Expectation]:  # fmt: skip
    """Expectations that say what the doctrines conclude, as few as can say it.

    For each pair (by default every pair some doctrine concludes something
    about, or if none does every pair of allies), each doctrine's statuses
    over the time points (by default the whole timeline) are cut into runs of
    one status; runs that several doctrines share become one statement. They
    come pair by pair, then in the order of time, as ``casus compare`` lists them.
    Without ``positions`` the statuses leave the positions out.
    """
    times = list(times if times is not None else actual.case.times())
    if pairs is None:
        pairs = sorted({(o, t) for table in actual.statuses.values() for (o, t, _) in table}) or _allied(actual.case)
    found: list[tuple[tuple[int, int], Expectation]] = []
    for owes, to in pairs:
        runs: dict[tuple[int, int, Status], list[str]] = defaultdict(list)
        for doctrine in doctrines:
            for first, last, status in _runs(actual, doctrine, owes, to, times, positions):
                runs[(first, last, status)].append(doctrine)
        for (first, last, status), named in runs.items():
            every = tuple(named) == BUNDLED_NAMES and len(doctrines) == len(BUNDLED_NAMES)
            written = (ALL_DOCTRINES,) if every else named
            end = times[last] if last > first else None
            expectation = Expectation(tuple(written), owes, to, times[first], end, status)
            found.append(((first, doctrines.index(named[0])), expectation))
    return [e for _, e in sorted(found, key=lambda item: (item[1].owes, item[1].to, item[0]))]


def _runs(
    actual: Actual, doctrine: str, owes: str, to: str, times: Sequence[Time], positions: bool = True
) -> list[tuple[int, int, Status]]:
    """Maximal runs of consecutive time points (as indices) with one status (its positions, or not)."""
    statuses = [actual.status(doctrine, owes, to, t, positions) for t in times]
    runs, index = [], 0
    for status, group in groupby(statuses):
        length = len(list(group))
        runs.append((index, index + length - 1, status))
        index += length
    return runs


def _allied(case: Case) -> list[tuple[str, str]]:
    return sorted({(x, y) for a in case.alliances for x in a.members for y in a.members if x != y})


def updated_text(text: str, actual: Actual, results: Sequence[Outcome]) -> str:
    """The case text with every expectation that was not met rewritten from the actual statuses.

    An expectation the doctrines or time points now part ways on becomes
    several lines in its place; its end-of-line comment stays on the first.
    A case with no expectations gets a full set at its end.
    """
    lines = text.split("\n")
    if not results:
        written = [expectation_text(e) for e in expectations_for(actual, list(BUNDLED_NAMES))]
        body = "\n".join(lines).rstrip("\n")
        return body + "\n\n" + GENERATED_HEADER + "\n" + "\n".join(written) + "\n"
    for outcome in sorted(results, key=lambda o: -_line(o.expectation)):
        if outcome.passed:
            continue
        e = outcome.expectation
        index = _line(e) - 1
        comment = lines[index][len(code(lines[index])) :].strip()
        named = list(named_doctrines(e))
        span = actual.span(e.start, e.end)
        positions = names_positions(e.status)
        replaced = [expectation_text(x) for x in expectations_for(actual, named, [(e.owes, e.to)], span, positions)]
        if comment:
            replaced[0] += "  " + comment
        lines[index : index + 1] = replaced
    return "\n".join(lines)


def _line(e: Expectation) -> int:
    assert e.source is not None
    return e.source.line
