"""Output for people: widths that fit, colour only where wanted, a pager on a terminal, plain text when piped."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from reasoner.cli import output
from reasoner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAPER = [f"cases/{name}.casus" for name in ("us_south_korea", "csto_armenia", "france_greece", "china_north_korea")]
DOCTRINES = ["idealist", "hobbesian", "moderate"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

COMMANDS = [
    *(["run", case, "-d", d] for case in PAPER for d in DOCTRINES),
    ["compare", *PAPER],
    ["compare", *PAPER, "--timeline"],
    *(["compare", case, "--timeline"] for case in PAPER),
    ["batch", *PAPER],
    ["batch", "cases"],
    ["compare", "--timeline", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "cases").glob("*.casus"))],
]


@pytest.fixture(autouse=True)
def at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("COLUMNS", "LINES", "NO_COLOR", "PAGER", "CASUS_PAGER", "LESS"):
        monkeypatch.delenv(name, raising=False)


def as_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the commands take standard output (pytest's capture) for a terminal."""
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_line_is_wider_than_80_columns(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(command) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_piped_output_is_plain_and_80_wide_without_columns(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert all(line == line.rstrip() for line in out.splitlines())


def test_columns_sets_the_width_of_piped_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["compare", *PAPER, "--timeline"]) == 0
    widths = [len(line) for line in capsys.readouterr().out.splitlines()]
    assert 80 < max(widths) <= 200


def test_color_always_colours_piped_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "cases/france_greece.casus", "--color", "always"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[1;31mbreach" in out  # a blameworthy breach in bold red
    assert "\x1b[32mbreach justified" in out
    assert max(len(ANSI.sub("", line)) for line in out.splitlines()) <= 80


def test_a_terminal_gets_colour_unless_no_color_is_set(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_terminal(monkeypatch)
    assert main(["run", "cases/france_greece.casus", "--no-pager"]) == 0
    assert ANSI.search(capsys.readouterr().out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["run", "cases/france_greece.casus", "--no-pager"]) == 0
    assert "\x1b" not in capsys.readouterr().out
    assert main(["run", "cases/france_greece.casus", "--no-pager", "--color", "always"]) == 0
    assert ANSI.search(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("color", "terminal", "environ", "colour"),
    [
        ("auto", True, {}, True),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR counts as unset (no-color.org)
        ("auto", False, {}, False),
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
        ("never", True, {}, False),
    ],
)
def test_colour_choice(color: str, terminal: bool, environ: dict[str, str], colour: bool) -> None:
    assert output.screen(color, terminal=terminal, environ=environ).colour is colour


def test_width_choice() -> None:
    assert output.screen(terminal=False, environ={}).width == 80
    assert output.screen(terminal=False, environ={"COLUMNS": "132"}).width == 132
    assert output.screen(terminal=False, environ={"COLUMNS": "wide"}).width == 80


def test_pager_choice() -> None:
    assert output.screen(terminal=True, environ={}).pager == ["less"]
    assert output.screen(terminal=True, environ={"PAGER": "more -d"}).pager == ["more", "-d"]
    assert output.screen(terminal=True, environ={"PAGER": "more", "CASUS_PAGER": "most"}).pager == ["most"]
    assert output.screen(terminal=True, environ={"PAGER": "cat"}).pager is None
    assert output.screen(terminal=True, environ={"PAGER": ""}).pager is None
    assert output.screen(terminal=True, paging=False, environ={}).pager is None
    assert output.screen(terminal=False, environ={}).pager is None


@pytest.fixture
def paged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A terminal whose pager writes what it is given, and the LESS it sees, to the returned file."""
    as_terminal(monkeypatch)
    script = tmp_path / "pager.py"
    record = tmp_path / "paged.json"
    script.write_text(
        "import json, os, sys\n"
        f"open({str(record)!r}, 'w').write(json.dumps([sys.stdin.read(), os.environ.get('LESS')]))\n"
    )
    monkeypatch.setenv("PAGER", f"{sys.executable} {script}")
    return record


def test_long_output_on_a_terminal_goes_through_the_pager(
    paged: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINES", "10")
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["compare", "cases/france_greece.casus", "--timeline", "--color", "never"]) == 0
    assert capsys.readouterr().out == ""
    text, less = json.loads(paged.read_text())
    assert less == "FRX"
    assert main(["compare", "cases/france_greece.casus", "--timeline", "--color", "never", "--no-pager"]) == 0
    assert capsys.readouterr().out == text


def test_short_output_and_a_missing_pager_print_directly(
    paged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["compare", "cases/france_greece.casus"]) == 0  # 6 lines: fits the screen
    assert "verdict on each breach" in capsys.readouterr().out
    assert not paged.exists()
    monkeypatch.setenv("LINES", "3")
    monkeypatch.setenv("PAGER", str(tmp_path / "no-such-pager"))
    assert main(["compare", "cases/france_greece.casus"]) == 0
    assert "verdict on each breach" in capsys.readouterr().out


def test_a_users_less_settings_are_kept(paged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINES", "3")
    monkeypatch.setenv("LESS", "R")
    assert main(["compare", "cases/france_greece.casus"]) == 0
    assert json.loads(paged.read_text())[1] == "R"


def test_the_readme_shows_what_its_first_command_prints(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "casus compare" in line).split("&& ", 1)[1].split()
    section = readme.split("## What the first command prints", 1)[1]
    shown = section.split("```\n", 2)[1]
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == shown


def test_commands_that_print_no_table_do_not_import_rich() -> None:
    import subprocess

    code = (
        "import sys; from reasoner.cli.main import main; main(['check', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.')))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "cases" / "france_greece.casus")], capture_output=True, text=True
    )
    assert found.stdout.splitlines()[-1] == "[]"
