"""The notebook face of run and compare: HTML tables with scoped style, JSON, LaTeX and pandas."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import reasoner
from reasoner.reports.html import SCOPE

ROOT = Path(__file__).resolve().parent.parent
FRANCE_GREECE = ROOT / "cases" / "france_greece.casus"
CSTO = ROOT / "cases" / "csto_armenia.casus"


class Shape(HTMLParser):
    """What a fragment is made of: its top-level elements, every tag, the style, the table cells."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.roots: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[str] = []
        self.style = ""
        self.cells: list[tuple[str | None, str]] = []
        self._in: list[str] = []
        self._class: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.roots.append((tag, dict(attrs)))
        self.depth += 1
        self.tags.append(tag)
        self._in.append(tag)
        self._class = dict(attrs).get("class")

    def handle_endtag(self, tag: str) -> None:
        assert self._in.pop() == tag, f"</{tag}> closes another element"
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
        elif self._in and self._in[-1] == "td":
            self.cells.append((self._class, data))


def shape(fragment: str) -> Shape:
    parsed = Shape()
    parsed.feed(fragment)
    parsed.close()
    assert parsed.depth == 0
    return parsed


def selectors(style: str) -> list[str]:
    return [s.strip() for block in re.findall(r"([^{}]+)\{", style) for s in block.split(",")]


def test_compare_is_part_of_the_public_face() -> None:
    assert "compare" in reasoner.__all__ and "Comparison" in reasoner.__all__
    assert isinstance(reasoner.compare(FRANCE_GREECE), reasoner.Comparison)


@pytest.mark.parametrize(
    "result",
    [
        pytest.param(lambda: reasoner.compare([FRANCE_GREECE, CSTO], timeline=True), id="compare"),
        pytest.param(lambda: reasoner.run(FRANCE_GREECE, ["idealist", "moderate"]), id="run"),
    ],
)
def test_results_are_html_tables_in_one_element_with_a_scoped_style(result: object) -> None:
    fragment = result().html()  # type: ignore[operator]
    parsed = shape(fragment)
    assert parsed.roots == [("div", {"class": SCOPE})]
    assert "pre" not in parsed.tags and "table" in parsed.tags and "th" in parsed.tags
    found = selectors(parsed.style)
    assert found and all(s.startswith(f".{SCOPE}") for s in found)
    assert not re.search(r"(^|[\s,}])(body|html|:root|\*)\b", parsed.style)


def test_verdict_cells_carry_their_kind() -> None:
    parsed = shape(reasoner.compare(FRANCE_GREECE).html())
    assert parsed.cells[2:] == [
        ("casus-blameworthy", "breach blameworthy"),
        ("casus-justified", "breach justified (discretion)"),
        ("casus-justified", "breach justified (entrapment)"),
    ]


def test_text_from_the_case_is_escaped(tmp_path: Path) -> None:
    case = tmp_path / "odd.casus"
    text = FRANCE_GREECE.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("case "))
    case.write_text(text.replace(title, 'case "<script>alert(1)</script> & co"'), encoding="utf-8")
    fragment = reasoner.compare(case).html()
    assert "<script>" not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in fragment


def test_a_notebook_gets_text_and_html() -> None:
    comparison = reasoner.compare(FRANCE_GREECE)
    bundle = comparison._repr_mimebundle_()
    assert bundle["text/plain"] == comparison.text() == str(comparison)
    assert bundle["text/html"] == comparison._repr_html_() == comparison.html()
    assert "verdict on each breach\nbreach" in comparison.text()
    assert max(len(line) for line in comparison.text().splitlines()) <= 80


def test_comparison_json_and_latex_are_the_command_lines() -> None:
    comparison = reasoner.compare([FRANCE_GREECE], ["idealist", "moderate"], timeline=True)
    document = json.loads(comparison.json())
    assert document["schema"] == "casus.compare/2"
    assert document["cases"][0]["doctrines"] == ["idealist", "moderate"]
    assert comparison.latex().startswith(r"\documentclass{article}")
    assert r"\begin{longtable}" in comparison.latex()


def test_compare_to_pandas() -> None:
    pytest.importorskip("pandas", reason="to_pandas() needs pandas, which is not installed")
    frame = reasoner.compare([FRANCE_GREECE, CSTO]).to_pandas()
    doctrines = ["idealist", "hobbesian", "moderate"]
    assert list(frame.columns) == ["case", "owes", "to", "time", "breach", "differs", *doctrines]
    breaches = frame[frame["breach"]]
    assert len(breaches) == 6  # France at 9, and the five CSTO members at 2020-10-15
    row = frame[(frame["owes"] == "France") & (frame["time"] == 8)].iloc[0]
    assert (
        row["moderate"]
        == "suspended (forfeited), breach would be justified (entrapment), wronged by ally, ally blameworthy"
    )
    assert set(frame[frame["case"].str.endswith("csto_armenia.casus")]["time"]) == {"2020-09-27", "2020-10-15"}


def test_run_to_pandas() -> None:
    pytest.importorskip("pandas", reason="to_pandas() needs pandas, which is not installed")
    frame = reasoner.run(FRANCE_GREECE, ["idealist", "moderate"]).to_pandas()
    assert list(frame.columns[:5]) == ["doctrine", "time", "owes", "to", "status"]
    moderate = frame[frame["doctrine"] == "moderate"]
    assert list(moderate["time"]) == [4, 5, 6, 7, 8, 9, 10]
    assert moderate.iloc[5]["status"] == "breach justified (entrapment), wronged by ally, ally blameworthy"
    assert list(moderate.iloc[5]["justified"]) == ["entrapment"]


def test_to_pandas_without_pandas_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="needs pandas, which is not installed: pip install pandas"):
        reasoner.compare(FRANCE_GREECE).to_pandas()
