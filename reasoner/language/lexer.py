"""A Pygments lexer for the case language, so that docs, notebooks and editors highlight ``.casus`` files.

Registered through the ``pygments.lexers`` entry point (``pyproject.toml``):
with Casus installed, ``pygmentize -l casus`` and Markdown's ```casus blocks
use it. Pygments is needed only by whoever highlights; the reasoner itself
never imports this module. ``editors/casus.tmLanguage.json`` is the same
lexicon for VS Code-compatible editors; a test keeps both in step with
``grammar/case.lark``.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

#: Every keyword of the grammar (``grammar/case.lark``), longest first where one starts another.
KEYWORDS = (
    "against", "alliance", "all", "and", "anywhere", "any", "an", "assists", "attacks", "at", "a",
    "believes", "between", "calls", "case", "ceases", "comply", "covering", "covers", "defending",
    "defends", "defend", "ends", "end", "entrap", "except", "expect", "fights", "force", "from",
    "give", "help", "hostilities", "if", "include", "initiated", "intervenes", "in", "its", "it",
    "notifies", "objects", "of", "only", "on", "pact", "policy", "provoked", "pursues", "refrains",
    "responds", "states", "state", "target", "threatens", "towards", "to", "unprovoked", "until",
    "warns", "war", "will", "would",
)  # fmt: skip


class CasusLexer(RegexLexer):
    """The Casus case language: alliances, events and expectations, one statement a line."""

    name = "Casus"
    aliases = ["casus"]  # noqa: RUF012 (Pygments reads these class attributes as lists)
    filenames = ["*.casus"]  # noqa: RUF012
    mimetypes = ["text/x-casus"]  # noqa: RUF012
    url = "https://pypi.org/project/casus-reasoner/"

    tokens = {  # noqa: RUF012
        "root": [
            (r"[ \t]+", Whitespace),
            (r"\r?\n", Whitespace),
            (r"#[^\n]*", Comment.Single),
            (r'"[^"\n]*"', String.Double),
            (r"\d{4}-\d{2}-\d{2}", Number.Integer),
            (r"\d+", Number.Integer),
            (r"->", Operator),
            (r"[:,()]", Punctuation),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (r"[A-Z][A-Za-z0-9_]*", Name.Entity),  # states, alliances, places
            (r"[a-z][a-z0-9_-]*", Name.Constant),  # vocabulary words, doctrines, grounds
        ],  # anything else is an error token: a character the language never uses
    }
