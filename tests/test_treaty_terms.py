"""What real treaties say: one-way obligations, several adversaries, "any state except", a policy's end."""

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.language.read import parse_text
from reasoner.solving.facts import case_facts

BAD_TERMS = [
    pytest.param(
        "alliance P: defence pact between A, B\n  only A defends C\nend\n",
        "error: 'C' is not a member of the alliance 'P'\n"
        " --> case.casus:3:18\n"
        "  |\n"
        "3 |   only A defends C\n"
        "  |                  ^\n"
        "  = help: a one-way obligation binds members of the alliance: add it to 'between'\n",
        id="guarantee of a non-member",
    ),
    pytest.param(
        "alliance P: defence pact between A, B\n  against any state except B\nend\n",
        "error: the alliance 'P' excepts its own member 'B'\n"
        " --> case.casus:2:10\n"
        "  |\n"
        "2 | alliance P: defence pact between A, B\n"
        "  |          ^\n",
        id="excepting a member",
    ),
]


@pytest.mark.parametrize(("alliance", "message"), BAD_TERMS)
def test_treaty_terms_that_cannot_be_meant(
    alliance: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("case.casus").write_text("state A, B, C\n" + alliance + "at 1: C attacks B\n", encoding="utf-8")
    assert main(["check", "case.casus"]) == 1
    assert capsys.readouterr().err == message


def test_the_new_terms_become_their_facts() -> None:
    case = parse_text(
        "state A, B, C, D\n"
        "alliance P: defence pact between A, B, C\n  against any state except D\n  only A, B defend C\nend\n"
        "alliance Q: defence pact between A, B\n  against C, D\nend\n"
        "at 1: B ends its policy towards D\n"
    )
    shown = {str(s) for s in case_facts(case).symbols}
    assert {'adversary("P",any)', 'adversary_except("P","D")', 'guarantee("P","A","C")', 'guarantee("P","B","C")',
            'adversary("Q","C")', 'adversary("Q","D")', 'policy_end("B","D",1)'} <= shown  # fmt: skip
    assert not any(s.startswith('guarantee("Q"') for s in shown)
