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
from reasoner.language.model import Case, Phrase, status_phrases, time_key
from reasoner.language.read import load_case, parse_text
from reasoner.language.vocabulary import POSITION_PHRASES
from reasoner.reports.compare import compare
from reasoner.reports.expectations import named_doctrines
from reasoner.solving.engine import CaseResult, Doctrine, Solution, analyse, find_doctrine

CASES = Path(__file__).resolve().parent.parent / "cases"
TREATIES = CASES / "treaties"
CASE_FILES = sorted(p.name for p in CASES.glob("*.casus"))
#: A status, phrase by phrase.
Status = tuple[Phrase, ...]

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


#: The doctrines beyond the paper's three, in the order of BUNDLED. Their verdicts on every worked case are
#: stated in the case files' own ``expect`` statements, with the paper's three.
LIBRARY = tuple(name for name in BUNDLED_NAMES if name not in DOCTRINES)


def test_the_library_is_every_bundled_doctrine_beyond_the_papers_three() -> None:
    assert LIBRARY == ("strict-moderate", "moderate-proportional", "exceptio", "vclt", "countermeasures", "hobbes",
                       "vattel")  # fmt: skip
    assert {path.stem for path in rules_dir().glob("*.lp")} == {*BUNDLED_NAMES, *HELPER_STEMS}


@cache
def library_result_of(file: str) -> CaseResult:
    """A case solved under the doctrines of the library."""
    return analyse(load_case(CASES / file), [find_doctrine(name) for name in LIBRARY])


def stated(case: Case) -> dict[tuple[str, str, str, int], Status]:
    """What the case's expectations state, by doctrine, pair and time point (without positions)."""
    times = {time_key(t): t for t in case.times()}
    found = {}
    for e in case.expectations:
        last = time_key(e.end if e.end is not None else e.start)
        for doctrine in named_doctrines(e):
            for point in (p for p in times if time_key(e.start) <= p <= last):
                found[(doctrine, e.owes, e.to, point)] = tuple(p for p in e.status if p[0] not in POSITION_PHRASES)
    return found


@pytest.mark.parametrize("file", CASE_FILES)
def test_each_case_states_the_librarys_verdict_on_every_breach(file: str) -> None:
    """The verdicts of the library's doctrines live in the cases: each breach's is stated, and is the verdict."""
    case = load_case(CASES / file)
    expected = stated(case)
    result = library_result_of(file)
    for row in compare(result.solutions):
        if row.is_breach:
            for doctrine, status in zip(LIBRARY, row.statuses, strict=True):
                assert expected[(doctrine, row.owes, row.to, row.time)] == status_phrases(status.verdict())


LIBRARY_CONCLUSIONS = [
    # strict-moderate: only the president's conditional call counts, so the forfeiture begins after its
    # dismissal at 7 (the premier's visit conveyed misgivings only).
    pytest.param(
        "china_north_korea.casus", "strict-moderate", ("forfeited", "restored", "suspended"),
        ["forfeited(China,NorthKorea): 7 8 9", "suspended(China,NorthKorea): 7 8 9"],
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


def test_the_law_of_treaties_terminates_a_bilateral_pact_when_termination_is_notified() -> None:
    result = analyse(load_case(CASES / "treaty_terminated_after_notice.casus"), [find_doctrine("vclt")])
    assert conclusions(result, result.solutions[0], ("suspended", "terminated")) == [f"terminated({XY}): 8"]


def test_a_multilateral_pact_is_only_suspended_whatever_was_notified() -> None:
    """VCLT art. 60(2)(b): the party specially affected suspends the treaty between itself and the defaulter."""
    text = (CASES / "treaty_terminated_after_notice.casus").read_text(encoding="utf-8")
    text = text.replace(
        'include "treaties/x_y_defence_pact.casus"',
        "state AllyX, AllyY, AllyW, Rival\n"
        "alliance Pact: multilateral defence pact between AllyX, AllyY, AllyW\n  in force from 1\nend",
    )
    case = parse_text(text.split("# What each doctrine concludes")[0])
    result = analyse(case, [find_doctrine("vclt")])
    assert conclusions(result, result.solutions[0], ("suspended", "terminated")) == [f"suspended({XY}): 8"]


@pytest.mark.parametrize("steps", range(7))
def test_the_response_window_decides_when_silence_defies(tmp_path: Path, steps: int) -> None:
    """unanswered_warning.casus: warned at 3, time points 3, 5, 6; silence defies at the first point past 3 + N."""
    result = analyse(
        load_case(CASES / "unanswered_warning.casus"), [doctrine_of_switches(tmp_path, f"response_steps({steps}).")]
    )
    forfeited = conclusions(result, result.solutions[0], ("forfeited",))
    first = next((t for t in (5, 6) if t >= 3 + steps), None)
    assert forfeited == ([f"forfeited({XY}): {' '.join(str(t) for t in (5, 6) if t >= first)}"] if first else [])
