"""What the workbench asks of a case text: its diagnostics, its verdicts, an explanation, a contrast, a what-if.

Each task takes the text as the editor holds it and returns plain data (dicts
of strings and numbers) that the server sends as JSON. A task runs in a worker
process of the server's pool. It writes the text as a file in a fresh folder
beside the bundled cases' folders (so that ``include "treaties/..."`` finds
the shared treaty files) and reads it with the real reader and checker
(``load_case``), so that diagnostics and explanations cite the file by the
name the editor shows. Solving goes through the engine as on the command
line: in a forked child killed when the time limit is reached
(``common.limits.within_time_limit``), so a runaway case costs its worker
at most the time limit per doctrine and never stalls the server. An
explanation or a contrast runs whole in one such child, as ``casus explain``
does, so the rewritten program is grounded once.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from reasoner import api
from reasoner.common.errors import CaseError, CasusError, Diagnostic
from reasoner.common.limits import within_time_limit
from reasoner.common.resources import data_dir
from reasoner.explaining.render import View
from reasoner.language.model import Case, Include
from reasoner.language.read import MAX_CASE_BYTES, load_case, parse_text
from reasoner.reports import whatif as whatifs
from reasoner.reports.compare import compare, status_of
from reasoner.reports.whatif_apply import NotInText, applied
from reasoner.reports.whatif_html import sections
from reasoner.solving.engine import (
    DEFAULT_TIME_LIMIT,
    CaseResult,
    Doctrine,
    Solution,
    find_doctrine,
    solve,
    what_is_explained,
)
from reasoner.solving.facts import case_facts

T = TypeVar("T")

#: JSON-ready data, as a task returns it.
Data = dict[str, object]


@dataclass(frozen=True)
class Draft:
    """A case text as the editor holds it, the file name it is shown under, and the time limit."""

    text: str
    name: str = "case.casus"
    time_limit: float = DEFAULT_TIME_LIMIT


def ready() -> bool:
    """Nothing: a worker that runs it has imported everything a task needs (see ``Workbench.warm``)."""
    return True


def cases_dir() -> Path:
    """The bundled cases (the gallery), inside the installed package or beside it in a checkout."""
    return data_dir("cases")


def diagnostic_data(diagnostic: Diagnostic) -> Data:
    """A diagnostic as the editor shows it (the fields of ``--message-format json``)."""
    return dict(json.loads(diagnostic.as_json()))


def _too_large(draft: Draft) -> CasusError | None:
    size = len(draft.text.encode("utf-8"))
    if size <= MAX_CASE_BYTES:
        return None
    message = f"the case is too large ({size / 1e6:.1f} MB; the limit is {MAX_CASE_BYTES / 1e6:g} MB)"
    return CasusError([Diagnostic(message, None, help="split the case into smaller files")])


@contextmanager
def _as_file(draft: Draft) -> Iterator[Path]:
    """The draft written as ``name`` in a fresh folder where the bundled cases' folders can be included.

    The working folder is that folder while the block runs, so every source the
    reader records is the name the editor shows (``france_greece.casus``,
    ``treaties/x_y_defence_pact.casus``).
    """
    before = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="casus-workbench-") as folder:
        here = Path(folder)
        for shared in sorted(p for p in cases_dir().iterdir() if p.is_dir()):
            try:
                (here / shared.name).symlink_to(shared, target_is_directory=True)
            except OSError:  # a system without symbolic links for this user: a copy will do
                shutil.copytree(shared, here / shared.name)
        path = here / draft.name
        path.write_text(draft.text, encoding="utf-8")
        os.chdir(here)
        try:
            yield Path(draft.name)
        finally:
            os.chdir(before)


def _outside(include: Include) -> Diagnostic | None:
    """A diagnostic for an include that would read a file outside the gallery's folders."""
    path = PurePosixPath(include.path.replace("\\", "/"))
    if not path.is_absolute() and ".." not in path.parts:
        return None
    shared = ", ".join(f"'{p.name}/'" for p in sorted(cases_dir().iterdir()) if p.is_dir()) or "none"
    return Diagnostic(
        f"the workbench includes only the gallery's shared files, not '{include.path}'",
        include.source,
        len(include.path) + 2,
        help=f"include a file of the gallery's folders ({shared}), or use casus on the command line",
    )


def _on_case(draft: Draft, work: Callable[[Case], T]) -> T:
    """``work`` on the draft's case, read as ``casus`` reads a file (and as large at most).

    A page may be served to a room (``--host``): a case that includes a file
    outside the gallery's folders is refused, so the page shows no other file.
    """
    error = _too_large(draft)
    if error is not None:
        raise error
    outside = [d for d in map(_outside, parse_text(draft.text, draft.name).includes) if d is not None]
    if outside:
        raise CaseError(outside)
    with _as_file(draft) as path:
        return work(load_case(path))


def failure_data(error: CasusError) -> Data:
    """An error as the page shows it: its diagnostics."""
    return {"diagnostics": [diagnostic_data(d) for d in error.diagnostics]}


def answer(draft: Draft, work: Callable[[Case], Data]) -> Data:
    """Run ``work`` on the draft; a case error or a solver error becomes the page's diagnostics."""
    try:
        return _on_case(draft, work)
    except CasusError as err:
        return {"ok": False, **failure_data(err)}


def check(draft: Draft) -> Data:
    """The draft's diagnostics (errors and warnings), as ``casus check`` finds them."""

    def work(case: Case) -> Data:
        return {"ok": True, "title": case.title, "diagnostics": [diagnostic_data(d) for d in case.warnings]}

    return answer(draft, work)


def _solutions(case: Case, specs: Sequence[str], time_limit: float) -> tuple[CaseResult, list[str], list[Data]]:
    """The case solved under each doctrine that can be solved, with their specs; the others' errors."""
    facts = case_facts(case)
    solutions: list[Solution] = []
    solved: list[str] = []
    failures: list[Data] = []
    for spec in specs:
        try:
            solutions.append(solve(facts, find_doctrine(spec), time_limit))
            solved.append(spec)
        except CasusError as err:
            failures.append({"doctrine": Path(spec).stem, **failure_data(err)})
    return CaseResult(case, facts, tuple(solutions)), solved, failures


def verdicts(draft: Draft, specs: Sequence[str]) -> Data:
    """Every chosen doctrine's verdict on each breach, and the whole comparison row by row."""

    def work(case: Case) -> Data:
        result, solved, failures = _solutions(case, specs, draft.time_limit)
        rows = compare(result.solutions)
        return {
            "ok": True,
            "title": case.title,
            "diagnostics": [diagnostic_data(d) for d in case.warnings],
            "doctrines": [
                {"name": s.doctrine.name, "spec": spec} for s, spec in zip(result.solutions, solved, strict=True)
            ],
            "failures": failures,
            "rows": [
                {
                    "owes": r.owes,
                    "to": r.to,
                    "time": result.time_text(r.time),
                    "breach": r.is_breach,
                    "differs": r.differs,
                    "statuses": [status_of(s) for s in r.statuses],
                    "verdicts": [s.verdict() for s in r.statuses],
                    "tones": [{"justified": bool(s.grounds), "blameworthy": s.blameworthy} for s in r.statuses],
                }
                for r in rows
            ],
        }

    return answer(draft, work)


def cited_lines(roots: Sequence[View], file: str) -> list[int]:
    """The lines of ``file`` that the explanation cites, in order."""
    found: set[int] = set()
    stack = list(roots)
    while stack:
        view = stack.pop()
        if view.file == file and view.line:
            found.add(view.line)
        stack.extend(view.children)
    return sorted(found)


def verdict_queries(owes: str, to: str, at: str) -> list[str]:
    """What a verdict on a breach rests on: whether it is justified (on any ground), and whether it is blameworthy."""
    return [f"justified({owes}, {to}, {at}, _)", f"blameworthy({owes}, {to}, {at})"]


def explanation(draft: Draft, spec: str, owes: str, to: str, at: str, full: bool = False) -> Data:
    """Why a doctrine's verdict on a breach is what it is: text, HTML (fragment and page), the case lines cited.

    The argument view (the doctrine's conditions, each citing the case lines that decide it), or
    with ``full`` the full derivation tree, as ``casus explain`` and ``casus explain --full`` show them.
    """

    def work(case: Case) -> Data:
        doctrine = find_doctrine(spec)
        return within_time_limit(lambda: explain_here(case, doctrine), draft.time_limit, what_is_explained([doctrine]))

    def explain_here(case: Case, doctrine: Doctrine) -> Data:  # in a child under the limits: grounded once, there
        solved = api.solve_case(case, doctrine, draft.time_limit)
        parts = [api.explain(solved, query=q, full=full) for q in verdict_queries(owes, to, at)]
        queries, nodes = [q for p in parts for q in p.queries], [n for p in parts for n in p.nodes]
        explained = api.Explanation(solved, queries, nodes, full=full)
        return {
            "ok": True,
            "heading": solved.heading,
            "text": explained.text(),
            "fragment": explained.fragment(),
            "html": explained.html(),
            "lines": cited_lines(explained.views(), draft.name),
        }

    return answer(draft, work)


def contrast(draft: Draft, left: str, right: str) -> Data:
    """The conclusions two doctrines disagree on, with both explanations: text, HTML (fragment and page), lines."""

    def work(case: Case) -> Data:
        doctrines = find_doctrine(left), find_doctrine(right)
        return within_time_limit(lambda: contrast_here(case, doctrines), draft.time_limit, what_is_explained(doctrines))

    def contrast_here(case: Case, doctrines: tuple[Doctrine, Doctrine]) -> Data:  # in a child under the limits
        result = api.contrast(case, *doctrines, time_limit=draft.time_limit)
        roots = [v for item in result.items for v in (*item.shared, item.left, item.right)]
        return {
            "ok": True,
            "heading": result.heading,
            "differences": len(result.items),
            "text": result.text(),
            "fragment": result.fragment(),
            "html": result.html(),
            "lines": cited_lines(roots, draft.name),
        }

    return answer(draft, work)


def whatif(draft: Draft, spec: str, target: str, top: int = whatifs.DEFAULT_TOP) -> Data:
    """The fewest edits that flip ``target`` (``casus whatif``), each with the draft's text as the edit leaves it.

    The answers are those of ``casus whatif --format json`` (schema
    ``casus.whatif/1``), each with ``says`` (its edits in words), ``lines``
    (its diff and verdicts as the text output prints them, unwrapped) and
    ``edited``: the draft with the edit made to its lines, for the editor to
    take, and ``also``: the ``expect`` lines it takes out with the time points
    they named (or null); an answer that edits an included file has
    ``edited`` null and says why in ``refused``. ``summary`` is the text
    output's head: the target, the verdict now, the fewest edits.
    """

    def work(case: Case) -> Data:
        doctrine = find_doctrine(spec)
        found = whatifs.whatif(
            case,
            doctrine,
            api.whatif_target(target, case, doctrine),
            top=top,
            time_limit=draft.time_limit,
        )
        document = json.loads(whatifs.whatif_json(found))
        text = whatifs.whatif_text(found)
        summary, said = sections(text)
        for answer, (_, lines), data in zip(found.answers, said, document["answers"], strict=True):
            data["says"], data["lines"] = whatifs.answer_words(case, answer), lines
            data.update(_applied(draft.text, case, answer))
        return {"ok": True, "heading": found.before.heading, "summary": summary, "text": text, **document}

    return answer(draft, work)


def _applied(text: str, case: Case, answer: whatifs.Answer) -> Data:
    """An answer written into the editor's text, or why it cannot be."""
    try:
        edited = applied(text, case, answer)
    except NotInText as err:
        return {"edited": None, "also": None, "refused": f"this answer cannot be applied here: {err}"}
    also = None
    if edited.dropped:
        lines = ", ".join(map(str, edited.dropped))
        plural = "s" if len(edited.dropped) > 1 else ""
        also = f"applying it also takes out the expect line{plural} {lines}: they name a time point it takes away"
    return {"edited": edited.text, "also": also, "refused": None}
