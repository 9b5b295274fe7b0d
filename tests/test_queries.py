"""Explain queries checked against the contract, the doctrine and the case: exact messages, carets, exit 2."""

# ruff: noqa: E501  (the expected messages are kept whole, one source line per line)

from __future__ import annotations

from pathlib import Path

import pytest

from reasoner.cli.main import main

CASES = Path(__file__).resolve().parent.parent / "cases"

BAD_QUERIES = [
    pytest.param(
        "france_greece",
        "justifed(France, Greece, 9, _)",
        "error: unknown predicate 'justifed'\n"
        " --> query:1:1\n"
        "  |\n"
        "1 | justifed(France, Greece, 9, _)\n"
        "  | ^^^^^^^^\n"
        "  = help: did you mean 'justified'? a query names a predicate of the contract or of the doctrine\n",
        id="unknown predicate",
    ),
    pytest.param(
        "france_greece",
        "justified(France, Greece, 9)",
        "error: 'justified' takes 4 arguments, not 3\n"
        " --> query:1:1\n"
        "  |\n"
        "1 | justified(France, Greece, 9)\n"
        "  | ^^^^^^^^^\n"
        "  = help: write justified(X, Y, T, GROUND), e.g. justified(France, Greece, 9, _)\n",
        id="wrong arity",
    ),
    pytest.param(
        "france_greece",
        "owed(france, Greece, 9)",
        "error: 'france' is not a state of this case\n"
        " --> query:1:6\n"
        "  |\n"
        "1 | owed(france, Greece, 9)\n"
        "  |      ^^^^^^\n"
        "  = help: did you mean 'France'? name a declared state\n",
        id="a word where a state is meant",
    ),
    pytest.param(
        "france_greece",
        "owed(France, Grece, 9)",
        "error: 'Grece' is not a name in this case\n"
        " --> query:1:14\n"
        "  |\n"
        "1 | owed(France, Grece, 9)\n"
        "  |              ^^^^^\n"
        "  = help: did you mean 'Greece'? write an atom such as 'justified(France, Greece, 9, entrapment)' or 'owed(France, Greece, _)'\n",
        id="unknown state",
    ),
    pytest.param(
        "france_greece",
        "owed(France, Greece, 11)",
        "error: the case has no time point 11\n"
        " --> query:1:22\n"
        "  |\n"
        "1 | owed(France, Greece, 11)\n"
        "  |                      ^^\n"
        "  = help: the nearest is 10; its time points are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n",
        id="unknown step",
    ),
    pytest.param(
        "france_greece",
        "owed(France, Greece, 2147483648)",
        "error: the step 2147483648 is too large\n"
        " --> query:1:22\n"
        "  |\n"
        "1 | owed(France, Greece, 2147483648)\n"
        "  |                      ^^^^^^^^^^\n"
        "  = help: steps are whole numbers from 0 to 1,000,000,000\n",
        id="a number past clingo's",
    ),
    pytest.param(
        "csto_armenia",
        "owed(Belarus, Armenia, 2020-10-16)",
        "error: the case has no time point 2020-10-16\n"
        " --> query:1:24\n"
        "  |\n"
        "1 | owed(Belarus, Armenia, 2020-10-16)\n"
        "  |                        ^^^^^^^^^^\n"
        "  = help: the nearest is 2020-10-15; its time points are 2002-10-07, 2020-09-27, 2020-10-15, 2020-11-10\n",
        id="unknown date",
    ),
    pytest.param(
        "france_greece",
        "signal(France, Greece, _, _, _, 12)",
        "error: the case has no time point 12\n"
        " --> query:1:33\n"
        "  |\n"
        "1 | signal(France, Greece, _, _, _, 12)\n"
        "  |                                 ^^\n"
        "  = help: the nearest is 10; its time points are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n",
        id="unknown time in an input",
    ),
    pytest.param(
        "france_greece",
        "owed(France Greece",
        "error: cannot read the query 'owed(France Greece'\n"
        " --> query:1:1\n"
        "  |\n"
        "1 | owed(France Greece\n"
        "  | ^^^^^^^^^^^^^^^^^^\n"
        "  = help: write an atom such as 'justified(France, Greece, 9, entrapment)' or 'owed(France, Greece, _)'\n",
        id="not an atom",
    ),
]


@pytest.mark.parametrize(("case", "query", "message"), BAD_QUERIES)
def test_a_bad_query_is_a_usage_error_pointing_into_it(
    case: str, query: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", str(CASES / f"{case}.casus"), "-d", "idealist", query]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message)


@pytest.mark.parametrize(
    "query",
    ["justified(France, Greece, 9, _)", "reasonable_belief(France, Greece, 3)",
     "signal(France, Greece, _, _, _, 4)", "owed(\"France\", Greece, _)"],
)  # fmt: skip
def test_queries_of_the_contract_and_the_doctrine_are_answered(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(CASES / "france_greece.casus"), "-d", "moderate", query]) == 0
    assert capsys.readouterr().out.startswith("France and Greece: the Aegean drillship")


def test_a_question_names_states_and_a_time_of_the_case(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "france_greece.casus")
    assert main(["explain", case, "--owes", "France", "--to", "Greece", "--at", "11"]) == 2
    assert capsys.readouterr().err == (
        "error: the case has no time point 11\n"
        "  = help: the nearest is 10; its time points are 1, 2, 3, 4, 5, 6, 7, 8, 9, 10\n"
    )
    assert main(["explain", case, "--owes", "Turkey", "--to", "greece", "--at", "9"]) == 2
    assert capsys.readouterr().err == (
        "error: 'greece' is not a state of this case\n  = help: did you mean 'Greece'? name a declared state\n"
    )
