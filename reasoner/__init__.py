"""Casus: a normative reasoner for alliance duties.

A case written in the Casus case language is parsed (``parse``) into a case
model (``model``), turned into answer-set facts (``facts``), solved under a
doctrine's rule file (``engine``), and compared across doctrines
(``compare``) or rendered for people and programs (``render``).
"""

__version__ = "0.1.0"
