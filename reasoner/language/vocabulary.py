"""The closed vocabulary of the case language.

Attribute values (a belief's likelihood, a signal's level, a response, ...)
are plain words in the grammar and are checked here, so that a misspelt word
gets a did-you-mean in the user's terms. The same tables drive the formatter
and the language reference. A word with hyphens (``head-of-state``) becomes
an answer-set constant with underscores (``head_of_state``).
"""

from __future__ import annotations

import re

PACT_TYPES = ("defence", "offence", "neutrality", "non-aggression", "consultation")
ARITIES = ("bilateral", "multilateral")
CONDUCT_KINDS = ("risky", "offensive", "treaty-specified")
RESPONSES = ("heeded", "dismissed", "curtailed", "drastically-curtailed", "reversed")
#: What a state notifies its ally of: the measure it proposes (VCLT art. 65(1)) or its decision to take
#: countermeasures (ILC art. 52(1)(b)).
MEASURES = ("suspension", "termination", "countermeasures")
#: Whether a state's war is just (``fights a just war``) or not (``fights an unjust war``).
WAR_JUSTICE = ("just", "unjust")
#: What an ally's help would contribute to its ally's defence (``would give ... negligible help``).
CONTRIBUTIONS = ("negligible", "significant")

#: Attribute tables: statement -> attribute name -> allowed values, in canonical order.
BELIEF_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "likelihood": ("high", "moderate", "low"),
    "horizon": ("imminent", "medium-term", "long-term"),
    "evidence": ("objective", "circumstantial", "none"),
    "faith": ("good", "bad"),
}
SIGNAL_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "level": ("official", "diplomatic", "ministerial", "head-of-government", "head-of-state"),
    "channel": ("diplomatic", "direct", "public", "intermediary"),
    "clarity": ("clear", "ambiguous"),
    "content": ("concern", "conditional"),
}
#: Attributes a statement may leave out, and the value they then take (printed only when it differs).
OPTIONAL_ATTRIBUTES: dict[str, str] = {"content": "concern"}
THREAT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "severity": ("existential", "grave", "limited"),
    "credibility": ("high", "low"),
}


def asp_name(word: str) -> str:
    """The answer-set constant for a vocabulary word (``head-of-state`` -> ``head_of_state``)."""
    return word.replace("-", "_")


#: The phrases of a status, in the order a status lists them: the words of every cell of ``casus
#: run`` and ``casus compare`` (``reports.compare.status_of``), which ``expect`` statements write.
#: Where a breach happened, the status is its verdict alone (``BREACH_PHRASES``, ``blameworthy``
#: only after ``breach justified``); elsewhere, the duty's state (exactly one of ``DUTY_PHRASES``),
#: then what a breach would be, then a change to the claim; in either, the positions of
#: ``POSITION_PHRASES`` last. The value says what a phrase takes in parentheses: nothing, the
#: grounds of a justification, or (``suspended``) an optional reason.
STATUS_PHRASES: dict[str, str] = {
    "not-triggered": "nothing",
    "owed": "nothing",
    "terminated": "nothing",
    "suspended": "reason",
    "breach would be justified": "grounds",
    "claim forfeited": "nothing",
    "claim restored": "nothing",
    "breach justified": "grounds",
    "blameworthy": "nothing",
    "breach blameworthy": "nothing",
    "breach not blameworthy": "nothing",
}
DUTY_PHRASES = ("not-triggered", "owed", "terminated", "suspended")
BREACH_PHRASES = ("breach justified", "breach blameworthy", "breach not blameworthy")
#: The positions a status names after the rest, at a breach or not, by their output predicate, in this order.
#: Not named: ``claim``, ``liberty``, ``suspended`` and ``terminated``, which the duty's state already says.
POSITION_WORDS = {
    "nominal": "duty nominal",
    "justified_infringement": "infringement justified",
    "lapsed": "justification lapsed",
    "wronged": "wronged by ally",
    "ally_blameworthy": "ally blameworthy",
}
POSITION_PHRASES = tuple(POSITION_WORDS.values())
STATUS_PHRASES.update(dict.fromkeys(POSITION_PHRASES, "nothing"))
#: Why a duty is suspended, as ``suspended (forfeited)`` says it.
SUSPENSION_REASONS = ("forfeited",)
#: The doctrine word that stands for every bundled doctrine in an ``expect`` statement.
ALL_DOCTRINES = "all"

#: A name as the grammar's ``NAME`` reads it (states, alliances, places, doctrines).
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: A doctrine's name as an ``expect`` statement writes it unquoted: a name, or names joined by hyphens.
_DOCTRINE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")


def is_name(text: str) -> bool:
    """Whether a text is a plain name of the case language (so it needs no quotes)."""
    return _NAME.fullmatch(text) is not None


def is_doctrine_name(text: str) -> bool:
    """Whether an ``expect`` statement's doctrine is a name (``strict-moderate``), not a rule file's path."""
    return _DOCTRINE.fullmatch(text) is not None
