"""``casus whatif``: the fewest edits that flip a conclusion, proved least by exhaustive search."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
from clingo import Number, String
from headless import NO_BROWSER, chromium, scroll_width

from reasoner.cli.main import main
from reasoner.common.errors import CaseError, CasusError
from reasoner.language.check import check_case
from reasoner.language.read import load_case
from reasoner.reports.compare import statuses
from reasoner.reports.edit_space import Space, edit_space, parse_keep
from reasoner.reports.sweep import KINDS
from reasoner.reports.whatif import Target, whatif
from reasoner.solving.choices import Choice
from reasoner.solving.engine import analyse, find_doctrine
from reasoner.solving.joint import solve_cases

MODERATE = find_doctrine("moderate")
CASES = Path(__file__).resolve().parent.parent / "cases"
PAPER_CASES = ["us_south_korea", "csto_armenia", "france_greece", "china_north_korea"]

#: Two allies entrap A at once: keeping A's breaches justified needs one edit per ally.
TWO_ALLIES = """\
case "Two allies entrap one state"
state A, B, C, Z
alliance AB: bilateral defence pact between A, B
  in force from 1
end
alliance AC: bilateral defence pact between A, C
  in force from 1
end
at 1: B pursues offensive policy towards Z
at 1: C pursues offensive policy towards Z
at 1: A believes B will entrap it: likelihood high, horizon imminent, evidence objective, faith good
at 1: A believes C will entrap it: likelihood high, horizon imminent, evidence objective, faith good
at 1: A warns B: level ministerial, channel diplomatic, clarity clear
at 1: A warns C: level ministerial, channel diplomatic, clarity clear
at 2: B responds to A: dismissed
at 2: C responds to A: dismissed
at 3: Z attacks B
at 3: Z attacks C
at 3: A refrains from defending B
at 3: A refrains from defending C
"""

ALL_BUT_RESPONSES = ",".join([*(kind for kind in KINDS if kind != "response"), "pact"])


def _choices_up_to(space: Space, size: int) -> Iterator[Choice]:
    """Every choice of versions whose edits number at most ``size`` (brute force, no solver)."""
    costs = [[v.cost for v in slot] for slot in space.open_case.slots]

    def extend(start: int, left: int, taken: dict[int, int]) -> Iterator[dict[int, int]]:
        yield taken
        for s in range(start, len(costs)):
            for v, cost in enumerate(costs[s]):
                if 0 < cost <= left:
                    yield from extend(s + 1, left - cost, {**taken, s: v})

    for taken in extend(0, size, {}):
        yield tuple(taken.get(s, 0) for s in range(len(costs)))


def _flips(space: Space, target: Target, held: bool, size: int) -> dict[int, set[Choice]]:
    """Every valid edit set of at most ``size`` edits that flips the target, by its number of edits."""
    valid = []
    for choice in _choices_up_to(space, size):
        try:
            check_case(space.edited(choice))
        except CaseError:
            continue
        valid.append(choice)
    outcomes = solve_cases([space.edited(c) for c in valid], [MODERATE])
    found: dict[int, set[Choice]] = {n: set() for n in range(size + 1)}
    for choice, outcome in zip(valid, outcomes, strict=True):
        conclusions = outcome.solutions[0].conclusions  # type: ignore[union-attr]
        if target.holds(conclusions) != held:
            cost = sum(space.open_case.slots[s][v].cost for s, v in enumerate(choice))
            found[cost].add(choice)
    return found


def _choice_of(space: Space, edits: tuple) -> Choice:  # type: ignore[type-arg]
    chosen = {space.slots.index(e.slot): e.slot.options.index(e.version) for e in edits}
    return tuple(chosen.get(s, 0) for s in range(len(space.slots)))


def test_two_edits_are_least_and_every_least_answer_is_found(tmp_path: Path) -> None:
    path = tmp_path / "two.casus"
    path.write_text(TWO_ALLIES, encoding="utf-8")
    case = load_case(path)
    keep = parse_keep([ALL_BUT_RESPONSES])
    target = Target("justified", (String("A"), None, Number(3), None))
    found = whatif(case, MODERATE, target, top=10_000, keep=keep)
    assert found.held and found.size == 2
    space = edit_space(case, keep)
    brute = _flips(space, target, held=True, size=2)
    assert brute[0] == set() and brute[1] == set()
    assert {_choice_of(space, a.edits) for a in found.answers} == brute[2]
    for answer in found.answers:
        after = statuses(answer.result.solutions[0])
        assert after[("A", "B", 3)].verdict() == "breach blameworthy"
        assert after[("A", "C", 3)].verdict() == "breach blameworthy"


def test_one_edit_answers_on_france_greece_equal_the_exhaustive_search() -> None:
    case = load_case(CASES / "france_greece.casus")
    target = Target("blameworthy", (String("France"), String("Greece"), Number(9)))
    keep = parse_keep(["signal,belief,threat"])
    found = whatif(case, MODERATE, target, top=10_000, keep=keep)
    assert not found.held and found.size == 1
    space = edit_space(case, keep)
    brute = _flips(space, target, held=False, size=1)
    assert brute[0] == set()
    assert {_choice_of(space, a.edits) for a in found.answers} == brute[1]
    said = {line for a in found.answers for line in _diff(a)}
    assert "+ at 7: Greece responds to France: reversed" in said  # a deed: 'heeded' alone is words (doctrines.md)
    assert "- at 2: Greece pursues offensive policy towards Turkey" in said
    assert found.count == len(brute[1])


def _diff(answer, file: str = "france_greece.casus") -> list[str]:  # type: ignore[no-untyped-def]
    from reasoner.reports.whatif import diff_lines

    return diff_lines(load_case(CASES / file), answer)


def _moderate_breaches() -> Iterator[tuple[str, tuple[str, str, int], str]]:
    for name in PAPER_CASES:
        result = analyse(load_case(CASES / f"{name}.casus"), [MODERATE])
        for key, status in sorted(statuses(result.solutions[0]).items()):
            if status.breach:
                yield name, key, status.verdict()


@pytest.mark.parametrize(("name", "key", "verdict"), list(_moderate_breaches()))
def test_every_moderate_breach_of_the_paper_cases_has_a_least_flip(
    name: str, key: tuple[str, str, int], verdict: str
) -> None:
    case = load_case(CASES / f"{name}.casus")
    x, y, t = key
    justified = verdict.startswith("breach justified")
    target = Target(
        "justified" if justified else "blameworthy", (String(x), String(y), Number(t), None)[: 4 if justified else 3]
    )
    found = whatif(case, MODERATE, target, top=3, keep=parse_keep(["action"]))
    assert found.held and found.size == 1 and found.answers
    for answer in found.answers:
        after = statuses(answer.result.solutions[0]).get(key)
        assert after is None or after.verdict() != verdict
        assert not target.holds(answer.result.solutions[0].conclusions)


def _applied(text: str, diff: list[str]) -> str:
    """A case file with a diff of event lines applied by hand: '-' lines taken out, '+' lines added.

    The expectations go: they speak of the case as written (an edit may remove a time point they name).
    """
    lines = [line for line in text.splitlines() if not line.startswith("expect ")]
    for line in diff:
        if line.startswith("- "):
            lines.remove(line[2:])
    lines += [line[2:] for line in diff if line.startswith("+ ")]
    return "\n".join(lines) + "\n"


def test_the_printed_diff_applied_to_the_file_gives_the_verdict_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = CASES / "france_greece.casus"
    argv = ["whatif", str(source), "blameworthy(France, Greece, 9)", "--top", "8", "--format", "json"]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "casus.whatif/1"
    assert document["holds"] is False and document["fewest_edits"] == 1
    assert document["before"] == [
        {"owes": "France", "to": "Greece", "time": 9, "conclusion": "breach justified (entrapment)"}
    ]
    assert len(document["answers"]) == 8
    for n, answer in enumerate(document["answers"]):
        edited = tmp_path / f"edited{n}.casus"
        edited.write_text(_applied(source.read_text(encoding="utf-8"), answer["diff"]), encoding="utf-8")
        after = statuses(analyse(load_case(edited), [MODERATE]).solutions[0]).get(("France", "Greece", 9))
        shown = answer["after"][0]["conclusion"]
        assert (after.verdict() if after is not None and after.breach else shown) == shown == "breach blameworthy"


def test_text_answer_for_the_survival_route(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["whatif", str(CASES / "us_south_korea.casus"), "justified(SouthKorea, UnitedStates, 4, survival)"]
    assert main([*argv, "--keep", "action,attack,pact", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "target: justified(SouthKorea, UnitedStates, 4, survival), which holds\n" in out
    assert "the fewest edits that make it fail: 1 edit (" in out
    assert (
        "1. remove line 18\n"
        "   - at 2: China threatens SouthKorea if it intervenes: severity existential,\n"
        "       credibility high\n"
        "   after: SouthKorea owes UnitedStates at 4: breach blameworthy\n"
    ) in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_target_no_edit_can_reach_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "france_greece.casus")
    assert main(["whatif", case, "blameworthy(France, Greece, 9)", "-d", "hobbesian"]) == 1
    assert "no set of edits in the edit space makes it hold" in capsys.readouterr().out
    assert main(["whatif", case, "blameworthy(France, Greece, 9)", "--max-edits", "0"]) == 1
    assert "no set of at most 0 edits in the edit space makes it hold" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("target", "extra", "message"),
    [
        ("blamewrthy(France, Greece, 9)", [], "did you mean 'blameworthy'?"),
        ("blameworthy(France, Greece)", [], "'blameworthy' takes 3 arguments, not 2"),
        ("blameworthy(France, Grece, 9)", [], "did you mean 'Greece'?"),
        ("owed(France, Greece, 99)", [], "error: the case has no time point 99\n --> query:1:22"),
        ("-blameworthy(France, Greece, 9)", [], "write the target without '-'"),
        ("blameworthy(France, Greece, 9)", ["--keep", "sgnal"], "did you mean 'signal'?"),
        ("blameworthy(France, Greece, 9)", ["--top", "0"], "--top needs at least one answer"),
    ],
)
def test_bad_targets_and_options_are_usage_errors(
    target: str, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["whatif", str(CASES / "france_greece.casus"), target, *extra]) == 2
    assert message in capsys.readouterr().err


def test_keeping_a_line_with_no_statement_is_warned(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "france_greece.casus")
    assert main(["whatif", case, "blameworthy(France, Greece, 9)", "--keep", "99,20", "--top", "1"]) == 0
    out, err = capsys.readouterr()
    assert "warning: --keep 99: there is no event or pact on line 99" in err
    assert "line 20" not in out.split("\n\n")[1]


def test_keep_freezes_statements_and_kinds() -> None:
    case = load_case(CASES / "france_greece.casus")
    space = edit_space(case, parse_keep(["response,pact", "21"]))
    lines = {slot.options[0].source.line for slot in space.slots if slot.where == "event"}  # type: ignore[union-attr]
    assert lines == {20, 22, 24, 26, 27, 29}
    assert all(slot.where != "clause" for slot in space.slots)
    assert not any(type(slot.options[1]).__name__ == "Response" for slot in space.slots if slot.where == "added")
    with pytest.raises(CasusError) as caught:
        parse_keep(["signals"])
    assert caught.value.exit_code == 2


def test_disagree_prints_a_case_that_check_accepts_and_compare_confirms(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["disagree", "idealist", "moderate"]) == 0
    printed = capsys.readouterr().out
    assert "# size: 3 states, 1 pact, 3 events\n" in printed
    path = tmp_path / "smallest.casus"
    path.write_text(printed, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    capsys.readouterr()
    assert main(["compare", str(path), "-d", "idealist", "-d", "moderate", "--format", "json"]) == 0
    (compared,) = json.loads(capsys.readouterr().out)["cases"]
    breaches = compared["breaches"]
    assert [(b["owes"], b["to"], b["time"]) for b in breaches] == [("B", "C", 1)]
    assert breaches[0]["verdicts"] == {"idealist": "breach blameworthy", "moderate": "breach justified (survival)"}
    assert [r["differs"] for r in compared["rows"] if (r["owes"], r["to"], r["time"]) == ("B", "C", 1)] == [True]


def test_no_smaller_case_makes_idealist_and_hobbesian_disagree() -> None:
    from reasoner.reports.disagree import Bounds, smallest

    found = smallest(find_doctrine("idealist"), find_doctrine("hobbesian"))
    assert found.case is not None
    assert (len(found.case.states), len(found.case.alliances), len(found.case.events)) == (3, 1, 2)
    two_states = smallest(find_doctrine("idealist"), find_doctrine("hobbesian"), Bounds(states=2))
    assert two_states.case is None  # an attack needs an attacker besides the two allies


def test_disagree_near_a_case_makes_the_doctrines_agree(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(CASES / "france_greece.casus")
    argv = ["disagree", "idealist", "moderate", "--near", case, "--keep", "action", "--top", "3", "--format", "json"]
    assert main(argv) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "casus.disagree/1" and document["disagree"] is True
    assert document["fewest_edits"] == 1 and len(document["answers"]) == 3
    for answer in document["answers"]:
        (after,) = answer["after"]
        assert after["verdicts"] == {"idealist": "breach blameworthy", "moderate": "breach blameworthy"}


def test_html_page_shows_each_answer_as_a_coloured_diff(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["whatif", str(CASES / "us_south_korea.casus"), "justified(SouthKorea, UnitedStates, 4, survival)"]
    assert main([*argv, "--keep", "action,attack,pact", "--top", "2", "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    assert "<h2>1. remove line 18</h2>" in page
    removed = "- at 2: China threatens SouthKorea if it intervenes: severity existential, credibility high"
    assert f'<span class="removed">{removed}</span>' in page
    assert '<span class="added">+ at 5: China threatens SouthKorea' in page
    assert "after: SouthKorea owes UnitedStates at 4: breach blameworthy" in page


class _Page(HTMLParser):
    """The headings, the case listing and the verdict table's cells of a page, its tags checked balanced."""

    VOID: ClassVar[set[str]] = {"meta", "br", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = []  # each open tag with its class
        self.headings: list[tuple[str, str]] = []
        self.listing = ""
        self.cells: list[list[str]] = []

    def _inside(self, klass: str) -> bool:
        return any(klass in c.split() for _, c in self.open)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.open.append((tag, dict(attrs).get("class") or ""))
        if tag in ("h1", "h2"):
            self.headings.append((tag, ""))
        if tag == "tr" and self._inside("casus-result"):  # the verdicts, as casus compare words them
            self.cells.append([])

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop()[0] == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        tag = self.open[-1][0] if self.open else ""
        if tag in ("h1", "h2"):
            self.headings[-1] = (tag, self.headings[-1][1] + data)
        elif self._inside("case"):
            self.listing += data
        elif tag in ("td", "th") and self._inside("casus-result"):
            self.cells[-1].append(data)


def _printed_case(text: str) -> str:
    """The case file of ``casus disagree``'s text output, without the comment lines it starts with."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


@pytest.fixture(scope="module")
def smallest_page() -> str:
    """``casus disagree idealist moderate --format html``, as printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["disagree", "idealist", "moderate", "--format", "html"]) == 0
    return printed.getvalue()


def test_disagree_html_shows_the_case_beside_the_verdicts_and_both_explanations(
    smallest_page: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = smallest_page
    assert page.startswith("<!doctype html>") and "http" not in page
    parsed = _Page()
    parsed.feed(page)
    assert parsed.open == []
    title = "The smallest case on which idealist and moderate disagree"
    assert parsed.headings[:5] == [
        ("h1", title),
        ("h2", "The case"),
        ("h2", "Verdicts that differ"),
        ("h2", "Why they differ"),
        ("h1", f"{title} (<smallest>): idealist against moderate"),
    ]
    assert ("h2", "B's breach of its duty to C at 1 is blameworthy") in parsed.headings
    assert "<p>size: 3 states, 1 pact, 3 events</p>" in page
    # The case is the one the text output prints, which casus check accepts.
    assert main(["disagree", "idealist", "moderate"]) == 0
    assert parsed.listing == _printed_case(capsys.readouterr().out)
    assert "at 1: A threatens B if it intervenes: severity existential, credibility high" in parsed.listing
    assert parsed.cells == [
        ["breach", "time", "idealist", "moderate"],
        ["B -> C", "1", "breach blameworthy", "breach justified (survival)"],
    ]
    # Both explanations side by side: the contrast's table, one column per doctrine.
    assert '<table class="contrast"><tr><th>idealist</th><th>moderate</th></tr>' in page
    assert "no justification</span>: B&#x27;s breach at 1 is blameworthy: the Idealist View" in page


@pytest.mark.skipif(chromium() is None, reason=NO_BROWSER)
def test_disagree_html_needs_no_sideways_scroll_at_1280_pixels(smallest_page: str, tmp_path: Path) -> None:
    assert scroll_width(smallest_page, tmp_path) <= 1280


def test_disagree_html_when_no_case_within_the_bounds_parts_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["disagree", "idealist", "hobbesian", "--states", "2", "--format", "html", "--explain"]) == 1
    printed = capsys.readouterr()
    assert printed.err == "warning: --explain has no effect with --format html: the page always has both explanations\n"
    page = printed.out
    parsed = _Page()
    parsed.feed(page)
    assert parsed.headings == [("h1", "The smallest case on which idealist and hobbesian disagree")]
    assert "<p>no case within these bounds makes idealist and hobbesian reach different verdicts</p>" in page
    assert parsed.listing == "" and parsed.cells == []


def test_the_law_of_treaties_events_are_edited_like_any_other() -> None:
    """An objection added within the period, or the notification removed, undoes the suspension (vclt)."""
    case = load_case(CASES / "treaty_suspended_after_notice.casus")
    target = Target("justified", (String("AllyX"), String("AllyY"), Number(8), None))
    found = whatif(case, find_doctrine("vclt"), target, top=10_000)
    assert found.held and found.size == 1
    said = {line for a in found.answers for line in _diff(a, "treaty_suspended_after_notice.casus")}
    assert "+ at 5: AllyY objects to AllyX" in said
    assert "- at 4: AllyX notifies AllyY of suspension" in said
    assert "+ at 4: AllyX notifies AllyY of countermeasures" in said


def test_a_pacts_cover_of_provoked_attacks_is_a_clause_to_edit() -> None:
    case = load_case(CASES / "provoked_attacks_covered.casus")
    target = Target("breach", (String("AllyX"), String("AllyY"), Number(3)))
    found = whatif(case, MODERATE, target, top=10_000)
    assert found.held and found.size == 1
    assert "-   covers provoked attacks" in {line for a in found.answers for line in _diff(a, case.file)}


def test_a_case_whose_ally_ends_its_policy_is_edited_too() -> None:
    case = load_case(CASES / "policy_ended.casus")
    target = Target("blameworthy", (String("AllyX"), String("AllyY"), Number(7)))
    found = whatif(case, MODERATE, target, top=10_000)
    assert found.held and found.size == 1
