"""Explanations as HTML: collapsible nodes linked to the source lines they cite.

A fragment (one ``div.casus-explain`` with a style sheet scoped to it, for a
notebook cell) or a self-contained page around it (``casus explain -f html``).
Only the top level of each tree is open; a print style sheet opens the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from pathlib import Path

from reasoner.common.resources import rules_dir
from reasoner.explaining.render import ContrastView, View

#: The class of the element that holds an explanation: every rule of the style sheet is scoped to it.
WRAPPER = "casus-explain"

_CSS = """
.casus-explain { font: 15px/1.45 system-ui, sans-serif; max-width: 70em; color: #222; overflow-wrap: anywhere; }
.casus-explain h1 { font-size: 1.4em; } .casus-explain h2 { font-size: 1.15em; margin-top: 1.6em; }
.casus-explain details { margin-left: 1.3em; border-left: 1px solid #ddd; padding-left: .6em; }
.casus-explain summary { cursor: pointer; list-style-position: outside; }
.casus-explain div.leaf { margin-left: 1.9em; padding-left: .6em; }
.casus-explain .holds .mark { color: #1a7f37; } .casus-explain .fails .mark { color: #c0392b; }
.casus-explain .title { font-weight: 600; }
.casus-explain .fails > summary .title, .casus-explain div.fails .title { color: #8a2a1e; }
.casus-explain .label { background: #eef; border-radius: 3px; padding: 0 .3em; font-size: .85em; }
.casus-explain .quote { color: #555; font-style: italic; }
.casus-explain a { color: #0550ae; }
.casus-explain pre.source { background: #f7f7f7; padding: .5em; font-size: 13px; line-height: 1.35;
  white-space: pre-wrap; }
.casus-explain pre.source span:target { background: #fff3b0; }
.casus-explain pre.source i { color: #999; font-style: normal; user-select: none; }
.casus-explain table.contrast { border-collapse: collapse; width: 100%; table-layout: fixed; }
.casus-explain table.contrast th, .casus-explain table.contrast td { text-align: left; vertical-align: top;
  border-top: 1px solid #ccc; padding: .4em; }
@media print {
  .casus-explain { font-size: 10pt; max-width: none; color: #000; }
  .casus-explain details > summary { list-style: none; }
  .casus-explain details::details-content { content-visibility: visible; display: block; }
  .casus-explain a { color: inherit; text-decoration: none; }
  .casus-explain h2, .casus-explain h3 { break-after: avoid; }
  .casus-explain details, .casus-explain div.leaf { break-inside: avoid; }
}
"""

#: Opens every node before printing (for browsers without ``::details-content``); the page works without it.
_PRINT_SCRIPT = (
    "<script>addEventListener('beforeprint',()=>document.querySelectorAll('."
    + WRAPPER
    + " details').forEach(d=>d.open=true))</script>"
)


def _anchor(file: str, line: int) -> str:
    return "src-" + "".join(c if c.isalnum() else "-" for c in file) + f"-{line}"


def _html_summary(view: View) -> str:
    e = html.escape
    if view.style == "argument" and view.kind == "fact" and view.file and view.line:
        link = f'<a href="#{_anchor(view.file, view.line)}">line {view.line}</a>'
        return f'{link}: <span class="quote">{e(view.title)}</span>'
    mark = "✓" if view.holds else "✗"
    parts = [f'<span class="mark">{mark}</span> <span class="title">{e(view.title)}</span>']
    if view.text and (view.style == "argument" or not view.repeat_of):
        parts.append(f": {e(view.text)}")
    if view.repeat_of:
        parts.append(f' <a href="#{view.repeat_of}">(explained above)</a>')
        return "".join(parts)
    if view.label:
        parts.append(f' <span class="label">{e(view.label)}</span>')
    if view.cite and view.file and view.line:
        parts.append(f' <a href="#{_anchor(view.file, view.line)}">{e(view.cite)}</a>')
    if view.quote:
        parts.append(f' <span class="quote">«{e(view.quote)}»</span>')
    if view.hidden:
        parts.append(" …")
    return "".join(parts)


def _html_view(view: View, level: int = 0) -> Iterator[str]:
    """A view as nested ``<details>``: the top level open, the levels below folded."""
    status = "holds" if view.holds else "fails"
    if not view.children:
        yield f'<div class="leaf {status}" id="{view.id}">{_html_summary(view)}</div>'
        return
    opened = " open" if level == 0 else ""
    yield f'<details{opened} class="{status}" id="{view.id}"><summary>{_html_summary(view)}</summary>'
    for child in view.children:
        yield from _html_view(child, level + 1)
    yield "</details>"


def _cited(roots: Sequence[View]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    stack = list(roots)
    while stack:
        v = stack.pop()
        if v.file and v.line:
            found.setdefault(v.file, set()).add(v.line)
        stack.extend(v.children)
    return found


def _sources_html(cited: dict[str, set[int]]) -> Iterator[str]:
    """Each cited file: a case file whole, a rule file at its cited lines only (a gap marked), so a page stays small."""
    for file in sorted(cited):
        path = Path(file) if Path(file).exists() else rules_dir() / file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        width = len(str(len(lines)))
        shown: list[str] = []
        previous = 0
        numbers = cited[file] if file.endswith(".lp") else range(1, len(lines) + 1)
        for n in sorted(k for k in numbers if 1 <= k <= len(lines)):
            if n > previous + 1:
                shown.append(f"<span><i>{'⋮'.rjust(width)}</i></span>")
            shown.append(
                f'<span id="{_anchor(file, n)}"><i>{str(n).rjust(width)}  </i>{html.escape(lines[n - 1])}</span>'
            )
            previous = n
        yield f'<h3>{html.escape(file)}</h3><pre class="source">{chr(10).join(shown)}</pre>'


def html_fragment(sections: Sequence[tuple[str, str]], title: str, roots: Sequence[View]) -> str:
    """The sections (already HTML) and every cited source file, in one element with its own scoped style.

    Nothing in it styles anything outside the element, so the same fragment
    serves a page and a notebook cell.
    """
    e = html.escape
    body = [f'<div class="{WRAPPER}"><style>{_CSS}</style>', f"<h1>{e(title)}</h1>"]
    for heading, content in sections:
        body += [f"<h2>{e(heading)}</h2>", content]
    body += ["<h2>Sources</h2>", *_sources_html(_cited(roots)), "</div>"]
    return "\n".join(body) + "\n"


def html_page(fragment: str, title: str) -> str:
    """A self-contained page around a fragment (no network needed)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>{_PRINT_SCRIPT}</head><body>\n{fragment}</body></html>\n"
    )


def html_tree(view: View) -> str:
    """One view as nested ``<details>`` elements."""
    return "\n".join(_html_view(view))


def explanation_fragment(roots: Sequence[View], heading: str) -> str:
    """Explanations as an HTML fragment (a notebook cell, or the body of a page)."""
    return html_fragment([(v.title, html_tree(v)) for v in roots], heading, roots)


def html_document(roots: Sequence[View], heading: str) -> str:
    """Explanations as one self-contained HTML page."""
    return html_page(explanation_fragment(roots, heading), heading)


def contrast_html(items: Sequence[ContrastView], names: tuple[str, str], heading: str) -> str:
    """A contrast as one self-contained HTML page."""
    return html_page(contrast_fragment(items, names, heading), heading)


def contrast_fragment(items: Sequence[ContrastView], names: tuple[str, str], heading: str) -> str:
    e = html.escape
    sections = []
    roots: list[View] = []
    for i in items:
        shared = "".join(f"<p>same under both: {_html_summary(v)}</p>" for v in i.shared)
        table = (
            f'<table class="contrast"><tr><th>{e(names[0])}</th><th>{e(names[1])}</th></tr>'
            f"<tr><td>{html_tree(i.left)}</td><td>{html_tree(i.right)}</td></tr></table>"
        )
        sections.append((i.title, shared + table))
        roots += [*i.shared, i.left, i.right]
    return html_fragment(sections, heading, roots)
