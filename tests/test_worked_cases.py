"""The worked cases in ``cases/``: each case's conclusions under all three bundled doctrines.

Every case file has one entry in ``WORKED_CASES``: the verdict each doctrine
gives on every actual breach, and the full set of conclusions of each
doctrine, written compactly as ``predicate(X,Y[,ground]): t1 t2 ...`` (the
time points at which the atom holds, in the case's own notation). The
Idealist and Hobbesian conclusions follow mechanically from when a duty is
triggered and when it is breached, so they are built by ``idealist`` and
``hobbesian``; the Moderate View's are written out in full.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.resources import DOCTRINES
from reasoner.language.read import load_case
from reasoner.reports.compare import compare
from reasoner.solving.engine import CaseResult, Solution, analyse, find_doctrine

CASES = Path(__file__).resolve().parent.parent / "cases"
TREATIES = CASES / "treaties"

BLAMEWORTHY = "breach blameworthy"
DISCRETION = "breach justified (discretion)"
ENTRAPMENT = "breach justified (entrapment)"
SURVIVAL = "breach justified (survival)"


def idealist(pair: str, during: str, breach: str = "") -> list[str]:
    """The Idealist View: a triggered duty is always owed, and every breach is blameworthy."""
    found = [f"triggered({pair}): {during}", f"owed({pair}): {during}"]
    if breach:
        found += [f"breach({pair}): {breach}", f"blameworthy({pair}): {breach}"]
    return found


def hobbesian(pair: str, during: str, breach: str = "") -> list[str]:
    """The Hobbesian View: a triggered duty is nominally owed, and breaching it is always justified."""
    found = [f"triggered({pair}): {during}", f"owed({pair}): {during}", f"justified({pair},discretion): {during}"]
    if breach:
        found.append(f"breach({pair}): {breach}")
    return found


@dataclass(frozen=True)
class WorkedCase:
    """A case file and what each doctrine must conclude about it."""

    file: str
    #: "X -> Y at T" for every actual breach: the verdicts of idealist, hobbesian, moderate.
    verdicts: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    idealist: list[str] = field(default_factory=list)
    hobbesian: list[str] = field(default_factory=list)
    moderate: list[str] = field(default_factory=list)


XY = "AllyX,AllyY"
CSTO_FIVE = ("Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
CSTO_WAR = "2020-09-27 2020-10-15"
CSTO_BREACH = "2020-10-15"

#: A duty to AllyY triggered by Rival's attack at 5 and breached at 6, with no forfeiture.
OWED_AND_BREACHED_AT_6 = WorkedCase(
    file="",
    verdicts={"AllyX -> AllyY at 6": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
    idealist=idealist(XY, "5 6", "6"),
    hobbesian=hobbesian(XY, "5 6", "6"),
    moderate=idealist(XY, "5 6", "6"),
)

#: A duty to AllyY triggered at 5, breached at 6, the claim forfeited from AllyY's dismissal at 4.
FORFEITED_FROM_4 = WorkedCase(
    file="",
    verdicts={"AllyX -> AllyY at 6": (BLAMEWORTHY, DISCRETION, ENTRAPMENT)},
    idealist=idealist(XY, "5 6", "6"),
    hobbesian=hobbesian(XY, "5 6", "6"),
    moderate=[
        f"triggered({XY}): 5 6",
        f"forfeited({XY}): 4 5 6",
        f"justified({XY},entrapment): 5 6",
        f"breach({XY}): 6",
    ],
)


def like(template: WorkedCase, file: str) -> WorkedCase:
    """A case whose conclusions are those of ``template`` (cases that differ from it in one line only)."""
    return WorkedCase(file, template.verdicts, template.idealist, template.hobbesian, template.moderate)


WORKED_CASES = [
    # The paper's four scenarios (domain.md's verdict table).
    WorkedCase(
        "us_south_korea.casus",
        verdicts={"SouthKorea -> UnitedStates at 4": (BLAMEWORTHY, DISCRETION, SURVIVAL)},
        idealist=idealist("SouthKorea,UnitedStates", "3 4", "4"),
        hobbesian=hobbesian("SouthKorea,UnitedStates", "3 4", "4"),
        moderate=[
            "triggered(SouthKorea,UnitedStates): 3 4",
            "owed(SouthKorea,UnitedStates): 3 4",
            "justified(SouthKorea,UnitedStates,survival): 3 4",
            "breach(SouthKorea,UnitedStates): 4",
        ],
    ),
    WorkedCase(
        "csto_armenia.casus",
        verdicts={f"{m} -> Armenia at {CSTO_BREACH}": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY) for m in CSTO_FIVE},
        idealist=[c for m in CSTO_FIVE for c in idealist(f"{m},Armenia", CSTO_WAR, CSTO_BREACH)],
        hobbesian=[c for m in CSTO_FIVE for c in hobbesian(f"{m},Armenia", CSTO_WAR, CSTO_BREACH)],
        moderate=[c for m in CSTO_FIVE for c in idealist(f"{m},Armenia", CSTO_WAR, CSTO_BREACH)],
    ),
    WorkedCase(
        "france_greece.casus",
        verdicts={"France -> Greece at 9": (BLAMEWORTHY, DISCRETION, ENTRAPMENT)},
        idealist=idealist("France,Greece", "8 9 10", "9"),
        hobbesian=hobbesian("France,Greece", "8 9 10", "9"),
        moderate=[
            "triggered(France,Greece): 8 9 10",
            "forfeited(France,Greece): 5 6 7 8 9",
            "justified(France,Greece,entrapment): 8 9",
            "breach(France,Greece): 9",
            "restored(France,Greece): 10",
            "owed(France,Greece): 10",
        ],
    ),
    WorkedCase(
        "china_north_korea.casus",
        verdicts={"China -> NorthKorea at 9": (BLAMEWORTHY, DISCRETION, ENTRAPMENT)},
        idealist=idealist("China,NorthKorea", "8 9", "9"),
        hobbesian=hobbesian("China,NorthKorea", "8 9", "9"),
        moderate=[
            "triggered(China,NorthKorea): 8 9",
            "forfeited(China,NorthKorea): 5 6 7 8 9",
            "justified(China,NorthKorea,entrapment): 8 9",
            "breach(China,NorthKorea): 9",
        ],
    ),
    # The entrapment route: the control case, then one condition changed at a time.
    like(FORFEITED_FROM_4, "baseline_entrapment.casus"),
    like(OWED_AND_BREACHED_AT_6, "no_signal.casus"),
    like(OWED_AND_BREACHED_AT_6, "signal_too_junior.casus"),
    like(OWED_AND_BREACHED_AT_6, "signal_public_channel.casus"),
    like(OWED_AND_BREACHED_AT_6, "signal_ambiguous.casus"),
    WorkedCase(
        "signal_too_late.casus",
        verdicts={"AllyX -> AllyY at 8": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "5 6 7 8", "8"),
        hobbesian=hobbesian(XY, "5 6 7 8", "8"),
        moderate=idealist(XY, "5 6 7 8", "8"),
    ),
    WorkedCase(
        "unanswered_warning.casus",
        verdicts={"AllyX -> AllyY at 6": (BLAMEWORTHY, DISCRETION, ENTRAPMENT)},
        idealist=idealist(XY, "5 6", "6"),
        hobbesian=hobbesian(XY, "5 6", "6"),
        moderate=[
            f"triggered({XY}): 5 6",
            f"forfeited({XY}): 5 6",
            f"justified({XY},entrapment): 5 6",
            f"breach({XY}): 6",
        ],
    ),
    like(OWED_AND_BREACHED_AT_6, "preventive_fear_moderate_likelihood.casus"),
    like(OWED_AND_BREACHED_AT_6, "preventive_fear_distant_horizon.casus"),
    like(OWED_AND_BREACHED_AT_6, "entanglement_treaty_policy.casus"),
    like(OWED_AND_BREACHED_AT_6, "unreasonable_belief_circumstantial.casus"),
    like(OWED_AND_BREACHED_AT_6, "unreasonable_belief_bad_faith.casus"),
    like(OWED_AND_BREACHED_AT_6, "heeded_warning.casus"),
    like(FORFEITED_FROM_4, "curtailment_not_enough.casus"),
    WorkedCase(
        "restoration_then_new_forfeiture.casus",
        verdicts={"AllyX -> AllyY at 9": (BLAMEWORTHY, DISCRETION, ENTRAPMENT)},
        idealist=idealist(XY, "8 9", "9"),
        hobbesian=hobbesian(XY, "8 9", "9"),
        moderate=[
            f"forfeited({XY}): 4 7 8 9",
            f"restored({XY}): 5",
            f"triggered({XY}): 8 9",
            f"justified({XY},entrapment): 8 9",
            f"breach({XY}): 9",
        ],
    ),
    WorkedCase(
        "pact_lapses_while_forfeited.casus",
        idealist=idealist(XY, "5 6"),
        hobbesian=hobbesian(XY, "5 6"),
        moderate=[f"triggered({XY}): 5 6", f"forfeited({XY}): 4 5 6", f"justified({XY},entrapment): 5 6"],
    ),
    WorkedCase(
        "multilateral_one_signaller.casus",
        verdicts={
            "AllyW -> AllyY at 6": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY),
            "AllyX -> AllyY at 6": (BLAMEWORTHY, DISCRETION, ENTRAPMENT),
        },
        idealist=idealist("AllyW,AllyY", "5 6", "6") + idealist(XY, "5 6", "6"),
        hobbesian=hobbesian("AllyW,AllyY", "5 6", "6") + hobbesian(XY, "5 6", "6"),
        moderate=idealist("AllyW,AllyY", "5 6", "6") + FORFEITED_FROM_4.moderate,
    ),
    # The survival route.
    WorkedCase(
        "survival_grave_threat.casus",
        verdicts={"AllyX -> AllyY at 4": (BLAMEWORTHY, DISCRETION, SURVIVAL)},
        idealist=idealist(XY, "3 4", "4"),
        hobbesian=hobbesian(XY, "3 4", "4"),
        moderate=[
            f"triggered({XY}): 3 4",
            f"owed({XY}): 3 4",
            f"justified({XY},survival): 3 4",
            f"breach({XY}): 4",
        ],
    ),
    *(
        WorkedCase(
            file,
            verdicts={"AllyX -> AllyY at 4": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
            idealist=idealist(XY, "3 4", "4"),
            hobbesian=hobbesian(XY, "3 4", "4"),
            moderate=idealist(XY, "3 4", "4"),
        )
        for file in ("threat_not_credible.casus", "threat_limited_severity.casus")
    ),
    # The trigger: pact kind, adversary, place, provocation, term and hostilities.
    WorkedCase("non_defence_pacts.casus"),
    WorkedCase("adversary_scope.casus"),
    WorkedCase(
        "geographic_scope.casus",
        verdicts={"AllyX -> AllyY at 5": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "4 5", "5"),
        hobbesian=hobbesian(XY, "4 5", "5"),
        moderate=idealist(XY, "4 5", "5"),
    ),
    WorkedCase(
        "initiation_scope.casus",
        verdicts={"AllyX -> AllyZ at 3": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist("AllyX,AllyZ", "2 3", "3"),
        hobbesian=hobbesian("AllyX,AllyZ", "2 3", "3"),
        moderate=idealist("AllyX,AllyZ", "2 3", "3"),
    ),
    WorkedCase(
        "pact_expiry_dated.casus",
        verdicts={"AllyX -> AllyY at 2030-12-31": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "2030-12-20 2030-12-31", "2030-12-31"),
        hobbesian=hobbesian(XY, "2030-12-20 2030-12-31", "2030-12-31"),
        moderate=idealist(XY, "2030-12-20 2030-12-31", "2030-12-31"),
    ),
    WorkedCase(
        "ceasefire_ends_duty.casus",
        idealist=idealist(XY, "2 3"),
        hobbesian=hobbesian(XY, "2 3"),
        moderate=idealist(XY, "2 3"),
    ),
]


@cache
def result_of(file: str) -> CaseResult:
    """A case solved under the bundled doctrines, in the order idealist, hobbesian, moderate."""
    return analyse(load_case(CASES / file), [find_doctrine(name) for name in DOCTRINES])


def conclusions(result: CaseResult, solution: Solution) -> list[str]:
    """A doctrine's conclusions, one string per atom without its time, listing the times it holds."""
    times: dict[str, list[str]] = defaultdict(list)
    for c in solution.conclusions:
        arguments = ",".join([c.owes, c.to, *([c.ground] if c.ground else [])])
        times[f"{c.predicate}({arguments})"].append(result.time_text(c.time))
    return sorted(f"{atom}: {' '.join(points)}" for atom, points in times.items())


def verdicts(result: CaseResult) -> dict[str, tuple[str, ...]]:
    """Each doctrine's verdict on every actual breach of the case."""
    return {
        f"{row.owes} -> {row.to} at {result.time_text(row.time)}": tuple(s.verdict() for s in row.statuses)
        for row in compare(result.solutions)
        if row.is_breach
    }


TABLE = [pytest.param(case, id=Path(case.file).stem) for case in WORKED_CASES]


def test_the_doctrines_are_solved_in_the_table_order() -> None:
    assert DOCTRINES == ("idealist", "hobbesian", "moderate")


@pytest.mark.parametrize("case", TABLE)
def test_verdict_on_every_breach(case: WorkedCase) -> None:
    assert verdicts(result_of(case.file)) == case.verdicts


@pytest.mark.parametrize("case", TABLE)
def test_conclusions_under_each_doctrine(case: WorkedCase) -> None:
    result = result_of(case.file)
    found = {s.doctrine.name: conclusions(result, s) for s in result.solutions}
    expected = {"idealist": case.idealist, "hobbesian": case.hobbesian, "moderate": case.moderate}
    assert found == {name: sorted(items) for name, items in expected.items()}


def test_every_case_file_is_in_the_table() -> None:
    on_disk = {p.relative_to(CASES).as_posix() for p in CASES.rglob("*.casus") if TREATIES not in p.parents}
    in_table = [case.file for case in WORKED_CASES]
    assert len(in_table) == len(set(in_table)), "a case is listed twice"
    assert on_disk == set(in_table)


@pytest.mark.parametrize("case", TABLE)
def test_every_case_opens_with_a_header_citing_the_paper(case: WorkedCase) -> None:
    header = []
    for line in (CASES / case.file).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    assert re.search(r"Rubin \(?2026\)?", " ".join(header)), "the header comment cites the paper"


def test_every_shared_treaty_is_included_by_a_case_and_checks_on_its_own() -> None:
    treaties = sorted(TREATIES.glob("*.casus"))
    assert treaties
    included = {inc.path for case in WORKED_CASES for inc in load_case(CASES / case.file).includes}
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
