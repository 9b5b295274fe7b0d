"""Hostile and unlucky input: each reproducer gets a clear message and its documented exit code.

Rule files with any byte, special files and folders where a file belongs,
numbers past clingo's range, runaway sweeps, unwritable outputs, terminal
escapes, warnings made errors. Each row is run through the command line in a
fresh folder holding ``case.casus`` (a small valid case) and the row's files;
standard error and standard output are compared in full.
"""

# ruff: noqa: E501  (the expected messages are kept whole)

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from reasoner.cli import shared
from reasoner.cli.main import main
from reasoner.common import errors
from reasoner.common.errors import Diagnostic, RuleFileError, Suggestions

CASE = "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Greece\n"

HOSTILE_INPUTS = [
    pytest.param(
        {"mine.lp": "défense(X) :- state(X).\n"},
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        "error: the rule file has the character 'é' outside a quoted string or comment\n --> mine.lp:1:2\n  |\n1 | défense(X) :- state(X).\n  |  ^\n  = help: clingo's names and operators are ASCII (letters, digits, '_' and punctuation); write other characters only inside \"...\" or a % comment\n",
        "",
        id="non-ASCII name in a rule file",
    ),
    pytest.param(
        {"mine.lp": b"p :- \xff.\n"},
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        "error: 'mine.lp' is not UTF-8 text: the byte 0xff at line 1, column 6\n --> mine.lp:1:6\n  = help: save the file as UTF-8\n",
        "",
        id="raw byte in a rule file",
    ),
    pytest.param(
        {"mine.lp": 'p("é") :- state(_). % é\n#include "/dev/zero".\n'},
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        "error: '/dev/zero' is not a regular file, so it is not read\n --> mine.lp:2:1\n  |\n2 | #include \"/dev/zero\".\n  | ^^^^^^^^^^^^^^^^^^^^\n  = help: a device, a pipe or a socket may never end; give the path of a rule file\n",
        "",
        id="rule file includes a device",
    ),
    pytest.param(
        {"mine.lp": '#include "/etc".\n'},
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        "error: '/etc' is a folder, not a rule file\n --> mine.lp:1:1\n  |\n1 | #include \"/etc\".\n  | ^^^^^^^^^^^^^^^\n",
        "",
        id="rule file includes a folder",
    ),
    pytest.param(
        {"inc.casus": 'include "/dev/zero"\nstate A\n'},
        ["check", "inc.casus"],
        1,
        "error: '/dev/zero' is not a regular file, so it is not read\n --> inc.casus:1:9\n  |\n1 | include \"/dev/zero\"\n  |         ^^^^^^^^^^^\n  = help: a device, a pipe or a socket may never end; give the path of a case file\n",
        "",
        id="case includes a device",
    ),
    pytest.param(
        {},
        ["check", "/dev/zero"],
        1,
        "error: '/dev/zero' is not a regular file, so it is not read\n --> /dev/zero\n  = help: a device, a pipe or a socket may never end; give the path of a case file\n",
        "",
        id="a device as the case",
    ),
    pytest.param(
        {
            "bom.casus": "\ufeffstate France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Greece\n"
        },
        ["check", "bom.casus"],
        0,
        "",
        "bom.casus: ok (3 states, 1 alliance, 1 event)\n",
        id="byte-order mark",
    ),
    pytest.param(
        {"bad.casus": b"state France\nstate Gr\xffce\n"},
        ["check", "bad.casus"],
        1,
        "error: 'bad.casus' is not UTF-8 text: the byte 0xff at line 2, column 9\n --> bad.casus:2:9\n  = help: save the file as UTF-8\n",
        "",
        id="first bad byte of a case",
    ),
    pytest.param(
        {"big.casus": "state A, B\nat 2147483648: A attacks B\n"},
        ["check", "big.casus"],
        1,
        "error: the step 2147483648 is too large\n --> big.casus:2:4\n  |\n2 | at 2147483648: A attacks B\n  |    ^^^^^^^^^^\n  = help: steps are whole numbers from 0 to 1,000,000,000\n",
        "",
        id="step beyond the limit",
    ),
    pytest.param(
        {},
        ["explain", "case.casus", "owed(France, Greece, 2147483648)"],
        2,
        "error: the step 2147483648 is too large\n --> query:1:22\n  |\n1 | owed(France, Greece, 2147483648)\n"
        "  |                      ^^^^^^^^^^\n  = help: steps are whole numbers from 0 to 1,000,000,000\n",
        "",
        id="step beyond the limit in a query",
    ),
    pytest.param(
        {},
        ["sweep", "case.casus", "--vary", "attack.time=2147483648"],
        2,
        "error: the step 2147483648 is too large\n  = help: steps are whole numbers from 0 to 1,000,000,000\n",
        "",
        id="step beyond the limit in a sweep",
    ),
    pytest.param(
        {},
        ["sweep", "case.casus", "--vary", "attack.time=1..100000000"],
        2,
        "error: the sweep has 100,000,000 variants, more than the limit of 10,000\n  = help: vary fewer fields or values, or allow more with --max-variants N\n",
        "",
        id="too many variants",
    ),
    pytest.param(
        {},
        [
            "sweep",
            "case.casus",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
            "--vary",
            "attack.time=1..4",
        ],
        2,
        "error: the sweep has 262,144 variants, more than the limit of 10,000\n  = help: vary fewer fields or values, or allow more with --max-variants N\n",
        "",
        id="nine axes of variants",
    ),
    pytest.param(
        {},
        ["explain", "case.casus", "-o", "/nonexistent/x.html"],
        2,
        "error: --output: there is no folder '/nonexistent' to write 'x.html' in\n  = help: give a file in a folder you can write to\n",
        "",
        id="explain output in a missing folder",
    ),
    pytest.param(
        {},
        ["sweep", "case.casus", "--vary", "attack.time", "--plot", "/nonexistent/p.png"],
        2,
        "error: --plot: there is no folder '/nonexistent' to write 'p.png' in\n  = help: give a file in a folder you can write to\n",
        "",
        id="sweep plot in a missing folder",
    ),
    pytest.param(
        {},
        ["sweep", "case.casus", "--vary", "attack.time", "--plot", "p.txt"],
        2,
        "error: --plot: cannot draw a '.txt' file\n  = help: name the picture FILE.png, FILE.svg or FILE.pdf\n",
        "",
        id="sweep plot of a kind it cannot draw",
    ),
    pytest.param(
        {},
        ["run", "case.casus", "-d", "/etc/passwd"],
        2,
        "error: unknown doctrine '/etc/passwd'\n  = help: name a bundled doctrine ('casus doctrines' lists them), or give the path of a .lp rule file\n",
        "",
        id="a file that is not a rule file as a doctrine",
    ),
    pytest.param(
        {"w.lp": "owed(X,Y,T) :- triggerd(X,Y,T).\n"},
        ["check", "-d", "w.lp"],
        0,
        "warning: no rule concludes triggerd/3, so the condition 'triggerd(X,Y,T)' never holds\n --> w.lp:1:16\n  |\n1 | owed(X,Y,T) :- triggerd(X,Y,T).\n  |                ^^^^^^^^^^^^^^^\n  = help: did you mean 'triggered/3'? clingo says: atom does not occur in any rule head\n",
        "w.lp: ok (keeps the contract, 1 warning)\n",
        id="undefined atom in a rule file",
    ),
    pytest.param(
        {"w.lp": "owed(X,Y,T) :- triggerd(X,Y,T).\n"},
        ["--deny-warnings", "run", "case.casus", "-d", "w.lp"],
        3,
        "error: no rule concludes triggerd/3, so the condition 'triggerd(X,Y,T)' never holds\n --> w.lp:1:16\n  |\n1 | owed(X,Y,T) :- triggerd(X,Y,T).\n  |                ^^^^^^^^^^^^^^^\n  = help: did you mean 'triggered/3'? clingo says: atom does not occur in any rule head\n",
        "",
        id="rule-file warning denied",
    ),
    pytest.param(
        {"show.lp": "#show.\nowed(X,Y,T) :- triggered(X,Y,T).\n"},
        ["check", "-d", "show.lp"],
        0,
        "",
        "show.lp: ok (keeps the contract)\n",
        id="bare show",
    ),
    pytest.param(
        {
            "esc.casus": 'case "\x1b]0;owned\x07"\nstate France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Greece\n'
        },
        ["check", "esc.casus"],
        1,
        'error: unexpected control character \\x1b\n --> esc.casus:1:7\n  |\n1 | case " ]0;owned "\n  |       ^\n  = help: a case is plain text; remove the character (it may come from a copy and paste)\n',
        "",
        id="terminal escape in a title",
    ),
    pytest.param(
        {
            "late.casus": "state France, Greece\nalliance Pact: defence pact between France, Greece\n  in force from 3\nend\nat 1: France warns Greece: level official, channel direct, clarity clear\n"
        },
        ["check", "late.casus", "--deny-warnings"],
        1,
        "error: France and Greece are not bound by any pact at 1\n --> late.casus:5:7\n  |\n5 | at 1: France warns Greece: level official, channel direct, clarity clear\n  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: 'Pact' is in force from 3; no duty can arise from this event\n",
        "",
        id="case warning denied",
    ),
]


def _write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, text in {"case.casus": CASE, **files}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("files", "argv", "exit_code", "err", "out"), HOSTILE_INPUTS)
def test_hostile_input_gets_its_message(
    files: dict[str, str | bytes],
    argv: list[str],
    exit_code: int,
    err: str,
    out: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, files)
    assert main(argv) == exit_code
    captured = capsys.readouterr()
    assert captured.err == err
    assert captured.out == out


def test_a_step_of_5000_digits_is_refused_where_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    digits = "9" * 5000
    _write(tmp_path, {"huge.casus": f"state A, B\nat {digits}: A attacks B\n"})
    assert main(["check", "huge.casus"]) == 1
    assert capsys.readouterr().err == (
        f"error: the step {'9' * 20}... is too large\n"
        " --> huge.casus:2:4\n"
        "  |\n"
        f"2 | at {digits}: A attacks B\n"
        f"  |    {'^' * 5000}\n"
        "  = help: steps are whole numbers from 0 to 1,000,000,000\n"
    )


@pytest.mark.parametrize("value", ["nan", "inf", "1e308", "0", "-1", "x"])
def test_a_time_limit_that_protects_nothing_is_a_usage_error(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run", "case.casus", "--time-limit", value])
    assert stop.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith(f"error: argument --time-limit: '{value}' is not ")


def test_a_misspelt_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["chek", "case.casus"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "error: unknown command 'chek'",
        "  = help: did you mean 'check'? 'casus --help' lists every command",
    ]


def test_a_fifo_is_refused_not_waited_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.casus")
    _write(tmp_path, {"main.casus": 'include "pipe.casus"\n' + CASE})
    assert main(["check", "main.casus", "pipe.casus"]) == 1
    err = capsys.readouterr().err
    assert "error: 'pipe.casus' is not a regular file, so it is not read\n --> main.casus:1:9\n" in err
    assert "error: 'pipe.casus' is not a regular file, so it is not read\n --> pipe.casus\n" in err


def test_a_diamond_of_includes_reads_each_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each level includes the next twice: 2^40 readings without the once-only rule."""
    monkeypatch.chdir(tmp_path)
    levels = 40
    files: dict[str, str | bytes] = {
        f"l{i}.casus": f'include "l{i + 1}.casus"\ninclude "./l{i + 1}.casus"\n' for i in range(levels)
    }
    files[f"l{levels}.casus"] = CASE
    _write(tmp_path, files)
    assert main(["check", "l0.casus"]) == 0
    assert capsys.readouterr().out == "l0.casus: ok (3 states, 1 alliance, 1 event)\n"


def test_a_shared_treaty_included_by_two_paths_is_declared_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    treaty = "state France, Greece\nalliance Pact: defence pact between France, Greece\nend\n"
    _write(
        tmp_path,
        {
            "treaties/pact.casus": treaty,
            "sub/other.casus": 'include "../treaties/pact.casus"\nstate Turkey\n',
            "main.casus": 'include "treaties/pact.casus"\ninclude "sub/other.casus"\nat 2: Turkey attacks Greece\n',
        },
    )
    assert main(["check", "main.casus"]) == 0
    assert capsys.readouterr().out == "main.casus: ok (3 states, 1 alliance, 1 event)\n"


def test_a_deep_chain_of_includes_names_the_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {f"d{i}.casus": f'include "d{i + 1}.casus"\n' for i in range(3000)})
    assert main(["check", "d0.casus"]) == 1
    assert capsys.readouterr().err == (
        "error: the includes are nested more than 100 deep\n"
        " --> d100.casus:1:9\n"
        "  |\n"
        '1 | include "d101.casus"\n'
        "  |         ^^^^^^^^^^^^\n"
        "  = help: include the shared files from fewer levels of files\n"
    )


def test_an_included_file_that_is_no_case_shows_only_its_first_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    secret = "".join(f"user{i}:x:{i}:{i}::/home/user{i}:/bin/sh\n" for i in range(60))
    _write(tmp_path, {"passwd": secret, "main.casus": 'include "passwd"\n' + CASE})
    assert main(["check", "main.casus"]) == 1
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "user1:" not in err  # the first line only, under one message
    assert err.endswith("; 59 more errors in this included file: check it on its own\n")


def test_a_broken_pipe_while_reporting_keeps_the_exit_code(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("sys.stderr", Gone())
    assert shared.report(RuleFileError([Diagnostic("the rule file does not parse", None)])) == 3


def test_a_did_you_mean_among_100000_states_compares_only_a_few(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"S{i:05d}x" for i in range(100_000)]
    compared: list[int] = []
    close = errors.difflib.get_close_matches

    def counting(word: str, pool: list[str], n: int, cutoff: float) -> list[str]:
        compared.append(len(pool))
        return close(word, pool, n, cutoff)

    monkeypatch.setattr(errors.difflib, "get_close_matches", counting)
    index = Suggestions(names)
    assert [index.closest(w) for w in ("S04242xx", "S99999", "Zzzzzzzz")] == ["S04242x", "S99999x", None]
    assert max(compared) <= errors.MAX_COMPARED


def test_a_misspelt_state_among_100000_gets_its_suggestion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    names = [f"State{i}" for i in range(100_000)]
    lines = [f"states {', '.join(names[i : i + 1000])}" for i in range(0, 100_000, 1000)]
    _write(tmp_path, {"many.casus": "\n".join([*lines, "at 1: State17 attacks Stat42"]) + "\n"})
    assert main(["check", "many.casus"]) == 1
    assert "  = help: did you mean 'State42'?\n" in capsys.readouterr().err


def test_csv_cells_a_spreadsheet_would_run_are_guarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"formula.casus": 'case "=1+2"\n' + CASE})
    assert main(["batch", "formula.casus", "-d", "moderate", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["title"] for r in rows] == ["'=1+2"]


def test_markdown_escapes_a_title_that_would_be_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"link.casus": 'case "[click](javascript:alert(1))"\n' + CASE})
    assert main(["explain", "link.casus", "--format", "markdown"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("# \\[click\\]\\(javascript:alert\\(1\\)\\) \\(link.casus\\)")


def test_a_batch_with_a_case_past_a_limit_keeps_every_other_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"big.casus": CASE.replace("at 2:", "at 2147483648:"), "good.casus": CASE})
    assert main(["batch", "big.casus", "good.casus", "case.casus", "-d", "moderate", "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [(r["case"]["file"], r["error"]) for r in rows] == [
        ("big.casus", "big.casus:4:4: the step 2147483648 is too large"),
        ("good.casus", None),
        ("case.casus", None),
    ]
