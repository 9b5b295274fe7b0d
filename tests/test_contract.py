"""The vocabulary contract: every rule file keeps it, and the case facts speak only its inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clingo import Function

from reasoner.common.errors import render
from reasoner.common.resources import rules_dir
from reasoner.language.read import load_case
from reasoner.solving.contract import interface, violations
from reasoner.solving.engine import OUTPUTS
from reasoner.solving.facts import case_facts

RULE_FILES = sorted(rules_dir().glob("*.lp"))
CASE_FILES = sorted(Path(__file__).resolve().parent.parent.glob("cases/**/*.casus"))


def test_interface_declares_the_outputs_the_engine_reads() -> None:
    assert interface().outputs == frozenset(OUTPUTS.items())


def test_interface_declares_the_inputs_the_facts_use() -> None:
    assert {(p, n) for p, n in interface().inputs} == {
        ("time", 1), ("next", 2), ("dated", 0), ("state", 1), ("alliance", 1), ("member", 2), ("pact", 2),
        ("adversary", 2), ("scope", 2), ("unprovoked_only", 1), ("in_force_from", 2),
        ("in_force_until", 2), ("attack", 4), ("target_initiated", 3), ("ceasefire", 3),
        ("conduct", 4), ("belief", 7), ("signal", 6), ("response", 4), ("threat", 5), ("action", 4),
        ("adversary_except", 2), ("guarantee", 3), ("policy_end", 3), ("covers_provoked", 1),
        ("conditional_signal", 3), ("notification", 4), ("objection", 3), ("call_to_comply", 3),
        ("war_justice", 4), ("contribution", 4),
    }  # fmt: skip


def test_a_program_reads_the_inputs_its_outputs_depend_on() -> None:
    """What casus disagree searches: an input no rule the outputs depend on reads is left out."""
    from reasoner.solving.contract import inputs_read
    from reasoner.solving.engine import find_doctrine, rule_files

    idealist = inputs_read(rule_files(find_doctrine("idealist")))
    assert {"attack", "action", "target_initiated", "covers_provoked"} <= idealist
    assert not idealist & {"signal", "belief", "notification", "war_justice", "contribution"}
    assert {"notification", "objection"} <= inputs_read(rule_files(find_doctrine("vclt")))
    assert "objection" not in inputs_read(rule_files(find_doctrine("countermeasures")))
    assert "war_justice" in inputs_read(rule_files(find_doctrine("vattel")))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_bundled_rule_files_keep_the_contract(path: Path) -> None:
    assert violations(path) == []


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_facts_use_only_input_predicates(path: Path) -> None:
    inputs = interface().inputs
    facts = case_facts(load_case(path))
    assert facts.symbols
    assert {(s.name, len(s.arguments)) for s in facts.symbols} <= inputs


def test_every_case_fact_but_the_timeline_cites_its_source_line() -> None:
    facts = case_facts(load_case(CASE_FILES[0]))
    unsourced = {s.name for s in facts.symbols if s not in facts.sources}
    assert unsourced <= {"time", "next", "dated"}


def test_only_a_dated_case_says_it_is_dated() -> None:
    dated = {path.name for path in CASE_FILES if Function("dated") in case_facts(load_case(path)).symbols}
    assert "csto_armenia.casus" in dated and "pact_expiry_dated.casus" in dated
    assert "france_greece.casus" not in dated


#: A documentation block of interface.lp: ``%*! name(Args)`` then its text up to ``*%``.
_DOC_BLOCK = re.compile(r"^%\*! ([a-z_]+)(?:\(([^)]*)\))?\n(.+?)^\*%", re.M | re.S)


def test_every_predicate_of_the_contract_is_documented_in_the_fixed_form() -> None:
    text = (rules_dir() / "interface.lp").read_text(encoding="utf-8")
    documented = {
        (name, len(args.split(",")) if args else 0): body.strip() for name, args, body in _DOC_BLOCK.findall(text)
    }
    contract = interface()
    assert set(documented) == contract.inputs | contract.outputs
    assert all(documented.values())


def test_the_outputs_keep_the_order_interface_lp_declares() -> None:
    assert list(OUTPUTS)[:7] == ["triggered", "owed", "justified", "forfeited", "restored", "breach", "blameworthy"]
    assert set(OUTPUTS) >= {"claim", "nominal", "liberty", "justified_infringement", "suspended", "terminated",
                            "wronged", "ally_blameworthy", "lapsed"}  # fmt: skip


def test_a_rule_file_breaking_the_contract_is_told_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.lp"
    bad.write_text(
        "attack(a,b,c,1).\n"
        "#show verdict/2.\n"
        "{ belief(X,Y,high,imminent,objective,good,T) } :- time(T), state(X), state(Y).\n"
        "owed(X,Y,T) :- triggered(X,Y,T).\n"
    )
    found = [render(d) for d in violations(bad)]
    assert found == [
        f"error: the rule file defines the input predicate attack/4\n --> {bad}:1:1\n  |\n1 | attack(a,b,c,1).\n"
        "  | ^\n  = help: inputs come only from the case; derive a predicate of your own instead",
        f"error: the rule file shows verdict/2, which is not an output of the contract\n --> {bad}:2:1\n  |\n"
        "2 | #show verdict/2.\n  | ^\n  = help: a doctrine shows only ally_blameworthy/3, blameworthy/3, "
        "breach/3, claim/3, forfeited/3, justified/4, justified_infringement/3, lapsed/3, liberty/3, nominal/3, "
        "owed/3, restored/3, suspended/3, terminated/3, triggered/3, wronged/3",
        f"error: the rule file defines the input predicate belief/7\n --> {bad}:3:1\n  |\n"
        "3 | { belief(X,Y,high,imminent,objective,good,T) } :- time(T), state(X), state(Y).\n"
        "  | ^\n  = help: inputs come only from the case; derive a predicate of your own instead",
    ]


def test_a_script_is_refused_unless_allowed(tmp_path: Path) -> None:
    scripted = tmp_path / "scripted.lp"
    scripted.write_text("#script (python)\ndef main(ctl):\n    pass\n#end.\nowed(X,Y,T) :- triggered(X,Y,T).\n")
    assert [d.message for d in violations(scripted)] == ["the rule file embeds a script, which could run any code"]
    assert violations(scripted, allow_scripts=True) == []
