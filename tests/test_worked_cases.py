"""The worked cases in ``cases/``: what the expectations written in them cannot say.

Each case file states what every bundled doctrine concludes in its own
``expect`` statements, and ``casus test cases/`` checks them all (the first
test here). The rest checks what expectations cannot: that they leave no
conclusion unstated, that every case cites the paper, that the shared
treaties are used, and that ``casus compare`` gives the paper's verdict table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.resources import BUNDLED_NAMES
from reasoner.language.model import time_key
from reasoner.language.read import load_case
from reasoner.reports.expectations import named_doctrines, solve_expected

CASES = Path(__file__).resolve().parent.parent / "cases"
TREATIES = CASES / "treaties"
CASE_FILES = sorted(p for p in CASES.rglob("*.casus") if TREATIES not in p.parents)
TABLE = [pytest.param(path, id=path.stem) for path in CASE_FILES]

BLAMEWORTHY = "breach blameworthy"
DISCRETION = "breach justified (discretion)"
ENTRAPMENT = "breach justified (entrapment)"
SURVIVAL = "breach justified (survival)"
CSTO_FIVE = ("Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
CSTO_BREACH = "2020-10-15"


def test_casus_test_passes_on_every_bundled_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(CASES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(CASE_FILES) + 2
    assert all(line.endswith(" 0 failed") for line in lines[: len(CASE_FILES)])
    assert re.fullmatch(r"\d+ passed, 0 failed", lines[-1])


@pytest.mark.parametrize("path", TABLE)
def test_the_expectations_state_every_conclusion_of_every_bundled_doctrine(path: Path) -> None:
    case = load_case(path)
    actual = solve_expected(case, every=True)
    stated = {
        (doctrine, e.owes, e.to, time)
        for e in case.expectations
        for doctrine in named_doctrines(e)
        for time in actual.span(e.start, e.end)
    }
    concluded = {
        (doctrine, owes, to, time)
        for doctrine, table in actual.statuses.items()
        for (owes, to, point) in table
        for time in case.times()
        if time_key(time) == point
    }
    assert concluded <= stated, "a conclusion that no expectation states"
    assert {d for d, *_ in stated} == set(BUNDLED_NAMES)


@pytest.mark.parametrize("path", TABLE)
def test_every_case_opens_with_a_header_citing_the_paper(path: Path) -> None:
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    assert re.search(r"Rubin \(?2026\)?", " ".join(header)), "the header comment cites the paper"


def test_every_shared_treaty_is_included_by_a_case_and_checks_on_its_own() -> None:
    treaties = sorted(TREATIES.glob("*.casus"))
    assert treaties
    included = {inc.path for path in CASE_FILES for inc in load_case(path).includes}
    for treaty in treaties:
        load_case(treaty)
        assert f"treaties/{treaty.name}" in included


PAPER_VERDICTS = [
    ["China and North Korea: a provoked war for unification", "China -> NorthKorea", "9",
     BLAMEWORTHY, DISCRETION, ENTRAPMENT],
    ["CSTO and Armenia, 2020", f"{', '.join(CSTO_FIVE)} -> Armenia", CSTO_BREACH, BLAMEWORTHY, DISCRETION, BLAMEWORTHY],
    ["France and Greece: the Aegean drillship", "France -> Greece", "9", BLAMEWORTHY, DISCRETION, ENTRAPMENT],
    ["United States and South Korea: a nuclear threat against intervening", "SouthKorea -> UnitedStates", "4",
     BLAMEWORTHY, DISCRETION, SURVIVAL],
]  # fmt: skip


def test_casus_compare_gives_the_papers_verdicts_first(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that no cell wraps
    paper = ["china_north_korea", "csto_armenia", "france_greece", "us_south_korea"]
    assert main(["compare", *(str(CASES / f"{name}.casus") for name in paper)]) == 0
    blocks = capsys.readouterr().out.split("\n\n")
    found = []
    for block in blocks:
        heading, title, header, rule, *rows = block.splitlines()
        assert (title, re.split(r"\s{2,}", header)) == (
            "verdict on each breach",
            ["breach", "time", "idealist", "hobbesian", "moderate"],
        )
        assert set(rule) == {"-", " "}
        found += [[heading.rsplit(" (", 1)[0], *re.split(r"\s{2,}", row)] for row in rows]
    assert found == PAPER_VERDICTS
