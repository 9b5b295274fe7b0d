"""Results as HTML fragments for a notebook: real tables, with a style that touches nothing outside them.

A fragment is one ``<div class="casus-result">`` holding its own ``<style>``;
every rule of that style starts with ``.casus-result``, so the fragment
never restyles the page around it (no ``body``, no bare ``table``), and two
fragments on one page share the same harmless rules. The views are those of
the terminal (``reasoner.reports.tables``): headings as text, grids as
``<table>``, status words styled by their kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from rich.console import RenderableType
from rich.text import Text

from reasoner.reports.layout import Grid, Styled
from reasoner.reports.tables import KIND_STYLES

#: The class of the fragment's outer element: every style rule is scoped under it.
SCOPE = "casus-result"

STYLE = f"""
.{SCOPE} {{ font-size: 0.9em; max-width: 100%; overflow-x: auto; }}
.{SCOPE} .casus-heading {{ font-weight: bold; margin: 0.8em 0 0.2em 0; white-space: pre-line; }}
.{SCOPE} table.casus-table {{ border-collapse: collapse; margin: 0.2em 0 0.8em 0; }}
.{SCOPE} table.casus-table caption {{ text-align: left; font-style: italic; padding-bottom: 0.2em; }}
.{SCOPE} table.casus-table th, .{SCOPE} table.casus-table td {{
  text-align: left; vertical-align: top; padding: 0.15em 0.8em 0.15em 0; }}
.{SCOPE} table.casus-table thead th {{ border-bottom: 1px solid currentColor; }}
.{SCOPE} .casus-blameworthy {{ color: #b00020; font-weight: bold; }}
.{SCOPE} .casus-justified {{ color: #1b7f3b; }}
.{SCOPE} .casus-breach {{ color: #9a6700; }}
.{SCOPE} .casus-suspended {{ color: #0b6e99; }}
.{SCOPE} .casus-mark {{ font-weight: bold; }}
"""

#: The kind of a styled cell, from its terminal style.
_KINDS = {style: kind for kind, style in KIND_STYLES.items()}


def _cell(tag: str, cell: str | Text) -> str:
    kind = _KINDS.get(str(cell.style)) if isinstance(cell, Text | Styled) else None
    attribute = f' class="casus-{kind}"' if kind else ""
    return f"<{tag}{attribute}>{escape(str(cell))}</{tag}>"


def grid_html(grid: Grid) -> str:
    """A grid as an HTML table: its title as the caption, a header row, a row per row."""
    caption = f"<caption>{escape(grid.title)}</caption>" if grid.title else ""
    head = "".join(_cell("th", h) for h in grid.headers)
    rows = "".join("<tr>" + "".join(_cell("td", c) for c in row) + "</tr>" for row in grid.rows)
    return f'<table class="casus-table">{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _part(item: RenderableType) -> str:
    if isinstance(item, Grid):
        return grid_html(item)
    text = str(item)
    return f'<div class="casus-heading">{escape(text.strip())}</div>' if text.strip() else ""


def fragment(views: Sequence[RenderableType]) -> str:
    """Views (headings and grids) as one HTML fragment with its own scoped style."""
    body = "".join(_part(item) for item in views)
    return f'<div class="{SCOPE}"><style>{STYLE}</style>{body}</div>'
