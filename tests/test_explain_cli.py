"""``casus explain`` on one case: exact lines, and the shape of every format."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from reasoner import api
from reasoner.cli.main import main

CASE = str(Path(__file__).resolve().parent.parent / "cases" / "france_greece.casus")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["explain", CASE, *argv])
    return code, capsys.readouterr().out


def test_why_not_names_the_failing_condition(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "-d", "moderate", "justified(France, Greece, 10, entrapment)")
    assert code == 0
    lines = out.splitlines()
    assert lines[2] == "✗ no justified(France, Greece, 10, entrapment): every rule that could conclude this fails"
    assert lines[3].startswith(
        "└─ ✗ by M15: would conclude that a breach by France of its duty to Greece at 10 would be justified: "
        "Greece forfeited its claim by entrapment; fails at: forfeited(France,Greece,10)"
    )
    assert lines[4] == "   └─ ✗ no forfeited(France, Greece, 10): every rule that could conclude this fails"
    defeater = "policy_changed(Greece, Turkey, 10): Greece states a new policy towards Turkey at 10"
    assert any(defeater in x for x in lines)
    assert any("«at 10: Greece pursues treaty-specified policy towards Turkey»" in x for x in lines)


def test_doctrine_without_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "justified(France,Greece,9,_)", "-d", "idealist")
    assert code == 0
    assert out.splitlines()[2] == "✗ no justified(France, Greece, 9, _): no rule of the doctrine concludes this"


def test_negative_condition_shows_its_defeater(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "-d", "moderate", "blameworthy(France, Greece, 9)", "--depth", "2")
    lines = out.splitlines()
    assert "fails at: not justified(France,Greece,9,_)" in lines[3]
    assert lines[4].startswith("   └─ ✓ justified(France, Greece, 9, entrapment): a breach by France")
    assert lines[4].endswith("…")


def test_question_and_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--owes", "France", "--to", "Greece", "--at", "9", "--depth", "0")
    assert code == 0 and "✓ owed(France, Greece, 9)" not in out and "✗ no owed(France, Greece, 9)" in out
    assert main(["explain", CASE, "owed(Frnace, Greece, 9)"]) == 2
    assert "did you mean 'France'?" in capsys.readouterr().err


def test_contrast(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", CASE, "--contrast", "idealist", "moderate"])
    out = capsys.readouterr().out
    assert code == 0
    assert "blameworthy(France, Greece, 9): holds under idealist, does not hold under moderate" in out
    assert "owed(France, Greece, 9): holds under idealist, does not hold under moderate" in out


class _Balanced(HTMLParser):
    VOID: ClassVar[set[str]] = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag, f"unbalanced </{tag}>"


def test_formats() -> None:
    explanation = api.explain(CASE, "moderate")
    document = json.loads(explanation.json())
    assert document["schema"] == "casus.explain/1"
    assert {"query", "tree"} <= set(document["explanations"][0])
    tree = document["explanations"][0]["tree"]
    assert {"id", "kind", "holds", "title", "text", "label", "source", "children"} <= set(tree)
    page = explanation.html()
    parser = _Balanced()
    parser.feed(page)
    assert parser.stack == []
    assert "<details open" in page and 'href="#src-cases-france-greece-casus-26"' in page.replace("-work-main-", "")
    assert "http" not in page.replace("http-equiv", "")
    assert explanation.markdown().startswith("# ")
    assert explanation.dot().startswith("digraph explanation {")
    bundle = explanation._repr_mimebundle_()
    assert {"text/plain", "text/html", "text/markdown", "application/json"} <= set(bundle)


def test_svg_without_graphviz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    out = tmp_path / "tree.svg"
    assert main(["explain", CASE, "--format", "svg", "-o", str(out)]) == 0
    assert "Graphviz 'dot' is not installed" in capsys.readouterr().err
    assert (tmp_path / "tree.dot").read_text().startswith("digraph")


def test_contrast_and_run_results_render_themselves_in_a_notebook() -> None:
    contrast = api.contrast(CASE, "idealist", "moderate")
    bundle = contrast._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", "text/markdown", "application/json"}
    assert bundle["application/json"] == json.loads(contrast.json())
    assert str(contrast) == contrast.text()
    run = api.run(CASE, ["idealist", "moderate"])
    assert set(run._repr_mimebundle_()) == {"text/plain", "text/html"}
    assert run._repr_html_() == run.html()
    assert run.html().startswith('<div class="casus-result">') and "<table" in run.html()
