"""Explanations as a self-contained HTML page: collapsible nodes linked to the source lines they cite."""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from pathlib import Path

from reasoner.common.resources import rules_dir
from reasoner.explaining.render import ContrastView, View

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
details { margin-left: 1.3em; border-left: 1px solid #ddd; padding-left: .6em; }
summary { cursor: pointer; list-style-position: outside; }
div.leaf { margin-left: 1.9em; padding-left: .6em; }
.holds .mark { color: #1a7f37; } .fails .mark { color: #c0392b; }
.title { font-family: ui-monospace, monospace; font-weight: 600; }
.fails > summary .title, div.fails .title { color: #8a2a1e; }
.label { background: #eef; border-radius: 3px; padding: 0 .3em; font-size: .85em; }
.quote { color: #555; font-style: italic; }
a { color: #0550ae; }
pre.source { background: #f7f7f7; padding: .5em; overflow-x: auto; font-size: 13px; }
pre.source span { display: block; } pre.source span:target { background: #fff3b0; }
pre.source i { color: #999; font-style: normal; display: inline-block; width: 3em; user-select: none; }
table.contrast { border-collapse: collapse; width: 100%; }
table.contrast td { vertical-align: top; width: 50%; border-top: 1px solid #ccc; padding: .4em; }
"""


def _anchor(file: str, line: int) -> str:
    return "src-" + "".join(c if c.isalnum() else "-" for c in file) + f"-{line}"


def _html_summary(view: View) -> str:
    e = html.escape
    mark = "✓" if view.holds else "✗"
    parts = [f'<span class="mark">{mark}</span> <span class="title">{e(view.title)}</span>']
    if view.repeat_of:
        parts.append(f' <a href="#{view.repeat_of}">(explained above)</a>')
        return "".join(parts)
    if view.text:
        parts.append(f": {e(view.text)}")
    if view.label:
        parts.append(f' <span class="label">{e(view.label)}</span>')
    if view.cite and view.file and view.line:
        parts.append(f' <a href="#{_anchor(view.file, view.line)}">{e(view.cite)}</a>')
    if view.quote:
        parts.append(f' <span class="quote">«{e(view.quote)}»</span>')
    if view.hidden:
        parts.append(" …")
    return "".join(parts)


def _html_view(view: View) -> Iterator[str]:
    status = "holds" if view.holds else "fails"
    if not view.children:
        yield f'<div class="leaf {status}" id="{view.id}">{_html_summary(view)}</div>'
        return
    yield f'<details open class="{status}" id="{view.id}"><summary>{_html_summary(view)}</summary>'
    for child in view.children:
        yield from _html_view(child)
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


def _sources_html(files: Sequence[str]) -> Iterator[str]:
    for file in files:
        path = Path(file) if Path(file).exists() else rules_dir() / file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        yield f'<h3>{html.escape(file)}</h3><pre class="source">'
        for n, line in enumerate(lines, 1):
            yield f'<span id="{_anchor(file, n)}"><i>{n}</i>{html.escape(line)}</span>'
        yield "</pre>"


def html_page(sections: Sequence[tuple[str, str]], title: str, roots: Sequence[View]) -> str:
    """One self-contained page: the sections (already HTML), then every cited source file, line by line."""
    e = html.escape
    body = [f"<h1>{e(title)}</h1>"]
    for heading, content in sections:
        body += [f"<h2>{e(heading)}</h2>", content]
    body += ["<h2>Sources</h2>", *_sources_html(sorted(_cited(roots)))]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def html_tree(view: View) -> str:
    """One view as nested ``<details>`` elements."""
    return "\n".join(_html_view(view))


def html_document(roots: Sequence[View], heading: str) -> str:
    """Explanations as one self-contained HTML page."""
    return html_page([(v.title, html_tree(v)) for v in roots], heading, roots)


def contrast_html(items: Sequence[ContrastView], names: tuple[str, str], heading: str) -> str:
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
    return html_page(sections, heading, roots)
