"""The workbench in a real headless browser: Debian's Chromium driven by selenium, against ``casus serve``.

Skipped, saying how to run it, where Chromium and chromedriver are not installed.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

By = pytest.importorskip("selenium.webdriver.common.by", reason="selenium comes with the test extra").By

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("workbench_screenshots", ROOT / "scripts" / "workbench_screenshots.py")
assert _SPEC is not None and _SPEC.loader is not None
shots = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(shots)

pytestmark = pytest.mark.skipif(shots.chromium() is None, reason=shots.HOW_TO_GET_A_BROWSER)

FRANCE_GREECE = (ROOT / "cases" / "france_greece.casus").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    with shots.serving() as served:
        yield served


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with shots.browser() as browser:
        yield browser


def by_css(driver: Any, selector: str) -> Any:
    return driver.find_element(By.CSS_SELECTOR, selector)


def select_word(driver: Any, line: int, word: str) -> None:
    """Put the editor's selection on ``word`` in ``line``, as a double click would."""
    driver.execute_script(
        """
        const [line, word] = arguments;
        const source = document.getElementById('source');
        const lines = source.value.split('\\n');
        let offset = 0;
        for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
        const start = offset + lines[line - 1].indexOf(word);
        source.focus();
        source.setSelectionRange(start, start + word.length);
        """,
        line,
        word,
    )


def linked_text(driver: Any) -> str | None:
    """The case text the page's link holds now (decoded by the page's own code)."""
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        decodeState(location.hash.slice(1)).then((s) => done(s.text), () => done(null));
        """
    )


def open_france_greece(driver: Any, address: str) -> None:
    """A fresh page, France and Greece opened from the gallery and solved under the three doctrines."""
    driver.get(address)
    shots.open_from_gallery(driver, "france_greece.casus")
    shots.wait_for(driver, lambda d: len(shots.verdict_texts(d)) == 3)


def test_a_class_opens_france_greece_edits_it_and_reads_an_explanation(driver: Any, address: str) -> None:
    open_france_greece(driver, address)
    assert by_css(driver, "#source").get_attribute("value") == FRANCE_GREECE
    assert by_css(driver, "#title").text == "France and Greece: the Aegean drillship"
    before = shots.verdict_texts(driver)
    assert "entrapment" in before[2]
    assert by_css(driver, "#highlight .tok-keyword").text  # the case text is highlighted
    # Long lines wrap; every line number stands beside its line, and the layers match the text.
    tops = driver.execute_script(
        """const tops = (id) => [...document.getElementById(id).children].map((e) => e.getBoundingClientRect().top);
        return [tops('gutter'), tops('marks'), tops('highlight'),
                document.getElementById('source').scrollHeight, document.getElementById('marks').scrollHeight];"""
    )
    assert tops[0] == tops[1] == tops[2] and len(tops[0]) == FRANCE_GREECE.count("\n") + 1
    assert tops[3] == tops[4]
    assert tops[1][21] - tops[1][20] > tops[1][20] - tops[1][19]  # line 21 (a long belief) wraps
    assert shots.no_sideways_scroll(driver)

    # A slip of the pen: the diagnostic appears at its line and column as the user types.
    select_word(driver, 25, "dismissed")
    by_css(driver, "#source").send_keys("heded")
    shots.wait_for(driver, lambda d: "unknown response 'heded'" in d.find_element(By.ID, "diagnostics").text)
    assert "france_greece.casus:25:34" in by_css(driver, "#diagnostics").text
    assert "error" in by_css(driver, '#gutter div[data-line="25"]').get_attribute("class")
    assert by_css(driver, "#marks .error").text == "heded"

    # Corrected to a change of course: Greece reverses its policy on the second warning, and the
    # Moderate View's verdict changes (a heeding in words alone would not restore the claim).
    select_word(driver, 25, "heded")
    by_css(driver, "#source").send_keys("reversed")
    shots.wait_for(driver, lambda d: shots.idle(d) and len(shots.verdict_texts(d)) == 3)
    after = shots.verdict_texts(driver)
    assert after[:2] == before[:2]
    assert after[2] != before[2] and "entrapment" not in after[2]
    assert by_css(driver, "#diagnostics").text == "No errors or warnings."

    # A click on the verdict opens its explanation, with the lines it cites marked in the editor.
    shots.click(driver, '#verdicts button.verdict[data-doctrine="moderate"]')
    shots.wait_for(driver, lambda d: d.find_element(By.ID, "cited").text.startswith("Cites lines") and shots.idle(d))
    cited = [e.get_attribute("data-line") for e in driver.find_elements(By.CSS_SELECTOR, "#gutter div.cited")]
    assert "26" in cited  # the attack at 8, which triggers the duty
    shots.wait_for(driver, lambda d: "is blameworthy" in d.find_element(By.ID, "explanation").text)
    assert "France's breach at 9 is blameworthy" in by_css(driver, "#explanation").text
    # The reader opens every node, then clicks a citation of the case: the editor moves to that line.
    driver.execute_script("document.querySelectorAll('#explanation details').forEach((d) => (d.open = true))")
    by_css(driver, "#explanation").find_element(By.LINK_TEXT, "line 26").click()
    caret_line = driver.execute_script(
        "const s = document.getElementById('source'); return s.value.slice(0, s.selectionStart).split('\\n').length"
    )
    assert caret_line == 26
    assert shots.script_errors(driver) == []


def test_a_new_case_starts_from_a_blank_that_solves(driver: Any, address: str) -> None:
    open_france_greece(driver, address)
    shots.click(driver, '#cases button[data-case="new.casus"]')
    shots.wait_for(driver, lambda d: d.find_element(By.ID, "file-name").text == "new.casus" and shots.idle(d))
    assert by_css(driver, "#title").text == "A new case"
    assert "discretion" in shots.verdict_texts(driver)[1]  # the Hobbesian View: at the ally's discretion
    assert by_css(driver, "#diagnostics").text == "No errors or warnings."


def test_two_doctrines_are_contrasted(driver: Any, address: str) -> None:
    from selenium.webdriver.support.ui import Select

    open_france_greece(driver, address)
    Select(by_css(driver, "#left")).select_by_value("idealist")
    Select(by_css(driver, "#right")).select_by_value("moderate")
    by_css(driver, "#contrast").click()
    shots.wait_for(driver, lambda d: "differences" in d.find_element(By.ID, "explanation-title").text and shots.idle(d))
    assert by_css(driver, "#explanation-title").text.startswith("idealist against moderate: ")
    assert not by_css(driver, "#full-box").is_displayed()  # the full-tree switch is for one verdict's explanation
    shots.wait_for(
        driver, lambda d: "idealist against moderate" in d.find_element(By.CSS_SELECTOR, "#explanation h1").text
    )
    assert shots.script_errors(driver) == []


def test_the_link_brings_back_the_edited_case_and_the_choices(driver: Any, address: str) -> None:
    open_france_greece(driver, address)
    by_css(driver, '#doctrines input[value="hobbesian"]').click()
    shots.wait_for(driver, lambda d: len(shots.verdict_texts(d)) == 2 and shots.idle(d))
    select_word(driver, 25, "dismissed")
    by_css(driver, "#source").send_keys("reversed")
    shots.wait_for(driver, lambda d: shots.idle(d) and "entrapment" not in shots.verdict_texts(d)[1])
    expected_text = by_css(driver, "#source").get_attribute("value")
    shots.wait_for(driver, lambda d: linked_text(d) == expected_text)
    link = driver.execute_script("return location.href")
    driver.get("about:blank")
    driver.get(link)
    shots.wait_for(driver, lambda d: len(shots.verdict_texts(d)) == 2 and shots.idle(d))
    assert by_css(driver, "#source").get_attribute("value") == expected_text
    assert not by_css(driver, '#doctrines input[value="hobbesian"]').is_selected()
    assert "entrapment" not in shots.verdict_texts(driver)[1]
    assert shots.script_errors(driver) == []


def test_the_screenshot_script_walks_the_teachers_steps_at_1280_px(driver: Any, address: str, tmp_path: Path) -> None:
    shots.walk_through(driver, address, tmp_path)
    pictures = sorted(tmp_path.glob("workbench-*.png"))
    assert [p.name for p in pictures] == [
        "workbench-1-france-greece.png",
        "workbench-2-switch-doctrine.png",
        "workbench-3-explanation.png",
        "workbench-4-explanation-read.png",
        "workbench-5-contrast.png",
        "workbench-6-whatif.png",
        "workbench-7-whatif-applied.png",
    ]
    for picture in pictures:
        header = picture.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(header[16:20], "big") == shots.WIDTH  # the IHDR chunk's width


def answers_shown(driver: Any) -> list[str]:
    """The what-if answers' words (``2. move line 20 from 2 to 7``), once the search has answered."""
    script = "return [...document.querySelectorAll('#whatif-answers .said')].map((s) => s.textContent)"
    return list(driver.execute_script(script))


def apply_answer(driver: Any, n: int) -> None:
    shots.click(driver, f'#whatif-answers li[data-answer="{n}"] button.apply')


def searched(driver: Any) -> bool:
    """Whether the what-if search asked last has answered (its summary no longer says it is searching)."""
    summary = driver.execute_script("return document.getElementById('whatif-summary').textContent")
    return bool(summary) and not summary.startswith("Searching")


def editor_text(driver: Any) -> str:
    return str(by_css(driver, "#source").get_attribute("value"))


def test_a_whatif_answer_is_applied_to_the_editor_solved_again_and_taken_back(driver: Any, address: str) -> None:
    from selenium.webdriver.common.keys import Keys

    open_france_greece(driver, address)
    shots.click(driver, '#verdicts button.verdict[data-doctrine="moderate"]')
    shots.wait_for(driver, lambda d: d.find_element(By.ID, "cited").text.startswith("Cites lines") and shots.idle(d))
    shots.click(driver, "#whatif-this")
    shots.wait_for(driver, lambda d: searched(d) and answers_shown(d) and shots.idle(d))
    assert by_css(driver, "#whatif-target").get_attribute("value") == "justified(France, Greece, 9, _)"
    assert by_css(driver, "#whatif-doctrine").get_attribute("value") == "moderate"
    assert by_css(driver, "#whatif-summary").text.splitlines()[-2:] == [
        "now: France owes Greece at 9: breach justified (entrapment)",
        "the fewest edits that make it fail: 1 edit (412 answers, 5 shown)",
    ]
    assert answers_shown(driver)[:2] == ["1. remove line 20", "2. move line 20 from 2 to 7"]
    assert by_css(driver, '#whatif-answers li[data-answer="2"] pre.diff').text.splitlines() == [
        "- at 2: Greece pursues offensive policy towards Turkey",
        "+ at 7: Greece pursues offensive policy towards Turkey",
        "after: France owes Greece at 9: breach blameworthy",
    ]

    # Apply answer 2: line 20 goes, and the policy comes in after the last event at 7 (line 25).
    lines = FRANCE_GREECE.split("\n")
    moved = [*lines[:19], *lines[20:25], "at 7: Greece pursues offensive policy towards Turkey", *lines[25:]]
    apply_answer(driver, 2)
    shots.wait_for(driver, lambda d: shots.idle(d) and shots.verdict_texts(d)[2] == "breach blameworthy")
    assert editor_text(driver) == "\n".join(moved)
    assert shots.verdict_texts(driver)[:2] == ["breach blameworthy", "breach justified (discretion)"]
    assert "applied" in by_css(driver, '#whatif-answers li[data-answer="2"]').get_attribute("class")
    assert by_css(driver, "#whatif-note").text == (
        "Answer 2 is applied: the verdicts are those of the edited case. "
        "Undo takes it back (so does Ctrl+Z in the editor)."
    )
    # Undo: the case as it was, and its verdict again.
    shots.click(driver, "#whatif-undo")
    shots.wait_for(driver, lambda d: shots.idle(d) and "entrapment" in shots.verdict_texts(d)[2])
    assert editor_text(driver) == FRANCE_GREECE
    assert not by_css(driver, "#whatif-undo").is_displayed()

    # The editor's own undo takes an applied answer back as well.
    apply_answer(driver, 1)
    shots.wait_for(driver, lambda d: shots.idle(d) and shots.verdict_texts(d)[2] == "breach blameworthy")
    assert editor_text(driver) == "\n".join(lines[:19] + lines[20:])
    by_css(driver, "#source").send_keys(Keys.CONTROL, "z")
    shots.wait_for(driver, lambda d: shots.idle(d) and "entrapment" in shots.verdict_texts(d)[2])
    assert editor_text(driver) == FRANCE_GREECE

    # Once the text changes, the answers found for the old one are refused, and can be found again.
    select_word(driver, 25, "dismissed")
    by_css(driver, "#source").send_keys("reversed")
    shots.wait_for(driver, lambda d: shots.idle(d) and "entrapment" not in shots.verdict_texts(d)[2])
    edited = editor_text(driver)
    apply_answer(driver, 1)
    assert by_css(driver, "#whatif-note").text == (
        "Not applied: the case has changed since these answers were found, and they apply only to the "
        "text they were found for. Find them again for the case as it is now."
    )
    assert editor_text(driver) == edited
    shots.click(driver, "#whatif-again")
    shots.wait_for(driver, lambda d: searched(d) and answers_shown(d) and shots.idle(d))
    assert "which does not hold" in by_css(driver, "#whatif-summary").text
    assert not by_css(driver, "#whatif-note").is_displayed()
    assert shots.script_errors(driver) == []


def test_a_typed_whatif_target_is_searched_and_a_misspelt_one_explained(driver: Any, address: str) -> None:
    open_france_greece(driver, address)
    target = by_css(driver, "#whatif-target")
    target.clear()
    target.send_keys("blamewrthy(France, Greece, 9)\n")
    shots.wait_for(driver, lambda d: searched(d) and shots.idle(d))
    assert by_css(driver, "#whatif-summary").text.startswith(
        "'blamewrthy' is not a conclusion a doctrine states (help: did you mean 'blameworthy'?"
    )
    target.clear()
    target.send_keys("owed(France, Greece, 7)\n")
    shots.wait_for(driver, lambda d: searched(d) and answers_shown(d) and shots.idle(d))
    assert answers_shown(driver)[0] == "1. move line 26 from 8 to 1"
    assert by_css(driver, '#whatif-answers li[data-answer="1"] .also').text == (
        "applying it also takes out the expect lines 46, 47, 48, 49, 50: they name a time point it takes away"
    )
    apply_answer(driver, 1)
    # The Moderate View's conclusion at 7 (the timeline's last column), once the edited case is solved.
    shots.wait_for(driver, lambda d: shots.idle(d) and timeline_row(d, "7")[-1] == "owed")
    assert timeline_row(driver, "7")[:2] == ["7", "France → Greece"]
    assert "at 1: Turkey attacks Greece in Aegean" in editor_text(driver)
    assert shots.script_errors(driver) == []


def timeline_row(driver: Any, time: str) -> list[str]:
    """The cells of the timeline's row at ``time`` (time, pair, one conclusion per doctrine)."""
    script = "return [...document.querySelectorAll('#timeline tr')].map((r) => [...r.cells].map((c) => c.textContent))"
    rows = [list(r) for r in driver.execute_script(script)]
    return next((r for r in rows if r and r[0] == time), [""])
