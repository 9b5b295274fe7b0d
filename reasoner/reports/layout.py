"""Laying out text for people: tables that fit the width they are printed at, rendered plain or coloured.

A ``grid`` is a table with a rule of dashes under its header, whose cells wrap
to fit. Where even the narrowest wrapping cannot fit (a long file name in one
column, seven columns on 80), each row is shown as a record instead: one
``header  value`` line per column, the records apart by a blank line, so that
nothing is cut in the middle of a word. ``plain`` renders at a given width; the
command line's ``reasoner.cli.output`` chooses that width, the colour and a
pager.

Without colour, text, styled text and grids are laid out here, line by line,
with rich's own rule for wrapping a cell (``rich._wrap.divide_line``), and
rich's console and tables are not even imported: printing is most of the time
of ``casus run`` on a large case, and importing them a sizeable part of a cold
start. Anything else (a tree, colour) is printed by rich; the property tests of
``tests/test_layout.py`` check that both ways give the same text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

#: The width of plain text when nothing else says (a notebook's text, a file).
PLAIN_WIDTH = 80

#: A rule of dashes under the header and nothing else, as the lines of a ``rich.box.Box``.
RULE_UNDER_HEADER = "    \n    \n -  \n    \n    \n    \n    \n    \n"

#: The columns that name a row are kept whole up to this width.
KEPT_WIDTH = 26

#: Columns are this far apart: a blank of padding and the blank divider of ``RULE_UNDER_HEADER``.
GAP = 2


class Styled(str):
    """Text with a style for the terminal (``"bold red"``), or parts each with its own: a plain string elsewhere."""

    style: str
    parts: tuple[tuple[str, str], ...]

    def __new__(cls, text: str, style: str = "") -> Styled:
        styled = super().__new__(cls, text)
        styled.style, styled.parts = style, ((text, style),)
        return styled

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str]) -> Styled:
        """Parts in a row, each a string or a ``(text, style)`` pair (as ``rich.text.Text.assemble``)."""
        pairs = tuple(part if isinstance(part, tuple) else (part, "") for part in parts)
        styled = cls("".join(text for text, _ in pairs))
        styled.parts = pairs
        return styled

    def __reduce__(self) -> tuple[object, ...]:
        return _styled, (self.parts,)

    def rich(self) -> Text:
        """The text as rich prints it: in its style (padding included), or each part in its own."""
        from rich.text import Text

        return Text(str(self), style=self.style) if len(self.parts) == 1 else Text.assemble(*self.parts)


def _styled(parts: tuple[tuple[str, str], ...]) -> Styled:
    """A ``Styled`` again from its parts (unpickling)."""
    return Styled.assemble(*parts) if len(parts) != 1 else Styled(*parts[0])


#: A table cell: plain text, or text with a style for the terminal.
Cell = str


def _rich(item: object) -> object:
    """An item as rich prints it: styled text as rich text, a string as unstyled text, the rest as it is."""
    from rich.text import Text

    if isinstance(item, Styled):
        return item.rich()
    return Text(item) if isinstance(item, str) else item


def fit(least: Sequence[int], natural: Sequence[int], room: int) -> list[int] | None:
    """Column widths within ``room``: each as wide as its text if all fit, else shared fairly, never below ``least``.

    The narrowest columns are widened first (max-min fairness), so a short column keeps its text
    on one line while long ones wrap. ``None`` if even the least widths do not fit.
    """
    if sum(natural) <= room:
        return list(natural)
    if sum(least) > room:
        return None
    level = 0
    while sum(min(n, max(m, level + 1)) for m, n in zip(least, natural, strict=True)) <= room:
        level += 1
    widths = [min(n, max(m, level)) for m, n in zip(least, natural, strict=True)]
    for i, n in enumerate(natural):  # what is left over goes to the first columns that can use it
        if sum(widths) < room and widths[i] < n:
            widths[i] += 1
    return widths


def _cells(text: str) -> int:
    """The columns ``text`` takes on a terminal (its length, for printable ASCII)."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _natural(cell: Cell) -> int:
    return max((_cells(line) for line in str(cell).splitlines()), default=0)


def _longest_word(cell: Cell) -> int:
    return max((_cells(word) for word in str(cell).split()), default=0)


class Grid:
    """A table that wraps its cells to fit, or shows each row as a record where it cannot."""

    def __init__(
        self, headers: Sequence[str], rows: Sequence[Sequence[Cell]], title: str | None = None, keep: int = 0
    ) -> None:
        self.headers = list(headers)
        self.rows = [list(r) for r in rows]
        self.title = title
        self.keep = keep

    def _columns(self) -> list[list[Cell]]:
        return [list(column) for column in zip(self.headers, *self.rows, strict=True)]

    def widths(self) -> tuple[list[int], list[int]]:
        """Each column's least width (its longest word; up to ``KEPT_WIDTH`` of a kept column) and natural width.

        A column of one-line printable ASCII (most are) is measured as a whole: its lengths, and its words.
        """
        natural, least = [], []
        for column in self._columns():
            joined = "".join(column)
            if joined.isascii() and joined.isprintable():
                natural.append(max(map(len, column)))
                least.append(max(map(len, " ".join(column).split()), default=0))
            else:
                natural.append(max(map(_natural, column)))
                least.append(max(map(_longest_word, column)))
        for i in range(min(self.keep, len(least))):
            least[i] = max(least[i], min(natural[i], KEPT_WIDTH))
        return least, natural

    def table(self, widths: Sequence[int] | None = None) -> Table:
        """The rows as one table, its columns as wide as ``widths`` (default: their text), cells wrapped."""
        from rich import box
        from rich.table import Table

        shown = Table(
            box=box.Box(RULE_UNDER_HEADER, ascii=True),
            title=self.title,
            title_justify="left",
            title_style="bold",
            header_style="bold",
            show_edge=False,
            pad_edge=False,
            padding=(0, 1, 0, 0),
        )
        for i, header in enumerate(self.headers):
            shown.add_column(header, overflow="fold", width=None if widths is None else widths[i])
        for row in self.rows:
            shown.add_row(*map(_rich, row))  # type: ignore[arg-type]
        return shown

    def records(self) -> list[RenderableType]:
        """Each row as a record: a header and its value on each line, records apart by a blank line.

        A column without a header (a mark such as ``*``) heads its record, when the row has one.
        """
        from rich.table import Table
        from rich.text import Text

        shown: list[RenderableType] = [Text(self.title, style="bold")] if self.title else []
        for i, row in enumerate(self.rows):
            record = Table.grid(padding=(0, 2, 0, 0))
            record.add_column(style="bold", no_wrap=True)
            record.add_column(overflow="fold")
            for header, cell in zip(self.headers, row, strict=True):
                if header:
                    record.add_row(header, _rich(cell))  # type: ignore[arg-type]
                elif str(cell):
                    record.add_row(_rich(cell), "")  # type: ignore[arg-type]
            shown += [record] if i == 0 else [Text(""), record]
        return shown

    def fitted(self, width: int) -> list[int] | None:
        """The column widths of the table at ``width``, or ``None`` where it is shown as records."""
        least, natural = self.widths()
        return fit(least, natural, width - GAP * (len(self.headers) - 1))

    def plain_lines(self, width: int) -> list[str] | None:
        """The grid as rich prints it without colour, line by line, built directly; ``None`` where rich must.

        Rich lays out every cell of every row through its segment machinery,
        some 200 microseconds a row, which made printing the conclusions of a
        large case most of ``casus run``'s time (and the records of a batch
        most of ``casus batch``'s table). Here a cell that fits is padded and
        one that does not is wrapped by rich's own rule (``_wrapped``). A
        title, an empty column, or a cell on several lines, with a tab or a
        character that is not printable takes rich's way.
        """
        rows = [[str(c) for c in r] for r in self.rows]
        if self.title or not all(_printable(c) for r in [self.headers, *rows] for c in r):
            return None
        widths = self.fitted(width)
        if widths is None:
            return self._plain_records(width)
        if 0 in widths:
            return None
        last = len(widths) - 1
        pads = [w + (i < last) for i, w in enumerate(widths)]  # right padding of 1, none at the edge
        lines = _row_lines(self.headers, widths, pads, "bottom")
        if lines is None:
            return None
        lines.append(" ".join("-" * p for p in pads))
        for row in rows:
            more = _row_lines(row, widths, pads, "top")
            if more is None:
                return None
            lines += more
        return lines

    def _plain_records(self, width: int) -> list[str] | None:
        """``records`` as lines: each record's headers padded to its longest, then the value, wrapped to the rest."""
        lines: list[str] = []
        for i, row in enumerate(self.rows):
            pairs = [(h, str(c)) if h else (str(c), "") for h, c in zip(self.headers, row, strict=True) if h or str(c)]
            if not pairs:
                return None
            named = max(_cells(h) for h, _ in pairs) + 2  # the headers' column and its padding of 2
            room = width - named
            if room < 1:
                return None
            natural = max(_cells(v) for _, v in pairs)
            lines += [] if i == 0 else [""]
            for header, value in pairs:
                wrapped = _wrapped(value, room) if natural > room else [value]
                if wrapped is None:
                    return None
                lines += [_pad(header, named) + wrapped[0], *(" " * named + w for w in wrapped[1:])]
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        widths = self.fitted(options.max_width)
        if widths is None:
            yield from self.records()
        else:
            yield self.table(widths)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        least, natural = self.widths()
        gaps = GAP * (len(self.headers) - 1)
        return Measurement(sum(least) + gaps, sum(natural) + gaps)


def _printable(text: str) -> bool:
    """Whether ``text`` is laid out here: one line, no tab, nothing rich would print differently (a control code)."""
    return text.isprintable()


#: Blanks at the end of a line, which rich crops where a line is longer than its width.
_TRAILING_BLANKS = re.compile(r"\s+$")


def _wrapped(text: str, width: int) -> list[str] | None:
    """A cell's lines at ``width``, as rich wraps them: its own ``divide_line`` (words whole where they fit,
    folded where not), the blanks beyond the width cropped; ``None`` if a line still does not fit."""
    if _cells(text) <= width:
        return [text]
    from rich._wrap import divide_line

    offsets = [0, *divide_line(text, width, fold=True), len(text)]
    lines = []
    for start, end in pairwise(offsets):
        line = text[start:end]
        blanks = _TRAILING_BLANKS.search(line)
        if len(line) > width and blanks is not None:
            line = line[: len(line) - min(len(blanks.group()), len(line) - width)]
        if _cells(line) > width:
            return None
        lines.append(line)
    return lines


def _row_lines(cells: Sequence[str], widths: Sequence[int], pads: Sequence[int], align: str) -> list[str] | None:
    """One row's lines: each cell wrapped and padded to its column, a blank between columns."""
    if all(len(c) <= w and c.isascii() for c, w in zip(cells, widths, strict=True)):  # fits: padded, no wrap
        return [" ".join([c.ljust(p) for c, p in zip(cells, pads, strict=True)])]
    wrapped = [_wrapped(c, w) for c, w in zip(cells, widths, strict=True)]
    if any(w is None for w in wrapped):
        return None
    height = max(len(w) for w in wrapped)  # type: ignore[arg-type]
    if height == 1:
        return [" ".join(_pad(w[0], p) for w, p in zip(wrapped, pads, strict=True))]  # type: ignore[index]
    blank = [""] * height
    shaped = [(blank[len(w) :] + w if align == "bottom" else w + blank[len(w) :]) for w in wrapped]  # type: ignore[arg-type, operator]
    return [" ".join(_pad(s[i], p) for s, p in zip(shaped, pads, strict=True)) for i in range(height)]


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _cells(text))


def grid(headers: Sequence[str], rows: Sequence[Sequence[Cell]], title: str | None = None, keep: int = 0) -> Grid:
    """A table with a rule under the header that fits the width it is printed at (see ``Grid``).

    The first ``keep`` columns name the row (a pair of allies, a time): they wrap only past ``KEPT_WIDTH``.
    """
    return Grid(headers, rows, title, keep)


def plain(*renderables: RenderableType, width: int = PLAIN_WIDTH, colour: bool = False) -> str:
    """Renderables as text at a width: cells wrapped, no trailing blanks, ANSI codes only if ``colour``.

    Without colour, each string and grid is laid out here where it can be
    (``_direct``); only the rest goes through rich (a console made when first needed).
    """
    lines: list[str] = []
    console: Console | None = None
    for item in renderables:
        direct = None if colour else _direct(item, width)
        if direct is None:
            console = console or _console(width, colour)
            console.print(_rich(item))
            direct = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
            console.file.seek(0)  # type: ignore[attr-defined]
            console.file.truncate()  # type: ignore[attr-defined]
        lines += direct
    return "".join(line.rstrip() + "\n" for line in lines)


def _direct(item: object, width: int) -> list[str] | None:
    """An item's lines without colour, laid out here: a grid, or a string whose lines fit; ``None`` otherwise."""
    if isinstance(item, Grid):
        return item.plain_lines(width)
    if isinstance(item, str) and all(_printable(line) and _cells(line) <= width for line in item.split("\n")):
        return item.split("\n")
    return None


def _console(width: int, colour: bool) -> Console:
    """A rich console writing to a string, at ``width``, coloured or not."""
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        no_color=not colour,
        markup=False,
        highlight=False,
        emoji=False,
    )
