"""The worked cases in ``cases/``: each case's conclusions under all three bundled doctrines.

Every case file has one entry in ``WORKED_CASES``: the verdict each doctrine
gives on every actual breach, and the full set of conclusions of each
doctrine (those of ``TABLED``; the Hohfeldian positions and the ally's wrong
are asserted in ``POSITIONS``), written compactly as
``predicate(X,Y[,ground]): t1 t2 ...`` (the time points at which the atom
holds, in the case's own notation). The
Idealist and Hobbesian conclusions follow mechanically from when a duty is
triggered and when it is breached, so they are built by ``idealist`` and
``hobbesian``; the Moderate View's are written out in full.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.resources import BUNDLED_NAMES, DOCTRINES, HELPERS, rules_dir
from reasoner.language.read import load_case
from reasoner.reports.compare import compare
from reasoner.solving.engine import CaseResult, Doctrine, Solution, analyse, find_doctrine

CASES = Path(__file__).resolve().parent.parent / "cases"
TREATIES = CASES / "treaties"

#: The conclusions the table of worked cases lists in full for every case.
TABLED = ("triggered", "owed", "justified", "forfeited", "restored", "lapsed", "breach", "blameworthy")

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
    WorkedCase(
        "china_north_korea_declines.casus",
        moderate=["forfeited(China,NorthKorea): 5 6", "restored(China,NorthKorea): 7"],
    ),
    WorkedCase("csto_armenia_outside_scope.casus"),
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
    WorkedCase(
        "heeded_words_only.casus",
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
    WorkedCase(
        "response_window_dated.casus",
        verdicts={
            "AllyX -> AllyY at 2026-03-03": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY),
            "AllyX -> AllyY at 2026-03-10": (BLAMEWORTHY, DISCRETION, ENTRAPMENT),
        },
        idealist=idealist(XY, "2026-03-02 2026-03-03 2026-03-10", "2026-03-03 2026-03-10"),
        hobbesian=hobbesian(XY, "2026-03-02 2026-03-03 2026-03-10", "2026-03-03 2026-03-10"),
        moderate=[
            f"triggered({XY}): 2026-03-02 2026-03-03 2026-03-10",
            f"owed({XY}): 2026-03-02 2026-03-03",
            f"forfeited({XY}): 2026-03-10",
            f"justified({XY},entrapment): 2026-03-10",
            f"breach({XY}): 2026-03-03 2026-03-10",
            f"blameworthy({XY}): 2026-03-03",
        ],
    ),
    like(OWED_AND_BREACHED_AT_6, "warning_before_belief.casus"),
    like(OWED_AND_BREACHED_AT_6, "warning_before_policy.casus"),
    WorkedCase(
        "fear_lapses.casus",
        verdicts={"AllyX -> AllyY at 7": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "6 7", "7"),
        hobbesian=hobbesian(XY, "6 7", "7"),
        moderate=[f"forfeited({XY}): 4", f"lapsed({XY}): 5", *idealist(XY, "6 7", "7")],
    ),
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
        for file in ("threat_not_credible.casus", "threat_limited_severity.casus", "survival_threat_by_bystander.casus")
    ),
    # The doctrines beyond the paper: the other ally's breach, a call, a notice, a suspicion, a shared risk.
    *(
        WorkedCase(
            file,
            verdicts={
                f"AllyX -> AllyY at {late}": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY),
                "AllyY -> AllyX at 3": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY),
            },
            idealist=idealist(XY, during, late) + idealist("AllyY,AllyX", first, "3"),
            hobbesian=hobbesian(XY, during, late) + hobbesian("AllyY,AllyX", first, "3"),
            moderate=idealist(XY, during, late) + idealist("AllyY,AllyX", first, "3"),
        )
        for file, during, late, first in (
            ("exceptio_prior_breach.casus", "5 6", "6", "2 3"),
            ("exceptio_cured.casus", "6 7", "7", "2 3 4"),
            ("countermeasure_called.casus", "6 7", "7", "2 3"),
            ("treaty_suspended_after_notice.casus", "8", "8", "2 3"),
            ("treaty_notice_objected.casus", "8", "8", "2 3"),
        )
    ),
    WorkedCase(
        "suspicion_new_sign.casus",
        verdicts={"AllyX -> AllyY at 4": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "3 4", "4"),
        hobbesian=hobbesian(XY, "3 4", "4"),
        moderate=idealist(XY, "3 4", "4"),
    ),
    WorkedCase(
        "suspicion_old_cause.casus",
        verdicts={"AllyX -> AllyY at 5": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "4 5", "5"),
        hobbesian=hobbesian(XY, "4 5", "5"),
        moderate=idealist(XY, "4 5", "5"),
    ),
    WorkedCase(
        "survival_shared_risk.casus",
        verdicts={"AllyX -> AllyY at 4": (BLAMEWORTHY, DISCRETION, SURVIVAL)},
        idealist=idealist(XY, "3 4", "4"),
        hobbesian=hobbesian(XY, "3 4", "4"),
        moderate=[f"triggered({XY}): 3 4", f"owed({XY}): 3 4", f"justified({XY},survival): 3 4", f"breach({XY}): 4"],
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
    WorkedCase("initiation_scope.casus"),
    WorkedCase(
        "provocation_covert.casus",
        verdicts={"AllyX -> AllyY at 4": (BLAMEWORTHY, DISCRETION, BLAMEWORTHY)},
        idealist=idealist(XY, "3 4", "4"),
        hobbesian=hobbesian(XY, "3 4", "4"),
        moderate=idealist(XY, "3 4", "4"),
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


def conclusions(result: CaseResult, solution: Solution, predicates: Sequence[str] = TABLED) -> list[str]:
    """A doctrine's conclusions among ``predicates``, one string per atom without its time, listing its times."""
    times: dict[str, list[str]] = defaultdict(list)
    for c in solution.conclusions:
        if c.predicate not in predicates:
            continue
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


HELPER_STEMS = {Path(name).stem for name in HELPERS}

WAR_OF_MARCH = "2026-03-02 2026-03-03 2026-03-10"

#: The Hohfeldian positions and the ally's wrong, under each doctrine, for the cases that show them apart.
POSITIONS = {
    "france_greece.casus": {
        "idealist": ["claim(France,Greece): 8 9 10"],
        "hobbesian": ["liberty(France,Greece): 8 9 10", "nominal(France,Greece): 8 9 10"],
        "moderate": [
            "ally_blameworthy(France,Greece): 5 6 7 8 9",
            "claim(France,Greece): 10",
            "liberty(France,Greece): 8 9",
            "suspended(France,Greece): 5 6 7 8 9",
            "wronged(France,Greece): 4 5 6 7 8 9",
        ],
    },
    "us_south_korea.casus": {
        "idealist": ["claim(SouthKorea,UnitedStates): 3 4"],
        "hobbesian": ["liberty(SouthKorea,UnitedStates): 3 4", "nominal(SouthKorea,UnitedStates): 3 4"],
        "moderate": [
            "claim(SouthKorea,UnitedStates): 3 4",
            "justified_infringement(SouthKorea,UnitedStates): 3 4",
        ],
    },
    # Within the response window AllyY is warned but not yet defying: a wrong, not yet to blame.
    "response_window_dated.casus": {
        "idealist": [f"claim({XY}): {WAR_OF_MARCH}"],
        "hobbesian": [f"liberty({XY}): {WAR_OF_MARCH}", f"nominal({XY}): {WAR_OF_MARCH}"],
        "moderate": [
            f"ally_blameworthy({XY}): 2026-03-10",
            f"claim({XY}): 2026-03-02 2026-03-03",
            f"liberty({XY}): 2026-03-10",
            f"suspended({XY}): 2026-03-10",
            f"wronged({XY}): 2026-03-01 2026-03-02 2026-03-03 2026-03-10",
        ],
    },
}  # fmt: skip

POSITION_PREDICATES = ("claim", "nominal", "liberty", "justified_infringement", "suspended", "terminated",
                       "wronged", "ally_blameworthy")  # fmt: skip


@pytest.mark.parametrize("file", sorted(POSITIONS))
def test_hohfeldian_positions_and_the_allys_wrong(file: str) -> None:
    result = result_of(file)
    found = {s.doctrine.name: conclusions(result, s, POSITION_PREDICATES) for s in result.solutions}
    assert found == POSITIONS[file]


def doctrine_of_switches(tmp_path: Path, switches: str) -> Doctrine:
    """The bundled Moderate View with some of its switches set, as a user's own doctrine would set them."""
    path = tmp_path / "switched.lp"
    path.write_text(f'#include "{rules_dir() / "moderate.lp"}".\n{switches}\n', encoding="utf-8")
    return find_doctrine(str(path))


SWITCHES = [
    # A doctrine that reads every pact as covering provoked attacks, unless it says otherwise.
    pytest.param(
        "initiation_scope.casus",
        "covers_provoked_attacks(A) :- alliance(A).",
        {"AllyX -> AllyZ at 3": BLAMEWORTHY},
        id="covers_provoked_attacks",
    ),
    # Three steps to answer the warning of 3: silence defies it from 6; with four, not yet at 6.
    pytest.param("unanswered_warning.casus", "response_steps(3).", {"AllyX -> AllyY at 6": ENTRAPMENT},
                 id="response_steps"),
    pytest.param("unanswered_warning.casus", "response_steps(4).", {"AllyX -> AllyY at 6": BLAMEWORTHY},
                 id="response_steps_longer"),
    pytest.param("response_window_dated.casus", "response_days(1).",
                 {"AllyX -> AllyY at 2026-03-03": ENTRAPMENT, "AllyX -> AllyY at 2026-03-10": ENTRAPMENT},
                 id="response_days"),
    pytest.param("signal_too_late.casus", "wartime_warnings_count.", {"AllyX -> AllyY at 8": ENTRAPMENT},
                 id="wartime_warnings_count"),
    pytest.param("survival_threat_by_bystander.casus", "survival_threat_from_any_state.",
                 {"AllyX -> AllyY at 4": SURVIVAL}, id="survival_threat_from_any_state"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "switches", "expected"), SWITCHES)
def test_a_doctrine_of_ones_own_sets_the_moderate_views_switches(
    tmp_path: Path, file: str, switches: str, expected: dict[str, str]
) -> None:
    result = analyse(load_case(CASES / file), [doctrine_of_switches(tmp_path, switches)])
    found = {
        f"{row.owes} -> {row.to} at {result.time_text(row.time)}": row.statuses[0].verdict()
        for row in compare(result.solutions)
        if row.is_breach
    }
    assert found == expected


#: The doctrines beyond the paper's three, in the order of BUNDLED: each case's verdicts under them are in
#: LIBRARY_VERDICTS, as (strict-moderate, moderate-proportional, exceptio, vclt, countermeasures, hobbes, vattel).
LIBRARY = tuple(name for name in BUNDLED_NAMES if name not in DOCTRINES)
B, E, S = BLAMEWORTHY, ENTRAPMENT, SURVIVAL
VOID, UNJUST = "breach justified (void_covenant)", "breach justified (no_casus_foederis)"
NONPERF, CM, MB = (
    "breach justified (non_performance)",
    "breach justified (countermeasure)",
    "breach justified (material_breach)",
)

LIBRARY_VERDICTS = {
    "adversary_scope.casus": {},
    "baseline_entrapment.casus": {"AllyX -> AllyY at 6": (B, E, B, B, B, VOID, UNJUST)},
    "ceasefire_ends_duty.casus": {},
    "china_north_korea.casus": {"China -> NorthKorea at 9": (E, E, B, B, B, VOID, UNJUST)},
    "china_north_korea_declines.casus": {},
    "countermeasure_called.casus": {
        "AllyX -> AllyY at 7": (B, B, NONPERF, B, CM, B, B),
        "AllyY -> AllyX at 3": (B, B, B, B, B, B, B),
    },
    "csto_armenia.casus": {
        "Belarus -> Armenia at 2020-10-15": (B, B, B, B, B, B, B),
        "Kazakhstan -> Armenia at 2020-10-15": (B, B, B, B, B, B, B),
        "Kyrgyzstan -> Armenia at 2020-10-15": (B, B, B, B, B, B, B),
        "Russia -> Armenia at 2020-10-15": (B, B, B, B, B, B, B),
        "Tajikistan -> Armenia at 2020-10-15": (B, B, B, B, B, B, B),
    },
    "csto_armenia_outside_scope.casus": {},
    "curtailment_not_enough.casus": {"AllyX -> AllyY at 6": (B, E, B, B, B, VOID, UNJUST)},
    "entanglement_treaty_policy.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, B, B)},
    "exceptio_cured.casus": {
        "AllyX -> AllyY at 7": (B, B, B, B, B, B, B),
        "AllyY -> AllyX at 3": (B, B, B, B, B, B, B),
    },
    "exceptio_prior_breach.casus": {
        "AllyX -> AllyY at 6": (B, B, NONPERF, B, B, B, B),
        "AllyY -> AllyX at 3": (B, B, B, B, B, B, B),
    },
    "fear_lapses.casus": {"AllyX -> AllyY at 7": (B, B, B, B, B, VOID, UNJUST)},
    "france_greece.casus": {"France -> Greece at 9": (E, E, B, B, B, VOID, UNJUST)},
    "geographic_scope.casus": {"AllyX -> AllyY at 5": (B, B, B, B, B, B, B)},
    "heeded_warning.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, B)},
    "heeded_words_only.casus": {"AllyX -> AllyY at 6": (B, E, B, B, B, VOID, UNJUST)},
    "initiation_scope.casus": {},
    "multilateral_one_signaller.casus": {
        "AllyW -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST),
        "AllyX -> AllyY at 6": (B, E, B, B, B, VOID, UNJUST),
    },
    "no_signal.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "non_defence_pacts.casus": {},
    "pact_expiry_dated.casus": {"AllyX -> AllyY at 2030-12-31": (B, B, B, B, B, B, B)},
    "pact_lapses_while_forfeited.casus": {},
    "preventive_fear_distant_horizon.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "preventive_fear_moderate_likelihood.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "provocation_covert.casus": {"AllyX -> AllyY at 4": (B, B, B, B, B, B, UNJUST)},
    "response_window_dated.casus": {
        "AllyX -> AllyY at 2026-03-03": (B, B, B, B, B, VOID, UNJUST),
        "AllyX -> AllyY at 2026-03-10": (B, E, B, B, B, VOID, UNJUST),
    },
    "restoration_then_new_forfeiture.casus": {"AllyX -> AllyY at 9": (E, E, B, B, B, VOID, UNJUST)},
    "signal_ambiguous.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "signal_public_channel.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "signal_too_junior.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "signal_too_late.casus": {"AllyX -> AllyY at 8": (B, B, B, B, B, VOID, UNJUST)},
    "survival_grave_threat.casus": {"AllyX -> AllyY at 4": (S, S, B, B, B, B, B)},
    "survival_shared_risk.casus": {"AllyX -> AllyY at 4": (S, B, B, B, B, B, B)},
    "survival_threat_by_bystander.casus": {"AllyX -> AllyY at 4": (B, B, B, B, B, B, B)},
    "suspicion_new_sign.casus": {"AllyX -> AllyY at 4": (B, B, B, B, B, VOID, UNJUST)},
    "suspicion_old_cause.casus": {"AllyX -> AllyY at 5": (B, B, B, B, B, B, B)},
    "threat_limited_severity.casus": {"AllyX -> AllyY at 4": (B, B, B, B, B, B, B)},
    "threat_not_credible.casus": {"AllyX -> AllyY at 4": (B, B, B, B, B, B, B)},
    "treaty_notice_objected.casus": {
        "AllyX -> AllyY at 8": (B, B, NONPERF, B, CM, B, B),
        "AllyY -> AllyX at 3": (B, B, B, B, B, B, B),
    },
    "treaty_suspended_after_notice.casus": {
        "AllyX -> AllyY at 8": (B, B, NONPERF, MB, CM, B, B),
        "AllyY -> AllyX at 3": (B, B, B, B, B, B, B),
    },
    "unanswered_warning.casus": {"AllyX -> AllyY at 6": (B, E, B, B, B, VOID, UNJUST)},
    "unreasonable_belief_bad_faith.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, B, UNJUST)},
    "unreasonable_belief_circumstantial.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, B, UNJUST)},
    "us_south_korea.casus": {"SouthKorea -> UnitedStates at 4": (S, S, B, B, B, B, B)},
    "warning_before_belief.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
    "warning_before_policy.casus": {"AllyX -> AllyY at 6": (B, B, B, B, B, VOID, UNJUST)},
}


def test_the_library_is_every_bundled_doctrine_beyond_the_papers_three() -> None:
    assert LIBRARY == ("strict-moderate", "moderate-proportional", "exceptio", "vclt", "countermeasures", "hobbes",
                       "vattel")  # fmt: skip
    assert {path.stem for path in rules_dir().glob("*.lp")} == {*BUNDLED_NAMES, *HELPER_STEMS}


@cache
def library_result_of(file: str) -> CaseResult:
    """A case solved under the doctrines of the library."""
    return analyse(load_case(CASES / file), [find_doctrine(name) for name in LIBRARY])


@pytest.mark.parametrize("case", TABLE)
def test_verdict_on_every_breach_under_the_library(case: WorkedCase) -> None:
    assert verdicts(library_result_of(case.file)) == LIBRARY_VERDICTS[case.file]


def test_every_case_has_its_verdicts_under_the_library() -> None:
    assert set(LIBRARY_VERDICTS) == {case.file for case in WORKED_CASES}


LIBRARY_CONCLUSIONS = [
    # strict-moderate: only the presidential call counts, so the forfeiture begins after its dismissal at 7.
    pytest.param(
        "france_greece.casus", "strict-moderate", ("forfeited", "restored", "suspended"),
        ["forfeited(France,Greece): 7 8 9", "restored(France,Greece): 10", "suspended(France,Greece): 7 8 9"],
        id="strict-moderate",
    ),
    # exceptio suspends from the time point after the other ally's breach, until it assists.
    pytest.param(
        "exceptio_prior_breach.casus", "exceptio", ("suspended", "justified"),
        [f"justified({XY},non_performance): 5 6", f"suspended({XY}): 4 5 6"],
        id="exceptio",
    ),
    # vclt: notified at 4, three steps to wait: suspended from 8 (the next point the case mentions).
    pytest.param(
        "treaty_suspended_after_notice.casus", "vclt", ("suspended", "terminated", "justified"),
        [f"justified({XY},material_breach): 8", f"suspended({XY}): 8"],
        id="vclt",
    ),
    # hobbes: void from the new sign at 2, and for good: terminated, never suspended.
    pytest.param(
        "suspicion_new_sign.casus", "hobbes", ("suspended", "terminated", "liberty"),
        [f"liberty({XY}): 3 4", f"terminated({XY}): 2 3 4"],
        id="hobbes",
    ),
    # countermeasures: called at 5 after the wrongful act of 3; suspended until AllyY complies (it never does).
    pytest.param(
        "countermeasure_called.casus", "countermeasures", ("suspended", "justified"),
        [f"justified({XY},countermeasure): 6 7", f"suspended({XY}): 5 6 7"],
        id="countermeasures",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("file", "doctrine", "predicates", "expected"), LIBRARY_CONCLUSIONS)
def test_what_a_library_doctrine_does_to_the_duty(
    file: str, doctrine: str, predicates: tuple[str, ...], expected: list[str]
) -> None:
    result = analyse(load_case(CASES / file), [find_doctrine(doctrine)])
    assert conclusions(result, result.solutions[0], predicates) == expected


def test_the_law_of_treaties_can_terminate_a_bilateral_pact_instead(tmp_path: Path) -> None:
    path = tmp_path / "terminating.lp"
    path.write_text(f'#include "{rules_dir() / "vclt.lp"}".\nvclt_terminates.\n', encoding="utf-8")
    result = analyse(load_case(CASES / "treaty_suspended_after_notice.casus"), [find_doctrine(str(path))])
    assert conclusions(result, result.solutions[0], ("suspended", "terminated")) == [f"terminated({XY}): 8"]


@pytest.mark.parametrize("steps", range(7))
def test_the_response_window_decides_when_silence_defies(tmp_path: Path, steps: int) -> None:
    """unanswered_warning.casus: warned at 3, time points 3, 5, 6; silence defies at the first point past 3 + N."""
    result = analyse(
        load_case(CASES / "unanswered_warning.casus"), [doctrine_of_switches(tmp_path, f"response_steps({steps}).")]
    )
    forfeited = conclusions(result, result.solutions[0], ("forfeited",))
    first = next((t for t in (5, 6) if t >= 3 + steps), None)
    assert forfeited == ([f"forfeited({XY}): {' '.join(str(t) for t in (5, 6) if t >= first)}"] if first else [])
