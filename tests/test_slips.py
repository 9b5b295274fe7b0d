"""Warnings that catch slips: each one's exact message, caret and help, and a case that draws none."""

# ruff: noqa: E501  (the expected messages are kept whole, one source line per line)

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reasoner.cli.main import main
from reasoner.language.read import load_case

CASES = Path(__file__).resolve().parent.parent / "cases"

PACT = "state France, Greece, Turkey\nalliance P: defence pact between France, Greece\nend\n"
BELIEF = "France believes Greece will entrap it: likelihood high, horizon imminent, evidence objective, faith good"

SLIPS = [
    pytest.param(
        PACT.replace("defence pact", "consultation pact")
        + "at 1: Turkey attacks Greece, target initiated hostilities\n",
        "warning: 'target initiated hostilities' has no effect here\n"
        " --> case.casus:4:30\n"
        "  |\n"
        "4 | at 1: Turkey attacks Greece, target initiated hostilities\n"
        "  |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: no alliance of Greece's is a defence pact limited to unprovoked attacks, so none asks who "
        "started the fighting\n",
        id="initiation no pact can see",
    ),
    pytest.param(
        PACT.replace("end\n", "  covers provoked attacks\nend\n")
        + "at 1: Turkey attacks Greece, target initiated hostilities\n",
        "warning: 'target initiated hostilities' has no effect here\n"
        " --> case.casus:5:30\n"
        "  |\n"
        "5 | at 1: Turkey attacks Greece, target initiated hostilities\n"
        "  |                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: no alliance of Greece's is a defence pact limited to unprovoked attacks, so none asks who "
        "started the fighting\n",
        id="initiation under a pact covering provoked attacks",
    ),
    pytest.param(
        PACT.replace("defence pact", "neutrality pact").replace("end\n", "  covers provoked attacks\nend\n")
        + "at 1: Turkey attacks Greece\n",
        "warning: 'covers provoked attacks' has no effect on the neutrality pact 'P'\n"
        " --> case.casus:2:10\n"
        "  |\n"
        "2 | alliance P: neutrality pact between France, Greece\n"
        "  |          ^\n"
        "  = help: only a defence pact gives rise to a duty to defend, provoked attacks or not\n",
        id="provoked attacks covered by no defence pact",
    ),
    pytest.param(
        PACT.replace(", Turkey", "") + "at 1: France notifies Greece of suspension\n",
        "warning: Greece has not refused to defend France before 1\n"
        " --> case.casus:4:7\n"
        "  |\n"
        "4 | at 1: France notifies Greece of suspension\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: a notification answers the other's breach (VCLT art. 60, ILC art. 52): with no earlier refusal of Greece's it has no effect\n",
        id="notification before any breach",
    ),
    pytest.param(
        PACT.replace(", Turkey", "") + "at 1: France calls on Greece to comply\n",
        "warning: Greece has not refused to defend France before 1\n"
        " --> case.casus:4:7\n"
        "  |\n"
        "4 | at 1: France calls on Greece to comply\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: a call to comply answers the other's wrongful act (ILC art. 52): with no earlier refusal of Greece's it has no effect\n",
        id="call to comply before any breach",
    ),
    pytest.param(
        PACT.replace(", Turkey", "") + "at 1: Greece objects to France\n",
        "warning: Greece objects to France at 1, which has notified it of nothing\n"
        " --> case.casus:4:7\n"
        "  |\n"
        "4 | at 1: Greece objects to France\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: an objection answers a notification: state that France notifies Greece first\n",
        id="objection to no notification",
    ),
    pytest.param(
        PACT + "at 1: Greece fights an unjust war against Turkey\n",
        "warning: Turkey never attacks Greece\n"
        " --> case.casus:4:43\n"
        "  |\n"
        "4 | at 1: Greece fights an unjust war against Turkey\n"
        "  |                                           ^^^^^^\n"
        "  = help: the justice of Greece's war matters only to its allies' duty, which Turkey's attack would trigger\n",
        id="justice of a war that never comes",
    ),
    pytest.param(
        PACT + "at 1: France would give Turkey negligible help\n",
        "warning: 'Turkey' is not an ally of 'France'\n"
        " --> case.casus:4:25\n"
        "  |\n"
        "4 | at 1: France would give Turkey negligible help\n"
        "  |                         ^^^^^^\n"
        "  = help: no alliance has both as members, and a contribution to an ally's defence matters only between allies\n",
        id="contribution to a non-ally",
    ),
    pytest.param(
        PACT
        + "at 1: France believes Turkey will entrap it: likelihood high, horizon imminent, evidence objective, faith good\n",
        "warning: 'Turkey' is not an ally of 'France'\n"
        " --> case.casus:4:23\n"
        "  |\n"
        "4 | at 1: France believes Turkey will entrap it: likelihood high, horizon imminent, evidence objective, faith good\n"
        "  |                       ^^^^^^\n"
        "  = help: no alliance has both as members, and a belief in entrapment matters only between allies\n",
        id="belief about a non-ally",
    ),
    pytest.param(
        PACT + "at 1: France warns Turkey: level head-of-state, channel direct, clarity clear\n",
        "warning: 'Turkey' is not an ally of 'France'\n"
        " --> case.casus:4:20\n"
        "  |\n"
        "4 | at 1: France warns Turkey: level head-of-state, channel direct, clarity clear\n"
        "  |                    ^^^^^^\n"
        "  = help: no alliance has both as members, and a warning matters only between allies\n",
        id="warning to a non-ally",
    ),
    pytest.param(
        PACT + "at 1: Turkey responds to France: heeded\n",
        "warning: 'France' is not an ally of 'Turkey'\n"
        " --> case.casus:4:26\n"
        "  |\n"
        "4 | at 1: Turkey responds to France: heeded\n"
        "  |                          ^^^^^^\n"
        "  = help: no alliance has both as members, and a response to a warning matters only between allies\n",
        id="response by a non-ally",
    ),
    pytest.param(
        PACT + "at 1: Greece threatens Turkey if it intervenes: severity grave, credibility high\n",
        "warning: 'Turkey' is threatened if it intervenes, but it is no member of any alliance\n"
        " --> case.casus:4:24\n"
        "  |\n"
        "4 | at 1: Greece threatens Turkey if it intervenes: severity grave, credibility high\n"
        "  |                        ^^^^^^\n"
        "  = help: such a threat matters only to a state with an ally to defend\n",
        id="threat against a non-ally",
    ),
    pytest.param(
        PACT + "at 1: Turkey pursues risky policy towards Greece\n",
        "warning: 'Turkey' is pursuing a policy, but it is no member of any alliance\n"
        " --> case.casus:4:7\n"
        "  |\n"
        "4 | at 1: Turkey pursues risky policy towards Greece\n"
        "  |       ^^^^^^\n"
        "  = help: entrapment comes from an ally's policy: name the ally that pursues it\n",
        id="policy of a non-ally",
    ),
    pytest.param(
        PACT.replace(", Turkey", "") + "at 1: France warns Greece: level head-of-state, channel direct, clarity clear\n"
        f"at 2: {BELIEF}\n",
        "warning: France warns Greece at 1 before any concern about it\n"
        " --> case.casus:4:7\n"
        "  |\n"
        "4 | at 1: France warns Greece: level head-of-state, channel direct, clarity clear\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: no belief of France's that Greece will entrap it is stated at or before 1: a warning signals a concern, so state the belief first\n",
        id="warning before any concern",
    ),
    pytest.param(
        "state France, Greece, Turkey\nalliance P: defence pact between France, Greece\n  in force from 1 until 3\nend\n"
        "at 5: Turkey attacks Greece\n",
        "warning: every pact of Greece's has ended by 5\n"
        " --> case.casus:5:7\n"
        "  |\n"
        "5 | at 5: Turkey attacks Greece\n"
        "  |       ^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: 'P' ends at 3; this attack triggers no duty\n",
        id="attack after every pact ended",
    ),
    pytest.param(
        "state France, Greece, Turkey, Italy\nalliance P: defence pact between France, Greece\nend\nat 1: Turkey attacks Greece\n",
        "warning: the state 'Italy' is declared but never used\n"
        " --> case.casus:1:31\n"
        "  |\n"
        "1 | state France, Greece, Turkey, Italy\n"
        "  |                               ^^^^^\n"
        "  = help: name it in an alliance or an event, or remove it\n",
        id="state never used",
    ),
]


@pytest.mark.parametrize(("text", "message"), SLIPS)
def test_a_slip_is_a_warning_with_its_place_and_help(
    text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("case.casus").write_text(text, encoding="utf-8")
    assert main(["check", "case.casus"]) == 0  # a warning does not fail the check
    assert capsys.readouterr().err == message
    (found,) = load_case("case.casus").warnings
    assert found.severity == "warning"


def test_a_careful_case_draws_no_warning() -> None:
    text = (
        "state France, Greece, Turkey\n"
        "alliance P: defence pact between France, Greece\n  only if unprovoked\n  in force from 1 until 9\nend\n"
        "at 1: Greece pursues risky policy towards Turkey\n"
        f"at 2: {BELIEF}\n"
        "at 2: France warns Greece: level head-of-state, channel direct, clarity clear\n"
        "at 3: Greece responds to France: dismissed\n"
        "at 4: Turkey threatens France if it intervenes: severity grave, credibility high\n"
        "at 5: Turkey attacks Greece, target initiated hostilities\n"
    )
    from reasoner.language.check import diagnose
    from reasoner.language.read import parse_text

    assert diagnose(parse_text(text)) == []


def test_a_shared_treaty_on_its_own_does_not_warn_of_states_it_leaves_to_the_cases() -> None:
    assert load_case(CASES / "treaties" / "x_y_defence_pact.casus").warnings == []


def test_the_bundled_cases_draw_only_the_warnings_they_mean() -> None:
    warned = {path.name: [d.message for d in load_case(path).warnings] for path in sorted(CASES.glob("*.casus"))}
    assert {name: found for name, found in warned.items() if found} == {
        "pact_expiry_dated.casus": ["AllyX and AllyY are not bound by any pact at 2031-01-15"],
        "pact_lapses_while_forfeited.casus": ["AllyX and AllyY are not bound by any pact at 8"],
        # Wide covers provoked attacks, so who started the fighting does not matter to it: the case's point.
        "provoked_attacks_covered.casus": ["'target initiated hostilities' has no effect here"],
        "warning_before_belief.casus": ["AllyX warns AllyY at 2 before any concern about it"],
    }


# -- the index against the old way ------------------------------------------------------------------

_STATES = ("A", "B", "C")


def _every_event_the_slow_way(case):  # type: ignore[no-untyped-def]
    """The event warnings' messages found as they were before the index: every event against every other.

    Kept here as the oracle of the property test below (each event's checks scanned the whole case).
    """
    from reasoner.language import slips as s
    from reasoner.language.model import time_key

    def allied(x: str, y: str) -> bool:
        return any(x in a.members and y in a.members for a in case.alliances)

    found = []
    for event in case.events:
        h, t = event.happening, time_key(event.time)
        earlier = [e for e in case.events if time_key(e.time) < t or (e is not event and time_key(e.time) == t)]
        if isinstance(h, s.Attack):
            pacts = [a for a in case.alliances if h.target in a.members]
            asks = any(a.unprovoked_only or (a.kind == "defence" and not a.covers_provoked) for a in pacts)
            if h.target_initiated and not asks:
                found.append("'target initiated hostilities' has no effect here")
            if pacts and all(a.end is not None and time_key(a.end) < t for a in pacts):
                found.append(f"every pact of {h.target}'s has ended by {s.format_time(event.time)}")
        elif isinstance(h, s.WarJustice):
            if not any(
                isinstance(e.happening, s.Attack) and s._pair(e.happening) == (h.enemy, h.fighter) for e in case.events
            ):
                found.append(f"{h.enemy} never attacks {h.fighter}")
        elif type(h) in s._BETWEEN_ALLIES:
            first, second = s._pair(h)
            bound = any(
                first in a.members and second in a.members and a.in_force_at(event.time) for a in case.alliances
            )
            concern = any(
                isinstance(e.happening, s.Belief)
                and (e.happening.holder, e.happening.about) == (first, second)
                and time_key(e.time) <= t
                for e in case.events
            )
            if not allied(first, second):
                found.append(f"'{second}' is not an ally of '{first}'")
            elif isinstance(h, s.Signal) and bound and not concern:
                found.append(f"{first} warns {second} at {s.format_time(event.time)} before any concern about it")
            elif isinstance(h, s.Objection):
                if not any(
                    isinstance(e.happening, s.Notification) and s._pair(e.happening) == (h.to, h.objector)
                    for e in earlier
                ):
                    found.append(
                        f"{h.objector} objects to {h.to} at {s.format_time(event.time)}, which has notified it of nothing"
                    )
            elif isinstance(h, s.Notification | s.CallToComply):
                refused = [e for e in earlier if isinstance(e.happening, s.Action) and time_key(e.time) < t]
                if not any(
                    s._pair(e.happening) == (second, first) and e.happening.kind == "refrained" for e in refused
                ):
                    found.append(f"{second} has not refused to defend {first} before {s.format_time(event.time)}")
        elif isinstance(h, s.Threat | s.Conduct):
            state = h.target if isinstance(h, s.Threat) else h.actor
            if not any(state in a.members for a in case.alliances):
                found.append(f"'{state}' is {s._NOT_A_MEMBER[type(h)][0]}, but it is no member of any alliance")
    return found


_pairs = st.tuples(st.sampled_from(_STATES), st.sampled_from(_STATES)).filter(lambda p: p[0] != p[1])
_EVENTS = [
    "{x} attacks {y}",
    "{x} attacks {y}, target initiated hostilities",
    "{x} believes {y} will entrap it: likelihood high, horizon imminent, evidence objective, faith good",
    "{x} warns {y}: level ministerial, channel diplomatic, clarity clear",
    "{y} responds to {x}: dismissed",
    "{x} refrains from defending {y}",
    "{x} notifies {y} of suspension",
    "{x} objects to {y}",
    "{x} calls on {y} to comply",
    "{x} fights a just war against {y}",
    "{x} pursues offensive policy towards {y}",
]
_events = st.lists(st.tuples(st.integers(0, 3), st.sampled_from(_EVENTS), _pairs), max_size=25)
_pacts = st.lists(
    st.tuples(
        st.sets(st.sampled_from(_STATES), min_size=2, max_size=3),
        st.sampled_from(["defence pact", "consultation pact"]),
        st.integers(0, 3),
        st.one_of(st.none(), st.integers(0, 3)),
    ),
    min_size=1,
    max_size=3,
)


_PACT_AB = [({"A", "B"}, "defence pact", 0, None)]


@settings(max_examples=200, deadline=None)
@given(pacts=_pacts, events=_events)
@example(_PACT_AB, [(1, _EVENTS[6], ("B", "A")), (1, _EVENTS[7], ("A", "B"))])  # notified at the objection's time
@example(_PACT_AB, [(1, _EVENTS[5], ("A", "B")), (1, _EVENTS[8], ("B", "A"))])  # refused at the call's time
@example(_PACT_AB, [(1, _EVENTS[2], ("A", "B")), (1, _EVENTS[3], ("A", "B"))])  # believed at the warning's time
@example(_PACT_AB, [(2, _EVENTS[5], ("A", "B")), (1, _EVENTS[5], ("A", "B")), (3, _EVENTS[8], ("B", "A"))])
def test_the_index_warns_exactly_where_scanning_every_event_would(pacts, events) -> None:  # type: ignore[no-untyped-def]
    """Each event's warnings through the index are those of checking it against every other event and pact."""
    from reasoner.language import slips as s
    from reasoner.language.read import parse_text

    lines = [f"state {', '.join(_STATES)}"]
    for number, (members, kind, start, length) in enumerate(pacts):
        lines.append(f"alliance P{number}: {kind} between {', '.join(sorted(members))}")
        lines.append(f"  in force from {start}" + (f" until {start + length}" if length is not None else ""))
        lines.append("end")
    lines += [f"at {t}: {template.format(x=x, y=y)}" for t, template, (x, y) in sorted(events, key=lambda e: e[0])]
    case = parse_text("\n".join(lines) + "\n", "case.casus")
    warned = [d.message for d in s.slips(case, set(_STATES))]
    clauses = [d.message for d in s._clause_slips(case)]
    assert warned == clauses + _every_event_the_slow_way(case)
