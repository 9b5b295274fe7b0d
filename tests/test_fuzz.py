"""Fuzzing: no input, however broken, ends in a traceback, an internal name or an undocumented exit code.

Inputs are random text and the worked cases (``cases/*.casus``) and a bundled
doctrine, mutated by deleting, duplicating and swapping tokens and lines.
The suite tries 1000 + 1000 + 150 + 80 + 200 = 2,430 of these, and then 40
of each class of ``scripts/fuzz.py`` (rule files of arbitrary bytes, explain
queries, sweep specifications, numbers at and past every limit, includes of
special files), drawn by hypothesis through the script's own generators;
``python scripts/fuzz.py --count 10000`` runs the same classes at length.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import random
import re
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reasoner.cli.main import main
from reasoner.common.errors import CasusError, render
from reasoner.common.resources import HELPERS, rules_dir
from reasoner.language.check import check_case
from reasoner.language.read import parse_text
from reasoner.solving.contract import check_rule_file

#: Text that must never reach a user: parser and solver internals, Python tracebacks.
INTERNAL = ("__ANON", "__IGNORE", "Traceback", "_NL", "$END", "#inc_base", "<block>", "*** ERROR")
#: The exit codes documented in docs/errors.md (4, an internal error, is a bug and fails the test).
DOCUMENTED = {0, 1, 3}

_SPEC = importlib.util.spec_from_file_location("fuzz", Path(__file__).resolve().parent.parent / "scripts" / "fuzz.py")
assert _SPEC is not None and _SPEC.loader is not None
fuzz = importlib.util.module_from_spec(_SPEC)
sys.modules["fuzz"] = fuzz  # its dataclasses look their module up
_SPEC.loader.exec_module(fuzz)

CASES = [p.read_text(encoding="utf-8") for p in sorted(Path("cases").glob("*.casus"))]
DOCTRINE = (rules_dir() / "moderate.lp").read_text(encoding="utf-8")
PIECES = [
    "at ",
    "state ",
    "states ",
    "alliance ",
    "end",
    "pact ",
    "between ",
    "against ",
    "covering ",
    "in force from ",
    "until ",
    "France",
    "Greece",
    ", ",
    ": ",
    "warns ",
    "responds to ",
    "assists ",
    "refrains from defending ",
    "2020-01-01",
    "2020-13-45",
    "3",
    '"',
    "#",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\x0c",
    "é",
    "\u2028",
]


def _clean(text: str, written: str = "") -> None:
    """No internal name in ``text``, unless the user wrote it (the source line is quoted back)."""
    for name in INTERNAL:
        assert name not in text or name in written, f"{name!r} reached the user:\n{text}"


def _check_text(text: str) -> None:
    """Parse and check a case text; any error must be a diagnostic in the user's words."""
    try:
        check_case(parse_text(text, "fuzz.casus"))
    except CasusError as err:
        assert err.diagnostics
        for diagnostic in err.diagnostics:
            _clean(render(diagnostic, text), text)
            _clean(diagnostic.as_json(), text)


def _mutate(data: st.DataObject, text: str, split: str) -> str:
    """Delete, duplicate or swap tokens (``split`` = whitespace) or lines (``split`` = newline)."""
    parts = re.split(r"(\s+)", text) if split == "token" else text.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        if not parts:
            break
        i = data.draw(st.integers(0, len(parts) - 1))
        j = data.draw(st.integers(0, len(parts) - 1))
        operation = data.draw(st.sampled_from(["delete", "duplicate", "swap"]))
        if operation == "delete":
            del parts[i]
        elif operation == "duplicate":
            parts.insert(j, parts[i])
        else:
            parts[i], parts[j] = parts[j], parts[i]
    return "".join(parts) if split == "token" else "\n".join(parts)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join))
def test_random_text(text: str) -> None:
    _check_text(text)


@settings(max_examples=1000, deadline=None)
@given(st.data(), st.sampled_from(CASES), st.sampled_from(["token", "line"]))
def test_mutated_cases(data: st.DataObject, case: str, split: str) -> None:
    _check_text(_mutate(data, case, split))


def _cli(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(CASES), st.sampled_from(["token", "line"]))
def test_mutated_cases_through_the_command_line(data: st.DataObject, case: str, split: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.casus"
        path.write_text(_mutate(data, case, split), encoding="utf-8")
        for argv in (["check", str(path)], ["--message-format", "json", "check", str(path)]):
            code, output = _cli(argv)
            assert code in DOCUMENTED
            _clean(output)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(CASES))
def test_mutated_cases_solved(data: st.DataObject, case: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.casus"
        path.write_text(_mutate(data, case, "token"), encoding="utf-8")
        code, output = _cli(["run", str(path), "-d", "moderate", "--time-limit", "10"])
        assert code in DOCUMENTED
        _clean(output)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["token", "line"]))
def test_mutated_doctrines(data: st.DataObject, split: str) -> None:
    """A broken rule file gives diagnostics pointing into it, never clingo's internals."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mine.lp"
        path.write_text(_mutate(data, DOCTRINE, split), encoding="utf-8")
        try:
            check_rule_file(path, helpers=[rules_dir() / name for name in HELPERS])
        except CasusError as err:
            assert err.exit_code == 3 and err.diagnostics
            for diagnostic in err.diagnostics:
                _clean(render(diagnostic))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(fuzz.CLASSES)), st.randoms(use_true_random=False))
def test_each_class_of_hostile_input(kind: str, rng: random.Random) -> None:
    """Rule files of any bytes, queries, sweeps, numbers past every limit, special includes: no bug, no hang."""
    with tempfile.TemporaryDirectory() as folder:
        code, problem = fuzz.check_one(kind, rng, Path(folder), hang=60)
    assert problem is None, problem
    assert code in fuzz.DOCUMENTED


@pytest.mark.parametrize("kind", sorted(fuzz.CLASSES))
def test_the_fuzz_script_runs_each_class(kind: str) -> None:
    tally = fuzz.fuzz(kind, count=8, hang=60)
    assert tally.tried == 8 and tally.problems == []
