"""Many cases at once (``casus batch``): one row per case and doctrine.

Each row says what a doctrine concludes about a case in brief: the actual
breaches, the justified ones with their grounds, the blameworthy ones, and
the claims forfeited; or, for a case that cannot be read or solved, the
error. A broken case never stops the others. Cases are solved many to a
grounding (``reasoner.solving.joint``), and across processes with ``jobs``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from reasoner.common.errors import CasusError, Diagnostic, render, visible
from reasoner.common.limits import start_child_process
from reasoner.language.model import Case
from reasoner.language.read import load_case
from reasoner.reports.compare import statuses
from reasoner.reports.layout import Grid, grid, plain
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, CaseResult, Doctrine, Solution
from reasoner.solving.joint import DEFAULT_CHUNK, solve_cases

BATCH_SCHEMA = "casus.batch/1"

#: The file extension of case files found in folders.
CASE_SUFFIX = ".casus"


@dataclass(frozen=True)
class Finding:
    """Something a doctrine concludes about one ordered pair (X owes Y), at the times listed."""

    owes: str
    to: str
    times: tuple[int | str, ...]
    grounds: tuple[str, ...] = ()

    def text(self) -> str:
        """``France -> Greece at 8, 9 (entrapment)``; a run of three or more steps as ``4..7``."""
        return _text(self.owes, self.to, self.times, self.grounds)

    def json(self) -> dict[str, object]:
        item: dict[str, object] = {"owes": self.owes, "to": self.to, "times": list(self.times)}
        if self.grounds:
            item["grounds"] = list(self.grounds)
        return item


def _times_text(times: Sequence[int | str]) -> str:
    runs: list[list[int | str]] = []
    for t in times:
        last = runs[-1][-1] if runs else None
        if isinstance(t, int) and isinstance(last, int) and t == last + 1:
            runs[-1].append(t)
        else:
            runs.append([t])
    return ", ".join(f"{r[0]}..{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _text(owes: str, to: str, times: Sequence[int | str], grounds: Sequence[str]) -> str:
    because = f" ({', '.join(grounds)})" if grounds else ""
    return f"{owes} -> {to} at {_times_text(times)}{because}"


def cell_text(findings: Sequence[Finding]) -> str:
    """Findings in one cell; allies owing the same state at the same times share one entry."""
    merged: dict[tuple[str, tuple[int | str, ...], tuple[str, ...]], list[str]] = defaultdict(list)
    for f in findings:
        merged[(f.to, f.times, f.grounds)].append(f.owes)
    return "; ".join(_text(", ".join(owes), to, times, grounds) for (to, times, grounds), owes in merged.items())


@dataclass(frozen=True)
class BatchRow:
    """One case under one doctrine: its findings, or the error that stopped it."""

    case: str
    title: str | None
    doctrine: str
    breaches: tuple[Finding, ...] = ()
    justified: tuple[Finding, ...] = ()
    blameworthy: tuple[Finding, ...] = ()
    forfeited: tuple[Finding, ...] = ()
    error: str | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None


#: The finding columns of a row, with their headings.
FINDINGS = {
    "breaches": "breaches",
    "justified": "justified breaches",
    "blameworthy": "blameworthy breaches",
    "forfeited": "claims forfeited",
}


def _findings(result: CaseResult, keep: Callable[..., tuple[str, ...] | None]) -> tuple[Finding, ...]:
    """The points where ``keep(status)`` gives grounds (``()`` for none), grouped by pair and grounds."""
    grouped: dict[tuple[str, str, tuple[str, ...]], list[int]] = defaultdict(list)
    for (owes, to, time), status in statuses(result.solutions[0]).items():
        grounds = keep(status)
        if grounds is not None:
            grouped[(owes, to, grounds)].append(time)
    return tuple(
        Finding(owes, to, tuple(result.time_json(t) for t in sorted(times)), grounds)
        for (owes, to, grounds), times in sorted(grouped.items())
    )


def row_of(case: Case, result: CaseResult) -> BatchRow:
    """The row of a case solved under one doctrine (``result`` holds that one solution)."""
    return BatchRow(
        case=case.file,
        title=case.title,
        doctrine=result.solutions[0].doctrine.name,
        breaches=_findings(result, lambda s: () if s.breach else None),
        justified=_findings(result, lambda s: s.grounds if s.breach and s.grounds else None),
        blameworthy=_findings(result, lambda s: () if s.breach and s.blameworthy else None),
        forfeited=_findings(result, lambda s: () if s.forfeited else None),
    )


def error_text(error: CasusError) -> str:
    """An error in one line, for a row: ``file:line:col: message``."""
    first = error.diagnostics[0] if error.diagnostics else None
    if first is None:
        return str(error) or "failed"
    return f"{first.source}: {first.message}" if first.source else first.message


@dataclass(frozen=True)
class Failure:
    """Why a case has no result under a doctrine: the messages, and the exit code they call for.

    Kept as diagnostics (not text), so that the command line prints them in the
    chosen message format; plain data, so that it comes back from ``--jobs`` workers.
    """

    diagnostics: tuple[Diagnostic, ...]
    exit_code: int

    @classmethod
    def of(cls, error: CasusError) -> Failure:
        return cls(tuple(error.diagnostics), error.exit_code)

    def text(self) -> str:
        """The messages as the command line prints them as text, each with its source line."""
        return "\n".join(render(d) for d in self.diagnostics)


@dataclass(frozen=True)
class Part:
    """The rows of some cases, and the failures among them (for standard error and the exit code)."""

    rows: list[BatchRow]
    errors: list[Failure]


def solve_paths(paths: Sequence[str], doctrines: Sequence[Doctrine], time_limit: float = DEFAULT_TIME_LIMIT) -> Part:
    """Read and solve case files; every case gives one row per doctrine, whatever goes wrong."""
    rows: dict[str, list[BatchRow]] = {}
    errors: list[Failure] = []
    cases: list[Case] = []
    for path in paths:
        try:
            cases.append(load_case(path))
        except CasusError as err:
            rows[path] = [BatchRow(path, None, d.name, error=error_text(err)) for d in doctrines]
            errors.append(Failure.of(err))
    for outcome in solve_cases(cases, doctrines, time_limit):
        case = outcome.case
        rows[case.file] = []
        for doctrine, solution in zip(doctrines, outcome.solutions, strict=True):
            if isinstance(solution, Solution):
                rows[case.file].append(row_of(case, CaseResult(case, outcome.facts, (solution,))))
            else:
                rows[case.file].append(BatchRow(case.file, case.title, doctrine.name, error=error_text(solution)))
                errors.append(Failure.of(solution))
    return Part([row for path in paths for row in rows[path]], errors)


def case_paths(paths: Iterable[str | Path]) -> list[str]:
    """The case files named: files as given, folders searched (recursively) for ``*.casus``."""
    found: list[str] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(str(p) for p in sorted(path.rglob(f"*{CASE_SUFFIX}")) if p.is_file())
        else:
            found.append(str(path))
    return found


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def batch(
    paths: Sequence[str],
    doctrines: Sequence[Doctrine],
    jobs: int = 1,
    time_limit: float = DEFAULT_TIME_LIMIT,
    advance: Callable[[int], None] | None = None,
) -> Part:
    """Every case's rows, in the order of ``paths``, solved by ``jobs`` processes (see ``parts``)."""
    done = list(parts(paths, doctrines, jobs, time_limit, advance))
    return Part([r for p in done for r in p.rows], [e for p in done for e in p.errors])


def parts(
    paths: Sequence[str],
    doctrines: Sequence[Doctrine],
    jobs: int = 1,
    time_limit: float = DEFAULT_TIME_LIMIT,
    advance: Callable[[int], None] | None = None,
) -> Iterator[Part]:
    """The rows of the cases, a group at a time, in the order of ``paths``, as soon as each group is done.

    ``advance(n)`` is called as each group of ``n`` cases is done. One process
    takes groups of a whole grounding (each group costs a grounding and a forked
    solver process); several take smaller groups, so that all are kept busy.
    A caller that stops early (Ctrl-C) has every group yielded so far; the
    worker processes are then killed, not waited for.
    """
    size = DEFAULT_CHUNK if jobs <= 1 else max(1, min(DEFAULT_CHUNK, -(-len(paths) // (jobs * 4))))
    chunks = list(_chunks(paths, size))
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield solve_paths(chunk, doctrines, time_limit)
            if advance is not None:
                advance(len(chunk))
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=start_child_process)
    try:
        futures = {pool.submit(solve_paths, chunk, doctrines, time_limit): i for i, chunk in enumerate(chunks)}
        waiting: dict[int, Part] = {}
        following = 0
        for future in as_completed(futures):
            i = futures[future]
            waiting[i] = future.result()
            if advance is not None:
                advance(len(chunks[i]))
            while following in waiting:
                yield waiting.pop(following)
                following += 1
    finally:
        _stop(pool)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting for its work: its processes are killed."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join()


def progress(total: int) -> tuple[Callable[[int], None] | None, Callable[[], None]]:
    """A progress bar on standard error when it is a terminal: its ``advance`` and ``close``."""
    if not sys.stderr.isatty() or total < 2:
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="case", file=sys.stderr, leave=False, dynamic_ncols=True)
    return bar.update, bar.close


def _cells(row: BatchRow) -> list[str]:
    return [row.case, row.doctrine, *(cell_text(getattr(row, k)) for k in FINDINGS), row.error or ""]


HEADERS = ["case", "doctrine", *FINDINGS.values(), "error"]


def batch_grid(rows: Sequence[BatchRow]) -> Grid:
    """The rows as a table that wraps to the width it is printed at; empty findings show as ``-``."""
    return grid(HEADERS, [[visible(cell) or "-" for cell in _cells(r)] for r in rows])


def batch_table(rows: Sequence[BatchRow]) -> str:
    """The rows as plain text, 80 columns wide."""
    return plain(batch_grid(rows))


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet will not run: text starting with ``=``, ``+``, ``-``, ``@`` (or a tab or
    carriage return) gets a leading ``'``, so it is shown, not evaluated as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(row: BatchRow) -> list[str]:
    cells = _cells(row)
    return [csv_cell(c) for c in (cells[0], row.title or "", *cells[1:])]


def _json_row(row: BatchRow) -> dict[str, object]:
    return {
        "case": {"file": row.case, "title": row.title},
        "doctrine": row.doctrine,
        **{k: [f.json() for f in getattr(row, k)] for k in FINDINGS},
        "error": row.error,
    }


class Writer:
    """Rows written to a stream as they come, in a format; ``close`` ends the document.

    CSV and JSON are written row by row (each flushed), so that rows already
    solved are on the stream if the batch is stopped, and the document is
    still well formed once ``close`` is called; a table needs every row for its
    widths, so the caller shows it from ``rows`` (``batch_grid``).
    """

    def __init__(self, format: str, stream: TextIO) -> None:
        self.format, self.stream = format, stream
        self.rows: list[BatchRow] = []
        if format == "csv":
            self.csv = csv.writer(stream, lineterminator="\n")
            self.csv.writerow(["case", "title", "doctrine", *FINDINGS, "error"])
        elif format == "json":
            stream.write(f'{{\n  "schema": {json.dumps(BATCH_SCHEMA)},\n  "rows": [')

    def write(self, rows: Sequence[BatchRow]) -> None:
        for row in rows:
            if self.format == "csv":
                self.csv.writerow(_csv_row(row))
            elif self.format == "json":
                item = json.dumps(_json_row(row), indent=2, ensure_ascii=False).replace("\n", "\n    ")
                self.stream.write(("," if self.rows else "") + "\n    " + item)
            self.rows.append(row)
        self.stream.flush()

    def close(self) -> None:
        if self.format == "json":
            self.stream.write("\n  ]\n}\n" if self.rows else "]\n}\n")
        self.stream.flush()


def _written(format: str, rows: Sequence[BatchRow]) -> str:
    out = io.StringIO()
    writer = Writer(format, out)
    writer.write(rows)
    writer.close()
    return out.getvalue()


def batch_csv(rows: Sequence[BatchRow]) -> str:
    """The rows as CSV, one line per case and doctrine; several findings in a cell are joined by '; '."""
    return _written("csv", rows)


def batch_json(rows: Sequence[BatchRow]) -> str:
    """The rows as JSON (schema ``casus.batch/1``): findings as lists of objects."""
    return _written("json", rows)


FORMATS: dict[str, Callable[[Sequence[BatchRow]], str]] = {"table": batch_table, "csv": batch_csv, "json": batch_json}
