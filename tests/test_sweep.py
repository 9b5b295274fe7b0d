"""``casus sweep``: variants of a case, and where the doctrines' verdicts differ."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.errors import CasusError
from reasoner.common.resources import DOCTRINES
from reasoner.language.read import load_case
from reasoner.reports.sweep import parse_axis, sweep, sweep_csv, sweep_json, sweep_table, verdicts
from reasoner.solving.engine import analyse, find_doctrine

DOCTRINE_LIST = [find_doctrine(d) for d in DOCTRINES]

CASE = """\
case "A small entrapment"
state A, B, Z
alliance P: bilateral defence pact between A, B
  in force from 1
end
at 1: B pursues offensive policy towards Z
at 2: A believes B will entrap it: likelihood high, horizon imminent, evidence objective, faith good
at 3: A warns B: level ministerial, channel diplomatic, clarity clear
at 4: B responds to A: dismissed
at 5: A warns B: level official, channel public, clarity ambiguous
at 7: Z attacks B
at 8: A refrains from defending B
at 9: B responds to A: heeded
"""
SIGNAL_LINES = {"first": 8, "second": 10}


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.casus"
    path.write_text(CASE, encoding="utf-8")
    return path


def _expected(tmp_path: Path, edits: dict[int, tuple[str, str]]) -> tuple[str, ...]:
    """The verdicts of the case with lines edited by hand: the oracle for a variant."""
    lines = CASE.splitlines()
    for line, (old, new) in edits.items():
        assert old in lines[line - 1]
        lines[line - 1] = lines[line - 1].replace(old, new)
    path = tmp_path / "edited.casus"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return verdicts(analyse(load_case(path), DOCTRINE_LIST))


def test_one_axis_on_all_signals_together(case_file: Path, tmp_path: Path) -> None:
    result = sweep(load_case(case_file), ["signal.level"], DOCTRINE_LIST)
    levels = ("official", "diplomatic", "ministerial", "head-of-government", "head-of-state")
    assert [r.values for r in result.rows] == [(v,) for v in levels]
    for row in result.rows:
        edits = {8: ("level ministerial", f"level {row.values[0]}"), 10: ("level official", f"level {row.values[0]}")}
        assert row.verdicts == _expected(tmp_path, edits)
    by_level = {r.values[0]: r.verdicts for r in result.rows}
    assert by_level["official"][2] == "breach blameworthy"
    assert by_level["ministerial"][2] == "breach justified (entrapment)"
    assert all(r.disagree for r in result.rows)


def test_one_event_picked_by_line_and_product_of_axes(case_file: Path, tmp_path: Path) -> None:
    specs = [f"signal@{SIGNAL_LINES['first']}.clarity", "belief.horizon=imminent,long-term"]
    result = sweep(load_case(case_file), specs, DOCTRINE_LIST)
    assert len(result.rows) == 2 * 2
    for row in result.rows:
        clarity, horizon = row.values
        edits = {8: ("clarity clear", f"clarity {clarity}"), 7: ("horizon imminent", f"horizon {horizon}")}
        assert row.verdicts == _expected(tmp_path, edits)
    moderate = {r.values: r.verdicts[2] for r in result.rows}
    assert moderate[("clear", "imminent")] == "breach justified (entrapment)"
    assert moderate[("ambiguous", "imminent")] == "breach blameworthy"
    assert moderate[("clear", "long-term")] == "breach blameworthy"


def test_timing_and_invalid_variants(case_file: Path) -> None:
    result = sweep(load_case(case_file), ["response@13.time=4..9"], DOCTRINE_LIST)
    assert [r.values for r in result.rows] == [(str(t),) for t in range(4, 10)]
    errors = {r.values[0]: r.error for r in result.rows}
    assert errors["4"] is not None and "contradictory" in errors["4"]
    assert errors["9"] is None


def test_disagreement_table_and_shapes(case_file: Path) -> None:
    result = sweep(load_case(case_file), ["signal.level", "response@13.kind=heeded"], DOCTRINE_LIST[1:])
    hobbesian_moderate = {r.values[0]: r.disagree for r in result.rows}
    assert hobbesian_moderate["official"] is True
    assert result.disagreements == sum(hobbesian_moderate.values())
    rows = list(csv.DictReader(io.StringIO(sweep_csv(result))))
    assert len(rows) == 5 and set(rows[0]) >= {"signal.level", "hobbesian", "moderate", "differing_rows", "error"}
    document = json.loads(sweep_json(result, only_disagreements=True))
    assert document["schema"] == "casus.sweep/1"
    assert len(document["variants"]) == result.disagreements
    assert all(v["disagree"] for v in document["variants"])


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("signal.volume", "no field 'volume'"),
        ("signl.level", "did you mean 'signal'"),
        ("signal@99.level", "no signal on line 99"),
        ("threat.severity", "no threat"),
        ("signal.level=loud", "'loud' is not a level"),
        ("signal level", "cannot read"),
    ],
)
def test_bad_specs_are_explained(case_file: Path, spec: str, message: str) -> None:
    with pytest.raises(CasusError) as caught:
        parse_axis(spec, load_case(case_file))
    text = str(caught.value) + " ".join(d.help or "" for d in caught.value.diagnostics)
    assert message in text
    assert caught.value.exit_code == 2


def test_cli_table_and_plot(case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    picture = tmp_path / "sweep.png"
    assert main(["sweep", str(case_file), "--vary", "signal.level", "--plot", str(picture)]) == 0
    out, _ = capsys.readouterr()
    assert "verdicts differ on 5 of 5 variants" in out
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_picture_shortens_the_verdicts() -> None:
    from reasoner.reports.sweep import short_verdict

    assert short_verdict("breach justified (entrapment)") == "justified (entrapment)"
    assert short_verdict("breach blameworthy") == "blameworthy"
    assert short_verdict("no breach") == "no breach"


@pytest.mark.parametrize(
    "specs",
    [
        ["signal.level"],
        ["signal@8.clarity", "signal.channel", "belief.horizon=imminent,long-term"],
        ["response@13.time=4..9", "response.kind"],
        ["action.kind", "attack.time=6..8", "policy.kind"],
    ],
)
def test_one_grounding_gives_the_table_of_one_case_per_variant(case_file: Path, specs: list[str]) -> None:
    from reasoner.reports.sweep import _one_by_one
    from reasoner.reports.sweep_grounding import solve_variants

    case = load_case(case_file)
    axes = tuple(parse_axis(s, case) for s in specs)
    assert solve_variants(case, axes, DOCTRINE_LIST, 60.0) is not None
    together = sweep(case, specs, DOCTRINE_LIST)
    one_by_one = _one_by_one(case, axes, DOCTRINE_LIST, 60.0)
    assert together.rows == one_by_one.rows
    assert sweep_csv(together) == sweep_csv(one_by_one)


def test_a_doctrine_that_cannot_be_indexed_is_swept_case_by_case(case_file: Path, tmp_path: Path) -> None:
    from reasoner.reports.sweep_grounding import solve_variants

    rules = tmp_path / "external.lp"
    rules.write_text("#external doubt.\nowed(X,Y,T) :- triggered(X,Y,T).\n", encoding="utf-8")
    doctrine = find_doctrine(str(rules))
    case = load_case(case_file)
    axes = (parse_axis("signal.level", case),)
    assert solve_variants(case, axes, [doctrine], 60.0) is None
    assert [r.verdicts for r in sweep(case, ["signal.level"], [doctrine]).rows] == [("breach not blameworthy",)] * 5


def test_where_each_verdict_changes_is_derived_from_the_table(case_file: Path) -> None:
    result = sweep(load_case(case_file), ["signal@8.level", "belief.horizon", "response@13.kind=heeded"], DOCTRINE_LIST)
    assert result.flips == (
        "idealist: breach blameworthy on every variant",
        "hobbesian: breach justified (discretion) on every variant",
        "moderate: breach justified (entrapment) when signal@8.level in {diplomatic, ministerial, "
        "head-of-government, head-of-state} and belief.horizon = imminent; otherwise breach blameworthy",
    )
    moderate = {r.values[:2]: r.verdicts[2] for r in result.rows}
    described = {
        values: "breach justified (entrapment)"
        if values[0] != "official" and values[1] == "imminent"
        else "breach blameworthy"
        for values in moderate
    }
    assert moderate == described
    assert "where each doctrine's verdict changes (the first that applies):\n  idealist:" in sweep_table(result)
    assert json.loads(sweep_json(result))["where_verdicts_change"] == list(result.flips)


def test_a_formula_of_two_terms_is_the_fewest(case_file: Path) -> None:
    from reasoner.reports.sweep_summary import summarise

    domains = [("a", "b"), ("x", "y"), ("p", "q")]
    table = {v: "yes" if (v[0] == "a" and v[1] == "x") or v[2] == "q" else "no" for v in itertools.product(*domains)}
    summary = summarise("d", table, domains)
    assert summary.text(["F", "G", "H"]) == "d: yes when H = q or (F = a and G = x); otherwise no"
    irrelevant = {v: "no" if v[2] == "p" else "yes" for v in itertools.product(*domains)}
    assert summarise("d", irrelevant, domains).text(["F", "G", "H"]) == "d: no when H = p; otherwise yes"


def test_a_sweep_partitioned_on_a_local_dask_cluster_equals_the_sweep_on_one_machine(case_file: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from reasoner.reports.sweep_dask import sweep_on_cluster

    case = load_case(case_file)
    specs = ["signal@8.level=official,ministerial", "response@13.time=4..6", "belief.horizon"]
    here = sweep(case, specs, DOCTRINE_LIST)
    dask = pytest.importorskip("dask")
    with (
        dask.config.set({"distributed.worker.daemon": False}),  # the time limit runs solving in a child process
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        there = sweep_on_cluster(case, specs, DOCTRINE_LIST, client, fixed=2)
    assert there.rows == here.rows and len(there.rows) == 2 * 3 * 3
    assert sweep_csv(there) == sweep_csv(here)
    assert any(r.error for r in there.rows)  # the response moved onto step 4 contradicts the dismissal there


def test_the_sweep_table_fits_80_columns() -> None:
    """Each row's verdicts wrap within their columns, as batch's table does; nothing is cut."""
    case = load_case(Path(__file__).resolve().parent.parent / "cases" / "france_greece.casus")
    result = sweep(case, ["signal.level", "belief.horizon"], DOCTRINE_LIST)
    text = sweep_table(result)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "(entrapment)" in text and "note" not in text.splitlines()[2]


def test_a_variant_is_not_held_to_the_expectations_of_the_case_as_written() -> None:
    # France and Greece ends with expect lines naming step 8, when Turkey attacks: moving the attack
    # takes step 8 away, which would make those lines errors if a variant kept them.
    case = load_case(Path(__file__).resolve().parent.parent / "cases" / "france_greece.casus")
    assert case.expectations
    moderate = [find_doctrine("idealist"), find_doctrine("moderate")]
    result = sweep(case, ["attack.time=3..9"], moderate)
    assert [(r.values[0], r.error) for r in result.rows] == [(str(t), None) for t in range(3, 10)]
    verdicts_by_time = {r.values[0]: r.verdicts for r in result.rows}
    assert verdicts_by_time["4"] == ("breach blameworthy", "breach blameworthy")
    assert verdicts_by_time["5"] == ("breach blameworthy", "breach justified (entrapment)")
