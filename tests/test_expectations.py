"""Expectations in the case language and ``casus test``: reading, checking, running, updating, reporting."""

# ruff: noqa: E501  (the expected messages are kept whole, one source line per line)

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.language.model import status_phrases, status_text
from reasoner.language.read import parse_text
from reasoner.reports.compare import Status, status_of
from reasoner.solving.engine import Conclusion

CASES = Path(__file__).resolve().parent.parent / "cases"

SMALL = "state A, B\nat 1: A assists B\nat 3: A assists B\n"


def test_an_expectation_is_read_with_its_doctrines_pair_span_and_status() -> None:
    case = parse_text(
        SMALL
        + 'expect idealist, "mine.lp": A -> B from 1 to 3: breach would be justified (survival, entrapment), owed\n'
    )
    (e,) = case.expectations
    assert (e.doctrines, e.owes, e.to, e.start, e.end) == (("idealist", "mine.lp"), "A", "B", 1, 3)
    assert e.status == (("owed", ()), ("breach would be justified", ("entrapment", "survival")))
    assert str(e.source) == "<case>:4:1"
    assert [str(s) for s in e.doctrine_sources] == ["<case>:4:8", "<case>:4:18"]


def _conclusions(*atoms: str) -> list[Conclusion]:
    found = []
    for atom in atoms:
        predicate, _, ground = atom.partition(":")
        found.append(Conclusion("X", "Y", 1, predicate, ground or None))
    return found


@pytest.mark.parametrize(
    ("atoms", "words"),
    [
        ((), "not-triggered"),
        (("forfeited",), "not-triggered, claim forfeited"),
        (("triggered", "owed"), "owed"),
        (("triggered", "owed", "breach", "blameworthy"), "breach blameworthy"),
        (("triggered", "owed", "justified:survival"), "owed, breach would be justified (survival)"),
        (("triggered", "owed", "justified:discretion", "breach"), "breach justified (discretion)"),
        (
            ("triggered", "forfeited", "justified:entrapment"),
            "suspended (forfeited), breach would be justified (entrapment)",
        ),
        (("triggered", "owed", "restored"), "owed, claim restored"),
        (("triggered",), "suspended"),
        (("triggered", "owed", "breach"), "breach not blameworthy"),
        (("triggered", "justified:survival", "breach", "blameworthy"), "breach justified (survival), blameworthy"),
        (
            ("triggered", "justified:survival", "justified:entrapment"),
            "suspended, breach would be justified (entrapment, survival)",
        ),
    ],
)
def test_an_expectation_reads_every_status_compare_prints(atoms: tuple[str, ...], words: str) -> None:
    assert status_of(Status.of(_conclusions(*atoms))) == words
    (e,) = parse_text(SMALL + f"expect all: A -> B at 1: {words}\n").expectations
    assert status_text(e.status) == words
    assert status_phrases(words) == e.status


BAD_EXPECTATIONS = [
    pytest.param(
        "expect moderat: A -> B at 1: owed",
        "error: unknown doctrine 'moderat'\n"
        " --> case.casus:4:8\n"
        "  |\n"
        "4 | expect moderat: A -> B at 1: owed\n"
        "  |        ^^^^^^^\n"
        "  = help: did you mean 'moderate'? name a bundled doctrine ('casus doctrines' lists them) or 'all', or give a rule file's path in quotes\n",
        id="unknown doctrine",
    ),
    pytest.param(
        'expect "nope.lp": A -> B at 1: owed',
        "error: no rule file at 'nope.lp'\n"
        " --> case.casus:4:8\n"
        "  |\n"
        '4 | expect "nope.lp": A -> B at 1: owed\n'
        "  |        ^^^^^^^^^\n"
        "  = help: a doctrine's path is relative to the folder of the case file\n",
        id="missing rule file",
    ),
    pytest.param(
        "expect all: A -> Bee at 1: owed",
        "error: unknown state 'Bee'\n"
        " --> case.casus:4:18\n"
        "  |\n"
        "4 | expect all: A -> Bee at 1: owed\n"
        "  |                  ^^^\n"
        "  = help: declare it first: state Bee\n",
        id="unknown state",
    ),
    pytest.param(
        "expect all: A -> B from 1 to 2: owed",
        "error: the case has no time point 2\n"
        " --> case.casus:4:30\n"
        "  |\n"
        "4 | expect all: A -> B from 1 to 2: owed\n"
        "  |                              ^\n"
        "  = help: its time points are 1, 3\n",
        id="unknown time",
    ),
    pytest.param(
        "expect all: A -> B from 3 to 1: owed",
        "error: the span ends before it starts: 3 to 1\n"
        " --> case.casus:4:30\n"
        "  |\n"
        "4 | expect all: A -> B from 3 to 1: owed\n"
        "  |                              ^\n",
        id="backwards span",
    ),
    pytest.param(
        "expect all: A -> B at 1: owd",
        "error: unknown status 'owd'\n"
        " --> case.casus:4:26\n"
        "  |\n"
        "4 | expect all: A -> B at 1: owd\n"
        "  |                          ^^^\n"
        "  = help: did you mean 'owed'? a status is made of 'not-triggered', 'owed', 'terminated', 'suspended', 'breach would be justified', 'claim forfeited', 'claim restored', 'breach justified', 'blameworthy', 'breach blameworthy', 'breach not blameworthy', 'duty nominal', 'infringement justified', 'justification lapsed', 'wronged by ally' or 'ally blameworthy'\n",
        id="unknown status",
    ),
    pytest.param(
        "expect all: A -> B at 1: claim forfeited",
        "error: the status leaves out the duty\n"
        " --> case.casus:4:26\n"
        "  |\n"
        "4 | expect all: A -> B at 1: claim forfeited\n"
        "  |                          ^^^^^^^^^^^^^^^\n"
        "  = help: start the status with 'not-triggered', 'owed', 'terminated' or 'suspended'\n",
        id="no duty",
    ),
    pytest.param(
        "expect all: A -> B at 1: suspended (forfeited), breach justified (entrapment)",
        "error: a breach's status is its verdict alone, not 'suspended, breach justified'\n"
        " --> case.casus:4:26\n"
        "  |\n"
        "4 | expect all: A -> B at 1: suspended (forfeited), breach justified (entrapment)\n"
        "  |                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: write one of 'breach justified', 'breach blameworthy' or 'breach not blameworthy' (with ', blameworthy' after 'breach justified')\n",
        id="a breach with its duty",
    ),
    pytest.param(
        "expect all: A -> B at 1: owed, breach justified",
        "error: 'breach justified' needs its grounds\n"
        " --> case.casus:4:32\n"
        "  |\n"
        "4 | expect all: A -> B at 1: owed, breach justified\n"
        "  |                                ^^^^^^^^^^^^^^^^\n"
        "  = help: write 'breach justified (entrapment)', say\n",
        id="no grounds",
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD_EXPECTATIONS)
def test_a_bad_expectation_is_an_error_at_its_place(
    line: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("case.casus").write_text(SMALL + line + "\n", encoding="utf-8")
    assert main(["check", "case.casus"]) == 1
    assert capsys.readouterr().err == message


@pytest.fixture
def france_greece(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the France-Greece case in a fresh folder, named as a user would name it."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(CASES / "france_greece.casus", "fg.casus")
    return Path("fg.casus")


def _change(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


MODERATE_AT_9 = (
    "expect moderate, moderate-proportional: France -> Greece at 9: breach justified (entrapment), wronged by ally, "
    "ally blameworthy"
)
#: The first expectation of the case: every doctrine but the Moderate View's two finds nothing from 1 to 7.
QUIET_TO_7 = "expect idealist, hobbesian, strict-moderate, exceptio, vclt, countermeasures, hobbes, vattel: " \
    "France -> Greece from 1 to 7"  # fmt: skip


def test_a_changed_expectation_fails_with_expected_against_actual(
    france_greece: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _change(
        france_greece,
        MODERATE_AT_9,
        "expect moderate: France -> Greece at 9: breach blameworthy  # as the Idealist",
    )
    _change(france_greece, QUIET_TO_7, "expect all: France -> Greece from 1 to 7")
    assert main(["test", "fg.casus"]) == 1
    assert capsys.readouterr().out == (
        "fg.casus: 17 passed, 2 failed\n"
        "\n"
        "FAILED fg.casus:42: expect all: France -> Greece from 1 to 7\n"
        "  moderate from 5 to 7:\n"
        "    expected: not-triggered\n"
        "    actual:   not-triggered, claim forfeited\n"
        "  moderate-proportional from 5 to 7:\n"
        "    expected: not-triggered\n"
        "    actual:   not-triggered, claim forfeited\n"
        "FAILED fg.casus:53: expect moderate: France -> Greece at 9\n"
        "  moderate at 9:\n"
        "    expected: breach blameworthy\n"
        "    actual:   breach justified (entrapment)\n"
        "\n"
        "17 passed, 2 failed\n"
    )


def test_positions_are_compared_when_the_status_names_one(
    france_greece: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Naming 'wronged by ally' alone leaves out 'ally blameworthy', which holds: the expectation fails."""
    _change(france_greece, MODERATE_AT_9, MODERATE_AT_9.removesuffix(", ally blameworthy"))
    assert main(["test", "fg.casus"]) == 1
    assert capsys.readouterr().out == (
        "fg.casus: 18 passed, 1 failed\n"
        "\n"
        "FAILED fg.casus:53: expect moderate, moderate-proportional: France -> Greece at 9\n"
        "  moderate at 9:\n"
        "    expected: breach justified (entrapment), wronged by ally\n"
        "    actual:   breach justified (entrapment), wronged by ally, ally blameworthy\n"
        "  moderate-proportional at 9:\n"
        "    expected: breach justified (entrapment), wronged by ally\n"
        "    actual:   breach justified (entrapment), wronged by ally, ally blameworthy\n"
        "\n"
        "18 passed, 1 failed\n"
    )


def test_update_rewrites_what_failed_keeping_comments(france_greece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = france_greece.read_text(encoding="utf-8")
    _change(
        france_greece,
        MODERATE_AT_9,
        "expect moderate: France -> Greece at 9: breach not blameworthy  # the paper's verdict",
    )
    _change(france_greece, QUIET_TO_7, "expect all: France -> Greece from 1 to 7")
    assert main(["test", "--update", "fg.casus"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "21 passed, 0 failed"
    text = france_greece.read_text(encoding="utf-8")
    # Rewritten without positions, as they were written: a status that names none says nothing of them.
    assert "expect moderate: France -> Greece at 9: breach justified (entrapment)  # the paper's verdict\n" in text
    assert QUIET_TO_7 + ": not-triggered\n" in text
    after = text.split("from 1 to 7")[1]
    assert "expect moderate, moderate-proportional: France -> Greece from 1 to 4: not-triggered\n" in after
    assert (
        "expect moderate, moderate-proportional: France -> Greece from 5 to 7: not-triggered, claim forfeited\n"
        in after
    )
    assert text.splitlines()[:9] == original.splitlines()[:9]  # the header comment


def test_update_gives_a_case_without_expectations_a_full_set(
    france_greece: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = france_greece.read_text(encoding="utf-8")
    bare = full[: full.index("\n# What each doctrine concludes")] + "\n"
    france_greece.write_text(bare, encoding="utf-8")
    assert main(["test", "fg.casus"]) == 0  # named, but with nothing to test
    assert capsys.readouterr().out.splitlines()[-1] == "0 passed, 0 failed"
    assert main(["test", "--update", "fg.casus"]) == 0
    assert france_greece.read_text(encoding="utf-8") == full


def test_update_that_cannot_write_leaves_the_case_as_it_was(
    france_greece: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _change(france_greece, MODERATE_AT_9, "expect moderate: France -> Greece at 9: breach blameworthy")
    before = france_greece.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    assert main(["test", "--update", "fg.casus"]) == 1
    assert "error: cannot write 'fg.casus': No space left on device" in capsys.readouterr().err
    assert france_greece.read_bytes() == before
    assert sorted(p.name for p in Path().iterdir()) == ["fg.casus"]  # no temporary file left behind


def test_json_and_junit_reports(france_greece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _change(france_greece, MODERATE_AT_9, "expect moderate: France -> Greece at 9: breach blameworthy")
    assert main(["test", "--format", "json", "fg.casus"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert (document["schema"], document["passed"], document["failed"]) == ("casus.test/1", 18, 1)
    (failed,) = [e for e in document["cases"][0]["expectations"] if not e["passed"]]
    assert failed["line"] == 53
    assert failed["mismatches"] == [
        {"doctrine": "moderate", "start": 9, "end": None, "expected": "breach blameworthy",
         "actual": "breach justified (entrapment)"}
    ]  # fmt: skip
    assert main(["test", "--format", "junit", "fg.casus"]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("19", "1", "0")
    (failure,) = root.iter("failure")
    assert failure.get("message") == "expected breach blameworthy"
    cases = list(root.iter("testcase"))
    assert [c.get("line") for c in cases if c.find("failure") is not None] == ["53"]


def test_a_case_that_cannot_be_read_counts_as_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.casus").write_text("state A\nexpect all: A -> B at 1: owed\n", encoding="utf-8")
    (tmp_path / "treaty.casus").write_text("state A, B\n", encoding="utf-8")  # no expectations: not a test
    assert main(["test", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'broken.casus'}: could not be run\n\n0 passed, 1 failed\n"
    assert "error: unknown state 'B'" in captured.err


def test_no_case_with_expectations_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(tmp_path)]) == 2
    assert capsys.readouterr().err == "error: no case file with expectations was found\n"
