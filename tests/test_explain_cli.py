"""``casus explain`` on one case: exact lines, and the shape of every format."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from headless import NO_BROWSER, chromium, scroll_width
from hypothesis import given
from hypothesis import strategies as st

from reasoner import api
from reasoner.cli.main import main
from reasoner.explaining.latex import escape
from reasoner.explaining.render import _wrapped

CASE = str(Path(__file__).resolve().parent.parent / "cases" / "france_greece.casus")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines unwrapped (one per node), whatever terminal the tests run in; a test narrows it when it needs."""
    monkeypatch.setenv("COLUMNS", "1000")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["explain", CASE, *argv])
    return code, capsys.readouterr().out


#: The default view of France-Greece's main conclusions under the Moderate View, at 80 columns.
FRANCE_GREECE_JUSTIFIED = """\
✓ a breach by France of its duty to Greece at 9 would be justified: Greece
│  forfeited its claim by entrapment  [M15]
├─ ✓ trigger: France's duty to defend Greece is triggered at 9, as Greece is
│     under an attack covered by StrategicPartnership (see above)
└─ ✓ Greece forfeits its claim to be defended by France at 9: entrapment feared
   │  and warnings defied  [M12]
   ├─ ✓ condition (1): France reasonably fears a highly likely, imminent
   │  │  entrapment by Greece at 9  [M5]
   │  ├─ line 20: at 2: Greece pursues offensive policy towards Turkey
   │  └─ line 21: at 3: France believes Greece will entrap it: likelihood high,
   │        horizon imminent, evidence objective, faith good
   ├─ ✓ condition (2): Greece goes on defying France's concerns at 9, not having
   │  │  changed course  [M10b]
   │  ├─ line 20: at 2: Greece pursues offensive policy towards Turkey
   │  ├─ line 21: at 3: France believes Greece will entrap it: likelihood high,
   │  │     horizon imminent, evidence objective, faith good
   │  ├─ line 24: at 6: France warns Greece: level head-of-state, channel
   │  │     direct, clarity clear
   │  └─ line 25: at 7: Greece responds to France: dismissed
   └─ line 14: alliance StrategicPartnership: bilateral defence pact between
         France, Greece
"""


def test_default_view_is_the_argument_in_the_doctrines_conditions(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out = run(capsys, "-d", "moderate")
    assert code == 0
    blocks = out.split("\n\n")
    assert blocks[2] + "\n" == FRANCE_GREECE_JUSTIFIED
    assert max(len(line) for line in out.splitlines()) <= 80
    for machinery in ("?", "fails at", " < ", "_casus", "(France, Greece", "rules/"):
        assert machinery not in out
    assert len(out.splitlines()) < 75  # condition (2) cites the belief and policy the warning conveys


def test_default_why_not_names_the_condition_and_the_defeating_fact(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "-d", "moderate", "justified(France, Greece, 10, entrapment)")
    assert code == 0
    assert out.splitlines()[2:] == [
        "✗ a breach by France of its duty to Greece at 10 would be justified: Greece forfeited its claim "
        "by entrapment  [M15]",
        "└─ ✗ Greece forfeits its claim to be defended by France at 10: entrapment feared and warnings defied  [M12]",
        "   └─ ✗ condition (1): France reasonably fears a highly likely, imminent entrapment by Greece at 10  [M5]",
        "      ├─ ✗ not in the case: Greece pursues a policy towards … from 10: risky",
        "      ├─ ✗ not in the case: Greece pursues a policy towards … from 10: offensive",
        "      └─ ✓ Greece states a new policy towards Turkey at 10  [policy_changed]",
        "         └─ line 29: at 10: Greece pursues treaty-specified policy towards Turkey",
    ]


def test_default_why_not_names_the_fact_that_would_be_needed(capsys: pytest.CaptureFixture[str]) -> None:
    no_signal = CASE.replace("france_greece", "no_signal")
    assert main(["explain", no_signal, "justified(AllyX, AllyY, 6, entrapment)"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4:7] == [
        "   └─ ✗ condition (2): AllyY defies AllyX's signalled concerns at 6 by answering …  [M9]",
        "      ├─ ✗ not in the case: AllyX warns AllyY at 6 (…, …, clear)",
        "      └─ ✗ not in the case: AllyY answers AllyX's concerns at 6: heeded",
    ]


def test_why_not_names_the_failing_condition(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "-d", "moderate", "justified(France, Greece, 10, entrapment)", "--full")
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
    code, out = run(capsys, "justified(France,Greece,9,_)", "-d", "idealist", "--full")
    assert code == 0
    assert out.splitlines()[2] == "✗ no justified(France, Greece, 9, _): no rule of the doctrine concludes this"
    code, out = run(capsys, "justified(France,Greece,9,_)", "-d", "idealist")
    assert out.splitlines()[2] == (
        "✗ a breach by France of its duty to Greece at 9 would be justified (…): no rule of the doctrine concludes this"
    )


def test_the_full_tree_wraps_to_the_terminal_keeping_its_guides(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    _, out = run(capsys, "-d", "moderate", "--full")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    # every guide hangs from a guide (or from its root's mark) on the line above
    for above, line in itertools.pairwise(lines):
        for column, char in enumerate(line):
            if char in "│├└":
                assert column < len(above) and above[column] in "│├✓✗", (above, line)


def test_negative_condition_shows_its_defeater(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run(capsys, "-d", "moderate", "blameworthy(France, Greece, 9)", "--depth", "2", "--full")
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
    lines = out.splitlines()
    # the verdict on the breach comes first, then the duty owed, then the forfeitures
    breach = "France's breach of its duty to Greece at 9 is blameworthy"
    assert lines[2] == f"{breach}: holds under idealist, does not hold under moderate"
    assert lines[3] == "  under idealist:"
    owed = lines.index("France owes Greece defence at 9: holds under idealist, does not hold under moderate")
    claim = "Greece forfeits its claim to be defended by France at 5"
    forfeited = lines.index(f"{claim}: does not hold under idealist, holds under moderate")
    assert lines.index(next(x for x in lines if x.startswith("a breach by France"))) < owed < forfeited


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


def test_a_drawing_graphviz_refuses_is_an_error_and_keeps_the_dot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "dot"
    broken.write_text("#!/bin/sh\necho 'Error: syntax error in line 1' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda _name: str(broken))
    out = tmp_path / "tree.svg"
    out.write_text("the picture drawn before", encoding="utf-8")
    assert main(["explain", CASE, "--format", "svg", "-o", str(out)]) == 3
    assert capsys.readouterr().err == "error: Graphviz could not draw the SVG: Error: syntax error in line 1\n"
    assert out.read_text(encoding="utf-8") == "the picture drawn before"
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


class _Html(HTMLParser):
    """Records each <details> with its nesting depth, and what is inside <pre> and <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.details: list[tuple[int, bool]] = []
        self.depth = 0
        self.in_pre = False
        self.inside_pre: list[str] = []
        self.style = ""
        self.in_style = False
        self.pre_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "details":
            self.details.append((self.depth, "open" in dict(attrs)))
            self.depth += 1
        if self.in_pre:
            self.inside_pre.append(tag)
        self.in_pre = self.in_pre or tag == "pre"
        self.in_style = tag == "style"
        if tag == "pre":
            self.pre_text.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag == "details"
        self.in_pre = self.in_pre and tag != "pre"
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.style += data
        if self.in_pre:
            self.pre_text[-1] += data


def _selectors(css: str) -> list[str]:
    """Every selector of a style sheet, @media blocks included."""
    css = re.sub(r"@media[^{]*\{", "", css)
    return [s.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", css) for s in block.split(",")]


def test_html_fragment_is_scoped_single_spaced_and_folded() -> None:
    explanation = api.explain(CASE, "moderate")
    fragment = explanation._repr_html_()
    assert fragment.startswith('<div class="casus-explain"><style>') and fragment.rstrip().endswith("</div>")
    parsed = _Html()
    parsed.feed(fragment)
    selectors = _selectors(parsed.style)
    assert selectors and all(s.startswith(".casus-explain") for s in selectors), selectors
    assert "body" not in parsed.style and "@media print" in parsed.style
    assert parsed.inside_pre == ["span", "i"] * (len(parsed.inside_pre) // 2)  # no <div> (no block) in a listing
    case_lines = Path(CASE).read_text(encoding="utf-8").splitlines()
    listing = parsed.pre_text[0].split("\n")
    assert len(listing) == len(case_lines) and listing[21].endswith(case_lines[21])  # one line each, no blank ones
    assert parsed.details and all(opened == (depth == 0) for depth, opened in parsed.details)
    page = explanation.html()
    assert fragment in page and "<body>\n<div" in page


def test_contrast_html_gives_the_verdicts_first_and_stays_small() -> None:
    for case in ("france_greece", "csto_armenia", "us_south_korea", "china_north_korea"):
        for left, right in (("idealist", "moderate"), ("hobbesian", "moderate"), ("idealist", "hobbesian")):
            contrast = api.contrast(CASE.replace("france_greece", case), left, right)
            fragment = contrast._repr_html_()
            assert len(fragment.encode()) < 100_000, (case, left, right)
    contrast = api.contrast(CASE, "idealist", "moderate")
    first = re.search(r"<h2>(.*?)</h2>", contrast.html())
    assert first is not None and first[1] == "France&#x27;s breach of its duty to Greece at 9 is blameworthy"
    assert "table-layout: fixed" in contrast.html() and "white-space: pre-wrap" in contrast.html()


def test_latex_escaping_of_each_special_character() -> None:
    assert escape("a_b & 50% of $3 #1 {x} ~ ^ \\ <|> … «q» ✓ ✗ ·") == (
        r"a\_b \& 50\% of \$3 \#1 \{x\} \~{} \^{} $\backslash$ $<$$|$$>$ \ldots{} ``q'' $\surd$ $\times$ $\cdot$"
    )


@given(st.text(alphabet=st.sampled_from("ab \\{}$&#^_%~<>|…«»✓✗·é"), max_size=30))
def test_latex_escaping_leaves_no_character_with_a_meaning(text: str) -> None:
    escaped = escape(text)
    # take out every escape the module writes: no special character is left bare
    bare = re.sub(r"\$[^$]*\$|\\[A-Za-z]+\{\}|\\[{}$&#_%]|\\[~^]\{\}", "", escaped)
    assert not set(bare) & set("\\{}$&#^_%~<>|…«»✓✗·")
    assert "é" not in text or "é" in escaped


def test_latex_lists_cite_the_case_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", CASE, "-d", "moderate", "--format", "latex"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\\documentclass{article}") and out.rstrip().endswith("\\end{document}")
    assert out.count("\\begin{casussteps}") == out.count("\\end{casussteps}") > 0
    warning = "at 4: France warns Greece: level ministerial, channel diplomatic, clarity clear"
    assert f"\\casusstep \\emph{{line 22:}} {warning}" in out
    assert "\\casusstep $\\surd$ \\textbf{condition (1)}: France reasonably fears" in out
    assert "\\usepackage" not in out.replace("\\usepackage[utf8]{inputenc}", "")  # nothing outside the kernel


@pytest.mark.skipif(
    shutil.which("pdflatex") is None, reason="pdflatex is not installed (on Debian: apt-get install texlive-latex-base)"
)
@pytest.mark.parametrize("full", [False, True])
def test_latex_compiles_with_pdflatex(tmp_path: Path, full: bool) -> None:
    source = tmp_path / "explain.tex"
    source.write_text(api.explain(CASE, "moderate", full=full).latex(), encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "explain.pdf").stat().st_size > 0


def test_the_default_graph_is_the_argument_one_node_per_point() -> None:
    graph = api.explain(CASE, "moderate").dot()
    nodes = re.findall(r"^  (a\d+) \[label=", graph, re.M)
    assert 10 <= len(nodes) <= 20 and "rankdir=LR" in graph
    assert "case lines 20, 21, 22, 23" in graph and "france_greece.casus:" not in graph
    full = api.explain(CASE, "moderate", full=True).dot()
    assert len(re.findall(r"^  n\d+ \[label=", full, re.M)) > 5 * len(nodes)


@pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed (on Debian: apt-get install graphviz)"
)
def test_the_default_picture_fits_a_slide(tmp_path: Path) -> None:
    picture = tmp_path / "argument.png"
    assert main(["explain", CASE, "-d", "moderate", "--format", "png", "-o", str(picture)]) == 0
    width, height = struct.unpack(">II", picture.read_bytes()[16:24])
    assert width <= 1920 and height <= 1080, (width, height)


def test_a_users_doctrine_gets_the_argument_of_its_own_conditions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doctrine = tmp_path / "survival_only.lp"
    doctrine.write_text(
        "% a comment above the annotations is fine\n"
        "%@ S2: {X}'s survival is at stake at {T}: a state credibly threatens it with {S} reprisal\n"
        "%@ condition: survival\n"
        "at_stake(X,S,T) :- threatened(_,X,S,high,T), S != limited.\n"
        "%@ S3: a breach by {X} of its duty to {Y} at {T} would be justified: its survival is at stake\n"
        "justified(X,Y,T,survival) :- triggered(X,Y,T), at_stake(X,_,T).\n",
        encoding="utf-8",
    )
    korea = CASE.replace("france_greece", "us_south_korea")
    assert main(["explain", korea, "-d", str(doctrine), "justified(SouthKorea, UnitedStates, 4, survival)"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "✓ a breach by SouthKorea of its duty to UnitedStates at 4 would be justified: its survival is at stake  [S3]",
        "├─ ✓ trigger: SouthKorea's duty to defend UnitedStates is triggered at 4, as UnitedStates is under an "
        "attack covered by MutualDefenseTreaty",
        "│  ├─ line 12: alliance MutualDefenseTreaty: bilateral defence pact between UnitedStates, SouthKorea",
        "│  └─ line 20: at 3: China attacks UnitedStates in WesternPacific",
        "└─ ✓ survival: SouthKorea's survival is at stake at 4: a state credibly threatens it with existential "
        "reprisal  [S2]",
        "   └─ line 18: at 2: China threatens SouthKorea if it intervenes: severity existential, credibility high",
    ]


def test_every_step_unfolds_the_inertia_chains_of_the_full_tree(capsys: pytest.CaptureFixture[str]) -> None:
    _, full = run(capsys, "-d", "moderate", "forfeited(France, Greece, 9)", "--full")
    _, every = run(capsys, "-d", "moderate", "forfeited(France, Greece, 9)", "--every-step")
    assert "(carried over 5 steps)" in full and "carried over" not in every.replace("carries over", "")
    assert every.count("carries over from") > full.count("carries over from")


def test_a_case_with_nothing_to_explain_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", CASE.replace("france_greece", "ceasefire_ends_duty"), "-d", "moderate"]) == 0
    assert capsys.readouterr().out.splitlines()[2:] == [
        "no breach, forfeiture or restoration to explain; ask about an atom (QUERY)"
    ]


@pytest.mark.skipif(chromium() is None, reason=NO_BROWSER)
@pytest.mark.parametrize("full", [False, True])
def test_pages_need_no_sideways_scroll_at_1280_pixels(tmp_path: Path, full: bool) -> None:
    pages = {
        "explain": api.explain(CASE, "moderate", full=full).html(),
        "contrast": api.contrast(CASE, "idealist", "moderate", full=full).html(),
    }
    for name, page in pages.items():
        assert scroll_width(page, tmp_path, name) <= 1280, name


@given(
    st.lists(st.text(alphabet="abcdefghij«»✓", min_size=1, max_size=20), max_size=40),
    st.integers(min_value=30, max_value=100),
    st.sampled_from(["", "├─ ", "│  └─ "]),
)
def test_wrapping_keeps_every_word_within_the_width(words: list[str], width: int, first: str) -> None:
    rest = first.replace("├─", "│ ").replace("└─", "  ") + "   "
    line = " ".join(words)
    pieces = list(_wrapped(first, rest, line, width))
    assert all(len(piece) <= width for piece in pieces)
    assert pieces[0].startswith(first) and all(p.startswith(rest) for p in pieces[1:])
    text = " ".join([pieces[0][len(first) :], *(p[len(rest) :] for p in pieces[1:])])
    assert text.split() == line.split()  # no word lost, none cut (every word fits the room)


@pytest.mark.parametrize("query", ["-owed(France, Greece, 9)", "-owed(France,Greece,9)"])
def test_a_strongly_negated_query_no_rule_concludes_is_a_usage_error(
    query: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["explain", CASE, query]) == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    assert printed.err == (
        "error: no rule of the doctrine concludes '-owed', a strong negation\n"
        " --> query:1:1\n"
        "  |\n"
        f"1 | {query}\n"
        "  | ^\n"
        f"  = help: write the query without '-': casus explains why '{query[1:]}' holds, or why not\n"
    )
    assert list(tmp_path.iterdir()) == []  # not read as '-o wed(...)': no file written


def test_a_strongly_negated_query_a_rule_concludes_is_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doctrine = tmp_path / "negating.lp"
    moderate = (Path(CASE).parent.parent / "rules" / "moderate.lp").read_text(encoding="utf-8")
    doctrine.write_text(moderate + "\n-owed(X,Y,T) :- forfeited(X,Y,T).\n", encoding="utf-8")
    assert main(["explain", CASE, "-d", str(doctrine), "-owed(France, Greece, 9)"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2:4] == [
        "✓ -owed(France, Greece, 9)",
        "└─ ✓ Greece forfeits its claim to be defended by France at 9: entrapment feared and warnings defied  [M12]",
    ]


def test_the_output_option_is_still_read_written_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["explain", CASE, "-owhy.txt"]) == 0
    assert (tmp_path / "why.txt").read_text(encoding="utf-8").startswith("France and Greece: the Aegean drillship")


def test_a_switch_the_doctrine_leaves_unset_is_the_doctrines_not_the_cases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """heads_only is the Moderate View's own switch: the case could never state it, the doctrine does not set it."""
    case = str(Path(CASE).with_name("baseline_entrapment.casus"))
    assert main(["explain", case, "forfeited(AllyX,AllyY,4)", "--full"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "✗ no heads_only: the doctrine does not set this switch" in out
    assert "no conduct(AllyY, Rival, _, 3): the case does not state this" in out
