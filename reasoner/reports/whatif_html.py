"""``casus whatif`` and ``casus disagree`` as self-contained HTML pages.

A whatif or ``disagree --near`` page says what the text output says
(``whatif.whatif_text``, ``disagree.near_text``), in the same words: the
question and the case's verdict, then each answer with its edits in words,
its lines of the case language (removed in red, added in green) and the
verdict after it. The smallest case on which two doctrines disagree is
shown beside the verdicts that differ, with both doctrines' explanations
side by side under them (the contrast, made by the caller: explanations
are a later stage than reports).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from reasoner.reports.disagree import (
    Near,
    Smallest,
    differing_rows,
    near_text,
    none_found,
    size_text,
    smallest_title,
)
from reasoner.reports.html import fragment
from reasoner.reports.tables import verdict_grid
from reasoner.reports.whatif import WhatIf, whatif_text

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }
pre { background: #f6f8fa; padding: 0.6em 0.8em; border-radius: 4px; overflow-x: auto; }
.removed { color: #a40e26; background: #ffebe9; display: block; }
.added { color: #116329; background: #dafbe1; display: block; }
.answer { margin: 1.2em 0; }
.answer h2 { font-size: 1em; margin: 0 0 0.3em 0; }
body.smallest { max-width: 75em; }
.found { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 0 2em; }
.found pre { white-space: pre-wrap; overflow-wrap: anywhere; }
@media (max-width: 50em) { .found { grid-template-columns: minmax(0, 1fr); } }
"""


def _blocks(text: str) -> tuple[list[str], list[list[str]]]:
    """The text output's head lines, and each answer's lines (blocks are separated by blank lines)."""
    head, *answers = text.rstrip("\n").split("\n\n")
    return head.splitlines(), [a.splitlines() for a in answers]


def _line(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("- "):
        return f'<span class="removed">{escape(stripped)}</span>'
    if stripped.startswith("+ "):
        return f'<span class="added">{escape(stripped)}</span>'
    return escape(stripped)


def _joined(lines: Sequence[str]) -> list[str]:
    """Lines wrapped for the terminal, joined again: a continuation line is indented deeper."""
    joined: list[str] = []
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if joined and indent > 3 and not line.lstrip().startswith(("-", "+", "after:")):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return joined


def sections(text: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A text output of whatif or disagree --near, unwrapped: its head lines, and each answer's words and lines."""
    head, answers = _blocks(text)
    found = []
    for answer in answers:
        said, *lines = _joined(answer)
        while lines and lines[0].startswith("   ") and not lines[0].lstrip().startswith(("- ", "+ ", "after:")):
            said += " " + lines.pop(0).strip()  # the edits in words, wrapped for the terminal
        found.append((said, [line.strip() for line in lines]))
    return [line.strip() for line in _joined(head)], found


def page(text: str, title: str) -> str:
    """A text output of whatif or disagree --near as an HTML page."""
    head, answers = sections(text)
    parts = [f"<p>{escape(line)}</p>" for line in head]
    for said, lines in answers:
        body = "\n".join(_line(line) for line in lines)
        parts.append(f'<section class="answer"><h2>{escape(said)}</h2><pre>{body}</pre></section>')
    return _document(title, parts)


def _document(title: str, parts: Sequence[str], body_class: str = "") -> str:
    """A self-contained page: the title, then the parts (already HTML)."""
    attribute = f' class="{body_class}"' if body_class else ""
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head>\n<body{attribute}>\n<h1>{escape(title)}</h1>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def whatif_html(w: WhatIf) -> str:
    """``casus whatif`` as an HTML page."""
    return page(whatif_text(w), f"What would change the verdict: {w.case.title or w.case.file}")


def near_html(n: Near) -> str:
    """``casus disagree --near`` as an HTML page."""
    return page(near_text(n), f"What would make {' and '.join(d.name for d in n.doctrines)} part or meet")


def smallest_html(s: Smallest, explanations: str = "") -> str:
    """``casus disagree`` (without ``--near``) as an HTML page.

    The bounds and the size, the case file (as the text output prints it)
    beside the verdicts that differ, then ``explanations``: both doctrines'
    explanations side by side, an HTML fragment (``casus explain --contrast``).
    """
    parts = [f"<p>over: {escape(s.bounds.text())}</p>"]
    if s.case is None or s.result is None:
        parts.append(f"<p>{escape(none_found(s))}</p>")
        return _document(smallest_title(s.doctrines), parts, "smallest")
    verdicts = fragment([verdict_grid(s.result, differing_rows(s.result))])
    parts += [
        f"<p>size: {escape(size_text(s.case))}</p>",
        '<div class="found">',
        f'<section><h2>The case</h2><pre class="case">{escape(s.text)}</pre></section>',
        f"<section><h2>Verdicts that differ</h2>{verdicts}</section>",
        "</div>",
    ]
    if explanations:
        parts += ["<h2>Why they differ</h2>", explanations]
    return _document(smallest_title(s.doctrines), parts, "smallest")
