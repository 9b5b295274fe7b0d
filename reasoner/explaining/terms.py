"""Rule terms and conditions compiled from ``clingo.ast`` into plain Python values.

Explanations match rule heads and bodies against the atoms of an answer set
many thousands of times; walking clingo's AST objects for each match would be
slow, so every term is compiled once into a small tuple:

- ``("v", name)``: a variable; ``("_",)``: an anonymous variable;
- ``("c", symbol)``: a constant, number or string;
- ``("f", name, args, positive)``: a function term (a tuple when the name is empty);
- ``("u", op, term)``, ``("b", op, left, right)``: arithmetic; ``("i", low, high)``: an interval;
- ``("x", text)``: anything else (theory terms, say), which matches nothing.

``unify`` extends variable bindings so that a term equals a symbol, and
``ground`` instantiates a term under bindings, as gringo would.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from clingo import Function, Number, Symbol, SymbolType
from clingo import ast as cast
from clingo.ast import AST, ASTType

Term = tuple
Bindings = dict[str, Symbol]

_BINARY: dict[cast.BinaryOperator, Callable[[int, int], int]] = {
    cast.BinaryOperator.Plus: operator.add,
    cast.BinaryOperator.Minus: operator.sub,
    cast.BinaryOperator.Multiplication: operator.mul,
    cast.BinaryOperator.Division: lambda a, b: int(a / b),
    cast.BinaryOperator.Modulo: lambda a, b: a - b * int(a / b),
    cast.BinaryOperator.Power: operator.pow,
    cast.BinaryOperator.And: operator.and_,
    cast.BinaryOperator.Or: operator.or_,
    cast.BinaryOperator.XOr: operator.xor,
}

_UNARY: dict[cast.UnaryOperator, Callable[[int], int]] = {
    cast.UnaryOperator.Minus: operator.neg,
    cast.UnaryOperator.Absolute: abs,
    cast.UnaryOperator.Negation: operator.invert,
}

_COMPARE: dict[cast.ComparisonOperator, tuple[str, Callable[[Symbol, Symbol], bool]]] = {
    cast.ComparisonOperator.Equal: ("=", operator.eq),
    cast.ComparisonOperator.NotEqual: ("!=", operator.ne),
    cast.ComparisonOperator.LessThan: ("<", operator.lt),
    cast.ComparisonOperator.LessEqual: ("<=", operator.le),
    cast.ComparisonOperator.GreaterThan: (">", operator.gt),
    cast.ComparisonOperator.GreaterEqual: (">=", operator.ge),
}


def compile_term(node: AST) -> Term:
    """The compiled form of a term of the AST."""
    kind = node.ast_type
    if kind == ASTType.Variable:
        return ("_",) if node.name == "_" else ("v", node.name)
    if kind == ASTType.SymbolicTerm:
        return ("c", node.symbol)
    if kind == ASTType.Function and not node.external:
        return ("f", node.name, tuple(compile_term(a) for a in node.arguments), True)
    if kind == ASTType.UnaryOperation:
        return ("u", node.operator_type, compile_term(node.argument))
    if kind == ASTType.BinaryOperation:
        return ("b", node.operator_type, compile_term(node.left), compile_term(node.right))
    if kind == ASTType.Interval:
        return ("i", compile_term(node.left), compile_term(node.right))
    return ("x", str(node))


def variables(term: Term) -> Iterator[str]:
    """The named variables of a compiled term, in order of occurrence."""
    tag = term[0]
    if tag == "v":
        yield term[1]
    elif tag == "f":
        for arg in term[2]:
            yield from variables(arg)
    elif tag == "u":
        yield from variables(term[2])
    elif tag in ("b", "i"):
        yield from variables(term[-2])
        yield from variables(term[-1])


def head_variables(term: Term) -> Iterator[str]:
    """The variables that unifying a compiled atom with a symbol binds (those outside arithmetic)."""
    tag = term[0]
    if tag == "v":
        yield term[1]
    elif tag == "f":
        for arg in term[2]:
            yield from head_variables(arg)
    elif tag == "u" and term[1] == cast.UnaryOperator.Minus and term[2][0] == "f":
        yield from head_variables(term[2])


def symbol_signature(symbol: Symbol) -> tuple[str, int]:
    """An atom's predicate name (``-p`` when classically negated) and arity."""
    return (symbol.name if symbol.positive else "-" + symbol.name, len(symbol.arguments))


def signature(term: Term) -> tuple[str, int] | None:
    """The predicate name and arity of a compiled atom (``None`` for a non-atom)."""
    if term[0] == "f":
        return term[1], len(term[2])
    if term[0] == "u" and term[1] == cast.UnaryOperator.Minus and term[2][0] == "f":
        return "-" + term[2][1], len(term[2][2])
    return None


def ground(term: Term, bindings: Mapping[str, Symbol]) -> Symbol | None:
    """The term with its variables replaced; ``None`` if one is unbound or arithmetic fails."""
    tag = term[0]
    if tag == "c":
        return term[1]
    if tag == "v":
        return bindings.get(term[1])
    if tag == "f":
        args = []
        for arg in term[2]:
            value = ground(arg, bindings)
            if value is None:
                return None
            args.append(value)
        return Function(term[1], args, term[3])
    if tag == "u":
        value = ground(term[2], bindings)
        if value is None:
            return None
        if value.type == SymbolType.Number:
            return Number(_UNARY[term[1]](value.number))
        if value.type == SymbolType.Function and term[1] == cast.UnaryOperator.Minus:
            return Function(value.name, value.arguments, not value.positive)
        return None
    if tag == "b":
        left, right = ground(term[2], bindings), ground(term[3], bindings)
        if left is None or right is None or left.type != SymbolType.Number or right.type != SymbolType.Number:
            return None
        try:
            return Number(_BINARY[term[1]](left.number, right.number))
        except (ZeroDivisionError, KeyError):
            return None
    return None


def unify(term: Term, symbol: Symbol, bindings: Bindings) -> bool:
    """Extend ``bindings`` (in place) so that ``term`` equals ``symbol``; whether that is possible.

    Arithmetic with unbound variables cannot be inverted and is taken to match,
    so a caller may get a candidate that a later ``ground`` rules out.
    """
    tag = term[0]
    if tag == "_":
        return True
    if tag == "c":
        return term[1] == symbol
    if tag == "v":
        bound = bindings.get(term[1])
        if bound is None:
            bindings[term[1]] = symbol
            return True
        return bound == symbol
    if tag == "f":
        if symbol.type != SymbolType.Function or symbol.name != term[1] or not symbol.positive:
            return False
        args = symbol.arguments
        if len(args) != len(term[2]):
            return False
        return all(unify(t, s, bindings) for t, s in zip(term[2], args, strict=True))
    if tag == "u" and term[1] == cast.UnaryOperator.Minus and term[2][0] == "f":
        if symbol.type != SymbolType.Function or symbol.positive:
            return False
        return unify(term[2], Function(symbol.name, symbol.arguments), bindings)
    if tag == "i":
        low, high = ground(term[1], bindings), ground(term[2], bindings)
        if low is None or high is None or symbol.type != SymbolType.Number:
            return True
        return low.number <= symbol.number <= high.number
    if tag in ("u", "b"):
        value = ground(term, bindings)
        return value is None or value == symbol
    return False


def unify_arguments(atom: Term, args: Sequence[Symbol], bindings: Bindings) -> bool:
    """``unify`` for a compiled atom and the arguments of a symbol of the same signature."""
    inner = atom[2] if atom[0] == "u" else atom
    for term, value in zip(inner[2], args, strict=True):
        tag = term[0]
        if tag == "v":
            bound = bindings.setdefault(term[1], value)
            if bound is not value and bound != value:
                return False
        elif tag == "c":
            if term[1] != value:
                return False
        elif not unify(term, value, bindings):
            return False
    return True


def show(term: Term) -> str:
    """A compiled term in clingo's notation."""
    tag = term[0]
    if tag == "_":
        return "_"
    if tag == "v":
        return term[1]
    if tag == "c":
        return str(term[1])
    if tag == "f":
        inner = ",".join(show(a) for a in term[2])
        return f"{term[1]}({inner})" if term[2] or not term[1] else term[1]
    return term[-1] if tag == "x" else "<arithmetic>"


@dataclass(frozen=True)
class Condition:
    """One body element of a rule, compiled.

    ``kind`` is ``atom`` (``sign`` 0 positive, 1 ``not``, 2 ``not not``),
    ``comparison`` (``term`` compared with each of ``guards``), or ``other``
    (aggregates and conditional literals, which are shown but not matched).
    """

    kind: str
    sign: int
    term: Term
    guards: tuple[tuple[cast.ComparisonOperator, Term], ...]
    text: str

    @property
    def is_positive_atom(self) -> bool:
        return self.kind == "atom" and self.sign == 0

    @cached_property
    def atom_signature(self) -> tuple[str, int] | None:
        """The signature of the condition's atom (``None`` for a comparison or other condition)."""
        return signature(self.term) if self.kind == "atom" else None

    @cached_property
    def arguments(self) -> tuple[Term, ...]:
        """The argument terms of the condition's atom (empty for a comparison or other condition)."""
        if self.kind != "atom":
            return ()
        inner = self.term[2] if self.term[0] == "u" else self.term
        return tuple(inner[2]) if inner[0] == "f" else ()

    def names(self) -> frozenset[str]:
        """The named variables the condition mentions (not those local to an aggregate)."""
        return self._names

    @cached_property
    def _names(self) -> frozenset[str]:
        if self.kind == "other":
            return frozenset()
        found = set(variables(self.term))
        for _, guard in self.guards:
            found.update(variables(guard))
        return frozenset(found)

    def compare(self, bindings: Mapping[str, Symbol]) -> bool | None:
        """Whether a comparison holds under the bindings; ``None`` if it cannot be evaluated."""
        left = ground(self.term, bindings)
        if left is None:
            return None
        for op, guard in self.guards:
            right = ground(guard, bindings)
            if right is None:
                return None
            if not _COMPARE[op][1](left, right):
                return False
            left = right
        return True


def compile_condition(literal: AST) -> Condition:
    """A body literal of the AST, compiled."""
    text = str(literal)
    if literal.ast_type != ASTType.Literal:
        return Condition("other", 0, ("x", text), (), text)
    atom = literal.atom
    sign = int(literal.sign)
    if atom.ast_type == ASTType.SymbolicAtom:
        return Condition("atom", sign, compile_term(atom.symbol), (), text)
    if atom.ast_type == ASTType.Comparison and sign == 0:
        guards = tuple((g.comparison, compile_term(g.term)) for g in atom.guards)
        return Condition("comparison", 0, compile_term(atom.term), guards, text)
    return Condition("other", sign, ("x", text), (), text)
