"""Where the bundled grammar, rule files and example cases are, in a checkout or an installed package."""

from __future__ import annotations

from dataclasses import dataclass
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


#: The paper's three views: the doctrines ``casus compare`` shows by default, in this order.
DOCTRINES = ("idealist", "hobbesian", "moderate")


@dataclass(frozen=True)
class BundledDoctrine:
    """A doctrine shipped in ``rules/``: its name (the file's stem), what it holds, and its source."""

    name: str
    summary: str
    source: str


#: Every bundled doctrine, in the order ``casus doctrines`` lists them and ``casus compare --all`` shows them.
BUNDLED = (
    BundledDoctrine("idealist", "a breach is never justified", 'Rubin (2026), "The idealist view"'),
    BundledDoctrine("hobbesian", "a breach is always justified, at discretion", 'Rubin (2026), "The Hobbesian View"'),
    BundledDoctrine(
        "moderate", "justified on defied warnings of entrapment, or survival", 'Rubin (2026), "The Moderate View"'
    ),
    BundledDoctrine(
        "strict-moderate",
        "moderate; heads' warnings only, more time to answer",
        "Rubin (2026), condition (2), read strictly",
    ),
    BundledDoctrine(
        "moderate-proportional",
        "moderate; survival only at a disproportionate risk",
        "Rubin (2026), the South Korea example",
    ),
    BundledDoctrine(
        "exceptio",
        "suspended while the ally fails to perform its own duty",
        "exceptio non adimpleti contractus; PCIJ, Meuse (1937)",
    ),
    BundledDoctrine(
        "vclt", "a material breach, notified and unopposed, suspends", "Vienna Convention (1969), arts. 60, 62, 65"
    ),
    BundledDoctrine(
        "countermeasures", "withheld against a wrongful act, until compliance", "ILC Articles (2001), arts. 49-53"
    ),
    BundledDoctrine("hobbes", "void on reasonable suspicion from a new sign", "Hobbes, Leviathan (1651), ch. 14"),
    BundledDoctrine(
        "vattel", "no duty to help an ally in an unjust war", "Vattel (1758) II.XII; Grotius (1625) II.XXV"
    ),
)

#: The names of every bundled doctrine.
BUNDLED_NAMES = tuple(d.name for d in BUNDLED)

#: Shared rule files loaded under every doctrine, before it.
HELPERS = ("interface.lp", "time.lp", "duty.lp", "positions.lp")
