"""Around the edges: ``casus facts``, ``casus examples`` and ``casus new``."""

from __future__ import annotations

from pathlib import Path

import clingo
import pytest

from reasoner.cli.main import main
from reasoner.cli.new import SKELETON

CASES = Path(__file__).resolve().parent.parent / "cases"


def test_facts_are_what_clingo_reads_each_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", str(CASES / "france_greece.casus")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"% the input facts of {CASES / 'france_greece.casus'} (see rules/interface.lp)"
    assert f'attack("Turkey","Greece","Aegean",8).  % {CASES / "france_greece.casus"}:26:4' in lines
    assert "time(10)." in lines and "next(9,10)." in lines
    ctl = clingo.Control()
    ctl.add("base", [], out)
    ctl.ground([("base", [])])
    with ctl.solve(yield_=True) as handle:
        (model,) = list(handle)
        assert len(model.symbols(atoms=True)) == len(lines) - 1


def test_examples_lists_every_bundled_case_within_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    out = capsys.readouterr().out
    names = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert names == sorted(p.stem for p in CASES.glob("*.casus"))
    assert "france_greece" in names and "France and Greece: the Aegean drillship" in out
    assert max(map(len, out.splitlines())) <= 80


def test_examples_copies_a_case_with_the_treaty_it_includes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples", "no_signal", "--to", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {tmp_path / 'no_signal.casus'}\nwrote {tmp_path / 'treaties' / 'x_y_defence_pact.casus'}\n"
    )
    assert (tmp_path / "no_signal.casus").read_text() == (CASES / "no_signal.casus").read_text()
    assert main(["test", str(tmp_path / "no_signal.casus")]) == 0
    capsys.readouterr()
    assert main(["examples", "no_signal", "--to", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"error: '{tmp_path / 'no_signal.casus'}' already exists\n"
        "  = help: give --force to replace it, or --to another folder\n"
    )


def test_examples_suggests_the_name_meant(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples", "france_grece"]) == 2
    assert capsys.readouterr().err == (
        "error: no bundled case 'france_grece'\n  = help: did you mean 'france_greece'? 'casus examples' lists them\n"
    )


def test_new_writes_a_skeleton_that_checks_and_passes_its_tests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "harbour_dispute.casus"]) == 0
    text = Path("harbour_dispute.casus").read_text(encoding="utf-8")
    assert text == SKELETON.format(title="Harbour dispute")
    assert main(["check", "harbour_dispute.casus"]) == 0
    assert main(["test", "harbour_dispute.casus"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # no warning: the skeleton is a careful case
    assert captured.out.splitlines()[-1] == "3 passed, 0 failed"
    assert main(["new", "harbour_dispute.casus"]) == 1
    assert capsys.readouterr().err == (
        "error: 'harbour_dispute.casus' already exists\n  = help: give --force to replace it\n"
    )
