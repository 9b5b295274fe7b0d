"""The doctrines beyond the paper, and what expectations cannot say of the Moderate View's readings.

The paper's three doctrines are checked on every case by its ``expect``
statements (``casus test cases/``, in test_worked_cases.py). This file holds
what those cannot state: the verdicts of the library's doctrines on every
worked case, the Hohfeldian positions and the entrapping ally's wrong, the
switches a doctrine of one's own can set, and the response window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from reasoner.common.resources import BUNDLED_NAMES, DOCTRINES, HELPERS, rules_dir
from reasoner.language.read import load_case
from reasoner.reports.compare import compare
from reasoner.solving.engine import CaseResult, Doctrine, Solution, analyse, find_doctrine

CASES = Path(__file__).resolve().parent.parent / "cases"
TREATIES = CASES / "treaties"
CASE_FILES = sorted(p.name for p in CASES.glob("*.casus"))

BLAMEWORTHY = "breach blameworthy"
DISCRETION = "breach justified (discretion)"
ENTRAPMENT = "breach justified (entrapment)"
SURVIVAL = "breach justified (survival)"
XY = "AllyX,AllyY"
CSTO_FIVE = ("Belarus", "Kazakhstan", "Kyrgyzstan", "Russia", "Tajikistan")
CSTO_BREACH = "2020-10-15"

#: The conclusions listed in full.
TABLED = ("triggered", "owed", "justified", "forfeited", "restored", "lapsed", "breach", "blameworthy")


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
    "any_state_except.casus": {"AllyX -> AllyY at 5": (B, B, B, B, B, B, B)},
    "franco_russian_1892.casus": {},
    "guarantee_belgium_1839.casus": {},
    "policy_ended.casus": {"AllyX -> AllyY at 7": (B, B, B, B, B, VOID, B)},
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


@pytest.mark.parametrize("file", CASE_FILES)
def test_verdict_on_every_breach_under_the_library(file: str) -> None:
    assert verdicts(library_result_of(file)) == LIBRARY_VERDICTS[file]


def test_every_case_has_its_verdicts_under_the_library() -> None:
    assert set(LIBRARY_VERDICTS) == set(CASE_FILES)


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
