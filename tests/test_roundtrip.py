"""The canonical form: parse, print, parse again gives the same model."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reasoner.language import vocabulary as vocab
from reasoner.language.build import code
from reasoner.language.layout import format_text
from reasoner.language.model import (
    Action,
    Alliance,
    Attack,
    Belief,
    CallToComply,
    Case,
    Ceasefire,
    Conduct,
    Contribution,
    Event,
    Expectation,
    Include,
    Notification,
    Objection,
    PolicyEnd,
    Response,
    Signal,
    StateDecl,
    Threat,
    WarJustice,
)
from reasoner.language.printer import case_text
from reasoner.language.read import parse_text

CASE_FILES = sorted(Path(__file__).resolve().parent.parent.glob("cases/**/*.casus"))

# Names are capitalised so they never collide with the language's lowercase keywords.
names = st.from_regex(r"[A-Z][A-Za-z0-9_]{0,8}", fullmatch=True)
titles = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"'), max_size=30)
steps = st.integers(min_value=0, max_value=10**6)
dates = st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2100, 12, 31))


def attributes(table: dict[str, tuple[str, ...]]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({key: st.sampled_from(values) for key, values in table.items()})


happenings = st.one_of(
    st.builds(Attack, names, names, st.none() | names, st.booleans()),
    st.builds(Conduct, names, names, st.sampled_from(vocab.CONDUCT_KINDS)),
    st.builds(PolicyEnd, names, names),
    st.builds(lambda h, a, v: Belief(h, a, **v), names, names, attributes(vocab.BELIEF_ATTRIBUTES)),
    st.builds(lambda s, r, v: Signal(s, r, **v), names, names, attributes(vocab.SIGNAL_ATTRIBUTES)),
    st.builds(Response, names, names, st.sampled_from(vocab.RESPONSES)),
    st.builds(lambda t, x, v: Threat(t, x, **v), names, names, attributes(vocab.THREAT_ATTRIBUTES)),
    st.builds(Action, names, names, st.sampled_from(("assisted", "refrained"))),
    st.builds(Ceasefire, names, names),
    st.builds(Notification, names, names, st.sampled_from(vocab.MEASURES)),
    st.builds(Objection, names, names),
    st.builds(CallToComply, names, names),
    st.builds(WarJustice, names, names, st.sampled_from(vocab.WAR_JUSTICE)),
    st.builds(Contribution, names, names, st.sampled_from(vocab.CONTRIBUTIONS)),
)


grounds = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), min_size=1, max_size=3, unique=True)


@st.composite
def statuses(draw: st.DrawFn) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A status in canonical order: a breach's verdict alone, or the duty, then breach and claim phrases."""
    justified = ("breach justified", tuple(sorted(draw(grounds))))
    verdicts = [(justified,), (justified, ("blameworthy", ())), (("breach blameworthy", ()),),
                (("breach not blameworthy", ()),)]  # fmt: skip
    positions = tuple(
        (p, ()) for p in ("duty nominal", "infringement justified", "justification lapsed", "wronged by ally",
                          "ally blameworthy") if draw(st.booleans())
    )  # fmt: skip
    if draw(st.booleans()):
        return (*draw(st.sampled_from(verdicts)), *positions)
    duties = [("not-triggered", ()), ("owed", ()), ("terminated", ()), ("suspended", ()), ("suspended", ("forfeited",))]
    rest = [
        ("breach would be justified", tuple(sorted(draw(grounds)))),
        ("claim forfeited", ()),
        ("claim restored", ()),
    ]
    return (draw(st.sampled_from(duties)), *(p for p in rest if draw(st.booleans())), *positions)


doctrine_lists = st.just((vocab.ALL_DOCTRINES,)) | st.lists(
    st.sampled_from(
        ["idealist", "hobbesian", "moderate", "strict-moderate", "vclt", "my_rules", "rules/mine.lp", "../x y.lp"]
    ),
    min_size=1,
    max_size=3,
    unique=True,
).map(tuple)


few_names = st.lists(names, min_size=1, max_size=2).map(tuple)


def _with_terms(draw: st.DrawFn, alliance: Alliance) -> Alliance:
    """An alliance given states it excepts (after 'any state' only) and, maybe, a one-way obligation."""
    excepted = () if alliance.adversaries else tuple(draw(st.lists(names, max_size=2)))
    guarantors, guaranteed = draw(st.just(((), ())) | st.tuples(few_names, few_names))
    return Alliance(**{**alliance.__dict__, "excepted": excepted, "guarantors": guarantors, "guaranteed": guaranteed})


@st.composite
def cases(draw: st.DrawFn) -> Case:
    time = st.one_of(steps, dates) if draw(st.booleans()) else steps
    alliances = st.builds(
        Alliance,
        name=names,
        kind=st.sampled_from(vocab.PACT_TYPES),
        members=st.lists(names, min_size=1, max_size=5).map(tuple),
        arity=st.none() | st.sampled_from(vocab.ARITIES),
        adversaries=st.lists(names, max_size=3).map(tuple),
        scope=st.none() | st.lists(names, min_size=1, max_size=3).map(tuple),
        unprovoked_only=st.booleans(),
        covers_provoked=st.booleans(),
        start=st.none() | time,
    )
    drawn = draw(st.lists(alliances, max_size=3))
    # An end date is only written after a start, so draw it separately.
    drawn = [Alliance(**{**a.__dict__, "end": draw(st.none() | time)}) if a.start is not None else a for a in drawn]
    # "Except" is written only after "any state", and a one-way clause names both sides.
    drawn = [_with_terms(draw, a) for a in drawn]
    return Case(
        title=draw(st.none() | titles),
        includes=draw(st.lists(st.builds(Include, st.from_regex(r"[a-z_/]{1,12}\.casus", fullmatch=True)), max_size=2)),
        states=draw(st.lists(st.builds(StateDecl, names), max_size=6)),
        alliances=drawn,
        events=draw(st.lists(st.builds(Event, time, happenings), max_size=12)),
        expectations=draw(
            st.lists(
                st.builds(Expectation, doctrine_lists, names, names, time, st.none() | time, statuses()), max_size=4
            )
        ),
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_print_then_parse_gives_the_same_model(case: Case) -> None:
    assert parse_text(case_text(case)) == case


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_bundled_cases_round_trip_and_fmt_is_idempotent(path: Path) -> None:
    original = parse_text(path.read_text(encoding="utf-8"), str(path))
    printed = case_text(original)
    assert parse_text(printed) == original
    assert case_text(parse_text(printed)) == printed


def test_positions_are_kept_but_do_not_count_for_equality() -> None:
    case = parse_text("state A, B\n\n\nat 3: A assists B\n", "x.casus")
    assert str(case.events[0].source) == "x.casus:4:4"
    assert case == parse_text(case_text(case))


# The formatter: any layout of a case, comments anywhere, is put in canonical form losing nothing.
comment_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20).map(
    lambda t: "#" + t.rstrip()
)


@st.composite
def laid_out(draw: st.DrawFn) -> str:
    """A case's text with comments over and beside its lines, blank lines, and loose spacing."""
    out = []
    for line in case_text(draw(cases())).splitlines():
        out.extend(draw(st.lists(comment_texts, max_size=2)))
        out.extend([""] * draw(st.integers(0, 2)))
        if line and not line.startswith(("case", "include", "expect")):  # quoted text keeps its spaces
            line = draw(st.sampled_from(["", " ", "\t"])) + line.replace(": ", draw(st.sampled_from([": ", " :  "])))
        out.append(
            line + (draw(st.sampled_from(["  ", " ", "\t"])) + draw(comment_texts) if draw(st.booleans()) else "")
        )
    out.extend(draw(st.lists(comment_texts, max_size=2)))
    return "\n".join(out) + draw(st.sampled_from(["", "\n", "\n\n"]))


def comments_of(text: str) -> list[str]:
    """Every comment of a text, as written (without the spaces around it)."""
    return sorted(line[len(code(line)) :].strip() for line in text.split("\n") if line[len(code(line)) :].strip())


@settings(max_examples=200, deadline=None)
@given(laid_out())
def test_fmt_keeps_every_comment_and_the_model_and_is_idempotent(text: str) -> None:
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert comments_of(formatted) == comments_of(text)
    assert parse_text(formatted) == parse_text(text)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_bundled_cases_are_formatted(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert format_text(text, str(path)) == text
