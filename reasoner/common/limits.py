"""A hard time limit on grounding and solving.

Clingo's grounding cannot be interrupted (``Control.interrupt`` stops only a
solve call, and a thread left grounding cannot be stopped at all), and a rule
file such as ``n(0). n(X+1) :- n(X).`` never finishes grounding. So the work
runs in a forked child process, which is killed when the limit is reached.
Forking costs a few milliseconds per call. Where the platform cannot fork,
the work runs in this process and only solving is limited.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from reasoner.common.errors import CasusError, Diagnostic, RuleFileError

T = TypeVar("T")


class TimeLimitReached(RuleFileError):
    """Grounding and solving did not finish in time (exit code 3)."""


def can_fork() -> bool:
    """Whether work can run in a forked process that a time limit can kill."""
    return "fork" in multiprocessing.get_all_start_methods()


def _child(task: Callable[[], T], sender: Connection) -> None:
    try:
        outcome: tuple[str, object] = ("ok", task())
    except CasusError as err:
        outcome = ("error", (type(err), err.diagnostics, err.exit_code))
    except BaseException as err:
        outcome = ("bug", f"{type(err).__name__}: {err}")
    sender.send(outcome)
    sender.close()


def within_time_limit(task: Callable[[], T], seconds: float, what: str) -> T:
    """``task()``, run in a child process that is killed after ``seconds``.

    ``what`` names the work in the message (``grounding and solving under
    'moderate'``). A ``CasusError`` raised by the task is raised here; any
    other exception becomes a ``RuntimeError`` (an internal error).
    """
    if not can_fork():
        return task()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(task, sender), daemon=True)
    child.start()
    sender.close()
    unit = "second" if seconds == 1 else "seconds"
    try:
        if not receiver.poll(seconds):
            raise TimeLimitReached(
                [
                    Diagnostic(
                        f"{what} did not finish within the time limit of {seconds:g} {unit}",
                        None,
                        help="a rule that builds ever larger numbers or terms (such as n(X+1) :- n(X).) never "
                        "finishes grounding; otherwise raise the limit with --time-limit SECONDS",
                    )
                ]
            )
        kind, value = receiver.recv()
    except EOFError:
        raise RuleFileError(
            [Diagnostic(f"{what} stopped unexpectedly (the solver process exited with {child.exitcode})", None)]
        ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if kind == "error":
        error_type, diagnostics, exit_code = value  # type: ignore[misc]
        error = CasusError.__new__(error_type)
        CasusError.__init__(error, diagnostics, exit_code)
        raise error
    if kind == "bug":
        raise RuntimeError(f"in the solver process: {value}")
    return value  # type: ignore[return-value]
