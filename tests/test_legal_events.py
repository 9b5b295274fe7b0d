"""The constructs the doctrine library reads: notifications, objections, calls to comply, a war's
justice, an ally's contribution, a warning's conditional content, pacts covering provoked attacks.
Each is read into its facts, printed back as written, checked, and read by its doctrine."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.language.printer import case_text
from reasoner.language.read import parse_text
from reasoner.reports.compare import compare
from reasoner.solving.engine import analyse, find_doctrine
from reasoner.solving.facts import case_facts

HEAD = "state A, B, Z\nalliance P: defence pact between A, B\n  covers provoked attacks\nend\n"
EVENTS = (
    "at 1: A notifies B of termination\n"
    "at 2: B objects to A\n"
    "at 3: A calls on B to comply\n"
    "at 4: B fights an unjust war against Z\n"
    "at 4: A fights a just war against Z\n"
    "at 5: A would give B negligible help\n"
    "at 6: A warns B: level head-of-state, channel direct, clarity clear, content conditional\n"
    "at 7: A warns B: level official, channel public, clarity ambiguous\n"
)


def test_each_construct_becomes_its_facts() -> None:
    shown = {str(s) for s in case_facts(parse_text(HEAD + EVENTS)).symbols}
    assert {
        'covers_provoked("P")',
        'notification("A","B",termination,1)',
        'objection("B","A",2)',
        'call_to_comply("A","B",3)',
        'war_justice("B","Z",unjust,4)',
        'war_justice("A","Z",just,4)',
        'contribution("A","B",negligible,5)',
        'signal("A","B",head_of_state,direct,clear,6)',
        'conditional_signal("A","B",6)',
        'signal("A","B",official,public,ambiguous,7)',
    } <= shown
    assert 'conditional_signal("A","B",7)' not in shown  # a warning of concerns only: the default content


def test_each_construct_is_printed_as_written() -> None:
    blocks = case_text(parse_text(HEAD + EVENTS)).split("\n\n")
    assert blocks[1] == (
        "alliance P: defence pact between A, B\n  against any state\n  covering anywhere\n"
        "  covers provoked attacks\nend"
    )
    assert blocks[2] == EVENTS
    assert "content concern" not in case_text(parse_text(HEAD + EVENTS.replace("conditional", "concern")))


BAD = [
    pytest.param(
        "at 1: A notifies B of suspense\n",
        "error: unknown measure 'suspense'\n --> case.casus:5:23\n  |\n5 | at 1: A notifies B of suspense\n"
        "  |                       ^^^^^^^^\n  = help: did you mean 'suspension'? measure is one of 'suspension', "
        "'termination' or 'countermeasures'\n",
        id="misspelt measure",
    ),
    pytest.param(
        "at 1: Z attacks B\nat 1: B fights a just war against Z\nat 1: B fights an unjust war against Z\n",
        "error: contradictory facts: B's war against Z is both just and unjust at 1\n --> case.casus:7:7\n  |\n"
        "7 | at 1: B fights an unjust war against Z\n  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: the other fact is at case.casus:6:7\n",
        id="a war both just and unjust",
    ),
    pytest.param(
        "at 1: A would give B negligible help\nat 1: A would give B significant help\n",
        "error: contradictory facts: A's help to B would be both negligible and significant at 1\n"
        " --> case.casus:6:7\n  |\n6 | at 1: A would give B significant help\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  = help: the other fact is at case.casus:5:7\n",
        id="help both negligible and significant",
    ),
    pytest.param(
        "at 1: A warns B: level official, channel direct, clarity clear, content threatening\n",
        "error: unknown content 'threatening'\n --> case.casus:5:73\n  |\n"
        "5 | at 1: A warns B: level official, channel direct, clarity clear, content threatening\n"
        "  |                                                                         ^^^^^^^^^^^\n"
        "  = help: content is one of 'concern' or 'conditional'\n",
        id="unknown content",
    ),
]


@pytest.mark.parametrize(("events", "message"), BAD)
def test_what_cannot_be_meant_is_an_error_in_the_languages_words(
    events: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("case.casus").write_text(HEAD + events, encoding="utf-8")
    assert main(["check", "case.casus"]) == 1
    assert capsys.readouterr().err == message


def test_a_pact_cannot_cover_provoked_attacks_and_only_unprovoked_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("case.casus").write_text(HEAD.replace("end\n", "  only if unprovoked\nend\n") + "at 1: Z attacks B\n")
    assert main(["check", "case.casus"]) == 1
    assert capsys.readouterr().err == (
        "error: the alliance 'P' covers provoked attacks and only unprovoked ones\n --> case.casus:2:10\n  |\n"
        "2 | alliance P: defence pact between A, B\n  |          ^\n"
        "  = help: keep 'only if unprovoked' or 'covers provoked attacks', not both\n"
    )


TREATY = "state A, B, Z\nalliance P: defence pact between A, B\nend\n" \
    "at 1: Z attacks A\nat 2: B refrains from defending A\nat 3: Z ceases hostilities against A\n"  # fmt: skip


def verdict(text: str, doctrine: str) -> str:
    """The doctrine's verdict on A's refusal to defend B, the last breach of the case."""
    result = analyse(parse_text(text), [find_doctrine(doctrine)])
    (row,) = [r for r in compare(result.solutions) if r.is_breach and r.owes == "A"]
    return row.statuses[0].verdict()


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param("", "breach blameworthy", id="no notification"),
        pytest.param("at 3: A notifies B of suspension\n", "breach justified (material_breach)", id="notified"),
        pytest.param("at 3: A notifies B of suspension\nat 5: B objects to A\n", "breach blameworthy",
                     id="objected within the period"),
        pytest.param("at 3: A notifies B of suspension\nat 6: B objects to A\n", "breach justified (material_breach)",
                     id="objected too late"),
        pytest.param("at 3: A notifies B of countermeasures\n", "breach blameworthy", id="no measure of the treaty"),
        pytest.param("at 1: A notifies B of suspension\n", "breach blameworthy", id="notified before the breach"),
    ],
)  # fmt: skip
def test_the_law_of_treaties_reads_notification_and_objection(events: str, expected: str) -> None:
    """Notified at 3 with three steps to wait: A may suspend from 6; B attacked at 7, A refrains at 8."""
    text = TREATY + events + "at 7: Z attacks B\nat 8: A refrains from defending B\n"
    assert verdict(text, "vclt") == expected


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param("at 4: A calls on B to comply\nat 4: A notifies B of countermeasures\n",
                     "breach justified (countermeasure)", id="called and notified"),
        pytest.param("at 4: A calls on B to comply\n", "breach blameworthy", id="called only"),
        pytest.param("at 4: A notifies B of countermeasures\n", "breach blameworthy", id="notified only"),
        pytest.param("at 4: A calls on B to comply\nat 4: A notifies B of suspension\n", "breach blameworthy",
                     id="notified of another measure"),
    ],
)  # fmt: skip
def test_countermeasures_need_a_call_to_comply_and_a_notification(events: str, expected: str) -> None:
    assert (
        verdict(TREATY + events + "at 5: Z attacks B\nat 6: A refrains from defending B\n", "countermeasures")
        == expected
    )


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param("", "breach blameworthy", id="silent, no policy"),
        pytest.param("at 1: B pursues offensive policy towards Z\n", "breach justified (no_casus_foederis)",
                     id="silent, offensive policy: the fallback"),
        pytest.param("at 1: B pursues offensive policy towards Z\nat 2: B fights a just war against Z\n",
                     "breach blameworthy", id="said just, though offensive"),
        pytest.param("at 2: B fights an unjust war against Z\n", "breach justified (no_casus_foederis)",
                     id="said unjust"),
        pytest.param("at 2: B fights an unjust war against Z\nat 3: B fights a just war against Z\n",
                     "breach blameworthy", id="said unjust, then just"),
    ],
)  # fmt: skip
def test_vattel_reads_the_wars_justice_as_the_case_states_it(events: str, expected: str) -> None:
    text = "state A, B, Z\nalliance P: defence pact between A, B\nend\n" + events
    assert verdict(text + "at 3: Z attacks B\nat 4: A refrains from defending B\n", "vattel") == expected


def test_a_pact_covering_provoked_attacks_is_triggered_by_one() -> None:
    provoked = "at 1: Z attacks B, target initiated hostilities\nat 2: A refrains from defending B\n"
    assert verdict(HEAD + provoked, "idealist") == "breach blameworthy"
    plain = HEAD.replace("  covers provoked attacks\n", "")
    assert [r for r in compare(analyse(parse_text(plain + provoked), [find_doctrine("idealist")]).solutions)] == []
