"""Where the bundled grammar, rule files and example cases are, in a checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the reasoner package


def data_dir(name: str) -> Path:
    """The folder ``grammar``, ``rules`` or ``cases``: inside the installed package, else beside it in a checkout."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def grammar_file() -> Path:
    """The Lark grammar of the case language."""
    return data_dir("grammar") / "case.lark"


def rules_dir() -> Path:
    """The folder of bundled rule files (interface, helpers and doctrines)."""
    return data_dir("rules")


def cases_dir() -> Path:
    """The folder of bundled example cases (the worked cases of ``casus examples``)."""
    return data_dir("cases")


#: The bundled doctrines, in the order ``casus compare`` shows them.
DOCTRINES = ("idealist", "hobbesian", "moderate")

#: Shared rule files loaded under every doctrine, before it.
HELPERS = ("interface.lp", "time.lp", "duty.lp")
