"""The parser decision: Lark's LALR parser with the transformer applied during parsing, beside the line reader.

    python benchmarks/readers.py

The line reader (``reasoner.language.read._read_fast``) mirrors the grammar with
regular expressions. The rule for keeping it: if Lark, given the transformer
at construction (``Lark(..., parser="lalr", transformer=...)``, so no tree is
built) and a cached grammar, is within 1.5x of the line reader end to end on a
batch, the line reader goes. This prints, in one run: parsing alone (line
reader, Lark building a tree then transforming it, Lark transforming inline)
and ``casus batch`` end to end on the same generated cases with each reader.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Size, generate

from reasoner.common.errors import source_lines
from reasoner.common.resources import grammar_file
from reasoner.language import read as parse
from reasoner.language.read import _Build, _code
from reasoner.reports.batch import batch, batch_table
from reasoner.solving.engine import find_doctrine


class Inline(Transformer):  # type: ignore[misc]
    """The tree transformer's methods, called by the parser as it reduces (no tree)."""

    build: _Build
    lines: list[str]

    def _len(self, first: Any) -> int:
        return max(1, len(_code(self.lines[first.line - 1])) - first.column + 1)

    def time(self, c: list[Any]) -> Any:
        return self.build.time(c[0]), c[0]

    def names(self, c: list[Any]) -> Any:
        return c

    def attribute(self, c: list[Any]) -> Any:
        return c[0], c[1]

    def attributes(self, c: list[Any]) -> Any:
        return c

    def title(self, c: list[Any]) -> Any:
        return self.build.title(c[0])

    def include(self, c: list[Any]) -> Any:
        return self.build.include(c[0])

    def states(self, c: list[Any]) -> Any:
        return self.build.states(c[0])

    def any_state(self, c: list[Any]) -> Any:
        return None

    def anywhere(self, c: list[Any]) -> Any:
        return None

    def adversary(self, c: list[Any]) -> Any:
        return "adversary", c[0]

    def scope(self, c: list[Any]) -> Any:
        return "scope", c[0]

    def unprovoked(self, c: list[Any]) -> Any:
        return "unprovoked", True

    def in_force(self, c: list[Any]) -> Any:
        return "in_force", (c[0][0], c[1][0] if c[1] else None)

    def alliance(self, c: list[Any]) -> Any:
        name, arity, kind, members, *clauses = c
        return self.build.alliance(name, arity, kind, members, clauses)

    def event(self, c: list[Any]) -> Any:
        (t, tok), placed = c
        return self.build.event(t, tok, placed)

    def initiated(self, c: list[Any]) -> Any:
        return True

    def assists(self, c: list[Any]) -> Any:
        return "assisted"

    def refrains(self, c: list[Any]) -> Any:
        return "refrained"

    def attack(self, c: list[Any]) -> Any:
        return self.build.attack(c[0], c[1], c[2], bool(c[3]), self._len(c[0]))

    def _calls(name: str) -> Callable[..., Any]:  # type: ignore[misc]
        def call(self: Inline, c: list[Any]) -> Any:
            return getattr(self.build, name)(*c, self._len(c[0]))

        return call

    conduct, belief, signal = _calls("conduct"), _calls("belief"), _calls("signal")
    response, threat = _calls("response"), _calls("threat")
    action, ceasefire = _calls("action"), _calls("ceasefire")

    del _calls

    def start(self, c: list[Any]) -> Any:
        return c


INLINE = Inline()


@cache
def inline_parser() -> Lark:
    return Lark(grammar_file().read_text(), parser="lalr", maybe_placeholders=True, transformer=INLINE, cache=True)


def read_inline(text: str, build: _Build) -> Any:
    INLINE.build, INLINE.lines = build, source_lines(text)
    return inline_parser().parse(text)


def best(work: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    size, count = Size(3, 2, 20, 1.0), 1000
    texts = [generate(seed, size) for seed in range(count)]
    for t in texts[:100]:  # the same statements, whichever reader
        assert repr(parse._read_fast(source_lines(t), _Build("c"))) == repr(read_inline(t, _Build("c")))
    fast = best(lambda: [parse._read_fast(source_lines(t), _Build("c")) for t in texts])
    tree = best(lambda: [parse._read_lark(t, _Build("c")) for t in texts])
    inline = best(lambda: [read_inline(t, _Build("c")) for t in texts])
    print(
        f"parsing {count} cases: line reader {fast:.3f} s, Lark tree {tree:.3f} s ({tree / fast:.2f}x), "
        f"Lark inline {inline:.3f} s ({inline / fast:.2f}x)"
    )
    folder = Path(tempfile.mkdtemp())
    names = []
    for seed, text in enumerate(texts):
        (folder / f"c{seed}.casus").write_text(text)
        names.append(str(folder / f"c{seed}.casus"))
    doctrine = find_doctrine("moderate")
    run = lambda: batch_table(batch(names, [doctrine]).rows)  # noqa: E731
    with_fast = best(run)
    saved = parse._read_fast, parse._read_lark
    parse._read_fast = lambda lines, build: None
    parse._read_lark = read_inline
    with_inline = best(run)
    parse._read_fast, parse._read_lark = saved
    print(
        f"casus batch, {count} cases, end to end: line reader {with_fast:.2f} s, "
        f"Lark inline {with_inline:.2f} s ({with_inline / with_fast:.2f}x)"
    )


if __name__ == "__main__":
    main()
