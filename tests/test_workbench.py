"""The workbench's server (``casus serve``): each endpoint, on real cases, through Starlette's TestClient."""

from __future__ import annotations

import json
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.resources import rules_dir
from reasoner.language.read import MAX_CASE_BYTES, load_case
from reasoner.reports.compare import compare, status_of
from reasoner.solving.engine import analyse, find_doctrine
from reasoner.workbench.server import create_app

# The newest Starlette prefers the httpx2 fork for its test client and warns about httpx; httpx
# works with every Starlette in our range, so the test extra installs it and the warning is left out.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
FRANCE_GREECE = (ROOT / "cases" / "france_greece.casus").read_text(encoding="utf-8")
#: The case without its expectations (at its end), for edits that take away time points: an expectation
#: naming a time the edited case no longer has is an error at its line, as ``casus check`` says.
UNEXPECTED = "".join(line for line in FRANCE_GREECE.splitlines(keepends=True) if not line.startswith("expect"))
ALL = ["idealist", "hobbesian", "moderate"]


@pytest.fixture(scope="module")
def doctrine_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("doctrines")
    (folder / "mine.lp").write_text((rules_dir() / "moderate.lp").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "endless.lp").write_text("n(0). n(X+1) :- n(X).\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a rule file\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client(doctrine_folder: Path) -> Iterator[TestClient]:
    with TestClient(create_app(doctrine_folder, time_limit=3), raise_server_exceptions=False) as test_client:
        yield test_client


def fg(**more: object) -> dict[str, object]:
    return {"name": "france_greece.casus", "text": FRANCE_GREECE, **more}


def breaches(data: dict) -> list[tuple[str, str, str, list[str]]]:
    return [(r["owes"], r["to"], r["time"], r["verdicts"]) for r in data["rows"] if r["breach"]]


def test_the_page_and_its_assets_are_served_from_the_package(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    for asset in ("/static/app.js", "/static/whatif.js", "/static/style.css"):
        assert asset in page.text
        assert client.get(asset).status_code == 200
    assert "http" not in page.text.replace("http-equiv", "")  # nothing fetched from elsewhere
    for asset in ("app.js", "whatif.js", "style.css"):
        assert "://" not in client.get(f"/static/{asset}").text


def test_the_gallery_lists_every_bundled_case_by_title(client: TestClient) -> None:
    cases = client.get("/api/gallery").json()["cases"]
    assert {c["name"] for c in cases} == {p.name for p in (ROOT / "cases").glob("*.casus")}
    assert {"name": "france_greece.casus", "title": "France and Greece: the Aegean drillship"} in cases
    opened = client.get("/api/gallery/france_greece.casus").json()
    assert opened["text"] == FRANCE_GREECE


def test_a_case_not_in_the_gallery_is_answered_with_a_message(client: TestClient) -> None:
    response = client.get("/api/gallery/nowhere.casus")
    assert response.status_code == 404
    assert response.json()["diagnostics"][0]["message"] == "no case 'nowhere.casus' in the gallery"


def test_the_doctrine_picker_offers_the_bundled_ones_and_the_folders_rule_files(
    client: TestClient, doctrine_folder: Path
) -> None:
    data = client.get("/api/doctrines").json()
    assert data["default"] == ALL
    assert [(d["id"], d["label"]) for d in data["doctrines"]] == [
        ("idealist", "idealist"),
        ("hobbesian", "hobbesian"),
        ("moderate", "moderate"),
        ("endless.lp", "endless"),
        ("mine.lp", "mine"),
    ]
    assert data["doctrines"][-1]["origin"] == str(doctrine_folder)
    idealist = (rules_dir() / "idealist.lp").read_text(encoding="utf-8")
    (doctrine_folder / "later.lp").write_text(idealist, encoding="utf-8")
    try:  # a rule file written while the server runs is offered too
        assert "later.lp" in [d["id"] for d in client.get("/api/doctrines").json()["doctrines"]]
        assert breaches(client.post("/api/verdicts", json=fg(doctrines=["later.lp"])).json())
    finally:
        (doctrine_folder / "later.lp").unlink()


def test_a_clean_case_has_no_diagnostics(client: TestClient) -> None:
    assert client.post("/api/check", json=fg()).json() == {
        "ok": True,
        "title": "France and Greece: the Aegean drillship",
        "diagnostics": [],
    }


def test_a_misspelt_word_is_reported_at_its_line_and_column(client: TestClient) -> None:
    text = FRANCE_GREECE.replace("France: dismissed\nat 6", "France: dismised\nat 6")
    data = client.post("/api/check", json=fg(text=text)).json()
    assert data["ok"] is False
    assert data["diagnostics"] == [
        {
            "severity": "error",
            "message": "unknown response 'dismised'",
            "file": "france_greece.casus",
            "line": 23,
            "column": 34,
            "end_column": 42,
            "help": "did you mean 'dismissed'? response is one of 'heeded', 'dismissed', 'curtailed', "
            "'drastically-curtailed' or 'reversed'",
        }
    ]


def test_a_syntax_error_is_reported_at_its_line_and_column(client: TestClient) -> None:
    broken = client.post("/api/check", json=fg(text=FRANCE_GREECE.replace("at 8: Turkey", "at 8 Turkey"))).json()
    [error] = broken["diagnostics"]
    assert (error["message"], error["line"], error["column"]) == ("expected ':', found 'Turkey'", 26, 5)


def test_a_warning_is_shown_and_the_case_still_solved(client: TestClient) -> None:
    late = fg(text=UNEXPECTED.replace("in force from 1", "in force from 5"), doctrines=["moderate"])
    checked = client.post("/api/check", json=late).json()
    assert checked["ok"] is True
    first = checked["diagnostics"][0]
    assert (first["severity"], first["line"], first["message"]) == (
        "warning",
        21,
        "France and Greece are not bound by any pact at 3",
    )
    solved = client.post("/api/verdicts", json=late).json()
    assert solved["ok"] is True and solved["diagnostics"] == checked["diagnostics"]


def test_the_verdicts_are_those_of_compare_for_every_chosen_doctrine(client: TestClient) -> None:
    data = client.post("/api/verdicts", json=fg(doctrines=ALL)).json()
    assert [d["id"] for d in data["doctrines"]] == ALL and data["failures"] == []
    case = load_case(ROOT / "cases" / "france_greece.casus")
    rows = compare(analyse(case, [find_doctrine(n) for n in ALL]).solutions)
    expected = [(r.owes, r.to, str(r.time), [s.verdict() for s in r.statuses]) for r in rows if r.is_breach]
    assert breaches(data) == expected
    assert [r["statuses"] for r in data["rows"]] == [[status_of(s) for s in r.statuses] for r in rows]
    [(_, _, _, verdicts)] = expected
    assert "entrapment" in verdicts[2] and "discretion" in verdicts[1]
    [row] = [r for r in data["rows"] if r["breach"]]
    assert row["tones"] == [
        {"justified": False, "blameworthy": True},
        {"justified": True, "blameworthy": False},
        {"justified": True, "blameworthy": False},
    ]


def test_editing_the_case_changes_the_verdict(client: TestClient) -> None:
    before = breaches(client.post("/api/verdicts", json=fg(doctrines=["moderate"])).json())
    unwarned = "\n".join(line for line in UNEXPECTED.split("\n") if "warns" not in line and "responds" not in line)
    after = breaches(client.post("/api/verdicts", json=fg(text=unwarned, doctrines=["moderate"])).json())
    assert before != after
    assert "entrapment" in before[0][3][0] and "entrapment" not in after[0][3][0]


def test_a_case_that_includes_a_shared_treaty_file_is_read_with_it(client: TestClient) -> None:
    text = (ROOT / "cases" / "baseline_entrapment.casus").read_text(encoding="utf-8")
    body = {"name": "baseline_entrapment.casus", "text": text, "doctrines": ALL}
    data = client.post("/api/verdicts", json=body).json()
    assert data["ok"] is True
    assert [(o, t, time) for o, t, time, _ in breaches(data)] == [("AllyX", "AllyY", "6")]


@pytest.mark.parametrize("path", ["/etc/passwd", "../pyproject.toml", "treaties/../../README.md"])
def test_a_case_cannot_include_a_file_outside_the_gallery(client: TestClient, path: str) -> None:
    text = f'state A, B\ninclude "{path}"\n'
    data = client.post("/api/check", json={"name": "mine.casus", "text": text}).json()
    assert data == {
        "ok": False,
        "diagnostics": [
            {
                "severity": "error",
                "message": f"the workbench includes only the gallery's shared files, not '{path}'",
                "file": "mine.casus",
                "line": 2,
                "column": 9,
                "end_column": 9 + len(path) + 2,
                "help": "include a file of the gallery's folders ('treaties/'), or use casus on the command line",
            }
        ],
    }


def test_the_teachers_rule_file_is_solved_and_a_broken_one_reported_beside_the_others(client: TestClient) -> None:
    data = client.post("/api/verdicts", json=fg(doctrines=["moderate", "mine.lp", "endless.lp"])).json()
    assert [(d["id"], d["label"]) for d in data["doctrines"]] == [("moderate", "moderate"), ("mine.lp", "mine")]
    [(_, _, _, verdicts)] = breaches(data)
    assert verdicts[0] == verdicts[1]
    [failure] = data["failures"]
    assert failure["doctrine"] == "endless"
    assert failure["diagnostics"][0]["message"] == (
        "grounding and solving under 'endless' did not finish within the time limit of 3 seconds"
    )


def test_a_runaway_case_does_not_stall_the_others(client: TestClient) -> None:
    runaway: dict[str, object] = {}
    solving = threading.Thread(
        target=lambda: runaway.update(client.post("/api/verdicts", json=fg(doctrines=["endless.lp"])).json())
    )
    solving.start()
    try:
        checked = client.post("/api/check", json=fg()).json()
        assert checked["ok"] is True
        assert not runaway, "the check waited for the runaway case"
    finally:
        solving.join()
    assert "did not finish within the time limit" in runaway["failures"][0]["diagnostics"][0]["message"]  # type: ignore[index]


def test_a_verdict_is_explained_citing_the_case_lines(client: TestClient) -> None:
    data = client.post("/api/explain", json=fg(doctrine="moderate", owes="France", to="Greece", at="9")).json()
    assert data["ok"] is True
    # The argument view: the doctrine's conditions, each citing the case lines that decide it.
    assert "condition (1): France reasonably fears" in data["text"]
    assert "line 26: at 8: Turkey attacks Greece in Aegean" in data["text"]
    assert "France's breach at 9 is blameworthy" in data["text"]
    assert data["lines"] == [14, 20, 21, 24, 25, 26]
    assert data["html"].startswith("<!DOCTYPE html>")
    assert data["fragment"].startswith('<div class="casus-explain">') and "<body" not in data["fragment"]
    assert '<h3>france_greece.casus</h3><pre class="source">' in data["fragment"]  # the listing the links point to
    full = client.post("/api/explain", json=fg(doctrine="moderate", owes="France", to="Greece", at="9", full=True))
    assert "justified(France, Greece, 9, entrapment)" in full.json()["text"]
    assert full.json()["lines"] == data["lines"]


def test_a_verdict_of_the_teachers_rule_file_is_explained_the_same_way(client: TestClient) -> None:
    mine = client.post("/api/explain", json=fg(doctrine="mine.lp", owes="France", to="Greece", at="9")).json()
    bundled = client.post("/api/explain", json=fg(doctrine="moderate", owes="France", to="Greece", at="9")).json()
    assert mine["ok"] is True and mine["lines"] == bundled["lines"]
    assert mine["heading"].endswith("doctrine: mine")


def test_two_doctrines_are_contrasted(client: TestClient) -> None:
    data = client.post("/api/contrast", json=fg(left="idealist", right="moderate")).json()
    assert data["ok"] is True and data["differences"] > 0
    assert "idealist against moderate" in data["heading"]
    assert data["lines"] and "<table" in data["html"] and "<table" in data["fragment"]


@pytest.mark.parametrize(
    ("request_body", "status", "message"),
    [
        (b"not json", 400, "the request is not JSON"),
        (b"[1, 2]", 400, "the request is not a JSON object"),
        (b'{"name": "x.casus", "doctrines": ["moderate"]}', 400, "the request has no text field 'text'"),
        (b'{"text": "", "doctrines": []}', 400, "choose at least one doctrine"),
        (b'{"text": "", "doctrines": ["moderat"]}', 404, "unknown doctrine 'moderat'"),
    ],
)
def test_bad_requests_are_answered_with_a_diagnostic(
    client: TestClient, request_body: bytes, status: int, message: str
) -> None:
    response = client.post("/api/verdicts", content=request_body)
    assert response.status_code == status
    assert response.json()["diagnostics"][0]["message"] == message


def test_a_huge_case_is_refused_as_the_command_line_refuses_it(client: TestClient) -> None:
    huge = "# " + "x" * (MAX_CASE_BYTES + 1)
    data = client.post("/api/check", json={"text": huge}).json()
    assert data["diagnostics"][0]["message"] == "the case is too large (10.0 MB; the limit is 10 MB)"


def test_a_file_name_with_a_path_is_shown_as_a_plain_case(client: TestClient) -> None:
    data = client.post("/api/check", json={"name": "../../etc/x.casus", "text": "state A\nfoo\n"}).json()
    assert {d["file"] for d in data["diagnostics"]} == {"case.casus"}


def test_serve_refuses_a_missing_doctrine_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--doctrines", str(tmp_path / "none")]) == 2
    assert capsys.readouterr().err == (
        f"error: no folder at '{tmp_path / 'none'}'\n  = help: --doctrines takes a folder of .lp rule files\n"
    )


@pytest.fixture(scope="module")
def searching() -> Iterator[TestClient]:
    """A server with the command line's time limit: a what-if search is one piece of solver work."""
    with TestClient(create_app(workers=1), raise_server_exceptions=False) as test_client:
        yield test_client


def test_whatif_answers_are_those_of_the_command_line_with_the_text_each_leaves(
    searching: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = "blameworthy(France, Greece, 9)"
    data = searching.post("/api/whatif", json=fg(doctrine="moderate", target=target, top=2)).json()
    assert data["ok"] is True and data["schema"] == "casus.whatif/1"
    assert main(["whatif", str(ROOT / "cases" / "france_greece.casus"), target, "--top", "2", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    for key in ("target", "holds", "fewest_edits", "answers_of_that_size", "before"):
        assert data[key] == printed[key]
    assert [{k: a[k] for k in ("edits", "diff", "after")} for a in data["answers"]] == printed["answers"]
    assert [a["says"] for a in data["answers"]] == ["remove line 20", "move line 20 from 2 to 7"]
    lines = FRANCE_GREECE.split("\n")
    first = data["answers"][0]
    assert first["refused"] is None and first["also"] is None and first["edited"] == "\n".join(lines[:19] + lines[20:])
    # The edited text, solved again as the page solves it after Apply: the verdict the answer promised.
    solved = searching.post("/api/verdicts", json={**fg(doctrines=["moderate"]), "text": first["edited"]}).json()
    assert breaches(solved) == [("France", "Greece", "9", ["breach blameworthy"])]
    assert first["after"][0]["conclusion"] == "breach blameworthy"
    assert data["text"].startswith("France and Greece: the Aegean drillship (france_greece.casus)")
    assert data["summary"] == [
        "France and Greece: the Aegean drillship (france_greece.casus), doctrine: moderate",
        "target: blameworthy(France, Greece, 9), which does not hold",
        "now: France owes Greece at 9: breach justified (entrapment)",
        "the fewest edits that make it hold: 1 edit (379 answers, 2 shown)",
    ]
    assert first["lines"] == [
        "- at 2: Greece pursues offensive policy towards Turkey",
        "after: France owes Greece at 9: breach blameworthy",
    ]


def test_a_whatif_answer_that_edits_an_included_treaty_says_it_cannot_be_applied(searching: TestClient) -> None:
    text = 'include "treaties/x_y_defence_pact.casus"\n\nat 2: Rival attacks AllyY\n'
    body = {"name": "attack.casus", "text": text, "doctrine": "moderate", "target": "owed(AllyX, AllyY, 2)", "top": 5}
    data = searching.post("/api/whatif", json=body).json()
    assert [a["says"] for a in data["answers"]][3:] == [
        "change the target initiated on line 3 to yes",
        "change the kind of Pact to offence",
    ]
    assert data["answers"][3]["edited"] == text.replace("AllyY\n", "AllyY, target initiated hostilities\n")
    assert data["answers"][4]["edited"] is None and data["answers"][4]["also"] is None
    assert data["answers"][4]["refused"] == (
        "this answer cannot be applied here: it changes the pact Pact, "
        "written in treaties/x_y_defence_pact.casus, not in this case"
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("blamewrthy(France, Greece, 9)", "'blamewrthy' is not a conclusion a doctrine states"),
        ("-owed(France, Greece, 9)", "write the target without '-': 'owed(...)'"),
        ("owed(France, Italy, 9)", "'Italy' is not a name in this case"),
    ],
)
def test_a_whatif_target_that_cannot_be_read_is_answered_with_its_diagnostic(
    client: TestClient, target: str, message: str
) -> None:
    data = client.post("/api/whatif", json=fg(doctrine="moderate", target=target)).json()
    assert data["ok"] is False
    assert data["diagnostics"][0]["message"] == message


@pytest.mark.parametrize("top", [0, 21, "5", True])
def test_a_whatif_asking_for_too_few_or_too_many_answers_is_a_bad_request(client: TestClient, top: object) -> None:
    response = client.post("/api/whatif", json=fg(doctrine="moderate", target="owed(France, Greece, 9)", top=top))
    assert response.status_code == 400
    assert response.json()["diagnostics"][0]["message"] == "'top' is a number of answers from 1 to 20"


def test_a_whatif_answer_says_which_expect_lines_it_takes_out_with_a_time_point(searching: TestClient) -> None:
    data = searching.post("/api/whatif", json=fg(doctrine="moderate", target="owed(France, Greece, 7)", top=1)).json()
    (answer,) = data["answers"]
    assert answer["says"] == "move line 26 from 8 to 1"
    assert answer["also"] == (
        "applying it also takes out the expect lines 46, 47, 48, 49, 50: they name a time point it takes away"
    )
    assert "expect idealist: France -> Greece at 8: owed" not in answer["edited"]
    checked = searching.post("/api/check", json={**fg(), "text": answer["edited"]}).json()
    assert checked["ok"] is True and checked["diagnostics"] == []


def test_a_whatif_under_a_runaway_rule_file_stops_at_the_servers_time_limit(client: TestClient) -> None:
    data = client.post("/api/whatif", json=fg(doctrine="endless.lp", target="owed(France, Greece, 9)")).json()
    assert data["ok"] is False
    assert data["diagnostics"][0]["message"] == (
        "grounding and solving under 'endless' did not finish within the time limit of 3 seconds"
    )
