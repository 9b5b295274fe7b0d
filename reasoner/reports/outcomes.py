"""The results of ``casus test``: for people (text), for programs (JSON) and for CI (JUnit XML).

Text shows each expectation that was not met as expected against actual,
with the case line it is written on, and ends with the plain line
``N passed, N failed``. The JSON schema (``casus.test/1``) is documented in
``docs/json.md``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from reasoner.common.errors import Diagnostic
from reasoner.language.model import Time, format_time, status_text
from reasoner.language.printer import expectation_text
from reasoner.reports.expectations import Outcome

TEST_SCHEMA = "casus.test/1"


@dataclass
class CaseRun:
    """One case file's expectations and how each fared, or why the case could not be run."""

    file: str
    title: str | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    #: The errors that kept the case from being run (it then counts as one failure).
    errors: list[Diagnostic] = field(default_factory=list)
    #: The exit code those errors carry (0 when there are none).
    exit_code: int = 0

    @property
    def passed(self) -> int:
        return sum(o.passed for o in self.outcomes)

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes) + (1 if self.errors else 0)


def summary_line(runs: Sequence[CaseRun]) -> str:
    """The closing line: ``N passed, N failed``."""
    return f"{sum(r.passed for r in runs)} passed, {sum(r.failed for r in runs)} failed"


def _head(outcome: Outcome) -> str:
    """The expectation without its status: what it is about."""
    text = expectation_text(outcome.expectation)
    return text[: text.rindex(": ")]


def failure_text(file: str, outcome: Outcome) -> str:
    """One expectation not met: where it is written, then expected against actual for each doctrine and time."""
    e = outcome.expectation
    line = e.source.line if e.source else 0
    out = [f"FAILED {file}:{line}: {_head(outcome)}"]
    for m in outcome.mismatches:
        when = f"at {format_time(m.start)}" if m.end is None else f"from {format_time(m.start)} to {format_time(m.end)}"
        out.append(f"  {m.doctrine} {when}:")
        out.append(f"    expected: {status_text(m.expected)}")
        out.append(f"    actual:   {status_text(m.actual)}")
    return "\n".join(out)


def tests_text(runs: Sequence[CaseRun]) -> str:
    """A line per case file, then every failure, then the summary line."""
    out = []
    for run in runs:
        if run.errors:
            out.append(f"{run.file}: could not be run")
        else:
            out.append(f"{run.file}: {run.passed} passed, {run.failed} failed")
    failures = [failure_text(r.file, o) for r in runs for o in r.outcomes if not o.passed]
    if failures:
        out += ["", *failures]
    return "\n".join([*out, "", summary_line(runs)]) + "\n"


def _time_json(time: Time) -> int | str:
    """A time point for JSON: a step as a number, a date as text."""
    return time if isinstance(time, int) else format_time(time)


def _outcome_json(outcome: Outcome) -> dict[str, object]:
    e = outcome.expectation
    return {
        "line": e.source.line if e.source else None,
        "expectation": expectation_text(e),
        "doctrines": list(e.doctrines),
        "owes": e.owes,
        "to": e.to,
        "start": _time_json(e.start),
        "end": None if e.end is None else _time_json(e.end),
        "expected": status_text(e.status),
        "passed": outcome.passed,
        "mismatches": [
            {
                "doctrine": m.doctrine,
                "start": _time_json(m.start),
                "end": None if m.end is None else _time_json(m.end),
                "expected": status_text(m.expected),
                "actual": status_text(m.actual),
            }
            for m in outcome.mismatches
        ],
    }


def tests_json(runs: Sequence[CaseRun]) -> str:
    """``casus test --format json`` (schema ``casus.test/1``)."""
    document = {
        "schema": TEST_SCHEMA,
        "passed": sum(r.passed for r in runs),
        "failed": sum(r.failed for r in runs),
        "cases": [
            {
                "file": r.file,
                "title": r.title,
                "errors": [d.message for d in r.errors],
                "expectations": [_outcome_json(o) for o in r.outcomes],
            }
            for r in runs
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def tests_junit(runs: Sequence[CaseRun]) -> str:
    """``casus test --format junit``: a test suite per case file, a test case per expectation."""
    root = ET.Element("testsuites", name="casus test", tests=str(sum(len(r.outcomes) for r in runs)))
    root.set("failures", str(sum(r.failed for r in runs if not r.errors)))
    root.set("errors", str(sum(1 for r in runs if r.errors)))
    for run in runs:
        suite = ET.SubElement(root, "testsuite", name=run.file, tests=str(len(run.outcomes) or 1))
        suite.set("failures", str(run.failed if not run.errors else 0))
        suite.set("errors", "1" if run.errors else "0")
        if run.errors:
            case = ET.SubElement(suite, "testcase", classname=run.file, name="the case can be run")
            error = ET.SubElement(case, "error", message=run.errors[0].message)
            error.text = "\n".join(str(d.source or "") + ": " + d.message for d in run.errors)
        for outcome in run.outcomes:
            line = outcome.expectation.source.line if outcome.expectation.source else 0
            case = ET.SubElement(suite, "testcase", classname=run.file, name=f"line {line}: {_head(outcome)}")
            case.set("file", run.file)
            case.set("line", str(line))
            if not outcome.passed:
                failure = ET.SubElement(case, "failure", message=f"expected {status_text(outcome.expectation.status)}")
                failure.text = failure_text(run.file, outcome)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
