"""The command line: output formats, exit codes, and the canonical formatter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reasoner.cli.main import main

CASES = Path(__file__).resolve().parent.parent / "cases"


def test_run_json_follows_the_versioned_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CASES / "france_greece.casus"), "--doctrine", "moderate", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "casus.run/1"
    assert document["case"]["title"] == "France and Greece: the Aegean drillship"
    assert document["doctrine"]["name"] == "moderate"
    at_nine = [c for c in document["conclusions"] if c["time"] == 9]
    assert at_nine == [
        {"predicate": "triggered", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "justified", "owes": "France", "to": "Greece", "time": 9, "ground": "entrapment"},
        {"predicate": "forfeited", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "breach", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "liberty", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "suspended", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "wronged", "owes": "France", "to": "Greece", "time": 9},
        {"predicate": "ally_blameworthy", "owes": "France", "to": "Greece", "time": 9},
    ]


def test_dated_cases_report_their_dates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CASES / "csto_armenia.casus"), "-d", "idealist", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    blamed = sorted(c["owes"] for c in document["conclusions"] if c["predicate"] == "blameworthy")
    assert blamed == ["Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan"]
    assert {c["time"] for c in document["conclusions"]} == {"2020-09-27", "2020-10-15"}


@pytest.fixture
def at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the checkout's root, so that case files are named as a user names them; output piped, no COLUMNS."""
    monkeypatch.chdir(CASES.parent)
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.mark.usefixtures("at_the_root")
def test_run_text_is_a_table_per_pair_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "cases/us_south_korea.casus", "-d", "moderate"]) == 0
    assert capsys.readouterr().out == (
        "United States and South Korea: a nuclear threat against intervening\n"
        "(cases/us_south_korea.casus)\n"
        "doctrine: moderate (moderate.lp)\n"
        "\n"
        "time  ally        owes defence to  status\n"
        "----- ----------- ---------------- ---------------------------------------------\n"
        "3     SouthKorea  UnitedStates     owed, breach would be justified (survival),\n"
        "                                   infringement justified\n"
        "4     SouthKorea  UnitedStates     breach justified (survival), infringement\n"
        "                                   justified\n"
    )


@pytest.mark.usefixtures("at_the_root")
def test_compare_gives_the_verdicts_first_and_every_time_point_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    verdicts = (
        "France and Greece: the Aegean drillship (cases/france_greece.casus)\n"
        "verdict on each breach\n"
        "breach            time  idealist            hobbesian          moderate\n"
        "----------------- ----- ------------------- ------------------ -----------------\n"
        "France -> Greece  9     breach blameworthy  breach justified   breach justified\n"
        "                                            (discretion)       (entrapment)\n"
    )
    assert main(["compare", "cases/france_greece.casus"]) == 0
    assert capsys.readouterr().out == verdicts
    assert main(["compare", "cases/france_greece.casus", "--timeline"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(verdicts + "\n")
    timeline = out[len(verdicts) + 1 :].splitlines()
    assert timeline[:4] == [
        "France and Greece: the Aegean drillship (cases/france_greece.casus)",
        "every time point (* where they differ)",
        "   time  ally -> ally      idealist           hobbesian         moderate",
        "-- ----- ----------------- ------------------ ----------------- ----------------",
    ]
    assert timeline[4:8] == [
        "*  4     France -> Greece  not-triggered      not-triggered     not-triggered,",
        "                                                                wronged by ally",
        "*  5     France -> Greece  not-triggered      not-triggered     not-triggered,",
        "                                                                claim forfeited,",
    ]


@pytest.mark.usefixtures("at_the_root")
def test_compare_a_chosen_pair_of_doctrines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "cases/us_south_korea.casus", "-d", "hobbesian", "-d", "moderate"]) == 0
    header = capsys.readouterr().out.splitlines()[3]
    assert header.split() == ["breach", "time", "hobbesian", "moderate"]


def test_unknown_doctrine_is_a_usage_error_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CASES / "france_greece.casus"), "-d", "moderat"]) == 2
    assert capsys.readouterr().err == (
        "error: unknown doctrine 'moderat'\n"
        "  = help: did you mean 'moderate'? name a bundled doctrine "
        "('casus doctrines' lists them), or give the path of a .lp rule file\n"
    )


def test_a_users_rule_file_is_run_like_a_bundled_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "pacifist.lp"
    mine.write_text("% owes nothing, blames nothing\njustified(X,Y,T,pacifism) :- triggered(X,Y,T).\n")
    assert main(["run", str(CASES / "us_south_korea.casus"), "-d", str(mine), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["doctrine"]["name"] == "pacifist"
    assert {c.get("ground") for c in document["conclusions"] if c["predicate"] == "justified"} == {"pacifism"}


def test_usage_errors_exit_with_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run"])
    assert stop.value.code == 2
    assert "error: the following arguments are required: CASE" in capsys.readouterr().err


def test_python_dash_m_runs_the_same_command() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "reasoner", "check", str(CASES / "france_greece.casus")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.endswith("france_greece.casus: ok (3 states, 1 alliance, 10 events)\n")


LATE = CASES.parent / "docs" / "errors" / "late.casus"
LATE_WARNING = "warning: France and Greece are not bound by any pact at 1"


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["run"],
        ["compare", "-d", "moderate"],
        ["explain", "-d", "moderate"],
        ["sweep", "--vary", "signal.clarity", "-d", "moderate"],
    ],
)
def test_every_command_reading_a_case_prints_its_warnings(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command[0], str(LATE), *command[1:]]) == 0
    assert capsys.readouterr().err.startswith(LATE_WARNING)


def test_commands_other_than_explain_do_not_import_the_explanations() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from reasoner.cli.main import main; main(['check', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.startswith(("
        "'reasoner.explaining', 'reasoner.api', 'tqdm'))))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, str(CASES / "france_greece.casus")], capture_output=True, text=True
    )
    assert found.stdout.splitlines()[-1] == "[]"


def test_doctrines_lists_every_bundled_doctrine_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctrines"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["* idealist               a breach is never justified",
                       '                         Rubin (2026), "The idealist view"']  # fmt: skip
    assert out[12:14] == ["  vclt                   a material breach, notified and unopposed, suspends",
                          "                         Vienna Convention (1969), arts. 60, 62, 65"]  # fmt: skip
    assert len(out) == 22 and all(len(line) <= 80 for line in out)


def test_doctrines_as_json_names_each_rule_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctrines", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "casus.doctrines/1"
    names = [d["name"] for d in document["doctrines"]]
    assert names[:3] == ["idealist", "hobbesian", "moderate"] and len(names) == 10
    assert [d["name"] for d in document["doctrines"] if d["default"]] == names[:3]
    assert all(Path(d["file"]).is_file() for d in document["doctrines"])


def test_compare_all_shows_every_bundled_doctrine_then_ones_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "pacifist.lp"
    mine.write_text("justified(X,Y,T,pacifism) :- triggered(X,Y,T).\n")
    assert main(["compare", "--all", str(CASES / "us_south_korea.casus"), "-d", str(mine), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["cases"][0]["doctrines"] == [
        "idealist", "hobbesian", "moderate", "strict-moderate", "moderate-proportional", "exceptio", "vclt",
        "countermeasures", "hobbes", "vattel", "pacifist",
    ]  # fmt: skip


def test_a_library_doctrine_is_named_like_the_papers(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CASES / "suspicion_new_sign.casus"), "-d", "hobbes", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["doctrine"]["name"] == "hobbes"
    assert {"predicate": "terminated", "owes": "AllyX", "to": "AllyY", "time": 2} in document["conclusions"]
