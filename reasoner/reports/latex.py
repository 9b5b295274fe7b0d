"""``casus compare --format latex``: the comparison as booktabs tables in a document ``pdflatex`` compiles.

Each case gets a table of the verdicts on its breaches (and, with the
timeline, a ``longtable`` of every time point, which may run over pages).
The document needs only the LaTeX base and its required tools (``array``,
``longtable``, ``tabularx``); it uses ``booktabs`` rules where that package is installed
and plain rules where it is not. Every text from a case or a rule file is
escaped, so a title with ``&`` or ``_`` prints as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from reasoner.reports.compare import Row, compare, status_of, with_positions
from reasoner.reports.tables import breach_groups
from reasoner.solving.engine import CaseResult

#: How each character that means something to TeX is written to print as itself.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}

#: The shares of the line for the timeline's mark, time and pair of allies; the doctrines share the rest.
TIMELINE_SHARES = (0.05, 0.15, 0.19)

PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{array}
\usepackage{longtable}
\usepackage{tabularx}
\IfFileExists{booktabs.sty}{\usepackage{booktabs}}{%
  \newcommand{\toprule}{\hline}\newcommand{\midrule}{\hline}\newcommand{\bottomrule}{\hline}}
% a column that wraps, ragged right: X shares the table's width, P takes a share of the line
\newcolumntype{Y}{>{\raggedright\arraybackslash}X}
\newcolumntype{P}[1]{>{\raggedright\arraybackslash}p{\dimexpr #1\linewidth-2\tabcolsep\relax}}
\begin{document}
"""


def escape(text: str) -> str:
    """Text as LaTeX that prints it unchanged."""
    return "".join(ESCAPES.get(c, c) for c in text)


def _pair(owes: str, to: str) -> str:
    return rf"{escape(owes)} $\rightarrow$ {escape(to)}"


def _row(cells: Sequence[str]) -> str:
    return " & ".join(cells) + r" \\"


def _heading(result: CaseResult) -> str:
    title = escape(result.case.title or result.case.file)
    return rf"{title} (\texttt{{{escape(result.case.file)}}})"


def _shares(fixed: Sequence[float], doctrines: int) -> str:
    """Columns of a longtable as shares of the line: the fixed ones, then the doctrines sharing the rest."""
    rest = (1 - sum(fixed)) / doctrines
    return "@{}" + "".join(f"P{{{share:.3f}}}" for share in [*fixed, *[rest] * doctrines]) + "@{}"


def verdict_table(result: CaseResult, rows: Sequence[Row]) -> str:
    """A case's verdicts on its breaches as a booktabs table (a sentence where there is no breach)."""
    names = [escape(s.doctrine.name) for s in result.solutions]
    caption = rf"\caption{{{_heading(result)}: verdict on each breach}}"
    groups = breach_groups(rows)
    if not groups:
        return "\n".join([r"\begin{table}[ht]", caption, "No breach under any doctrine.", r"\end{table}"])
    body = [
        _row([_pair(", ".join(r.owes for r in group), group[0].to), escape(result.time_text(group[0].time))]
             + [escape(status_of(s)) for s in group[0].statuses])
        for group in groups
    ]  # fmt: skip
    return "\n".join(
        [
            r"\begin{table}[ht]",
            r"\small",
            caption,
            rf"\begin{{tabularx}}{{\linewidth}}{{@{{}}Yl*{{{len(names)}}}{{Y}}@{{}}}}",
            r"\toprule",
            _row(["Breach", "Time", *names]),
            r"\midrule",
            *body,
            r"\bottomrule",
            r"\end{tabularx}",
            r"\end{table}",
        ]
    )


def timeline_table(result: CaseResult, rows: Sequence[Row]) -> str:
    """Every time point of a case as a booktabs ``longtable``; $*$ marks where the doctrines differ."""
    names = [escape(s.doctrine.name) for s in result.solutions]
    body = [
        _row(["$*$" if r.differs else "", escape(result.time_text(r.time)), _pair(r.owes, r.to)]
             + [escape(with_positions(s)) for s in r.statuses])
        for r in rows
    ]  # fmt: skip
    return "\n".join(
        [
            r"{\small",
            rf"\begin{{longtable}}{{{_shares(TIMELINE_SHARES, len(names))}}}",
            rf"\caption{{{_heading(result)}: every time point ($*$ where the doctrines differ)}}\\",
            r"\toprule",
            _row(["", "Time", "Allies", *names]),
            r"\midrule",
            r"\endhead",
            *body,
            r"\bottomrule",
            r"\end{longtable}}",
        ]
    )


def compare_latex(results: Sequence[CaseResult], timeline: bool = False) -> str:
    """The comparison as a LaTeX document: the verdicts of every case, then (with ``timeline``) every time point."""
    compared = [(r, compare(r.solutions)) for r in results]
    parts = [verdict_table(r, rows) for r, rows in compared]
    if timeline:
        parts += [timeline_table(r, rows) for r, rows in compared if rows]
    return PREAMBLE + "\n\n".join(parts) + "\n\\end{document}\n"
