"""Every JSON output validates against its published schema in ``schemas/`` (and a wrong document does not)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from reasoner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
SCHEMAS = {p.name.removesuffix(".schema.json"): json.loads(p.read_text()) for p in (ROOT / "schemas").glob("*.json")}


def validate(document: dict[str, object]) -> None:
    """Validate a document against the schema it names (``casus.run/1`` -> ``schemas/casus.run-1.schema.json``)."""
    schema = SCHEMAS[str(document["schema"]).replace("/", "-")]
    jsonschema.Draft202012Validator(schema).validate(document)


def output_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    main(argv)
    document = json.loads(capsys.readouterr().out)
    assert isinstance(document, dict)
    return document


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_is_a_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMAS[name])
    assert SCHEMAS[name]["properties"]["schema"]["const"] == name.replace("-", "/")


FG = str(CASES / "france_greece.casus")
OUTPUTS = {
    "run": ["run", FG, "-d", "moderate", "--format", "json"],
    "run, dated": ["run", str(CASES / "csto_armenia.casus"), "-d", "idealist", "--format", "json"],
    "compare": ["compare", FG, str(CASES / "us_south_korea.casus"), "--format", "json"],
    "batch": ["batch", str(CASES), "-d", "moderate", "--format", "json"],
    "sweep": ["sweep", FG, "--vary", "attack.time=7..9", "-d", "idealist", "-d", "moderate", "--format", "json"],
    "explain": ["explain", FG, "-d", "moderate", "justified(France, Greece, 9, _)", "--format", "json"],
    "explain, why not": ["explain", FG, "-d", "idealist", "justified(France, Greece, 9, _)", "--format", "json"],
    "test": ["test", str(CASES), "--format", "json"],
}


@pytest.mark.parametrize("argv", list(OUTPUTS.values()), ids=list(OUTPUTS))
def test_real_output_follows_its_schema(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    validate(output_of(argv, capsys))


def test_failures_and_broken_cases_follow_the_schemas_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(CASES / "france_greece.casus", tmp_path)
    case = tmp_path / "france_greece.casus"
    case.write_text(case.read_text().replace("at 9: breach justified (entrapment)", "at 9: breach blameworthy"))
    (tmp_path / "broken.casus").write_text("state A\nexpect all: A -> B at 1: owed\n")
    tested = output_of(["test", str(tmp_path), "--format", "json"], capsys)
    validate(tested)
    assert tested["failed"] == 2
    validate(output_of(["batch", str(tmp_path), "-d", "moderate", "--format", "json"], capsys))


def test_a_document_that_breaks_its_schema_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    document = output_of(OUTPUTS["run"], capsys)
    document["conclusions"][0]["predicate"] = "obliged"  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
