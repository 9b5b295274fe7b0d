"""A small Python API for notebooks: run, compare, explain and contrast, with results that render themselves.

    >>> from reasoner import api
    >>> api.run("cases/france_greece.casus", "moderate")          # a table of conclusions
    >>> api.compare("cases/france_greece.casus")                  # every doctrine's verdicts
    >>> api.compare(["cases/france_greece.casus"], timeline=True).to_pandas()
    >>> api.explain("cases/france_greece.casus", "moderate")      # why, for the main conclusions
    >>> api.explain("cases/france_greece.casus", "moderate", "justified(France, Greece, 10, entrapment)")
    >>> api.contrast("cases/france_greece.casus", "idealist", "moderate")

Each result shows itself in Jupyter (``_repr_html_``, ``_repr_mimebundle_``:
HTML, Markdown, JSON and plain text) and prints as a terminal tree. The
command line (``casus explain``) is built on the same functions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reasoner.common.resources import DOCTRINES
from reasoner.explaining import html as html_format
from reasoner.explaining import render as fmt
from reasoner.explaining.argument import argument_contrast, argument_views
from reasoner.explaining.contrast import contrast as contrast_trees
from reasoner.explaining.explainer import DEFAULT_WHY_NOT_DEPTH, Explainer
from reasoner.explaining.latex import latex_document
from reasoner.explaining.nodes import Display, Node, Pattern
from reasoner.explaining.provenance import Trace, doctrine_program, solve_traced
from reasoner.explaining.queries import main_conclusions, parse_query, question
from reasoner.language.model import Case
from reasoner.language.read import load_case
from reasoner.reports import whatif as whatifs
from reasoner.reports.compare import compare as compare_rows
from reasoner.reports.compare import statuses, with_positions
from reasoner.reports.html import fragment
from reasoner.reports.latex import compare_latex
from reasoner.reports.tables import compare_json, compare_text, compare_view, run_text, run_view, status_json
from reasoner.solving.engine import DEFAULT_TIME_LIMIT, CaseResult, Doctrine, analyse, find_doctrine
from reasoner.solving.facts import Facts, case_facts


@dataclass
class Solved:
    """A case solved under one doctrine with provenance: what every explanation starts from."""

    case: Case
    facts: Facts
    doctrine: Doctrine
    trace: Trace
    explainer: Explainer
    display: Display

    @property
    def heading(self) -> str:
        title = self.case.title or self.case.file
        return f"{title} ({self.case.file}), doctrine: {self.doctrine.name}"


def solve_case(
    case: str | Path | Case,
    doctrine: str | Doctrine,
    time_limit: float = DEFAULT_TIME_LIMIT,
    why_not_depth: int = DEFAULT_WHY_NOT_DEPTH,
) -> Solved:
    """Load (if need be) and solve a case under a doctrine, recording provenance."""
    loaded = case if isinstance(case, Case) else load_case(case)
    chosen = doctrine if isinstance(doctrine, Doctrine) else find_doctrine(doctrine)
    facts = case_facts(loaded)
    trace = solve_traced(facts, chosen, time_limit)
    return Solved(loaded, facts, chosen, trace, Explainer(trace, why_not_depth), Display(facts))


class _Shown:
    """A result that shows itself: printed as text, and as HTML in a notebook."""

    def text(self) -> str:
        """The result as plain text, as the command line prints it."""
        raise NotImplementedError

    def html(self) -> str:
        """The result as an HTML fragment (a whole page for explanations and contrasts)."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, object]:
        return {"text/plain": self.text(), "text/html": self.html()}


class _Document(_Shown):
    """A result that also has Markdown and JSON forms, offered to the notebook as well."""

    def markdown(self) -> str:
        """The result as Markdown."""
        raise NotImplementedError

    def json(self) -> str:
        """The result as JSON text in its versioned schema (see docs/explain.md)."""
        raise NotImplementedError

    def fragment(self) -> str:
        """The result as an HTML fragment with a style sheet scoped to it (what a notebook shows)."""
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return self.fragment()

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, object]:
        return {
            "text/plain": self.text(),
            "text/html": self.fragment(),
            "text/markdown": self.markdown(),
            "application/json": json.loads(self.json()),
        }


@dataclass
class Explanation(_Document):
    """Why and why-not trees for some queries on one case under one doctrine.

    Shown as the argument view (each conclusion in the doctrine's conditions,
    citing the case lines that decide them) unless ``full``: then the full
    tree, to ``depth`` levels, with inertia chains folded when ``collapse``.
    """

    solved: Solved
    queries: list[str]
    nodes: list[Node]
    depth: int | None = None
    collapse: bool = True
    full: bool = False
    _views: list[fmt.View] | None = field(default=None, repr=False)

    def views(self) -> list[fmt.View]:
        if self._views is None:
            if self.full:
                self._views = fmt.views(self.nodes, self.solved.display, self.depth, self.collapse)
            else:
                self._views = argument_views(self.nodes, self.solved.display, self.solved.trace.program)
        return self._views

    def text(self, width: int | None = None) -> str:
        """The terminal tree, each line at most ``width`` columns (default: the terminal's width)."""
        return fmt.text(self.views(), self.solved.heading, width or fmt.terminal_width())

    def markdown(self) -> str:
        return fmt.markdown(self.views(), self.solved.heading)

    def json(self) -> str:
        return fmt.json_document(self.views(), self.solved.case.file, self.solved.doctrine.name, self.queries)

    def html(self) -> str:
        """A self-contained HTML page (what ``casus explain --format html`` writes)."""
        return html_format.html_document(self.views(), self.solved.heading)

    def fragment(self) -> str:
        return html_format.explanation_fragment(self.views(), self.solved.heading)

    def latex(self) -> str:
        """The explanations as a LaTeX document (nested lists citing the case lines; ``pdflatex`` compiles it)."""
        return latex_document(self.views(), self.solved.heading)

    def dot(self) -> str:
        return fmt.dot(self.views(), self.solved.heading)


def _patterns(solved: Solved, query: str | None, owes: str | None, to: str | None, at: str | None) -> list[Pattern]:
    if query is not None:
        return [parse_query(query, solved.facts, solved.trace.program)]
    if owes is not None and to is not None and at is not None:
        return question(owes, to, at, solved.facts)
    return main_conclusions(solved.trace)


def explain(
    case: str | Path | Case | Solved,
    doctrine: str | Doctrine = "moderate",
    query: str | None = None,
    *,
    owes: str | None = None,
    to: str | None = None,
    at: str | None = None,
    depth: int | None = None,
    collapse: bool = True,
    full: bool = False,
    why_not_depth: int = DEFAULT_WHY_NOT_DEPTH,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Explanation:
    """Explain an atom (``query``), a question (``owes``/``to``/``at``), or else the main conclusions.

    The main conclusions are each breach with its verdict (justified or
    blameworthy, or why not), each forfeiture where it begins, and each
    restoration. The result shows the argument view, or the full tree if
    ``full`` (``depth`` and ``collapse`` apply to the full tree).
    """
    solved = case if isinstance(case, Solved) else solve_case(case, doctrine, time_limit, why_not_depth)
    queries, nodes = [], []
    with solved.explainer.batch():
        for pattern in _patterns(solved, query, owes, to, at):
            for node in solved.explainer.explain(pattern):
                queries.append(solved.display.pattern(pattern))
                nodes.append(node)
    return Explanation(solved, queries, nodes, depth, collapse, full)


@dataclass
class ContrastResult(_Document):
    """The conclusions that differ under two doctrines, each with both explanations."""

    left: Solved
    right: Solved
    items: list[fmt.ContrastView]

    @property
    def names(self) -> tuple[str, str]:
        return (self.left.doctrine.name, self.right.doctrine.name)

    @property
    def heading(self) -> str:
        title = self.left.case.title or self.left.case.file
        return f"{title} ({self.left.case.file}): {self.names[0]} against {self.names[1]}"

    def text(self) -> str:
        return fmt.contrast_text(self.items, self.names, self.heading)

    def markdown(self) -> str:
        return fmt.contrast_markdown(self.items, self.names, self.heading)

    def json(self) -> str:
        return fmt.contrast_json(self.items, self.names, self.left.case.file)

    def html(self) -> str:
        """A self-contained HTML page (what ``casus explain --contrast --format html`` writes)."""
        return html_format.contrast_html(self.items, self.names, self.heading)

    def fragment(self) -> str:
        return html_format.contrast_fragment(self.items, self.names, self.heading)


def contrast(
    case: str | Path | Case,
    left: str | Doctrine,
    right: str | Doctrine,
    *,
    depth: int | None = None,
    collapse: bool = True,
    full: bool = False,
    why_not_depth: int = DEFAULT_WHY_NOT_DEPTH,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> ContrastResult:
    """One case under two doctrines: each differing conclusion (verdicts first), both explanations.

    Each side is its argument view, or if ``full`` its full tree from the rule
    where the doctrines part (to ``depth`` levels, inertia folded when ``collapse``).
    """
    loaded = case if isinstance(case, Case) else load_case(case)
    a = solve_case(loaded, left, time_limit, why_not_depth)
    b = solve_case(loaded, right, time_limit, why_not_depth)
    items = contrast_trees(a.explainer, b.explainer)
    if full:
        return ContrastResult(a, b, fmt.contrast_views(items, a.display, b.display, depth, collapse))
    return ContrastResult(a, b, argument_contrast(items, (a.display, a.trace.program), (b.display, b.trace.program)))


def _pandas() -> Any:
    """pandas, or an error saying how to get it (it is not a dependency of casus)."""
    try:
        import pandas
    except ImportError as err:
        raise ImportError("to_pandas() needs pandas, which is not installed: pip install pandas") from err
    return pandas


@dataclass
class Run(_Shown):
    """A case's conclusions under some doctrines, as ``casus run`` shows them."""

    result: CaseResult

    def _each(self) -> list[CaseResult]:
        return [CaseResult(self.result.case, self.result.facts, (s,)) for s in self.result.solutions]

    def text(self) -> str:
        return "\n".join(run_text(r) for r in self._each())

    def html(self) -> str:
        return fragment([item for r in self._each() for item in run_view(r)])

    def to_pandas(self) -> Any:
        """A pandas DataFrame: a row per doctrine, pair and time point, with its status and conclusions."""
        rows = [
            {"doctrine": r.solutions[0].doctrine.name, "time": r.time_json(time), "owes": owes, "to": to,
             **status_json(s)}
            for r in self._each()
            for (owes, to, time), s in sorted(statuses(r.solutions[0]).items(), key=lambda kv: (kv[0][2], kv[0][:2]))
        ]  # fmt: skip
        return _pandas().DataFrame(rows)


def run(case: str | Path | Case, doctrines: str | Sequence[str] = "moderate") -> Run:
    """Solve a case under one doctrine or several (without provenance: plain solving)."""
    loaded = case if isinstance(case, Case) else load_case(case)
    names = [doctrines] if isinstance(doctrines, str) else list(doctrines)
    return Run(analyse(loaded, [find_doctrine(n) for n in names]))


@dataclass
class Comparison(_Shown):
    """Cases under several doctrines, as ``casus compare`` shows them: the verdicts first, then every time point."""

    results: list[CaseResult]
    timeline: bool = False

    def text(self) -> str:
        return compare_text(self.results, self.timeline)

    def html(self) -> str:
        return fragment(compare_view(self.results, self.timeline))

    def json(self) -> str:
        """The comparison as JSON text (schema ``casus.compare/2``, see docs/json.md)."""
        return compare_json(self.results)

    def latex(self) -> str:
        """The comparison as a LaTeX document of booktabs tables (as ``--format latex``)."""
        return compare_latex(self.results, self.timeline)

    def to_pandas(self) -> Any:
        """A pandas DataFrame: a row per case, pair and time point, a status column per doctrine."""
        rows = []
        for result in self.results:
            names = [s.doctrine.name for s in result.solutions]
            for r in compare_rows(result.solutions):
                where = {"case": result.case.file, "owes": r.owes, "to": r.to, "time": result.time_json(r.time)}
                rows.append({**where, "breach": r.is_breach, "differs": r.differs,
                             **{n: with_positions(s) for n, s in zip(names, r.statuses, strict=True)}})  # fmt: skip
        return _pandas().DataFrame(rows)


def compare(
    cases: str | Path | Case | Sequence[str | Path | Case],
    doctrines: Sequence[str | Doctrine] | None = None,
    *,
    timeline: bool = False,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Comparison:
    """Solve cases under several doctrines (default: every bundled one) and compare them.

    The result shows each doctrine's verdict on every breach, and with
    ``timeline`` every time point; it renders as HTML tables in a notebook,
    and has ``json()``, ``latex()`` and ``to_pandas()``.
    """
    many = [cases] if isinstance(cases, (str, Path, Case)) else list(cases)
    chosen = [d if isinstance(d, Doctrine) else find_doctrine(d) for d in (doctrines or DOCTRINES)]
    loaded = [c if isinstance(c, Case) else load_case(c) for c in many]
    return Comparison([analyse(c, chosen, time_limit) for c in loaded], timeline)


def whatif_target(text: str, case: Case, doctrine: Doctrine) -> whatifs.Target:
    """The target of a what-if, read as a query: a conclusion of the contract about the case's own
    states and time points (each mistake a usage error pointing into ``text``, as ``explain`` gives)."""
    facts = case_facts(case)
    # What-if's own reading first (its words for a negated or non-output target), then the
    # doctrine's checks of the case's states and time points, which need the rewritten program.
    target = whatifs.target_of(*parse_query(text, facts))
    parse_query(text, facts, doctrine_program(doctrine.path))
    return target
