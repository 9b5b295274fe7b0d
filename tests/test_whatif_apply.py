"""A whatif answer written into the case text it was found for (what the workbench's Apply button does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.explaining.queries import parse_query
from reasoner.language.read import load_case
from reasoner.reports.compare import statuses
from reasoner.reports.edit_space import parse_keep
from reasoner.reports.whatif import WhatIf, answer_words, target_of, whatif
from reasoner.reports.whatif_apply import NotInText, applied
from reasoner.solving.engine import analyse, find_doctrine
from reasoner.solving.facts import case_facts

CASES = Path(__file__).resolve().parent.parent / "cases"
FRANCE_GREECE = (CASES / "france_greece.casus").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _in_a_folder_beside_the_treaties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases are written in a folder of their own where the gallery's shared treaty files can be included."""
    (tmp_path / "treaties").symlink_to(CASES / "treaties", target_is_directory=True)
    monkeypatch.chdir(tmp_path)


def _asked(text: str, target: str, doctrine: str = "moderate", keep: str = "", top: int = 5) -> WhatIf:
    """``casus whatif`` on ``text``, written as ``case.casus``."""
    Path("case.casus").write_text(text, encoding="utf-8")
    case = load_case(Path("case.casus"))
    name, pattern, positive = parse_query(target, case_facts(case))
    keeping = parse_keep([keep] if keep else [])
    return whatif(case, find_doctrine(doctrine), target_of(name, pattern, positive), top=top, keep=keeping)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_a_removed_event_takes_its_line_away_and_a_moved_one_goes_to_its_time_point() -> None:
    asked = _asked(FRANCE_GREECE, "blameworthy(France, Greece, 9)", top=2)
    removed, moved = asked.answers
    assert answer_words(asked.case, removed) == "remove line 20"
    lines = _lines(FRANCE_GREECE)
    assert _lines(applied(FRANCE_GREECE, asked.case, removed).text) == lines[:19] + lines[20:]
    assert answer_words(asked.case, moved) == "move line 20 from 2 to 7"
    policy = "at 7: Greece pursues offensive policy towards Turkey"
    # Out of line 20, in after the last event at 7 (line 25: Greece's second dismissal).
    assert _lines(applied(FRANCE_GREECE, asked.case, moved).text) == [*lines[:19], *lines[20:25], policy, *lines[25:]]


def test_a_changed_event_is_written_over_its_line_keeping_the_comment_beside_it() -> None:
    text = FRANCE_GREECE.replace(
        "at 7: Greece responds to France: dismissed", "at 7: Greece responds to France: dismissed  # again"
    )
    asked = _asked(text, "blameworthy(France, Greece, 9)", keep="policy,belief,attack,pact", top=1)
    (answer,) = asked.answers
    assert answer_words(asked.case, answer) == "change the kind on line 25 to drastically-curtailed"
    edited = _lines(applied(text, asked.case, answer).text)
    assert edited[24] == "at 7: Greece responds to France: drastically-curtailed  # again"
    assert edited[:24] + edited[25:] == _lines(text)[:24] + _lines(text)[25:]


def test_a_changed_clause_rewrites_the_pact_block_keeping_its_comments() -> None:
    text = FRANCE_GREECE.replace("  covering anywhere\n", "  # the Aegean included\n  covering anywhere\n")
    keep = "policy,belief,attack,response,signal,action"
    asked = _asked(text, "owed(France, Greece, 9)", doctrine="idealist", keep=keep, top=1)
    (answer,) = asked.answers
    assert answer_words(asked.case, answer) == "change the kind of StrategicPartnership to offence"
    edited = _lines(applied(text, asked.case, answer).text)
    assert edited[13:19] == [
        "alliance StrategicPartnership: bilateral offence pact between France, Greece",
        "  against any state",
        "  # the Aegean included",
        "  covering anywhere",
        "  in force from 1",
        "end",
    ]
    assert edited[:13] + edited[19:] == _lines(text)[:13] + _lines(text)[19:]


def test_an_added_event_goes_after_the_last_event_at_or_before_its_time_point() -> None:
    text = (CASES / "no_signal.casus").read_text(encoding="utf-8")
    asked = _asked(text, "justified(_, _, _, entrapment)", keep="policy,belief,attack,action,pact", top=2)
    warning_at_2, warning_at_3 = asked.answers
    lines = _lines(text)
    warning = "AllyX warns AllyY: level diplomatic, channel diplomatic, clarity clear"
    assert _lines(applied(text, asked.case, warning_at_2).text) == [*lines[:15], f"at 2: {warning}", *lines[15:]]
    assert _lines(applied(text, asked.case, warning_at_3).text) == [*lines[:15], f"at 3: {warning}", *lines[15:]]


def test_an_answer_that_edits_an_included_file_is_refused() -> None:
    text = (CASES / "no_signal.casus").read_text(encoding="utf-8")
    keep = "policy,belief,attack,action,signal,response,ceasefire,threat"
    asked = _asked(text, "owed(AllyX, AllyY, 5)", keep=keep, top=1)
    (answer,) = asked.answers
    with pytest.raises(NotInText) as refused:
        applied(text, asked.case, answer)
    assert str(refused.value) == (
        "it changes the pact Pact, written in treaties/x_y_defence_pact.casus, not in this case"
    )


def test_expect_lines_naming_a_time_point_the_edit_takes_away_go_with_it() -> None:
    asked = _asked(FRANCE_GREECE, "owed(France, Greece, 7)", top=1)
    (answer,) = asked.answers
    assert answer_words(asked.case, answer) == "move line 26 from 8 to 1"
    edited = applied(FRANCE_GREECE, asked.case, answer)
    lines = _lines(FRANCE_GREECE)
    assert [lines[n - 1] for n in edited.dropped] == [
        "expect idealist, strict-moderate, exceptio, vclt, countermeasures: France -> Greece at 8: owed",
        "expect hobbesian: France -> Greece at 8: owed, breach would be justified (discretion), duty nominal",
        "expect moderate, moderate-proportional: France -> Greece at 8: suspended (forfeited), breach would be "
        "justified (entrapment), wronged by ally, ally blameworthy",
        "expect hobbes: France -> Greece at 8: terminated, breach would be justified (void_covenant)",
        "expect vattel: France -> Greece at 8: suspended, breach would be justified (no_casus_foederis)",
    ]
    attack = "at 1: Turkey attacks Greece in Aegean"  # before the first event (line 20, at 2)
    kept = [line for n, line in enumerate(lines, 1) if n not in (26, *edited.dropped)]
    assert _lines(edited.text) == [*kept[:19], attack, *kept[19:]]


def test_windows_line_endings_are_kept() -> None:
    text = FRANCE_GREECE.replace("\n", "\r\n")
    asked = _asked(text, "blameworthy(France, Greece, 9)", top=2)
    edited = applied(text, asked.case, asked.answers[1]).text
    assert edited.count("\r\n") == text.count("\r\n") and "\n" not in edited.replace("\r\n", "")
    assert "\r\nat 7: Greece pursues offensive policy towards Turkey\r\n" in edited


@pytest.mark.parametrize(
    ("case", "target", "keep"),
    [
        ("france_greece", "blameworthy(France, Greece, 9)", ""),
        ("france_greece", "justified(France, Greece, 9, _)", "policy,belief"),
        ("france_greece", "owed(France, Greece, 7)", ""),
        ("us_south_korea", "justified(SouthKorea, UnitedStates, 4, survival)", "action,attack"),
        ("csto_armenia", "owed(_, _, _)", "attack"),
    ],
)
def test_every_applied_answer_read_back_and_solved_gives_the_answers_verdicts(
    tmp_path: Path, case: str, target: str, keep: str
) -> None:
    text = (CASES / f"{case}.casus").read_text(encoding="utf-8")
    asked = _asked(text, target, keep=keep, top=20)
    assert asked.answers
    for n, answer in enumerate(asked.answers):
        edited = tmp_path / f"edited{n}.casus"
        edited.write_text(applied(text, asked.case, answer).text, encoding="utf-8")
        solved = analyse(load_case(edited), [asked.doctrine]).solutions[0]  # its expect lines still check
        assert statuses(solved) == statuses(answer.result.solutions[0]), answer_words(asked.case, answer)
