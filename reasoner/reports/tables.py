"""Rendering results for people (tables that wrap to a width) and programs (versioned JSON).

The JSON schemas are documented in ``docs/json.md``; their names carry a
version (``casus.run/1``) that changes whenever a field's meaning does.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from reasoner.reports.compare import Row, Status, compare, status_of, statuses, with_positions
from reasoner.reports.layout import PLAIN_WIDTH, Grid, Styled, grid, plain

if TYPE_CHECKING:
    from rich.console import RenderableType
from reasoner.solving.engine import OUTPUTS, CaseResult, Conclusion

RUN_SCHEMA = "casus.run/1"
COMPARE_SCHEMA = "casus.compare/2"

#: The kinds of status word, by how they begin: what a terminal colours and a page styles.
STATUS_KINDS = (
    ("breach blameworthy", "blameworthy"),
    ("breach justified", "justified"),
    ("breach", "breach"),
    ("suspended", "suspended"),
)

#: The terminal style of each kind of cell (``mark``: the ``*`` where doctrines differ).
KIND_STYLES = {"blameworthy": "bold red", "justified": "green", "breach": "yellow", "suspended": "cyan", "mark": "bold"}


def status_kind(word: str) -> str | None:
    """The kind of a status word (see ``status_of``): ``blameworthy``, ``justified``, ``breach``, ``suspended``."""
    return next((kind for prefix, kind in STATUS_KINDS if word.startswith(prefix)), None)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with a rule under the header, columns padded to fit, never wrapped."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def status_cell(status: Status, positions: bool = False) -> Styled:
    """A doctrine's status at a row, as its word (with ``positions``, then its positions), styled for a terminal."""
    word = with_positions(status) if positions else status_of(status)
    kind = status_kind(word)
    return Styled(word, KIND_STYLES[kind] if kind else "")


def run_view(result: CaseResult) -> list[RenderableType]:
    """One doctrine's conclusions: a row per ordered pair and time point, with its status."""
    solution = result.solutions[0]
    found = statuses(solution)
    doctrine = f"doctrine: {solution.doctrine.name} ({solution.doctrine.path.name})"
    head = Styled.assemble((result.heading, "bold"), "\n", doctrine, "\n")
    if not found:
        return [head, "no conclusions: no duty is triggered and no claim is forfeited"]
    rows = [
        [result.time_text(time), owes, to, status_cell(s, positions=True)]
        for (owes, to, time), s in sorted(found.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))
    ]
    return [head, grid(["time", "ally", "owes defence to", "status"], rows, keep=3)]


def run_text(result: CaseResult, width: int = PLAIN_WIDTH) -> str:
    """``run_view`` as plain text."""
    return plain(*run_view(result), width=width)


def _pair(row: Row) -> str:
    return f"{row.owes} -> {row.to}"


def breach_groups(rows: Sequence[Row]) -> list[list[Row]]:
    """The breaches among the rows, those of one ally's duty at one time with the same verdicts together."""
    groups: dict[tuple[object, ...], list[Row]] = {}
    for r in rows:
        if r.is_breach:
            groups.setdefault((r.to, r.time, *map(status_of, r.statuses)), []).append(r)
    return list(groups.values())


def verdict_grid(result: CaseResult, rows: Sequence[Row]) -> Grid | str:
    """Each doctrine's verdict on each actual breach of a case (or a sentence saying there is none).

    Allies that breach the same duty at the same time with the same verdicts share a row.
    """
    names = [s.doctrine.name for s in result.solutions]
    body = [
        [f"{', '.join(r.owes for r in group)} -> {group[0].to}", result.time_text(group[0].time)]
        + [status_cell(s) for s in group[0].statuses]
        for group in breach_groups(rows)
    ]
    if not body:
        return "no breach under any doctrine"
    return grid(["breach", "time", *names], body, title="verdict on each breach", keep=2)


def timeline_grid(result: CaseResult, rows: Sequence[Row]) -> Grid | str:
    """Every pair at every time point a doctrine says anything about; '*' marks where the doctrines differ."""
    if not rows:
        return "no doctrine concludes anything: no duty is triggered and no claim is forfeited"
    names = [s.doctrine.name for s in result.solutions]
    mark = Styled("*", KIND_STYLES["mark"])
    body = [
        [mark if r.differs else "", result.time_text(r.time), _pair(r), *(status_cell(s, True) for s in r.statuses)]
        for r in rows
    ]
    return grid(["", "time", "ally -> ally", *names], body, title="every time point (* where they differ)", keep=3)


def compare_view(results: Sequence[CaseResult], timeline: bool = False) -> list[RenderableType]:
    """Cases compared: each case's verdicts on its breaches first; then, with ``timeline``, each time-point grid."""
    compared = [(r, compare(r.solutions)) for r in results]
    shown: list[RenderableType] = []
    for result, rows in compared:
        shown += [Styled(result.heading, "bold"), verdict_grid(result, rows), ""]
    if timeline:
        for result, rows in compared:
            shown += [Styled(result.heading, "bold"), timeline_grid(result, rows), ""]
    return shown[:-1]


def compare_text(results: Sequence[CaseResult], timeline: bool = False, width: int = PLAIN_WIDTH) -> str:
    """``compare_view`` as plain text."""
    return plain(*compare_view(results, timeline), width=width)


def conclusion_json(result: CaseResult, c: Conclusion) -> dict[str, object]:
    item: dict[str, object] = {"predicate": c.predicate, "owes": c.owes, "to": c.to, "time": result.time_json(c.time)}
    if c.ground is not None:
        item["ground"] = c.ground
    return item


def _case_json(result: CaseResult) -> dict[str, object]:
    return {"file": result.case.file, "title": result.case.title}


def run_json(result: CaseResult) -> str:
    """``casus run --format json``: every conclusion of one doctrine (schema ``casus.run/1``)."""
    solution = result.solutions[0]
    order = list(OUTPUTS)
    conclusions = sorted(solution.conclusions, key=lambda c: (c.time, c.owes, c.to, order.index(c.predicate)))
    document = {
        "schema": RUN_SCHEMA,
        "case": _case_json(result),
        "doctrine": {"name": solution.doctrine.name, "file": str(solution.doctrine.path)},
        "conclusions": [conclusion_json(result, c) for c in conclusions],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def status_json(status: Status) -> dict[str, object]:
    """One doctrine's status at a row: its status word (with the positions it names), then every conclusion."""
    fields = asdict(status)
    fields["justified"] = list(fields.pop("grounds"))
    fields["positions"] = list(fields["positions"])
    return {"status": with_positions(status), **fields}


def _compared_json(result: CaseResult) -> dict[str, object]:
    names = [s.doctrine.name for s in result.solutions]
    rows = compare(result.solutions)

    def at(r: Row) -> dict[str, object]:
        return {"owes": r.owes, "to": r.to, "time": result.time_json(r.time)}

    breaches = [
        {**at(r), "verdicts": {n: status_of(s) for n, s in zip(names, r.statuses, strict=True)}}
        for r in rows
        if r.is_breach
    ]
    timeline = [
        {**at(r), "differs": r.differs, "doctrines": dict(zip(names, map(status_json, r.statuses), strict=True))}
        for r in rows
    ]
    return {"case": _case_json(result), "doctrines": names, "breaches": breaches, "rows": timeline}


def compare_json(results: Sequence[CaseResult]) -> str:
    """``casus compare --format json``: verdicts on the breaches, then every row, per case (``casus.compare/2``)."""
    cases = [_compared_json(r) for r in results]
    return json.dumps({"schema": COMPARE_SCHEMA, "cases": cases}, indent=2, ensure_ascii=False) + "\n"


#: Lines of text output are wrapped to this width.
WIDTH = 80


def wrapped(text: str, indent: str, hang: str = "    ") -> list[str]:
    """``text`` after ``indent``, wrapped to the width; later lines hang under the indent, ``hang`` further in."""
    under = indent if indent.startswith("#") else " " * len(indent)
    wrapper = textwrap.TextWrapper(WIDTH, initial_indent=indent, subsequent_indent=under + hang, break_on_hyphens=False)
    return wrapper.wrap(text) or [indent]
