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
@pytest.mark.parametrize("page", ["tutorial.md", "language.md", "doctrines.md"])
def test_every_command_on_the_page_prints_what_the_page_shows(page: str) -> None:
    assert docrun.process(ROOT / "docs" / page) == []
