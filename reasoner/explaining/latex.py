"""Explanations as a LaTeX document for an appendix: nested lists, each case line cited.

The document needs nothing beyond the LaTeX base (plain ``pdflatex``, no
package outside the kernel): each list is an environment that indents its
items a step further, so lists nest as deep as a tree goes (``itemize`` stops
at four levels). ``latex_body`` gives the lists alone, to ``\\input`` into a
paper whose preamble defines the two commands of ``LIST_COMMANDS``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reasoner.explaining.render import View

#: Characters with a meaning in LaTeX, and how each is written as text.
_SPECIAL = {
    "\\": r"$\backslash$",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\^{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\~{}",
    "<": r"$<$",
    ">": r"$>$",
    "|": r"$|$",
    "…": r"\ldots{}",
    "«": "``",
    "»": "''",
    "✓": r"$\surd$",
    "✗": r"$\times$",
    "·": r"$\cdot$",
    "│": r"$|$",
}

#: The list environment and its item: a paragraph indented by the depth, hanging after its first line.
LIST_COMMANDS = r"""\newenvironment{casussteps}{\par\advance\leftskip 1.5em\relax}{\par}
\newcommand{\casusstep}{\par\noindent\hangindent 1.5em\hangafter 1\relax\llap{--\enspace}}
"""

_PREAMBLE = "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\setlength{\\parskip}{1pt}\n" + LIST_COMMANDS


def escape(text: str) -> str:
    """Text as LaTeX writes it: every character with a meaning in LaTeX made literal."""
    return "".join(_SPECIAL.get(c, c) for c in text)


def _item(view: View, level: int) -> Iterator[str]:
    pad = "  " * level
    mark = r"$\surd$" if view.holds else r"$\times$"
    if view.style == "argument" and view.kind == "fact":
        line = rf"\emph{{line {view.line}:}} {escape(view.title)}"
    else:
        line = f"{mark} \\textbf{{{escape(view.title)}}}"
        if view.text and (not view.repeat_of or view.style == "argument"):
            line += f": {escape(view.text)}"
        if view.repeat_of:
            line += r" \emph{(see above)}"
        elif view.label or (view.cite and view.style != "argument"):
            where = " · ".join(p for p in (view.label, view.cite if view.style != "argument" else None) if p)
            line += f" [{escape(where)}]"
        if view.quote and not view.repeat_of:
            line += rf" \emph{{{escape(view.quote)}}}"
    yield f"{pad}\\casusstep {line}"
    if view.children and not view.repeat_of:
        yield f"{pad}\\begin{{casussteps}}"
        for child in view.children:
            yield from _item(child, level + 1)
        yield f"{pad}\\end{{casussteps}}"


def latex_body(roots: Sequence[View]) -> str:
    """The explanations as nested lists (``casussteps``), one list per conclusion."""
    out: list[str] = []
    for view in roots:
        out += ["\\begin{casussteps}", *_item(view, 1), "\\end{casussteps}", "\\medskip", ""]
    return "\n".join(out)


def latex_document(roots: Sequence[View], heading: str) -> str:
    """A whole document that ``pdflatex`` compiles as it is."""
    return (
        _PREAMBLE
        + "\\begin{document}\n"
        + f"\\section*{{{escape(heading)}}}\n\n"
        + latex_body(roots)
        + "\\end{document}\n"
    )
