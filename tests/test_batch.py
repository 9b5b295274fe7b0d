"""``casus batch`` and solving many cases in one grounding."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.reserved import PREFIX, is_reserved
from reasoner.common.resources import DOCTRINES
from reasoner.language.read import load_case
from reasoner.reports.batch import batch, batch_csv, batch_json, case_paths
from reasoner.solving.engine import CaseResult, analyse, find_doctrine, rule_files
from reasoner.solving.joint import analyse_many, indexable, indexed_program, solve_many

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted(str(p) for p in (ROOT / "cases").rglob("*.casus"))
DOCTRINE_LIST = [find_doctrine(d) for d in DOCTRINES]


def _loadable(paths: list[str]) -> list[str]:
    good = []
    for path in paths:
        try:
            load_case(path)
        except Exception:
            continue
        good.append(path)
    return good


def test_one_grounding_equals_control_per_case_on_every_bundled_case() -> None:
    cases = [load_case(p) for p in _loadable(CASES)]
    assert cases
    joint = analyse_many(cases, DOCTRINE_LIST)
    for case, found in zip(cases, joint, strict=True):
        assert isinstance(found, CaseResult), case.file
        assert found.solutions == analyse(case, DOCTRINE_LIST).solutions, case.file


def test_bundled_doctrines_are_solved_in_one_grounding() -> None:
    assert all(indexable(d) for d in DOCTRINE_LIST)


def test_rewritten_program_adds_only_reserved_names() -> None:
    files = tuple(rule_files(find_doctrine("moderate")))
    program = indexed_program(files)
    assert program is not None
    original = {m for f in files for m in re.findall(r"\b[_a-zA-Z]\w*", f.read_text(encoding="utf-8"))}
    added = {m for s in program for m in re.findall(r"\b[_a-zA-Z]\w*", str(s))} - original - {"program", "base"}
    assert added and all(is_reserved(name) for name in added), added
    assert {f"{PREFIX}fact", f"{PREFIX}case", f"{PREFIX}shown"} <= added


def test_a_rule_file_that_couples_cases_falls_back_to_one_control_per_case(tmp_path: Path) -> None:
    rules = tmp_path / "external.lp"
    rules.write_text(
        (ROOT / "rules" / "idealist.lp").read_text(encoding="utf-8") + "\n#external spare.\n", encoding="utf-8"
    )
    doctrine = find_doctrine(str(rules))
    assert not indexable(doctrine)
    case = load_case(ROOT / "cases" / "france_greece.casus")
    (found,) = analyse_many([case], [doctrine])
    assert isinstance(found, CaseResult)
    assert found.solutions == analyse(case, [doctrine]).solutions


def test_a_case_without_an_answer_set_gets_its_own_error(tmp_path: Path) -> None:
    rules = tmp_path / "picky.lp"
    rules.write_text(
        (ROOT / "rules" / "idealist.lp").read_text(encoding="utf-8") + '\n:- state("Turkey").\n', encoding="utf-8"
    )
    doctrine = find_doctrine(str(rules))
    fine = load_case(ROOT / "cases" / "us_south_korea.casus")
    broken = load_case(ROOT / "cases" / "france_greece.casus")
    from reasoner.solving.facts import case_facts

    good, bad = solve_many([case_facts(fine), case_facts(broken)], doctrine)
    assert not isinstance(good, Exception)
    assert good == analyse(fine, [doctrine]).solutions[0]
    assert isinstance(bad, Exception) and "no answer set" in str(bad)


def test_batch_rows_on_the_bundled_cases() -> None:
    paths = case_paths([ROOT / "cases"])
    part = batch(paths, DOCTRINE_LIST)
    assert len(part.rows) == len(paths) * len(DOCTRINE_LIST)
    rows = {(Path(r.case).name, r.doctrine): r for r in part.rows}
    idealist = rows[("france_greece.casus", "idealist")]
    assert [f.text() for f in idealist.breaches] == ["France -> Greece at 9"]
    assert [f.text() for f in idealist.blameworthy] == ["France -> Greece at 9"]
    assert idealist.justified == ()
    moderate = rows[("france_greece.casus", "moderate")]
    assert [f.text() for f in moderate.justified] == ["France -> Greece at 9 (entrapment)"]
    assert moderate.blameworthy == ()
    assert moderate.forfeited
    assert [f.text() for f in rows[("us_south_korea.casus", "moderate")].justified] == [
        "SouthKorea -> UnitedStates at 4 (survival)"
    ]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    (folder / "more").mkdir(parents=True)
    shutil.copy(ROOT / "cases" / "france_greece.casus", folder)
    shutil.copy(ROOT / "cases" / "us_south_korea.casus", folder / "more")
    (folder / "broken.casus").write_text("state A, B\nat 1: A attaks B\n", encoding="utf-8")
    (folder / "more" / "unknown.casus").write_text("state A, B\nat 1: A attacks Zed\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a case\n", encoding="utf-8")
    return folder


def test_a_folder_mixing_broken_and_good_cases_reports_every_case(mixed: Path) -> None:
    paths = case_paths([mixed])
    assert [Path(p).name for p in paths] == [
        "broken.casus",
        "france_greece.casus",
        "unknown.casus",
        "us_south_korea.casus",
    ]
    part = batch(paths, DOCTRINE_LIST)
    by_case = {Path(r.case).name: r for r in part.rows if r.doctrine == "moderate"}
    assert by_case["broken.casus"].error is not None and "attaks" in by_case["broken.casus"].error
    assert by_case["unknown.casus"].error is not None and "Zed" in by_case["unknown.casus"].error
    assert by_case["france_greece.casus"].error is None and by_case["france_greece.casus"].justified
    assert by_case["us_south_korea.casus"].error is None and by_case["us_south_korea.casus"].justified
    assert len(part.errors) == 2 and all(e.text().startswith("error:") for e in part.errors)
    assert {e.exit_code for e in part.errors} == {1}


def test_cli_exit_code_and_stderr(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", str(mixed), "--format", "csv"]) == 1
    out, err = capsys.readouterr()
    assert "broken.casus:2:9" in err and "^" in err
    assert len(list(csv.reader(io.StringIO(out)))) == 1 + 4 * 3
    assert main(["batch", str(mixed / "france_greece.casus")]) == 0


def test_csv_shape() -> None:
    part = batch([str(ROOT / "cases" / "france_greece.casus")], DOCTRINE_LIST)
    lines = list(csv.DictReader(io.StringIO(batch_csv(part.rows))))
    assert [line["doctrine"] for line in lines] == list(DOCTRINES)
    assert set(lines[0]) == {"case", "title", "doctrine", "breaches", "justified", "blameworthy", "forfeited", "error"}
    assert lines[2]["justified"] == "France -> Greece at 9 (entrapment)"
    assert lines[2]["forfeited"] == "France -> Greece at 5..9"


def test_json_shape(mixed: Path) -> None:
    part = batch(case_paths([mixed]), DOCTRINE_LIST)
    document = json.loads(batch_json(part.rows))
    assert document["schema"] == "casus.batch/1"
    assert len(document["rows"]) == 12
    row = next(
        r for r in document["rows"] if r["case"]["file"].endswith("france_greece.casus") and r["doctrine"] == "moderate"
    )
    assert row["justified"] == [{"owes": "France", "to": "Greece", "times": [9], "grounds": ["entrapment"]}]
    assert row["error"] is None
    broken = next(r for r in document["rows"] if r["case"]["file"].endswith("broken.casus"))
    assert broken["error"] and broken["breaches"] == []


def test_two_jobs_give_the_same_rows_as_one(mixed: Path) -> None:
    paths = case_paths([ROOT / "cases", mixed])
    one = batch(paths, DOCTRINE_LIST, jobs=1)
    two = batch(paths, DOCTRINE_LIST, jobs=2)
    assert one.rows == two.rows
    assert sorted(e.text() for e in one.errors) == sorted(e.text() for e in two.errors)


FOREVER = ROOT / "docs" / "errors" / "forever.lp"
TIME_LIMIT_MESSAGE = "error: grounding and solving under 'forever' did not finish within the time limit of 1 second\n"


def test_a_grounding_that_never_ends_stops_at_the_time_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """As for ``casus run``: the same message, once, and exit code 3, for a batch and a sweep."""
    cases = [str(ROOT / "cases" / "france_greece.casus"), str(ROOT / "cases" / "us_south_korea.casus")]
    assert main(["batch", *cases, "-d", str(FOREVER), "--time-limit", "1", "--format", "csv"]) == 3
    out, err = capsys.readouterr()
    assert err.startswith(TIME_LIMIT_MESSAGE) and err.count("error:") == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2 and all("did not finish within the time limit" in r["error"] for r in rows)

    vary = ["--vary", "response.kind=heeded,dismissed"]
    assert main(["sweep", cases[0], *vary, "-d", str(FOREVER), "--time-limit", "1", "--format", "csv"]) == 3
    out, err = capsys.readouterr()
    assert err.startswith(TIME_LIMIT_MESSAGE) and err.count("error:") == 1
    assert out.count("did not finish within the time limit") == 2  # each variant's line says it whole


def test_batch_messages_follow_the_message_format(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--message-format", "json", "batch", str(mixed), "--format", "csv"]) == 1
    err = capsys.readouterr().err
    messages = [json.loads(line) for line in err.splitlines()]
    assert len(messages) == 2 and all(m["severity"] == "error" for m in messages)
    assert {Path(m["file"]).name for m in messages} == {"broken.casus", "unknown.casus"}
