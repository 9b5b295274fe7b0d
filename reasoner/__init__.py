"""Casus: a normative reasoner for alliance duties.

The pipeline, stage by stage (each a subpackage; see docs/architecture.md):
``language`` reads case text into a case model, ``solving`` turns the model
into clingo facts and solves them under a doctrine's rule file,
``explaining`` says why and why not, ``reports`` compares doctrines, and
``cli`` is the ``casus`` command. For a notebook, the names below are enough:

    >>> import reasoner
    >>> reasoner.run("cases/france_greece.casus", "moderate")
    >>> reasoner.compare(["cases/france_greece.casus", "cases/csto_armenia.casus"])
    >>> reasoner.explain("cases/france_greece.casus", "moderate")
    >>> reasoner.contrast("cases/france_greece.casus", "idealist", "moderate")

Names are imported when first used, so ``import reasoner`` costs nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_HOMES = {
    "run": "reasoner.api",
    "compare": "reasoner.api",
    "Comparison": "reasoner.api",
    "explain": "reasoner.api",
    "contrast": "reasoner.api",
    "solve_case": "reasoner.api",
    "Run": "reasoner.api",
    "Explanation": "reasoner.api",
    "ContrastResult": "reasoner.api",
    "Solved": "reasoner.api",
    "load_case": "reasoner.language.read",
    "parse_text": "reasoner.language.read",
    "case_text": "reasoner.language.printer",
    "Case": "reasoner.language.model",
    "find_doctrine": "reasoner.solving.engine",
    "analyse": "reasoner.solving.engine",
    "Doctrine": "reasoner.solving.engine",
    "CaseResult": "reasoner.solving.engine",
    "Conclusion": "reasoner.solving.engine",
    "DOCTRINES": "reasoner.common.resources",
    "CasusError": "reasoner.common.errors",
    "CaseError": "reasoner.common.errors",
    "RuleFileError": "reasoner.common.errors",
    "Diagnostic": "reasoner.common.errors",
    "Source": "reasoner.common.errors",
}

__all__ = [
    "DOCTRINES",
    "Case",
    "CaseError",
    "CaseResult",
    "CasusError",
    "Comparison",
    "Conclusion",
    "ContrastResult",
    "Diagnostic",
    "Doctrine",
    "Explanation",
    "RuleFileError",
    "Run",
    "Solved",
    "Source",
    "__version__",
    "analyse",
    "case_text",
    "compare",
    "contrast",
    "explain",
    "find_doctrine",
    "load_case",
    "parse_text",
    "run",
    "solve_case",
]

if TYPE_CHECKING:
    from reasoner.api import (
        Comparison,
        ContrastResult,
        Explanation,
        Run,
        Solved,
        compare,
        contrast,
        explain,
        run,
        solve_case,
    )
    from reasoner.common.errors import CaseError, CasusError, Diagnostic, RuleFileError, Source
    from reasoner.common.resources import DOCTRINES
    from reasoner.language.model import Case
    from reasoner.language.printer import case_text
    from reasoner.language.read import load_case, parse_text
    from reasoner.solving.engine import CaseResult, Conclusion, Doctrine, analyse, find_doctrine


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'reasoner' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
