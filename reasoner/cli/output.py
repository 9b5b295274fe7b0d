"""What the commands print on standard output: its width, its colour, and a pager, decided in one place.

Every command that prints tables or trees for people renders them here:

- **width**: the terminal's width on a terminal (``COLUMNS`` wins if set); when
  the output is piped or redirected, ``COLUMNS`` if set, else 80, so that the
  text is the same on every machine;
- **colour**: ``--color auto`` (the default) colours only on a terminal (or
  where ``FORCE_COLOR`` is set) and only when ``NO_COLOR`` is unset or empty;
  ``always`` and ``never`` override all of these;
- **pager**: on a terminal, output taller than the screen goes through a pager,
  as git does: ``CASUS_PAGER``, else ``PAGER``, else ``less``, with ``LESS=FRX``
  when ``LESS`` is unset (quit if it fits, keep the colours, leave the text on
  the screen); ``--no-pager`` (or a pager of ``cat`` or the empty string) prints
  directly.

A command adds the options with ``options(parser)`` and prints with
``show(args, *renderables)``; a renderable is a string or anything rich can
print (a ``Table``, a ``Tree``).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported only by the commands that print through it
    from rich.console import RenderableType

#: The width of output that does not go to a terminal, unless ``COLUMNS`` says otherwise.
PIPED_WIDTH = 80

COLOR_CHOICES = ("auto", "always", "never")


def options(parser: argparse.ArgumentParser) -> None:
    """Add ``--color`` and ``--no-pager`` to a command that prints for people."""
    parser.add_argument(
        "--color",
        choices=COLOR_CHOICES,
        default="auto",
        help="colour the output: auto (on a terminal, unless NO_COLOR is set), always or never (default: auto)",
    )
    parser.add_argument(
        "--no-pager",
        action="store_true",
        help="never send long output through a pager (default: page on a terminal, as git does)",
    )


@dataclass(frozen=True)
class Screen:
    """Where the output goes: its width, whether it is coloured, and the pager to use (``None``: none)."""

    width: int
    colour: bool
    pager: list[str] | None
    height: int = 24


def _columns(environ: Mapping[str, str]) -> int | None:
    try:
        columns = int(environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if columns > 0 else None


def _pager(environ: Mapping[str, str]) -> list[str] | None:
    """The pager's command line from ``CASUS_PAGER`` or ``PAGER`` (default ``less``); ``None`` for none."""
    command = environ.get("CASUS_PAGER", environ.get("PAGER", "less"))
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    return None if not words or words == ["cat"] else words


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (rather than a pipe or a file)."""
    return sys.stdout.isatty()


def screen(
    color: str = "auto",
    paging: bool = True,
    terminal: bool | None = None,
    environ: Mapping[str, str] | None = None,
) -> Screen:
    """Decide width, colour and pager for standard output (``terminal``: whether it is one; default: ask)."""
    environ = os.environ if environ is None else environ
    terminal = stdout_is_terminal() if terminal is None else terminal
    if terminal:
        size = shutil.get_terminal_size((PIPED_WIDTH, 24))
        width, height = _columns(environ) or size.columns, size.lines
    else:
        width, height = _columns(environ) or PIPED_WIDTH, 24
    wanted = (terminal or bool(environ.get("FORCE_COLOR"))) and not environ.get("NO_COLOR")
    colour = color == "always" or (color == "auto" and wanted)
    pager = _pager(environ) if terminal and paging else None
    return Screen(width, colour, pager, height)


def screen_of(args: argparse.Namespace) -> Screen:
    """The screen for a command's parsed options (``--color``, ``--no-pager``)."""
    return screen(getattr(args, "color", "auto"), not getattr(args, "no_pager", False))


def render(target: Screen, *renderables: RenderableType) -> str:
    """The renderables as text for the screen: wrapped to its width, ANSI codes only if coloured."""
    from reasoner.reports.layout import plain

    return plain(*renderables, width=target.width, colour=target.colour)


def page(text: str, pager: list[str]) -> bool:
    """Send text through the pager; False if the pager could not be started."""
    environ = dict(os.environ)
    environ.setdefault("LESS", "FRX")
    environ.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(pager, stdin=subprocess.PIPE, env=environ, text=True, encoding="utf-8")
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (as with git): leaving now would wreck the terminal
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        process.stdin.write(text)
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end
        pass
    finally:
        process.wait()
        signal.signal(signal.SIGINT, previous)
    return True


def emit(target: Screen, text: str) -> None:
    """Print rendered text, through the pager when it is taller than the screen."""
    if target.pager and text.count("\n") >= target.height and page(text, target.pager):
        return
    sys.stdout.write(text)
    sys.stdout.flush()


def show(args: argparse.Namespace, *renderables: RenderableType) -> None:
    """Render and print for people, as the command's options and the terminal decide."""
    target = screen_of(args)
    emit(target, render(target, *renderables))
