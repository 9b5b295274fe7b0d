"""Where the bundled grammar and rule files are, in a checkout or an installed package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder ``grammar`` or ``rules``: package data when installed, else the checkout's."""
    try:
        found = resources.files(f"reasoner.{name}")
    except ModuleNotFoundError:
        return _CHECKOUT / name
    return Path(str(found))


def grammar_file() -> Path:
    """The Lark grammar of the case language."""
    return data_dir("grammar") / "case.lark"


def rules_dir() -> Path:
    """The folder of bundled rule files (interface, helpers and doctrines)."""
    return data_dir("rules")


#: The bundled doctrines, in the order ``casus compare`` shows them.
DOCTRINES = ("idealist", "hobbesian", "moderate")

#: Shared rule files loaded under every doctrine, before it.
HELPERS = ("interface.lp", "time.lp", "duty.lp")
