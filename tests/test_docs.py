"""The pages that walk a reader through commands show those commands' real output."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("docrun", ROOT / "scripts" / "docrun.py")
assert _SPEC is not None and _SPEC.loader is not None
docrun = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(docrun)


@pytest.mark.skipif(shutil.which("casus") is None, reason="the pages run the installed casus command")
@pytest.mark.parametrize("page", ["tutorial.md", "language.md", "doctrines.md", "explain.md", "batch.md"])
def test_every_command_on_the_page_prints_what_the_page_shows(page: str) -> None:
    assert docrun.process(ROOT / "docs" / page) == []


def test_the_api_page_is_what_the_docstrings_say() -> None:
    spec = importlib.util.spec_from_file_location("apidoc", ROOT / "scripts" / "apidoc.py")
    assert spec is not None and spec.loader is not None
    apidoc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(apidoc)
    assert (ROOT / "docs" / "api.md").read_text(encoding="utf-8") == apidoc.page()


def test_the_public_face_exports_what_a_notebook_needs() -> None:
    import reasoner

    assert set(reasoner.__all__) == {"__version__", *reasoner._HOMES}
    for name in reasoner.__all__:
        assert getattr(reasoner, name) is not None, name
    run = reasoner.run(ROOT / "cases" / "france_greece.casus", "moderate")
    assert "justified" in run.text()
    assert isinstance(reasoner.load_case(ROOT / "cases" / "france_greece.casus"), reasoner.Case)
