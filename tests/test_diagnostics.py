"""The bad-input table: each broken case or rule file, the command, its exit code and its exact messages.

Every row is run through the command line (``reasoner.cli.main.main``) in a fresh
folder, so the rendered diagnostics, carets included, are compared in full.
To add a row, write the input and the message you want a student to read.
"""

# ruff: noqa: E501  (the expected messages are kept whole, one source line per line)

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reasoner.cli import check as check_command
from reasoner.cli import shared as cli
from reasoner.cli.main import main
from reasoner.common.errors import source_lines
from reasoner.language import read as parse
from reasoner.language.build import Build

BAD_INPUTS = [
    pytest.param(
        {"case.casus": "state France, Greece\nalliance X: defence pact betwen France, Greece\nend\n"},
        ["check", "case.casus"],
        1,
        (
            "error: expected 'between', found 'betwen'\n"
            " --> case.casus:2:26\n"
            "  |\n"
            "2 | alliance X: defence pact betwen France, Greece\n"
            "  |                          ^^^^^^\n"
            "  = help: did you mean 'between'?\n"
        ),
        id="misspelt keyword",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nat 3: France warn Greece: level official, channel direct, clarity clear\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: unexpected 'warn'\n"
            " --> case.casus:2:14\n"
            "  |\n"
            "2 | at 3: France warn Greece: level official, channel direct, clarity clear\n"
            "  |              ^^^^\n"
            "  = help: did you mean 'warns'?\n"
        ),
        id="misspelt verb",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nat 4 Turkey attacks Greece\n"},
        ["check", "case.casus"],
        1,
        ("error: expected ':', found 'Turkey'\n --> case.casus:2:5\n  |\n2 | at 4 Turkey attacks Greece\n  |     ^\n"),
        id="missing colon",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nat 8: France warns   # to whom?\n"},
        ["check", "case.casus"],
        1,
        (
            "error: expected a name, found the end of the line\n"
            " --> case.casus:2:19\n"
            "  |\n"
            "2 | at 8: France warns   # to whom?\n"
            "  |                   ^\n"
        ),
        id="line ends early",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nat 5: Greece responds to France: Dismissed\n"},
        ["check", "case.casus"],
        1,
        (
            "error: expected a word, found 'Dismissed'\n"
            " --> case.casus:2:34\n"
            "  |\n"
            "2 | at 5: Greece responds to France: Dismissed\n"
            "  |                                  ^^^^^^^^^\n"
            "  = help: the words of the case language are written in lower case: 'dismissed'\n"
        ),
        id="capital vocabulary word",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nTurkey attacks Greece\n"},
        ["check", "case.casus"],
        1,
        (
            "error: unexpected 'Turkey'\n"
            " --> case.casus:2:1\n"
            "  |\n"
            "2 | Turkey attacks Greece\n"
            "  | ^^^^^^\n"
            "  = help: an event starts with its time, e.g. 'at 3: France warns Greece: ...'\n"
        ),
        id="event without time",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\n  against any state\n"},
        ["check", "case.casus"],
        1,
        (
            "error: unexpected 'against'\n"
            " --> case.casus:2:3\n"
            "  |\n"
            "2 |   against any state\n"
            "  |   ^^^^^^^\n"
            "  = help: this line belongs inside an alliance block, between 'alliance ...' and 'end'\n"
        ),
        id="clause outside alliance",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\n  against any state\nat 2: Turkey attacks Greece\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: this alliance block has no 'end'\n"
            " --> case.casus:2:1\n"
            "  |\n"
            "2 | alliance Pact: defence pact between France, Greece\n"
            "  | ^^^^^^^^\n"
            "  = help: write 'end' on a line of its own after the alliance's clauses\n"
        ),
        id="alliance without end",
    ),
    pytest.param(
        {"case.casus": 'case "The Aegean\nstate France, Greece, Turkey\n'},
        ["check", "case.casus"],
        1,
        (
            "error: this quoted text is not closed\n"
            " --> case.casus:1:6\n"
            "  |\n"
            '1 | case "The Aegean\n'
            "  |      ^\n"
            '  = help: end it with " on the same line\n'
        ),
        id="unclosed quote",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nat 2: Turkey attacks Greece; France\n"},
        ["check", "case.casus"],
        1,
        (
            "error: unexpected character ';'\n"
            " --> case.casus:2:28\n"
            "  |\n"
            "2 | at 2: Turkey attacks Greece; France\n"
            "  |                            ^\n"
            "  = help: expected ',', 'in' or the end of the line\n"
        ),
        id="stray character",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nat 1: Turkey atacks Greece\nat 2 France assists Greece\nalliance Pact: defence pact between France, Greece\n  agianst any state\n  covering anywhere\nend\nat 3: Greece responds to France: dismised\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: unexpected 'atacks'\n"
            " --> case.casus:2:14\n"
            "  |\n"
            "2 | at 1: Turkey atacks Greece\n"
            "  |              ^^^^^^\n"
            "  = help: did you mean 'attacks'?\n"
            "error: expected ':', found 'France'\n"
            " --> case.casus:3:5\n"
            "  |\n"
            "3 | at 2 France assists Greece\n"
            "  |     ^\n"
            "error: unexpected 'agianst'\n"
            " --> case.casus:5:3\n"
            "  |\n"
            "5 |   agianst any state\n"
            "  |   ^^^^^^^\n"
            "  = help: did you mean 'against'?\n"
            "error: unknown response 'dismised'\n"
            " --> case.casus:8:34\n"
            "  |\n"
            "8 | at 3: Greece responds to France: dismised\n"
            "  |                                  ^^^^^^^^\n"
            "  = help: did you mean 'dismissed'? response is one of 'heeded', 'dismissed', 'curtailed', 'drastically-curtailed' or 'reversed'\n"
        ),
        id="every error of a file",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nat 2020-13-45: Turkey attacks Greece\n"},
        ["check", "case.casus"],
        1,
        (
            "error: '2020-13-45' is not a calendar date\n"
            " --> case.casus:2:4\n"
            "  |\n"
            "2 | at 2020-13-45: Turkey attacks Greece\n"
            "  |    ^^^^^^^^^^\n"
        ),
        id="impossible date",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Grece\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: unknown state 'Grece'\n"
            " --> case.casus:4:22\n"
            "  |\n"
            "4 | at 2: Turkey attacks Grece\n"
            "  |                      ^^^^^\n"
            "  = help: did you mean 'Greece'?\n"
        ),
        id="unknown state",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\n  against Turky\nend\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: unknown state 'Turky'\n"
            " --> case.casus:3:11\n"
            "  |\n"
            "3 |   against Turky\n"
            "  |           ^^^^^\n"
            "  = help: did you mean 'Turkey'?\n"
        ),
        id="unknown adversary",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nstate Greece\n"},
        ["check", "case.casus"],
        1,
        (
            "error: the state 'Greece' is declared twice\n"
            " --> case.casus:2:7\n"
            "  |\n"
            "2 | state Greece\n"
            "  |       ^^^^^^\n"
            "  = help: first written at case.casus:1:15\n"
        ),
        id="duplicate state",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nalliance Pact: defence pact between France, Greece\nend\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: the alliance 'Pact' is defined twice\n"
            " --> case.casus:4:10\n"
            "  |\n"
            "4 | alliance Pact: defence pact between France, Greece\n"
            "  |          ^^^^\n"
            "  = help: first written at case.casus:2:10\n"
        ),
        id="duplicate alliance",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 4: Greece responds to France: heeded\nat 4: Greece responds to France: dismissed\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: contradictory facts: Greece both heeded and dismissed France's concerns at 4\n"
            " --> case.casus:5:7\n"
            "  |\n"
            "5 | at 4: Greece responds to France: dismissed\n"
            "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
            "  = help: the other fact is at case.casus:4:7\n"
        ),
        id="heeded and dismissed",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 6: France assists Greece\nat 6: France refrains from defending Greece\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: contradictory facts: France both assisted and refrained from defending Greece at 6\n"
            " --> case.casus:5:7\n"
            "  |\n"
            "5 | at 6: France refrains from defending Greece\n"
            "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
            "  = help: the other fact is at case.casus:4:7\n"
        ),
        id="assisted and refrained",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Greece attacks Greece\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: 'Greece' cannot be on both sides of this event\n"
            " --> case.casus:4:22\n"
            "  |\n"
            "4 | at 2: Greece attacks Greece\n"
            "  |                      ^^^^^^\n"
        ),
        id="both sides",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2020-09-27: Turkey attacks Greece\nat 3: France assists Greece\n"
        },
        ["check", "case.casus"],
        1,
        (
            "error: the timeline mixes step numbers and dates, which cannot be ordered\n"
            " --> case.casus:5:4\n"
            "  |\n"
            "5 | at 3: France assists Greece\n"
            "  |    ^\n"
            "  = help: '2020-09-27' is used before; write every time point one way\n"
        ),
        id="steps and dates",
    ),
    pytest.param(
        {"case.casus": 'include "treaty.casus"\nstate France, Greece, Turkey\n'},
        ["check", "case.casus"],
        1,
        (
            "error: no case file at 'treaty.casus'\n"
            " --> case.casus:1:9\n"
            "  |\n"
            '1 | include "treaty.casus"\n'
            "  |         ^^^^^^^^^^^^^^\n"
        ),
        id="missing include",
    ),
    pytest.param(
        {
            "case.casus": 'include "treaty.casus"\nstate France, Greece, Turkey\n',
            "treaty.casus": 'include "case.casus"\n',
        },
        ["check", "case.casus"],
        1,
        (
            "error: the includes form a cycle: case.casus -> treaty.casus -> case.casus\n"
            " --> treaty.casus:1:9\n"
            "  |\n"
            '1 | include "case.casus"\n'
            "  |         ^^^^^^^^^^^^\n"
            "  = help: a file cannot include itself, directly or through other files\n"
        ),
        id="cyclic include",
    ),
    pytest.param(
        {"case.casus": "# nothing yet\n\n"},
        ["check", "case.casus"],
        1,
        (
            "error: the case is empty: there is nothing to reason about\n"
            " --> case.casus\n"
            "  = help: declare states, an alliance and events; see docs/language.md\n"
        ),
        id="empty file",
    ),
    pytest.param(
        {},
        ["check", "nowhere.casus"],
        1,
        ("error: no case file at 'nowhere.casus'\n --> nowhere.casus\n"),
        id="no such file",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece\nalliance Pact: defence pact between France, Greece\n  in force from 3 until 6\nend\nat 1: France warns Greece: level official, channel direct, clarity clear\n"
        },
        ["check", "case.casus"],
        0,
        (
            "warning: France and Greece are not bound by any pact at 1\n"
            " --> case.casus:5:7\n"
            "  |\n"
            "5 | at 1: France warns Greece: level official, channel direct, clarity clear\n"
            "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
            "  = help: 'Pact' is in force from 3 until 6; no duty can arise from this event\n"
        ),
        id="pact not in force",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "owed(X,Y,T) :- triggered(X,Y,T)).\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the rule file does not parse: unexpected ')'\n"
            " --> mine.lp:1:32\n"
            "  |\n"
            "1 | owed(X,Y,T) :- triggered(X,Y,T)).\n"
            "  |                                ^\n"
        ),
        id="rule file syntax",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "% my doctrine\nowed(X,Y,T) :- triggered(X,Y,T)\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the rule file ends in the middle of a rule\n"
            " --> mine.lp:2:32\n"
            "  |\n"
            "2 | owed(X,Y,T) :- triggered(X,Y,T)\n"
            "  |                                ^\n"
            "  = help: end every rule with a '.'\n"
        ),
        id="rule file unfinished",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "owed(X,Y,T) :- triggered(X,Y,S), not breach(X,Y,T).\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: unsafe variable 'T'\n"
            " --> mine.lp:1:10\n"
            "  |\n"
            "1 | owed(X,Y,T) :- triggered(X,Y,S), not breach(X,Y,T).\n"
            "  |          ^\n"
            "  = help: a variable must also occur in a positive condition of the rule's body (not only under 'not' or in arithmetic); bind it, e.g. with state(T)\n"
        ),
        id="unsafe variable",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": 'attack("Turkey","Greece",unspecified,1).\n',
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the rule file defines the input predicate attack/4\n"
            " --> mine.lp:1:1\n"
            "  |\n"
            '1 | attack("Turkey","Greece",unspecified,1).\n'
            "  | ^\n"
            "  = help: inputs come only from the case; derive a predicate of your own instead\n"
        ),
        id="defines an input",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "#script (python)\ndef hello(): pass\n#end.\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the rule file embeds a script, which could run any code\n"
            " --> mine.lp:1:1\n"
            "  |\n"
            "1 | #script (python)\n"
            "  | ^\n"
            "  = help: remove the #script block, or pass --allow-scripts if you trust this file\n"
        ),
        id="script refused",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "% no state may exist\n:- state(X).\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the doctrine 'mine' has no answer set for this case: it reaches no verdict\n"
            " --> mine.lp\n"
            "  = help: its rules cannot all hold on these facts: an integrity constraint (':- ...') is violated, or a rule such as 'p :- not p.' contradicts itself\n"
        ),
        id="no answer set",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Greece\n",
            "mine.lp": "{ owed(X,Y,T) } :- triggered(X,Y,T).\n",
        },
        ["run", "case.casus", "-d", "mine.lp"],
        3,
        (
            "error: the doctrine 'mine' has more than one answer set for this case: its verdict is not determined\n"
            " --> mine.lp\n"
            '  = help: a doctrine must reach one verdict, but two answer sets differ on claim("France","Greece",2), liberty("France","Greece",2), owed("France","Greece",2); a choice rule (\'{ ... }\') or a cycle through \'not\' leaves the choice open\n'
        ),
        id="several answer sets",
    ),
    pytest.param(
        {
            "case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n",
            "mine.lp": "n(0). n(X+1) :- n(X).\n",
        },
        ["run", "case.casus", "-d", "mine.lp", "--time-limit", "1"],
        3,
        (
            "error: grounding and solving under 'mine' did not finish within the time limit of 1 second\n"
            "  = help: a rule that builds ever larger numbers or terms (such as n(X+1) :- n(X).) never finishes grounding; otherwise raise the limit with --time-limit SECONDS\n"
        ),
        id="grounding never ends",
    ),
    pytest.param(
        {"case.casus": "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\n"},
        ["run", "case.casus", "-d", "moderat"],
        2,
        (
            "error: unknown doctrine 'moderat'\n"
            "  = help: did you mean 'moderate'? name a bundled doctrine ('casus doctrines' lists them), or give the path of a .lp rule file\n"
        ),
        id="unknown doctrine",
    ),
]


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("files", "argv", "exit_code", "expected"), BAD_INPUTS)
def test_bad_input_gets_its_message(
    files: dict[str, str],
    argv: list[str],
    exit_code: int,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, files)
    assert main(argv) == exit_code
    assert capsys.readouterr().err == expected


def test_messages_as_json_lines_for_editors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        tmp_path,
        {
            "case.casus": "state France, Greece\nat 3: France warn Greece: level official, channel direct, clarity clear\nat 4: Franse assists Greece\n"
        },
    )
    assert main(["--message-format", "json", "check", "case.casus"]) == 1
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        {
            "severity": "error",
            "message": "unexpected 'warn'",
            "file": "case.casus",
            "line": 2,
            "column": 14,
            "end_column": 18,
            "help": "did you mean 'warns'?",
        },
    ]
    # after the command too, and for a file-wide message line and column are null
    _write(tmp_path, {"empty.casus": ""})
    assert main(["check", "empty.casus", "--message-format", "json"]) == 1
    (message,) = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert message["file"] == "empty.casus" and message["line"] is None and message["severity"] == "error"


def test_a_warning_keeps_exit_code_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "state France, Greece\nalliance Pact: defence pact between France, Greece\n  in force from 3\nend\nat 1: France assists Greece\n"
    _write(tmp_path, {"case.casus": text})
    assert main(["--message-format", "json", "run", "case.casus", "-d", "moderate"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.err)["severity"] == "warning"
    assert captured.out


def test_an_internal_error_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise ValueError("something the authors did not foresee")

    monkeypatch.setattr(check_command, "cmd_check", broken)
    assert main(["check", "any.casus"]) == cli.EXIT_INTERNAL == 4
    err = capsys.readouterr().err
    assert err.startswith("error: internal error: ValueError: something the authors did not foresee\n")
    assert "please report it" in err and "Traceback" not in err


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parse, "MAX_CASE_BYTES", 1000)
    _write(tmp_path, {"big.casus": "# padding\n" * 200})
    assert main(["check", "big.casus"]) == 1
    assert capsys.readouterr().err == (
        "error: the case file 'big.casus' is too large (0.0 MB; the limit is 0.001 MB)\n"
        " --> big.casus\n"
        "  = help: split the case into smaller files, or check that this is really a case file\n"
    )


def test_a_long_valid_file_is_read(tmp_path: Path) -> None:
    events = "".join(
        f"at {t}: France warns Greece: level official, channel direct, clarity clear\n" for t in range(1, 3001)
    )
    path = tmp_path / "long.casus"
    path.write_text(
        "state France, Greece\nalliance Pact: defence pact between France, Greece\nend\n" + events, encoding="utf-8"
    )
    assert len(parse.load_case(path).events) == 3000


def test_recovery_reads_a_valid_file_like_the_whole_parse() -> None:
    """Parsing statement by statement gives the same model as parsing the whole file."""
    for path in sorted(Path("cases").glob("*.casus")):
        text = path.read_text(encoding="utf-8")
        whole = parse.parse_text(text, str(path))
        build = Build(str(path))
        statements = parse._recover(source_lines(text), str(path), build)
        assert not build.diagnostics
        kinds = [kind for kind, _ in statements]
        assert kinds.count("alliance") == len(whole.alliances) and kinds.count("event") == len(whole.events)
        assert [v for k, v in statements if k == "event"] == whole.events
        assert [v for k, v in statements if k == "alliance"] == whole.alliances


GOOD = "state France, Greece, Turkey\nalliance Pact: defence pact between France, Greece\nend\nat 2: Turkey attacks Greece\nat 3: France refrains from defending Greece\n"
BROKEN = "state France, Greece\nat 2: Turkey attacks Greece\n"


def test_a_batch_reports_every_good_result_and_every_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(
        tmp_path,
        {"a.casus": GOOD, "broken.casus": BROKEN, "b.casus": GOOD.replace("refrains from defending", "assists")},
    )
    assert main(["compare", "a.casus", "broken.casus", "b.casus", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: unknown state 'Turkey'\n --> broken.casus:2:7\n")
    files = json.dumps(json.loads(captured.out))
    assert "a.casus" in files and "b.casus" in files and "broken.casus" not in files

    assert main(["check", "a.casus", "broken.casus", "nowhere.casus", "b.casus"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "a.casus: ok (3 states, 1 alliance, 2 events)",
        "b.casus: ok (3 states, 1 alliance, 2 events)",
    ]
    assert "broken.casus:2:7" in captured.err and "no case file at 'nowhere.casus'" in captured.err


def test_a_batch_with_a_broken_doctrine_still_reports_the_cases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, {"a.casus": GOOD, "choice.lp": "{ owed(X,Y,T) } :- triggered(X,Y,T).\n"})
    assert main(["compare", "a.casus", "-d", "choice.lp"]) == 3
    assert "more than one answer set" in capsys.readouterr().err


def test_the_examples_in_docs_errors_are_real_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Every ``$ casus ...`` block of docs/errors.md prints what the page shows (messages, then results)."""
    blocks = re.findall(r"```\n\$ casus (.*?)\n(.*?)```", Path("docs/errors.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 8
    for command, shown in blocks:
        main(command.split())
        captured = capsys.readouterr()
        assert captured.err + captured.out == shown, command
