"""Rendering results for people (plain-text tables) and programs (versioned JSON).

The JSON schemas are documented in ``docs/json.md``; their names carry a
version (``casus.run/1``) that changes whenever a field's meaning does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict

from reasoner.reports.compare import Row, Status, compare, statuses
from reasoner.solving.engine import OUTPUTS, CaseResult, Conclusion

RUN_SCHEMA = "casus.run/1"
COMPARE_SCHEMA = "casus.compare/1"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with a rule under the header, columns padded to fit."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def run_text(result: CaseResult) -> str:
    """One doctrine's conclusions as a table: a row per ordered pair and time point."""
    solution = result.solutions[0]
    found = statuses(solution)
    headers = ["time", "ally", "owes defence to", "triggered", "owed", "breach justified", "claim", "breach"]
    rows = []
    for (owes, to, time), s in sorted(found.items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1])):
        claim = "forfeited" if s.forfeited else "restored" if s.restored else "-"
        breach = ("yes, blameworthy" if s.blameworthy else "yes") if s.breach else "-"
        rows.append(
            [
                result.time_text(time),
                owes,
                to,
                "yes" if s.triggered else "-",
                "yes" if s.owed else "-",
                ", ".join(s.grounds) or "-",
                claim,
                breach,
            ]
        )
    head = f"{result.heading}\ndoctrine: {solution.doctrine.name} ({solution.doctrine.path.name})"
    if not rows:
        return head + "\n\nno conclusions: no duty is triggered and no claim is forfeited\n"
    return f"{head}\n\n{table(headers, rows)}\n"


def compare_rows_text(result: CaseResult, rows: Sequence[Row]) -> str:
    """Rows side by side; a '*' in the first column marks the rows where the doctrines differ."""
    names = [s.doctrine.name for s in result.solutions]
    body = [
        ["*" if r.differs else "", result.time_text(r.time), f"{r.owes} -> {r.to}", *(s.summary() for s in r.statuses)]
        for r in rows
    ]
    return table(["", "time", "ally -> ally", *names], body)


def verdict_rows(result: CaseResult, rows: Sequence[Row]) -> list[list[str]]:
    """For each actual breach among a case's compared rows: the pair, the time and each doctrine's verdict."""
    return [
        [f"{r.owes} -> {r.to}", result.time_text(r.time), *(s.verdict() for s in r.statuses)]
        for r in rows
        if r.is_breach
    ]


def compare_text(result: CaseResult) -> str:
    """A case's comparison: every row side by side, then the verdicts on actual breaches."""
    rows = compare(result.solutions)
    names = [s.doctrine.name for s in result.solutions]
    parts = [result.heading, ""]
    if not rows:
        parts.append("no doctrine concludes anything: no duty is triggered and no claim is forfeited")
    else:
        parts.append(compare_rows_text(result, rows))
    verdicts = verdict_rows(result, rows)
    if verdicts:
        parts += ["", "verdicts on each breach:", table(["breach by -> of duty to", "time", *names], verdicts)]
    return "\n".join(parts) + "\n"


def verdict_table(results: Sequence[CaseResult]) -> str:
    """The verdicts on every breach of several cases in one table (``casus compare`` on many cases)."""
    names = [s.doctrine.name for s in results[0].solutions] if results else []
    rows = [[r.case.title or r.case.file, *v] for r in results for v in verdict_rows(r, compare(r.solutions))]
    return table(["case", "breach by -> of duty to", "time", *names], rows) + "\n"


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
    """One doctrine's status at a row: every conclusion as a field, then the summary and verdict."""
    fields = asdict(status)
    fields["justified"] = list(fields.pop("grounds"))
    return {**fields, "summary": status.summary(), "verdict": status.verdict()}


def compare_json(results: Sequence[CaseResult]) -> str:
    """``casus compare --format json``: rows and verdicts per case (schema ``casus.compare/1``)."""
    cases = []
    for result in results:
        names = [s.doctrine.name for s in result.solutions]
        rows = [
            {
                "owes": r.owes,
                "to": r.to,
                "time": result.time_json(r.time),
                "differs": r.differs,
                "doctrines": {n: status_json(s) for n, s in zip(names, r.statuses, strict=True)},
            }
            for r in compare(result.solutions)
        ]
        cases.append({"case": _case_json(result), "doctrines": names, "rows": rows})
    return json.dumps({"schema": COMPARE_SCHEMA, "cases": cases}, indent=2, ensure_ascii=False) + "\n"
