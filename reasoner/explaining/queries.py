"""What to explain: the main conclusions of a case, a question about one pair, or a query as the case writes it."""

from __future__ import annotations

import datetime
import re

from clingo import Function, Number, String, Symbol, SymbolType

from reasoner.common.errors import CasusError, Diagnostic, suggestion
from reasoner.common.limits import STEPS_HELP, step_number
from reasoner.explaining.nodes import Pattern, pattern_of
from reasoner.explaining.provenance import Trace
from reasoner.language.model import time_key
from reasoner.solving.engine import OUTPUTS
from reasoner.solving.facts import Facts


class QueryError(CasusError):
    """A query the explainer cannot read (exit code 2, a usage error)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(diagnostics, exit_code=2)


def main_conclusions(trace: Trace) -> list[Pattern]:
    """Each breach's verdict, and each forfeiture (where it begins), restoration and lapse."""
    found: list[Pattern] = []
    nexts = {a.arguments[1]: a.arguments[0] for a in trace.matching(("next", 2))}
    atoms = sorted(a for name in ("breach", "forfeited", "restored", "lapsed") for a in trace.matching((name, 3)))
    for atom in atoms:
        x, y, t = atom.arguments
        if atom.name == "breach":
            found.append(pattern_of(atom))
            found.append(("justified", (x, y, t, None), True))
            found.append(("blameworthy", (x, y, t), True))
        elif atom.name == "forfeited":
            before = nexts.get(t)
            if before is None or not trace.holds(Function("forfeited", [x, y, before])):
                found.append(pattern_of(atom))
        else:
            found.append(pattern_of(atom))
    return found


def conclusions(trace: Trace) -> list[Symbol]:
    """Every output atom of the answer set (the contract's predicates), by predicate."""
    return [atom for name, arity in OUTPUTS.items() for atom in trace.read((name, arity))]


def question(owes: str, to: str, at: str, facts: Facts) -> list[Pattern]:
    """Every output predicate for one ordered pair at one time point."""
    x, y = parse_argument(owes, facts), parse_argument(to, facts)
    t = parse_argument(at, facts)
    return [("justified" if n == "justified" else n, (x, y, t, None)[:a], True) for n, a in OUTPUTS.items()]


_QUERY = re.compile(r"^\s*(?P<name>-?[a-z_][A-Za-z0-9_]*)\s*(?:\((?P<args>.*)\))?\s*$", re.S)


def parse_query(text: str, facts: Facts) -> Pattern:
    """An atom written as the user writes the case: ``justified(France, Greece, 9, entrapment)``.

    Names of the case may be unquoted, times are steps or dates, ``_`` stands
    for any value, and hyphenated words (``head-of-state``) are accepted.
    """
    match = _QUERY.match(text)
    if match is None:
        raise QueryError([Diagnostic(f"cannot read the query '{text}'", None, help=_QUERY_HELP)])
    name = match["name"]
    positive = not name.startswith("-")
    args = tuple(parse_argument(a, facts) for a in _split(match["args"] or ""))
    return (name.lstrip("-"), args, positive)


_QUERY_HELP = "write an atom such as 'justified(France, Greece, 9, entrapment)' or 'owed(France, Greece, _)'"


def _split(text: str) -> list[str]:
    parts, depth, current, quoted = [], 0, "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            parts.append(current)
            current = ""
        else:
            current += char
    if current.strip() or parts:
        parts.append(current)
    return [p.strip() for p in parts]


def _case_names(facts: Facts) -> set[str]:
    names: set[str] = set()
    stack = list(facts.symbols)
    while stack:
        symbol = stack.pop()
        if symbol.type == SymbolType.String:
            names.add(symbol.string)
        elif symbol.type == SymbolType.Function:
            stack.extend(symbol.arguments)
    return names


def parse_argument(text: str, facts: Facts) -> Symbol | None:
    """One argument of a query: ``_``, a quoted or known name, a step, a date, or a word."""
    text = text.strip()
    if text == "_":
        return None
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return String(text[1:-1])
    if text.isascii() and text.isdigit():
        step = step_number(text)
        if step is None:
            raise QueryError([Diagnostic(f"the step {text[:20]} is too large", None, help=STEPS_HELP)])
        return Number(step)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return Number(time_key(datetime.date.fromisoformat(text)))
        except ValueError:
            raise QueryError([Diagnostic(f"'{text}' is not a calendar date", None)]) from None
    names = _case_names(facts)
    if text in names:
        return String(text)
    if re.fullmatch(r"[a-z][A-Za-z0-9_-]*", text):
        return Function(text.replace("-", "_"))
    help = suggestion(text, names) + _QUERY_HELP
    raise QueryError([Diagnostic(f"'{text}' is not a name in this case", None, help=help)])
