"""The closed vocabulary of the case language.

Attribute values (a belief's likelihood, a signal's level, a response, ...)
are plain words in the grammar and are checked here, so that a misspelt word
gets a did-you-mean in the user's terms. The same tables drive the formatter
and the language reference. A word with hyphens (``head-of-state``) becomes
an answer-set constant with underscores (``head_of_state``).
"""

from __future__ import annotations

PACT_TYPES = ("defence", "offence", "neutrality", "non-aggression", "consultation")
ARITIES = ("bilateral", "multilateral")
CONDUCT_KINDS = ("risky", "offensive", "treaty-specified")
RESPONSES = ("heeded", "dismissed", "curtailed", "drastically-curtailed", "reversed")

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
}
THREAT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "severity": ("existential", "grave", "limited"),
    "credibility": ("high", "low"),
}


def asp_name(word: str) -> str:
    """The answer-set constant for a vocabulary word (``head-of-state`` -> ``head_of_state``)."""
    return word.replace("-", "_")
