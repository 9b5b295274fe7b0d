"""``casus whatif`` and ``casus disagree --near`` as a self-contained HTML page: each answer a coloured diff.

The page says what the text output says (``whatif.whatif_text``,
``disagree.near_text``), in the same words: the question and the case's
verdict, then each answer with its edits in words, its lines of the case
language (removed in red, added in green) and the verdict after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from reasoner.reports.disagree import Near, near_text
from reasoner.reports.whatif import WhatIf, whatif_text

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }
pre { background: #f6f8fa; padding: 0.6em 0.8em; border-radius: 4px; overflow-x: auto; }
.removed { color: #a40e26; background: #ffebe9; display: block; }
.added { color: #116329; background: #dafbe1; display: block; }
.answer { margin: 1.2em 0; }
.answer h2 { font-size: 1em; margin: 0 0 0.3em 0; }
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
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head>\n<body>\n<h1>{escape(title)}</h1>\n" + "\n".join(parts) + "\n</body></html>\n"
    )


def whatif_html(w: WhatIf) -> str:
    """``casus whatif`` as an HTML page."""
    return page(whatif_text(w), f"What would change the verdict: {w.case.title or w.case.file}")


def near_html(n: Near) -> str:
    """``casus disagree --near`` as an HTML page."""
    return page(near_text(n), f"What would make {' and '.join(d.name for d in n.doctrines)} part or meet")
