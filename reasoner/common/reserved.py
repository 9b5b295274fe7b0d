"""Reserved names for the reasoner's own machinery inside rule programs.

When the reasoner rewrites a user's rule file (to solve many cases in one
grounding, say), the names it adds must never clash with a name the user
wrote. Every such name starts with ``PREFIX``, which begins with an
underscore: legal in clingo, and not something a rule file in this project
writes. Keep every reserved name here, so there is one place to look.
"""

from __future__ import annotations

#: The prefix of every predicate the reasoner adds to a program.
PREFIX = "_casus_"

#: The prefix of every variable the reasoner adds to a program.
VARIABLE_PREFIX = "_Casus"

#: The variable carrying a case's index through a rewritten rule.
CASE_VARIABLE = f"{VARIABLE_PREFIX}Case"

#: The predicate ``_casus_case(I)``: case number I is part of the grounding.
CASE_PREDICATE = f"{PREFIX}case"


def is_reserved(name: str) -> bool:
    """Whether a predicate or variable name belongs to the machinery, not the user."""
    return name.startswith((PREFIX, VARIABLE_PREFIX))


#: The prefix of the predicate recording the ground instances of rule number N
#: that fired: ``_casus_rule_N(V1,...,Vk)``, the values of its variables (see ``reasoner/explaining/provenance.py``).
RULE_RECORD_PREFIX = f"{PREFIX}rule_"

#: The prefix of the names the explainer gives to anonymous variables of positive conditions.
ANONYMOUS_VARIABLE_PREFIX = f"{VARIABLE_PREFIX}Anon"

#: The predicate ``_casus_fact(I, F)``: fact F belongs to case number I.
FACT_PREDICATE = f"{PREFIX}fact"

#: The predicate ``_casus_shown(I, A)``: output atom A holds in case number I.
SHOWN_PREDICATE = f"{PREFIX}shown"

#: The prefix of the predicates of open cases (``reasoner/solving/choices.py``): the slots
#: of a case left open, their versions, and the version each answer set chooses.
OPEN_PREFIX = f"{PREFIX}open_"
