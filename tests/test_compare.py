"""Comparing doctrines: one status vocabulary for every cell, in text and JSON alike."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reasoner.cli.main import main
from reasoner.reports.compare import Status, status_of

CASES = Path(__file__).resolve().parent.parent / "cases"


@pytest.mark.parametrize(
    ("status", "word"),
    [
        (Status(), "not-triggered"),
        (Status(triggered=True, owed=True), "owed"),
        (Status(triggered=True, forfeited=True), "suspended (forfeited)"),
        (Status(triggered=True), "suspended"),
        (Status(forfeited=True), "not-triggered, claim forfeited"),
        (Status(triggered=True, owed=True, restored=True), "owed, claim restored"),
        (Status(triggered=True, owed=True, grounds=("survival",)), "owed, breach would be justified (survival)"),
        (
            Status(triggered=True, forfeited=True, grounds=("entrapment",)),
            "suspended (forfeited), breach would be justified (entrapment)",
        ),
        (Status(triggered=True, owed=True, breach=True, blameworthy=True), "breach blameworthy"),
        (Status(triggered=True, owed=True, breach=True), "breach not blameworthy"),
        (
            Status(triggered=True, forfeited=True, grounds=("entrapment",), breach=True),
            "breach justified (entrapment)",
        ),
        (
            Status(triggered=True, owed=True, grounds=("discretion", "survival"), breach=True),
            "breach justified (discretion, survival)",
        ),
    ],
)
def test_status_words(status: Status, word: str) -> None:
    assert status_of(status) == word


STATUSES = st.builds(
    Status,
    triggered=st.booleans(),
    owed=st.booleans(),
    grounds=st.lists(st.sampled_from(["entrapment", "survival", "discretion"]), unique=True).map(
        lambda g: tuple(sorted(g))
    ),
    forfeited=st.booleans(),
    restored=st.booleans(),
    breach=st.booleans(),
    blameworthy=st.booleans(),
)


@given(STATUSES)
def test_no_breach_is_called_justified_where_none_happened(status: Status) -> None:
    word = status_of(status)
    if status.breach:
        assert word.startswith("breach ")
    else:
        assert word.replace("breach would be justified", "").count("breach") == 0
        assert ("would be justified" in word) == bool(status.grounds)


@given(STATUSES, STATUSES)
def test_different_verdicts_on_a_breach_read_differently(a: Status, b: Status) -> None:
    def verdict(s: Status) -> tuple[object, ...]:
        return (s.grounds, s.blameworthy)

    if a.breach and b.breach and verdict(a) != verdict(b):
        assert status_of(a) != status_of(b)


def test_compare_json_gives_the_verdicts_then_a_status_per_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(CASES / "france_greece.casus"), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "casus.compare/2"
    (case,) = document["cases"]
    assert case["breaches"] == [
        {
            "owes": "France",
            "to": "Greece",
            "time": 9,
            "verdicts": {
                "idealist": "breach blameworthy",
                "hobbesian": "breach justified (discretion)",
                "moderate": "breach justified (entrapment)",
            },
        }
    ]
    moderate = {row["time"]: row["doctrines"]["moderate"]["status"] for row in case["rows"]}
    wrong = ", wronged by ally, ally blameworthy"
    assert moderate == {
        4: "not-triggered, wronged by ally",
        5: "not-triggered, claim forfeited" + wrong,
        6: "not-triggered, claim forfeited" + wrong,
        7: "not-triggered, claim forfeited" + wrong,
        8: "suspended (forfeited), breach would be justified (entrapment)" + wrong,
        9: "breach justified (entrapment)" + wrong,
        10: "owed, claim restored",
    }
    at_eight = next(row for row in case["rows"] if row["time"] == 8)
    assert at_eight["differs"] is True
    assert at_eight["doctrines"]["moderate"] == {
        "status": "suspended (forfeited), breach would be justified (entrapment), wronged by ally, ally blameworthy",
        "triggered": True,
        "owed": False,
        "forfeited": True,
        "restored": False,
        "breach": False,
        "blameworthy": False,
        "positions": ["liberty", "suspended", "wronged", "ally_blameworthy"],
        "justified": ["entrapment"],
    }


def test_text_and_json_use_the_same_words(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    case = str(CASES / "us_south_korea.casus")
    assert main(["compare", case, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["cases"][0]["rows"]
    assert main(["compare", case, "--timeline"]) == 0
    text = capsys.readouterr().out
    shown = [re.split(r"\s{2,}", line.strip()) for line in text.split("every time point")[1].splitlines()[3:]]
    assert shown == [
        ["*", str(row["time"]), f"{row['owes']} -> {row['to']}", *(c["status"] for c in row["doctrines"].values())]
        for row in rows
    ]


def test_a_case_without_a_breach_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(CASES / "adversary_scope.casus")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "no breach under any doctrine"


def test_the_status_of_one_pair_at_one_time() -> None:
    from reasoner.language.read import load_case
    from reasoner.reports.compare import status_at
    from reasoner.solving.engine import analyse, find_doctrine

    result = analyse(load_case(CASES / "france_greece.casus"), [find_doctrine("moderate")])
    (moderate,) = result.solutions
    assert status_at(moderate, "France", "Greece", 9) == "breach justified (entrapment)"
    assert status_at(moderate, "France", "Greece", 4) == "not-triggered"
    assert status_at(moderate, "Greece", "France", 9) == "not-triggered"
