"""``casus fmt``: canonical form that keeps comments, --check, --diff, and --write that never loses a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reasoner.cli.main import main
from reasoner.common.files import write_atomically

MESSY = (
    "# Two allies.\n"
    "state   A,B and C   # three\n"
    "\n\n\n"
    "alliance P : defence pact between A , B  # the pact\n"
    "  # who it is against\n"
    "  covering Home\n"
    "  against C   # the rival\n"
    "end\n"
    "at 2 : A   assists B\n"
)
TIDY = (
    "# Two allies.\n"
    "state A, B, C  # three\n"
    "\n"
    "alliance P: defence pact between A, B  # the pact\n"
    "  against C  # the rival\n"
    "  # who it is against\n"
    "  covering Home\n"
    "end\n"
    "at 2: A assists B\n"
)


@pytest.fixture
def messy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = Path("messy.casus")
    path.write_text(MESSY, encoding="utf-8")
    return path


def test_fmt_prints_the_canonical_form_with_every_comment(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(messy)]) == 0
    assert capsys.readouterr().out == TIDY
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_write_rewrites_the_file(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--write", str(messy)]) == 0
    assert messy.read_text(encoding="utf-8") == TIDY
    assert capsys.readouterr().out == ""
    assert sorted(p.name for p in Path().iterdir()) == ["messy.casus"]


def test_fmt_check_says_which_files_would_change(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("tidy.casus").write_text(TIDY, encoding="utf-8")
    assert main(["fmt", "--check", "tidy.casus"]) == 0
    assert main(["fmt", "--check", "tidy.casus", "messy.casus"]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "messy.casus: would be reformatted\n")
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_diff_shows_what_would_change(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy.write_text(TIDY.replace("at 2: A assists B", "at 2 :  A assists B"), encoding="utf-8")
    assert main(["fmt", "--diff", "messy.casus"]) == 0
    assert capsys.readouterr().out == (
        "--- messy.casus\n"
        "+++ messy.casus (formatted)\n"
        "@@ -6,4 +6,4 @@\n"
        "   # who it is against\n"
        "   covering Home\n"
        " end\n"
        "-at 2 :  A assists B\n"
        "+at 2: A assists B\n"
    )


def test_fmt_write_that_fails_leaves_the_file_as_it_was(
    messy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    assert main(["fmt", "--write", str(messy)]) == 1
    assert capsys.readouterr().err == (
        "error: cannot write 'messy.casus': No space left on device\n"
        " --> messy.casus\n"
        "  = help: the file is left as it was\n"
    )
    assert messy.read_text(encoding="utf-8") == MESSY
    assert sorted(p.name for p in Path().iterdir()) == ["messy.casus"]


def test_fmt_write_into_a_folder_that_cannot_be_written_is_an_error(
    messy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    assert main(["fmt", "--write", str(messy)]) == 1
    assert capsys.readouterr().err.startswith("error: cannot write 'messy.casus': Permission denied\n")
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_write_on_a_read_only_file_is_an_error(
    messy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    messy.chmod(0o444)
    if os.geteuid() == 0:  # root may write any file; ask as an ordinary user would be answered
        monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert main(["fmt", "--write", str(messy)]) == 1
    assert capsys.readouterr().err.startswith("error: cannot write 'messy.casus': Permission denied\n")
    assert messy.read_text(encoding="utf-8") == MESSY


def test_fmt_write_keeps_the_files_permissions(messy: Path) -> None:
    messy.chmod(0o640)
    assert main(["fmt", "--write", str(messy)]) == 0
    assert messy.stat().st_mode & 0o777 == 0o640


def test_fmt_of_a_broken_case_changes_nothing(messy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy.write_text("state A\nat 2: A assits B\n", encoding="utf-8")
    assert main(["fmt", "--write", str(messy)]) == 1
    assert "error: " in capsys.readouterr().err
    assert messy.read_text(encoding="utf-8") == "state A\nat 2: A assits B\n"


def test_a_new_output_file_gets_the_permissions_open_would_give(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "table.html", "<p>new</p>")
        open(tmp_path / "plain.html", "w").close()
    finally:
        os.umask(previous)
    assert (tmp_path / "table.html").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "plain.html").stat().st_mode & 0o777 == 0o640
