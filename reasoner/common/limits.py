"""Hard limits on the solver's work: time and memory, in a child process that dies with its parent.

Clingo's grounding cannot be interrupted (``Control.interrupt`` stops only a
solve call, and a thread left grounding cannot be stopped at all), and a rule
file such as ``n(0). n(X+1) :- n(X).`` never finishes grounding. So the work
runs in a forked child process, which is killed when the time limit is
reached. The child's address space is capped at the memory limit, so a
grounding that grows without end fails there (clingo raises ``bad_alloc``)
instead of taking the machine. The child is asked to die with its parent
(Linux's parent-death signal), and the parent turns SIGTERM and SIGHUP into
an orderly exit that kills its children on the way out, so no solver is
left running behind a stopped command. Forking costs a few milliseconds
per call. Where the platform cannot fork, the work runs in this process
and only solving is limited.

The child is a plain ``os.fork`` with a pipe, not a ``multiprocessing``
process (whose import alone is a sizeable part of a cold ``casus run``): it
writes its outcome as one pickle and exits. Work whose answer is large
returns it compactly (``engine.solve`` sends its conclusions as one text),
so the pickle is a single string, not one object per conclusion.

Work that needs several limited steps (an explanation grounds, then builds
and renders) runs whole in one child: inside it, a step whose limit would end
no sooner than the child's own runs in the child, not in a child of its own,
so nothing is grounded twice and nothing large crosses a pipe. The step names
itself in a page of memory shared with the parent, so that a limit reached
during it is told as that step's (``grounding and solving under 'forever'``).
"""

from __future__ import annotations

import mmap
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from reasoner.common.errors import CasusError, Diagnostic, RuleFileError

T = TypeVar("T")

#: Default limit, in seconds, on one piece of solver work (a case under a doctrine, a rule-file check).
DEFAULT_TIME_LIMIT = 60.0

#: The largest time limit accepted, in seconds (a week): beyond it a limit protects nothing.
MAX_TIME_LIMIT = 7 * 24 * 3600.0

#: Default limit, in megabytes, on the memory of one solver process. With ``--jobs`` capped at the
#: number of cores, two solvers on a 2-core laptop with 24 GB take at most 8 GB between them.
DEFAULT_MEMORY_LIMIT = 4096

#: The smallest memory limit accepted, in megabytes: below it Python and clingo cannot start.
MIN_MEMORY_LIMIT = 256


#: The largest step number: clingo's numbers are 32-bit (at most 2,147,483,647), and rules add to steps.
MAX_STEP = 1_000_000_000

#: The steps as a message says they may be written.
STEPS_HELP = f"steps are whole numbers from 0 to {MAX_STEP:,}"


def step_number(text: str) -> int | None:
    """A step as written (ASCII digits only), or ``None`` if it is not one or is beyond ``MAX_STEP``.

    The length is checked before the digits are converted, so a 5,000-digit number costs nothing.
    """
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > len(str(MAX_STEP)):
        return None
    value = int(text)
    return value if value <= MAX_STEP else None


#: The most variants a sweep solves unless ``--max-variants`` allows more (each is a case to solve).
MAX_VARIANTS = 10_000


@dataclass
class Limits:
    """The limits of this run: set once from the command line (``configure``), read by every child."""

    memory_mb: int = DEFAULT_MEMORY_LIMIT


LIMITS = Limits()


def configure(memory_mb: int | None = None) -> None:
    """Set the memory limit of every solver process started from now on."""
    if memory_mb is not None:
        LIMITS.memory_mb = memory_mb


class TimeLimitReached(RuleFileError):
    """Grounding and solving did not finish in time (exit code 3)."""


class MemoryLimitReached(RuleFileError):
    """The solver needed more memory than it is allowed (exit code 3)."""


def can_fork() -> bool:
    """Whether work can run in a forked process that a time limit can kill."""
    return hasattr(os, "fork") and sys.platform != "win32"


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux); elsewhere, nothing."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # only a solver process needs it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before the request was made
        os._exit(1)


def cap_memory(megabytes: int) -> None:
    """Cap this process's address space at ``megabytes`` (where the platform allows it)."""
    try:
        import resource

        size = megabytes * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            size = min(size, hard)
        resource.setrlimit(resource.RLIMIT_AS, (size, hard))
    except (ImportError, ValueError, OSError):
        return


def start_child_process() -> None:
    """What every solver process does first: die with its parent, stay within the memory limit."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills the child
    cap_memory(LIMITS.memory_mb)


@dataclass
class _Limited:
    """In a time-limited child: when its parent kills it, and the shared page naming the step under way."""

    deadline: float
    stage: mmap.mmap


#: Set in a time-limited child (``within_time_limit``); ``None`` in any other process.
_LIMITED: _Limited | None = None

#: The size of the page naming the step under way, in bytes (a longer name is cut).
_STAGE_BYTES = 1024


def _name_stage(stage: mmap.mmap, what: str) -> None:
    data = what.encode("utf-8")[: _STAGE_BYTES - 1]
    stage[: len(data) + 1] = data + b"\0"


def _stage_named(stage: mmap.mmap, what: str) -> str:
    """The step the child named last, or ``what`` if it named none."""
    named = stage[:].split(b"\0", 1)[0].decode("utf-8", "replace")
    return named or what


def limited_here(seconds: float) -> bool:
    """Whether this process is a limited child that will be stopped within ``seconds`` from now anyway."""
    return _LIMITED is not None and time.monotonic() + seconds >= _LIMITED.deadline


def _here(task: Callable[[], T], what: str) -> T:
    """In a limited child, a step of its work run here, its name shown while it runs.

    The name stays if the step raises: a memory error it ends in is then told as its own.
    """
    assert _LIMITED is not None
    before = _stage_named(_LIMITED.stage, "")
    _name_stage(_LIMITED.stage, what)
    result = task()
    _name_stage(_LIMITED.stage, before)
    return result


def _child(task: Callable[[], T], writer: int, seconds: float, stage: mmap.mmap) -> None:
    """The forked child: run the task, write its outcome to the pipe as one pickle, and exit at once."""
    global _LIMITED
    code = 0
    try:
        start_child_process()
        _LIMITED = _Limited(time.monotonic() + seconds, stage)
        try:
            outcome: tuple[str, object] = ("ok", task())
        except CasusError as err:
            outcome = ("error", (type(err), err.diagnostics, err.exit_code))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException as err:
            outcome = ("bug", f"{type(err).__name__}: {err}")
        try:
            payload = pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception as err:  # an answer that cannot be sent is a bug
            payload = pickle.dumps(("bug", f"{type(err).__name__}: {err}"))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no cleanup of the parent's state: its buffers are not this process's to flush


def memory_error(what: str) -> MemoryLimitReached:
    """The error of work that needed more than the memory limit."""
    return MemoryLimitReached(
        [
            Diagnostic(
                f"{what} needed more than the memory limit of {LIMITS.memory_mb} MB",
                None,
                help="a rule that builds very many atoms (such as p(X) :- X = 1..1000000000.) cannot be "
                "grounded; otherwise raise the limit with --memory-limit MB",
            )
        ]
    )


def _stopped(what: str, exitcode: int | None) -> RuleFileError:
    """The error of a solver process that ended without an answer: killed by a signal, or exited."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else f"signal {number}"
        help = (
            "the operating system stops a process that takes too much memory with SIGKILL; "
            "lower --memory-limit, or free memory"
            if number == signal.SIGKILL
            else None
        )
        return RuleFileError([Diagnostic(f"{what} stopped: the solver process was killed by {name}", None, help=help)])
    return RuleFileError([Diagnostic(f"{what} stopped unexpectedly: the solver process exited with {exitcode}", None)])


def time_error(what: str, seconds: float) -> TimeLimitReached:
    """The error of work that did not finish within ``seconds``."""
    unit = "second" if seconds == 1 else "seconds"
    return TimeLimitReached(
        [
            Diagnostic(
                f"{what} did not finish within the time limit of {seconds:g} {unit}",
                None,
                help="a rule that builds ever larger numbers or terms (such as n(X+1) :- n(X).) never "
                "finishes grounding; otherwise raise the limit with --time-limit SECONDS",
            )
        ]
    )


def within_time_limit(task: Callable[[], T], seconds: float, what: str) -> T:
    """``task()``, run in a child process that is killed after ``seconds``, within the memory limit.

    ``what`` names the work in the message (``grounding and solving under
    'moderate'``); a step of the task that is itself limited, and runs in the
    same child, names itself instead while it runs. A ``CasusError`` raised by
    the task is raised here; any other exception becomes a ``RuntimeError``
    (an internal error). Called in a limited child with a limit that would end
    no sooner than the child's, the task runs in that child.
    """
    if limited_here(seconds):
        return _here(task, what)
    if not can_fork():
        return task()
    stage = mmap.mmap(-1, _STAGE_BYTES)
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        _child(task, writer, seconds, stage)
    os.close(writer)
    status: int | None = None
    try:
        if not select.select([reader], [], [], seconds)[0]:
            raise time_error(_stage_named(stage, what), seconds)
        payload = _read_all(reader)
        if not payload:  # the child ended without an answer
            _, status = os.waitpid(pid, 0)
            raise _stopped(_stage_named(stage, what), os.waitstatus_to_exitcode(status))
    finally:
        if status is None:
            _end(pid)
        os.close(reader)
        what = _stage_named(stage, what)
        stage.close()
    kind, value = pickle.loads(payload)
    if kind == "error":
        error_type, diagnostics, exit_code = value
        error = CasusError.__new__(error_type)
        CasusError.__init__(error, diagnostics, exit_code)
        raise error
    if kind == "memory":
        raise memory_error(what)
    if kind == "bug":
        raise RuntimeError(f"in the solver process: {value}")
    return value  # type: ignore[no-any-return]


def _read_all(reader: int) -> bytes:
    """Everything written to the pipe until the child closes it."""
    chunks = []
    while chunk := os.read(reader, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _end(pid: int) -> None:
    """Kill the child if it is still running, and reap it."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass


class Stopped(BaseException):
    """This process was asked to stop (SIGTERM, SIGHUP): raised so that cleanup runs and children die."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into ``Stopped``, so that ``finally`` blocks kill the solver processes."""

    def stop(number: int, _frame: object) -> None:
        raise Stopped(number)

    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None:
            signal.signal(number, stop)
