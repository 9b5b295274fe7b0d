"""Every stage stays within its limits: time, memory, processes; children die with the command.

Grounding that never ends or never fits is stopped in every command that
grounds (``run``, ``explain``, ``--contrast``, the check of a rule file); a
solver process killed from outside is reported as such; a batch stopped
midway leaves its finished rows in well-formed CSV and JSON; SIGTERM and
SIGHUP stop the command and its solver processes together.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reasoner.cli import batch as batch_command
from reasoner.cli.main import main
from reasoner.common import limits
from reasoner.common.errors import RuleFileError
from reasoner.reports import batch

ROOT = Path(__file__).resolve().parent.parent
CASE = str(ROOT / "cases" / "france_greece.casus")
FOREVER = str(ROOT / "docs" / "errors" / "forever.lp")
LINUX = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses Linux's /proc and signals")

TIME_LIMIT_MESSAGE = (
    "error: grounding and solving under 'forever' did not finish within the time limit of 1 second\n"
    "  = help: a rule that builds ever larger numbers or terms (such as n(X+1) :- n(X).) never finishes "
    "grounding; otherwise raise the limit with --time-limit SECONDS\n"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", CASE, "-d", FOREVER, "--time-limit", "1"],
        ["explain", CASE, "--contrast", "moderate", FOREVER, "--time-limit", "1"],
    ],
    ids=["explain", "contrast"],
)
def test_explaining_honours_the_time_limit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 3
    assert capsys.readouterr().err == TIME_LIMIT_MESSAGE


def test_the_contract_check_honours_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def forever(*args: object) -> list[object]:
        time.sleep(60)
        return []

    monkeypatch.setattr("reasoner.solving.engine.check_rule_file", forever)
    mine = tmp_path / "mine.lp"
    mine.write_text("owed(X,Y,T) :- triggered(X,Y,T).\n")
    assert main(["check", "-d", str(mine), "--time-limit", "1"]) == 3
    assert capsys.readouterr().err.startswith(
        f"error: checking the rule file '{mine}' did not finish within the time limit of 1 second\n"
    )


@LINUX
def test_a_grounding_too_large_for_memory_is_stopped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "huge.lp"
    mine.write_text("p((X,X,X,X)) :- X = 1..1000000000.\n")
    assert main(["--memory-limit", "400", "run", CASE, "-d", str(mine)]) == 3
    assert capsys.readouterr().err == (
        "error: grounding and solving under 'huge' needed more than the memory limit of 400 MB\n"
        "  = help: a rule that builds very many atoms (such as p(X) :- X = 1..1000000000.) cannot be "
        "grounded; otherwise raise the limit with --memory-limit MB\n"
    )


def test_a_memory_limit_below_what_python_needs_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--memory-limit", "10", "run", CASE])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "error: argument --memory-limit: '10' is not a memory limit: give a whole number of megabytes, at least 256"
    )


@LINUX
def test_a_solver_killed_from_outside_is_reported_as_such() -> None:
    with pytest.raises(RuleFileError) as caught:
        limits.within_time_limit(lambda: os.kill(os.getpid(), signal.SIGKILL), 10, "grounding and solving")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.message == "grounding and solving stopped: the solver process was killed by SIGKILL"
    assert diagnostic.help is not None and "too much memory" in diagnostic.help


@pytest.mark.parametrize(("asked", "forced", "chosen"), [(1, False, 1), (3000, False, None), (3000, True, 64)])
def test_jobs_are_capped_at_the_cores_unless_forced(
    asked: int, forced: bool, chosen: int | None, capsys: pytest.CaptureFixture[str]
) -> None:
    cores = os.cpu_count() or 1
    expected = chosen if chosen is not None else cores
    assert batch_command.jobs(asked, forced) == expected
    note = capsys.readouterr().err
    assert (note != "") == (asked > cores)


@pytest.mark.parametrize("format", ["csv", "json"])
def test_an_interrupted_batch_keeps_its_finished_rows(
    format: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    solved = batch.solve_paths
    calls = []

    def interrupted_on_the_second_group(paths: list[str], *args: object) -> batch.Part:
        calls.append(paths)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return solved(paths, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "DEFAULT_CHUNK", 2)
    monkeypatch.setattr(batch, "solve_paths", interrupted_on_the_second_group)
    cases = sorted(str(p) for p in (ROOT / "cases").glob("*.casus"))[:6]
    assert main(["batch", *cases, "-d", "moderate", "--format", format]) == 1
    captured = capsys.readouterr()
    assert captured.err == "error: interrupted\n"
    if format == "csv":
        rows = list(csv.DictReader(io.StringIO(captured.out)))
        assert [r["case"] for r in rows] == cases[:2]
    else:
        assert [r["case"]["file"] for r in json.loads(captured.out)["rows"]] == cases[:2]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@LINUX
@pytest.mark.parametrize(("name", "code"), [("SIGTERM", 143), ("SIGHUP", 129), ("SIGINT", 1)])
def test_a_stopped_command_takes_its_solver_with_it(name: str, code: int) -> None:
    command = [sys.executable, "-m", "reasoner", "run", CASE, "-d", FOREVER, "--time-limit", "60"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 30
    children: list[int] = []
    while not children and time.monotonic() < deadline:
        time.sleep(0.1)
        children = _children(process.pid)
    assert children, "the solver process did not start"
    process.send_signal(getattr(signal, name))
    _, err = process.communicate(timeout=30)
    assert process.returncode == code
    assert err.decode().endswith(f"error: {'interrupted' if name == 'SIGINT' else f'stopped by {name}'}\n")
    time.sleep(0.5)
    assert not [c for c in children if _running(c)]


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_large_answer_comes_back_whole_from_the_solver_process() -> None:
    answer = "".join(
        f'owed("State{i}","State{i + 1}",{i % 20})\n' for i in range(200_000)
    )  # far beyond a pipe's buffer
    assert limits.within_time_limit(lambda: answer, 30, "grounding and solving") == answer


def test_an_error_in_the_solver_process_is_raised_here_with_its_type_and_messages() -> None:
    def broken() -> None:
        raise RuleFileError([limits.Diagnostic("the rule files could not be loaded", None)])

    with pytest.raises(RuleFileError) as caught:
        limits.within_time_limit(broken, 30, "grounding and solving")
    assert [d.message for d in caught.value.diagnostics] == ["the rule files could not be loaded"]
    assert caught.value.exit_code == 3


def test_a_bug_in_the_solver_process_is_an_internal_error_here() -> None:
    with pytest.raises(
        RuntimeError, match=r"in the solver process: ZeroDivisionError: integer division or modulo by zero"
    ):
        limits.within_time_limit(lambda: 1 // 0, 30, "grounding and solving")


def test_a_step_of_limited_work_runs_in_the_same_child() -> None:
    outer = limits.within_time_limit(
        lambda: (os.getpid(), limits.within_time_limit(os.getpid, 30, "inner step")), 30, "outer work"
    )
    assert outer[0] != os.getpid()
    assert outer[1] == outer[0]


def test_a_step_with_a_shorter_limit_gets_a_child_and_a_limit_of_its_own() -> None:
    def inner() -> str:
        try:
            limits.within_time_limit(lambda: time.sleep(30), 1, "the short step")
        except limits.TimeLimitReached as err:
            return err.diagnostics[0].message
        return "not stopped"

    assert limits.within_time_limit(inner, 30, "outer work") == (
        "the short step did not finish within the time limit of 1 second"
    )


@pytest.mark.parametrize("inner", [True, False], ids=["during a step", "outside any step"])
def test_a_limit_reached_names_the_step_under_way(inner: bool) -> None:
    def work() -> None:
        limits.within_time_limit(lambda: None, 1, "a finished step")
        if inner:
            limits.within_time_limit(lambda: time.sleep(30), 1, "the step that never ends")
        else:
            time.sleep(30)

    with pytest.raises(limits.TimeLimitReached) as raised:
        limits.within_time_limit(work, 1, "the whole work")
    named = "the step that never ends" if inner else "the whole work"
    assert raised.value.diagnostics[0].message == f"{named} did not finish within the time limit of 1 second"


def test_an_explanation_grounds_once_in_its_child(monkeypatch: pytest.MonkeyPatch) -> None:
    from reasoner.explaining import provenance
    from reasoner.language.read import load_case
    from reasoner.solving.engine import find_doctrine
    from reasoner.solving.facts import case_facts

    calls: list[int] = []
    grounded = provenance._ground_and_solve

    def counted(*args: object) -> object:
        calls.append(os.getpid())
        return grounded(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(provenance, "_ground_and_solve", counted)
    facts, doctrine = case_facts(load_case(CASE)), find_doctrine("moderate")

    def explained() -> tuple[list[int], int]:
        trace = provenance.solve_traced(facts, doctrine)
        return calls, len(trace.atoms)

    child_calls, atoms = limits.within_time_limit(explained, 60, "explaining")
    assert len(child_calls) == 1 and child_calls[0] != os.getpid() and atoms > 0
    provenance.solve_traced(facts, doctrine)  # outside a limited child: once in a child, once here
    assert calls == [os.getpid()]
