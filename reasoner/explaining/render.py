"""Explanation trees for people and programs: terminal tree, Markdown, JSON and Graphviz (HTML: ``html``).

Every format is drawn from one ``View`` tree, so they say the same thing:
``views`` turns explanation nodes into sentences (annotation texts filled in
with the case's names and times, facts with the case line they come from),
applies the detail controls (``depth``; ``collapse`` folds routine steps:
timeline facts and inertia chains), and shows a node repeated within one
document once, referring back to it. The JSON schema is ``casus.explain/1``
(documented in ``docs/explain.md``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from clingo import Symbol

from reasoner.common.errors import CasusError, Diagnostic
from reasoner.common.resources import rules_dir
from reasoner.explaining.contrast import Contrast
from reasoner.explaining.nodes import Display, Node, signature, template
from reasoner.explaining.provenance import source_line
from reasoner.solving.contract import interface

EXPLAIN_SCHEMA = "casus.explain/1"
CONTRAST_SCHEMA = "casus.contrast/1"

#: What the text says when a case has no main conclusion (no breach, forfeiture or restoration).
NOTHING_TO_EXPLAIN = "no breach, forfeiture or restoration to explain; ask about an atom (QUERY)"

#: The formats ``casus explain --format`` offers.
FORMATS = ("text", "markdown", "json", "html", "latex", "dot", "svg", "png")


def unstated(node: Node) -> str:
    """Why an input that no rule concludes does not hold: the case does not state it, or the doctrine,
    whose own switch it is (``heads_only``, declared ``#defined`` by the rule file), does not set it."""
    if node.pattern is not None and signature(node.pattern) not in interface().inputs:
        return "the doctrine does not set this switch"
    return "the case does not state this"


@dataclass(slots=True)
class View:
    """One node as shown: a heading, a sentence, where it comes from, and its children (slots: a document has many)."""

    id: str
    holds: bool
    kind: str
    title: str
    text: str
    label: str | None = None
    file: str | None = None
    line: int | None = None
    quote: str | None = None
    children: list[View] = field(default_factory=list)
    repeat_of: str | None = None
    folded: int = 0
    hidden: bool = False
    #: ``tree`` (the full tree) or ``argument`` (the short view: ``reasoner.explaining.argument``).
    style: str = "tree"
    #: The node of the full tree this view shows (not part of any output format).
    node: Node | None = field(default=None, repr=False, compare=False)

    @property
    def cite(self) -> str | None:
        return f"{self.file}:{self.line}" if self.file and self.line else None


def short_path(file: str, cwd: str | None = None) -> str:
    """A file as shown: relative to the working folder (``cwd``, read once per document), or by name if bundled."""
    return _short_path(file, cwd or os.getcwd())


@cache
def _short_path(file: str, cwd: str) -> str:
    path = Path(file).resolve()
    for base in (Path(cwd), rules_dir().resolve()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return file


def _chain_child(node: Node) -> Node | None:
    """The premise derived by the same rule (the previous step of an inertia chain), if any."""
    if node.kind != "derived" or node.rule is None:
        return None
    for child in node.children:
        if child.kind == "derived" and child.rule is node.rule:
            return child
    return None


def _routine(node: Node) -> bool:
    return node.kind == "fact" and node.source is None


class _Builder:
    def __init__(self, display: Display, depth: int | None, collapse: bool) -> None:
        self.display = display
        self.depth = depth
        self.collapse = collapse
        self.shown: dict[int, str] = {}
        self.cwd = os.getcwd()

    def view(self, node: Node, level: int = 0) -> View:
        first = self.shown.get(id(node))
        if first is not None:  # a repeat is shown by its title and a reference (in every format)
            return View(first, node.holds, node.kind, self._title(node), "", repeat_of=first)
        view = self._describe(node, f"n{len(self.shown) + 1}")
        self.shown[id(node)] = view.id
        if self.depth is not None and level >= self.depth:
            view.hidden = bool(node.children)
            return view
        children = node.children
        if self.collapse:
            chain, bottom = _chain_child(node), node
            while (step := _chain_child(bottom)) is not None:
                bottom = step
                view.folded += 1
            if chain is not None:
                view.text += f" (carried over {view.folded} step{'s' if view.folded > 1 else ''})"
                children = [c for c in node.children if c is not chain and c.holds] + [bottom]
            children = [c for c in children if not _routine(c)]
        view.children = [self.view(c, level + 1) for c in children]
        return view

    def _title(self, node: Node) -> str:
        """What a node is about, as its heading says."""
        if node.kind == "comparison":
            return _comparison(node, self.display)
        if node.kind == "attempt" and node.rule is not None:
            return f"by {node.rule.name}"
        title = self.display.node_atom(node)
        return title if node.holds or node.kind in ("fact", "condition") else f"no {title}"

    def _describe(self, node: Node, ident: str) -> View:
        d = self.display
        title = self._title(node)
        rule = node.rule
        if node.kind == "fact":
            said = "stated in the case" if node.source else "a point of the timeline"
            view = View(ident, True, node.kind, title, said)
            if node.source is not None:
                view.file, view.line = short_path(node.source.file, self.cwd), node.source.line
                view.quote = source_line(node.source.file, node.source.line).strip()
            return view
        if node.kind in ("comparison", "condition"):
            return View(ident, node.holds, node.kind, title, "holds" if node.holds else "does not hold")
        view = View(ident, node.holds, node.kind, title, "")
        if rule is not None:
            view.label = rule.label
            view.file, view.line = short_path(rule.source.file, self.cwd), rule.source.line
        if node.kind == "derived" and rule is not None:
            view.text = d.fill(rule.text, node.bindings) if rule.text else f"by the rule {rule.written}"
            if node.others:
                view.text += f" (and {node.others} other way{'s' if node.others > 1 else ''})"
        elif node.kind == "rule_fact":
            view.text = f"given by the rule file: {rule.written}" if rule is not None else "given by the rule file"
        elif node.kind == "untraced":
            view.text = "holds by a rule whose instances are not recorded (a choice, disjunctive or aggregate head)"
        elif node.kind == "missing":
            view.text = unstated(node) + (f" ({node.text})" if node.text else "")
        elif node.kind == "underivable":
            view.text = "no rule of the doctrine concludes this"
        elif node.kind == "blocked":
            view.text = "every rule that could conclude this fails"
        elif node.kind == "cut" and node.text == "circular":
            view.text = "this would itself need what is being explained (a circular derivation), so no"
        elif node.kind == "cut":
            view.text = "not followed further (raise --why-not-depth to see more)"
        elif node.kind == "attempt" and rule is not None:
            what = d.fill(rule.text, node.bindings) if rule.text else rule.written
            failing = rule.body[node.failed].text if node.failed is not None and node.failed >= 0 else "its head"
            view.text = f"would conclude that {what}; fails at: {_filled(failing, node.bindings, d)}"
            if node.others > 0:
                view.text += f" (and {node.others} other binding{'s' if node.others > 1 else ''} fail likewise)"
        return view


def _comparison(node: Node, display: Display) -> str:
    return _filled(node.text or "", node.bindings, display)


def _filled(text: str, bindings: Mapping[str, Symbol], display: Display) -> str:
    """A condition as written, with each bound variable replaced by its value."""

    out: list[str] = []
    for literal, name in template(text, _VARIABLE):
        out.append(literal)
        if name is not None:
            bound = bindings.get(name)
            out.append(display.value(bound) if bound is not None else name)
    return "".join(out)


#: A variable in a condition as written (not inside a longer name).
_VARIABLE = re.compile(r"(?<![A-Za-z0-9_'])[A-Z_][A-Za-z0-9_']*")


def views(nodes: Sequence[Node], display: Display, depth: int | None = None, collapse: bool = True) -> list[View]:
    """The views of explanation trees, sharing repeated nodes within the document."""
    builder = _Builder(display, depth, collapse)
    return [builder.view(n) for n in nodes]


# -- terminal tree ------------------------------------------------------------------


def _line(view: View) -> str:
    mark = "✓" if view.holds else "✗"
    if view.style == "argument":
        return _argument_line(view, mark)
    if view.repeat_of:
        return f"{mark} {view.title}  (explained above)"
    parts = [f"{mark} {view.title}"]
    if view.text:
        parts.append(f": {view.text}")
    where = " · ".join(p for p in (view.label, view.cite) if p)
    if view.quote:
        where = f"{where}: «{view.quote}»"
    if where:
        parts.append(f"  [{where}]")
    if view.hidden:
        parts.append("  …")
    return "".join(parts)


def _argument_line(view: View, mark: str) -> str:
    """A line of the argument view: a case line as ``line N: text``, a point with its label only."""
    if view.kind == "fact":
        return f"line {view.line}: {view.title}"
    line = f"{mark} {view.title}" + (f": {view.text}" if view.text else "")
    if view.repeat_of:
        return line + " (see above)"
    return line + (f"  [{view.label}]" if view.label else "")


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` when set; 80 when the output is not a terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


def _wrapped(first: str, rest: str, line: str, width: int | None) -> Iterator[str]:
    """A line wrapped to the width at spaces: the first piece after ``first``, the others after ``rest``.

    A word longer than the room is cut (a plain greedy fill: the terminal tree
    wraps many lines, and ``textwrap`` is several times slower at it).
    """
    if width is None or len(first) + len(line) <= width:
        yield first + line
        return
    prefix, room = first, max(width - len(first), 20)
    current = ""
    for word in line.split(" "):  # split at each space, so that a double space within a line stays
        while len(word) > room:  # a word longer than a line: cut it
            if current:
                yield prefix + current.rstrip()
                prefix, room, current = rest, max(width - len(rest), 20), ""
            yield prefix + word[:room]
            prefix, room, word = rest, max(width - len(rest), 20), word[room:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= room:
            current += " " + word
        else:
            yield prefix + current.rstrip()
            prefix, room, current = rest, max(width - len(rest), 20), word
    if current:
        yield prefix + current.rstrip()


def tree_lines(
    view: View, prefix: str = "", last: bool = True, root: bool = True, width: int | None = None
) -> Iterator[str]:
    """A view as the lines of a terminal tree (``├─``, ``└─``), wrapped to ``width`` with the guides kept.

    Walked with a stack of its own, not by recursion: each line is yielded
    once, however deep the tree (an inertia chain is as long as the timeline).
    """
    stack = [(view, prefix, last, root)]
    while stack:
        current, before, is_last, is_root = stack.pop()
        if is_root:
            first, inner = "", ""
        else:
            first, inner = before + ("└─ " if is_last else "├─ "), before + ("   " if is_last else "│  ")
        rest = inner + ("│  " if current.children else "   ")
        yield from _wrapped(first, rest, _line(current), width)
        children = current.children
        stack.extend((child, inner, i == len(children) - 1, False) for i, child in reversed(list(enumerate(children))))


def text(roots: Sequence[View], heading: str, width: int | None = None) -> str:
    """Explanations as terminal trees, one after another, each line at most ``width`` columns."""
    blocks = ["\n".join(tree_lines(v, width=width)) for v in roots] or [NOTHING_TO_EXPLAIN]
    title = "\n".join(textwrap.wrap(heading, width)) if width else heading
    return title + "\n\n" + "\n\n".join(blocks) + "\n"


# -- Markdown -----------------------------------------------------------------------


#: Characters that mean something in Markdown inside a line, escaped so that a title stays text (no live link).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()!|~#])")


def _md(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIALS.sub(r"\\\1", escaped)


def _markdown_item(view: View, level: int) -> Iterator[str]:
    mark = "✓" if view.holds else "✗"
    item = f"{'  ' * level}- {mark} **{_md(view.title)}**"
    if view.repeat_of:
        yield item + f" (explained above, [{view.repeat_of}](#{view.repeat_of}))"
        return
    item = f'{"  " * level}- <a id="{view.id}"></a>{mark} **{_md(view.title)}**'
    if view.text:
        item += f": {_md(view.text)}"
    if view.label or view.cite:
        link = f"[{_md(view.cite)}]({view.file}#L{view.line})" if view.cite else ""
        item += " (" + " · ".join(p for p in (_md(view.label) if view.label else "", link) if p) + ")"
    if view.quote:
        item += f" «{_md(view.quote)}»"
    yield item
    for child in view.children:
        yield from _markdown_item(child, level + 1)


def markdown(roots: Sequence[View], heading: str) -> str:
    """Explanations as nested Markdown lists, with links to the cited source lines."""
    out = [f"# {_md(heading)}", ""]
    for view in roots:
        out += [f"## {_md(view.title)}", "", *_markdown_item(view, 0), ""]
    return "\n".join(out)


# -- JSON ---------------------------------------------------------------------------


def view_json(view: View) -> dict[str, object]:
    """A view as a JSON object (see ``docs/explain.md``)."""
    data: dict[str, object] = {"id": view.id, "kind": view.kind, "holds": view.holds, "title": view.title}
    if view.repeat_of:
        data["repeat_of"] = view.repeat_of
        return data
    data["text"] = view.text
    data["label"] = view.label
    data["source"] = {"file": view.file, "line": view.line} if view.file else None
    if view.quote:
        data["quote"] = view.quote
    if view.folded:
        data["folded"] = view.folded
    if view.hidden:
        data["hidden_below"] = True
    data["children"] = [view_json(c) for c in view.children]
    return data


def json_document(roots: Sequence[View], case: str, doctrine: str, queries: Sequence[str]) -> str:
    """The ``casus.explain/1`` document (``view``: ``argument``, or ``tree`` for the full tree)."""
    body = {
        "schema": EXPLAIN_SCHEMA,
        "case": case,
        "doctrine": doctrine,
        "view": roots[0].style if roots else "argument",
        "explanations": [{"query": q, "tree": view_json(v)} for q, v in zip(queries, roots, strict=True)],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


# -- Graphviz -----------------------------------------------------------------------


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _dot_label(view: View) -> list[str]:
    """A node's lines in the graph; in the argument, the case lines below a point are named in it."""
    width = 48 if view.style == "tree" else 40
    lines = [*textwrap.wrap(view.title, width), *textwrap.wrap(view.text, width)]
    if view.style == "argument":
        cited = [str(c.line) for c in view.children if c.kind == "fact"]
        if cited:
            lines += textwrap.wrap(f"case line{'s' if len(cited) > 1 else ''} {', '.join(cited)}", width)
        if view.label:
            lines.append(view.label)
    elif view.label or view.cite:
        lines.append(" · ".join(p for p in (view.label, view.cite) if p))
    return lines


def dot(roots: Sequence[View], heading: str) -> str:
    """Explanations as one Graphviz digraph; a repeated node is drawn once with several parents.

    In the argument view the case lines are named inside the point they decide, so
    the graph has one node per point (small enough for a slide).
    """
    rankdir = "LR" if roots and roots[0].style == "argument" else "TB"
    out = [
        "digraph explanation {",
        f'  label="{_dot_text(heading)}"; labelloc=t; rankdir={rankdir};',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
    ]
    stack = [(None, v) for v in reversed(roots)]
    drawn: set[str] = set()
    while stack:
        parent, view = stack.pop()
        target = view.repeat_of or view.id
        if parent is not None:
            out.append(f"  {parent} -> {target};")
        if view.repeat_of or view.id in drawn:
            continue
        drawn.add(view.id)
        label = "\\n".join(_dot_text(line) for line in _dot_label(view))
        colour = "#e6f4ea" if view.holds else "#fdecea"
        style = "" if view.holds else ', style="rounded,filled,dashed"'
        out.append(f'  {view.id} [label="{label}", fillcolor="{colour}"{style}];')
        shown = [c for c in view.children if view.style == "tree" or c.kind != "fact"]
        stack.extend((view.id, c) for c in reversed(shown))
    out.append("}")
    return "\n".join(out) + "\n"


def render_graph(dot_text: str, kind: str, time_limit: float) -> bytes | None:
    """The picture (SVG or PNG) Graphviz draws of ``dot_text``; ``None`` when Graphviz is not installed.

    Graphviz runs under ``time_limit`` seconds; a drawing it cannot finish, or a
    graph it refuses, is a ``CasusError`` the caller shows (the DOT is still the
    caller's to keep).
    """
    program = shutil.which("dot")
    if program is None:
        return None
    try:
        drawn = subprocess.run(
            [program, f"-T{kind}"], input=dot_text.encode("utf-8"), capture_output=True, timeout=time_limit
        )
    except subprocess.TimeoutExpired:
        message = f"Graphviz did not finish drawing the {kind.upper()} within the time limit of {time_limit:g} s"
        raise CasusError([Diagnostic(message, None, help="draw less (--depth N) or raise --time-limit")], 3) from None
    if drawn.returncode != 0:
        said = drawn.stderr.decode("utf-8", "replace").strip().splitlines()
        message = f"Graphviz could not draw the {kind.upper()}" + (f": {said[0]}" if said else "")
        raise CasusError([Diagnostic(message, None)], 3)
    return drawn.stdout


def graphviz_missing(kind: str, dot_file: Path, output: Path) -> str:
    """What to tell the user when Graphviz is not installed: where the graph is, and how to draw it."""
    return (
        f"Graphviz 'dot' is not installed, so no {kind.upper()} was drawn; "
        f"the graph is in {dot_file} (install Graphviz, then run: dot -T{kind} {dot_file} -o {output})"
    )


# -- contrast -----------------------------------------------------------------------


@dataclass
class ContrastView:
    """A contrast item as shown: the conclusion, the shared steps, and both sides from where they part."""

    title: str
    left_holds: bool
    right_holds: bool
    shared: list[View]
    left: View
    right: View


def contrast_views(
    items: Sequence[Contrast], left: Display, right: Display, depth: int | None, collapse: bool
) -> list[ContrastView]:
    out = []
    for item in items:
        shared = views([n for n in item.shared], left, 0, collapse)
        a = views([item.left_split], left, depth, collapse)[0]
        b = views([item.right_split], right, depth, collapse)[0]
        out.append(ContrastView(left.atom(item.atom), item.left.holds, item.right.holds, shared, a, b))
    return out


def contrast_text(items: Sequence[ContrastView], names: tuple[str, str], heading: str, width: int | None = None) -> str:
    """Each differing conclusion with the explanation under each doctrine, one after the other."""
    width = width or terminal_width()
    title = "\n".join(textwrap.wrap(heading, width))
    if not items:
        return title + f"\n\n{names[0]} and {names[1]} reach the same conclusions\n"
    out = [title, ""]
    for item in items:
        verdict = (
            f"{item.title}: {'holds' if item.left_holds else 'does not hold'} under {names[0]}, "
            f"{'holds' if item.right_holds else 'does not hold'} under {names[1]}"
        )
        out += textwrap.wrap(verdict, width, subsequent_indent="  ")
        for view in item.shared:
            out += [*_wrapped("  same under both: ", "    ", _line(view), width)]
        for name, view in zip(names, (item.left, item.right), strict=True):
            out.append(f"  under {name}:")
            out += ["    " + line for line in tree_lines(view, width=width - 4)]
        out.append("")
    return "\n".join(out)


def contrast_json(items: Sequence[ContrastView], names: tuple[str, str], case: str) -> str:
    body = {
        "schema": CONTRAST_SCHEMA,
        "case": case,
        "doctrines": list(names),
        "differences": [
            {
                "conclusion": i.title,
                "holds": {names[0]: i.left_holds, names[1]: i.right_holds},
                "shared": [view_json(v) for v in i.shared],
                "diverge": {names[0]: view_json(i.left), names[1]: view_json(i.right)},
            }
            for i in items
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def contrast_markdown(items: Sequence[ContrastView], names: tuple[str, str], heading: str) -> str:
    out = [f"# {_md(heading)}", ""]
    for i in items:
        out += [f"## {_md(i.title)}", ""]
        for view in i.shared:
            out.append(f"- same under both: **{_md(view.title)}** ({_md(view.text)})")
        for name, view in zip(names, (i.left, i.right), strict=True):
            out += ["", f"**{_md(name)}**:", "", *_markdown_item(view, 0)]
        out.append("")
    return "\n".join(out)
