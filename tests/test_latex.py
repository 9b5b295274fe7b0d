"""``casus compare --format latex``: booktabs tables, every special character escaped, compiled by pdflatex."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.reports.latex import escape

ROOT = Path(__file__).resolve().parent.parent
PAPER = [f"cases/{name}.casus" for name in ("us_south_korea", "csto_armenia", "france_greece", "china_north_korea")]
PDFLATEX = shutil.which("pdflatex")
needs_pdflatex = pytest.mark.skipif(
    PDFLATEX is None, reason="pdflatex is not installed (Debian: apt-get install texlive-latex-base)"
)

SPECIAL = r"Tom & Jerry: 100% of $5 # one_two {three} ~four ^five \six"


def latex_of(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(["compare", *arguments, "--format", "latex"]) == 0
    return capsys.readouterr().out


def compile_latex(text: str, folder: Path) -> str:
    """Compile with pdflatex (twice, for the longtables); return the log. Fails on any TeX error."""
    source = folder / "compared.tex"
    source.write_text(text, encoding="utf-8")
    for _ in range(2):
        done = subprocess.run(
            [str(PDFLATEX), "-interaction=nonstopmode", "-halt-on-error", source.name],
            cwd=folder, capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout[-2000:]
    assert (folder / "compared.pdf").stat().st_size > 0
    return (folder / "compared.log").read_text(encoding="utf-8", errors="replace")


def test_every_special_character_is_escaped() -> None:
    assert escape(SPECIAL) == (
        r"Tom \& Jerry: 100\% of \$5 \# one\_two \{three\} \textasciitilde{}four \textasciicircum{}five "
        r"\textbackslash{}six"
    )
    assert escape("A -> B | C < D") == r"A -\textgreater{} B \textbar{} C \textless{} D"


@pytest.fixture
def awkward(tmp_path: Path) -> Path:
    """A case whose title, file, states and doctrine all need escaping."""
    case = tmp_path / "odd_case.casus"
    text = (ROOT / "cases" / "france_greece.casus").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("case "))
    case.write_text(text.replace(title, f'case "{SPECIAL}"'), encoding="utf-8")
    shutil.copy(ROOT / "rules" / "moderate.lp", tmp_path / "my_moderate.lp")
    return case


def test_titles_files_and_doctrine_names_are_escaped(
    awkward: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(awkward.parent)
    latex = latex_of(capsys, awkward.name, "-d", "idealist", "-d", "my_moderate.lp")
    assert rf"\caption{{{escape(SPECIAL)} (\texttt{{odd\_case.casus}}): verdict on each breach}}" in latex
    assert r"Breach & Time & idealist & my\_moderate \\" in latex
    assert r"France $\rightarrow$ Greece & 9 & breach blameworthy & breach justified (entrapment) \\" in latex


def test_the_verdict_table_is_booktabs(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    latex = latex_of(capsys, "cases/france_greece.casus")
    assert r"\usepackage{booktabs}" in latex
    table = latex[latex.index(r"\begin{table}") : latex.index(r"\end{table}")].splitlines()
    assert table[3:] == [
        r"\begin{tabularx}{\linewidth}{@{}Yl*{3}{Y}@{}}",
        r"\toprule",
        r"Breach & Time & idealist & hobbesian & moderate \\",
        r"\midrule",
        r"France $\rightarrow$ Greece & 9 & breach blameworthy & breach justified (discretion) & "
        r"breach justified (entrapment) \\",
        r"\bottomrule",
        r"\end{tabularx}",
    ]
    assert r"\begin{longtable}" not in latex


def test_the_timeline_lists_every_time_point_in_the_status_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    latex = latex_of(capsys, "cases/france_greece.casus", "--timeline")
    lines = latex.splitlines()
    head = lines.index(r"\endhead")
    rows = lines[head + 1 : lines.index(r"\bottomrule", head)]
    assert lines[head - 2] == r" & Time & Allies & idealist & hobbesian & moderate \\"
    assert [row.split(" & ")[1] for row in rows] == ["4", "5", "6", "7", "8", "9", "10"]
    assert rows[4] == (
        r"$*$ & 8 & France $\rightarrow$ Greece & owed & owed, breach would be justified (discretion), duty nominal & "
        r"suspended (forfeited), breach would be justified (entrapment), wronged by ally, ally blameworthy \\"
    )


@needs_pdflatex
def test_the_paper_cases_and_one_without_a_breach_compile_without_overfull_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    latex = latex_of(capsys, *PAPER, "cases/adversary_scope.casus", "--timeline")
    assert "No breach under any doctrine." in latex
    log = compile_latex(latex, tmp_path)
    assert "Overfull" not in log


@needs_pdflatex
def test_special_characters_compile(awkward: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    latex = latex_of(capsys, str(awkward), "-d", "idealist", "-d", str(awkward.parent / "my_moderate.lp"), "--timeline")
    compile_latex(latex, tmp_path)


@needs_pdflatex
def test_without_booktabs_the_document_still_compiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    latex = latex_of(capsys, "cases/france_greece.casus", "--timeline")
    compile_latex(latex.replace("{booktabs.sty}", "{no-such-package.sty}"), tmp_path)
