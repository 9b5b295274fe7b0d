"""What a doctrine concludes for one ordered pair at one time point, in status words.

The one mapping from conclusions to the words that ``casus compare`` prints
and that ``expect`` statements write (``owed``, ``suspended (forfeited),
breach justified (entrapment)``, ``not-triggered``): the duty's state first,
then the claim, then what a breach would be or was. The phrases are those of
``language.vocabulary.STATUS_PHRASES``, in its order.
"""

from __future__ import annotations

from collections.abc import Iterable

from reasoner.language.model import Phrase, status_text
from reasoner.solving.engine import Conclusion


def status_phrases(conclusions: Iterable[Conclusion]) -> tuple[Phrase, ...]:
    """The status of the conclusions of one pair at one time point, phrase by phrase."""
    found = list(conclusions)
    holds = {c.predicate for c in found}
    grounds = tuple(sorted({c.ground for c in found if c.predicate == "justified" and c.ground}))
    phrases: list[Phrase] = [_duty(holds)]
    if "forfeited" in holds and phrases[0] != ("suspended", ("forfeited",)):
        phrases.append(("claim forfeited", ()))
    if "restored" in holds:
        phrases.append(("claim restored", ()))
    breach = "breach" in holds
    if grounds:
        phrases.append(("breach justified" if breach else "breach would be justified", grounds))
    if breach and "blameworthy" in holds:
        phrases.append(("breach blameworthy", ()))
    elif breach and not grounds:
        phrases.append(("breach not blameworthy", ()))
    return tuple(phrases)


def _duty(holds: set[str]) -> Phrase:
    if "owed" in holds:
        return "owed", ()
    if "triggered" not in holds:
        return "not-triggered", ()
    return ("suspended", ("forfeited",)) if "forfeited" in holds else ("suspended", ())


def status_words(conclusions: Iterable[Conclusion]) -> str:
    """The status of the conclusions of one pair at one time point, as ``casus compare`` prints it."""
    return status_text(status_phrases(conclusions))
