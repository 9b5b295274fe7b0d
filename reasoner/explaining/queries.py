"""What to explain: the main conclusions of a case, a question about one pair, or a query as the case writes it."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

from clingo import Function, Number, String, Symbol, SymbolType

from reasoner.common.errors import CasusError, Diagnostic, Source, suggestion
from reasoner.common.limits import STEPS_HELP, step_number
from reasoner.explaining.nodes import Pattern, pattern_of
from reasoner.explaining.provenance import Program, Trace
from reasoner.language.model import format_time, time_key
from reasoner.solving.contract import interface
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
    """Every output predicate for one ordered pair at one time point (states and time checked against the case)."""
    x, y, t = (_checked(parse_argument(text, facts), text, kind, facts) for text, kind in
               ((owes, "state"), (to, "state"), (at, "time")))  # fmt: skip
    return [("justified" if n == "justified" else n, (x, y, t, None)[:a], True) for n, a in OUTPUTS.items()]


_QUERY = re.compile(r"^\s*(?P<name>-?[a-z_][A-Za-z0-9_]*)\s*(?:\((?P<args>.*)\))?\s*$", re.S)

#: Where a query typed on the command line is said to be, for its diagnostics.
QUERY_FILE = "query"


@dataclass(frozen=True)
class _Query:
    """A query's text, to point into it."""

    text: str

    def at(self, column: int) -> Source:
        return Source(QUERY_FILE, 1, column + 1)

    def error(self, message: str, column: int, length: int, help: str | None = None) -> QueryError:
        one_line = " ".join(self.text.split("\n"))
        return QueryError([Diagnostic(message, self.at(column), max(1, length), help, line_text=one_line)])


def parse_query(text: str, facts: Facts, program: Program | None = None) -> Pattern:
    """An atom written as the user writes the case: ``justified(France, Greece, 9, entrapment)``.

    Names of the case may be unquoted, times are steps or dates, ``_`` stands
    for any value, and hyphenated words (``head-of-state``) are accepted.
    Given the doctrine's ``program``, the predicate must be one of the
    contract or the doctrine, with its arity; in a predicate of the contract
    a number must be a time point of the case, and an ally a state of it.
    Each mistake is a usage error pointing into the query, with a did-you-mean.
    """
    query = _Query(text)
    match = _QUERY.match(text)
    if match is None:
        raise query.error(f"cannot read the query '{text}'", 0, len(text), _QUERY_HELP)
    name = match["name"]
    positive = not name.startswith("-")
    start = match.start("args") if match["args"] is not None else len(text)
    parts = _split(match["args"] or "", start)
    args = tuple(_argument(query, part, column, facts) for part, column in parts)
    pattern = (name.lstrip("-"), args, positive)
    if program is not None:
        _check_pattern(query, pattern, match.start("name"), parts, program, facts)
    return pattern


_QUERY_HELP = "write an atom such as 'justified(France, Greece, 9, entrapment)' or 'owed(France, Greece, _)'"


def _argument(query: _Query, text: str, column: int, facts: Facts) -> Symbol | None:
    try:
        return parse_argument(text, facts)
    except QueryError as err:
        (found,) = err.diagnostics
        raise query.error(found.message, column, len(text), found.help) from None


def known_predicates(program: Program) -> dict[str, set[int]]:
    """Every predicate a query may name, with its arities: the contract's, and those the rule files conclude."""
    contract = interface()
    known: dict[str, set[int]] = defaultdict(set)
    for name, arity in (*contract.inputs, *contract.outputs, *program.by_head, *program.inputs):
        known[name].add(arity)
    return known


def _check_pattern(
    query: _Query, pattern: Pattern, column: int, parts: list[tuple[str, int]], program: Program, facts: Facts
) -> None:
    name, args, positive = pattern
    known = known_predicates(program)
    if name not in known:
        help = suggestion(name, known) + "a query names a predicate of the contract or of the doctrine"
        raise query.error(f"unknown predicate '{name}'", column, len(name), help)
    if len(args) not in known[name]:
        arities = " or ".join(str(a) for a in sorted(known[name]))
        example = OUTPUT_EXAMPLES.get(name)
        help = f"write {example}" if example else f"'{name}' takes {arities} arguments; '_' stands for any value"
        raise query.error(f"'{name}' takes {arities} arguments, not {len(args)}", column, len(name), help)
    if not positive and ("-" + name, len(args)) not in program.by_head and not program.untyped_heads:
        help = f"write the query without '-': casus explains why '{query.text.strip()[1:]}' holds, or why not"
        raise query.error(f"no rule of the doctrine concludes '-{name}', a strong negation", column, 1, help)
    contract = interface()
    if (name, len(args)) not in contract.inputs | contract.outputs:
        return
    is_output = (name, len(args)) in contract.outputs
    for index, (arg, (text, at)) in enumerate(zip(args, parts, strict=True)):
        number = arg is not None and arg.type == SymbolType.Number
        kind = "state" if is_output and index < 2 else "time" if number else None
        if kind is not None:
            _checked(arg, text, kind, facts, query, at)


#: How each output predicate is written in a query.
OUTPUT_EXAMPLES = {
    "justified": "justified(X, Y, T, GROUND), e.g. justified(France, Greece, 9, _)",
    **{name: f"{name}(X, Y, T), e.g. {name}(France, Greece, 9)" for name in OUTPUTS if name != "justified"},
}


def _states(facts: Facts) -> list[str]:
    return [s.arguments[0].string for s in facts.symbols if s.name == "state" and len(s.arguments) == 1]


def _checked(
    arg: Symbol | None, text: str, kind: str, facts: Facts, query: _Query | None = None, column: int = 0
) -> Symbol | None:
    """An argument that must be a state or a time point of the case, checked (``_`` passes)."""
    if arg is None:
        return arg
    if kind == "state":
        states = _states(facts)
        if arg.type == SymbolType.String and arg.string in states:
            return arg
        message, help = f"'{text}' is not a state of this case", suggestion(text, states) + "name a declared state"
    else:
        if arg.type == SymbolType.Number and arg.number in facts.times:
            return arg
        key = arg.number if arg.type == SymbolType.Number else None
        message, help = f"the case has no time point {text}", _times_help(text, facts, key)
    if query is None:
        raise QueryError([Diagnostic(message, None, help=help)])
    raise query.error(message, column, len(text), help)


def _times_help(text: str, facts: Facts, key: int | None = None) -> str:
    """The case's time points (the first and last five of many), after the nearest one to ``key``."""
    points = sorted(facts.times.values(), key=time_key)
    shown = [format_time(t) for t in points]
    listed = ", ".join(shown) if len(shown) <= 12 else ", ".join([*shown[:5], "...", *shown[-5:]])
    if not points:
        return "it has no time points"
    nearest = format_time(min(points, key=lambda t: abs(time_key(t) - key))) if key is not None else None
    return (f"the nearest is {nearest}; " if nearest else "") + f"its time points are {listed}"


def _split(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """The arguments of a query, each with the column (0-based, in the whole query) where its text starts."""
    parts, depth, current, quoted, start = [], 0, "", False, offset
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "([":
            depth += 1
        elif not quoted and char in ")]":
            depth -= 1
        if char == "," and depth == 0 and not quoted:
            parts.append((current, start))
            current, start = "", offset + index + 1
        else:
            current += char
    if current.strip() or parts:
        parts.append((current, start))
    return [(p.strip(), column + len(p) - len(p.lstrip())) for p, column in parts]


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
