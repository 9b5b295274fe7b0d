"""A normal, non-editable install finds its grammar and rule files (package data)."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_wheel_install_in_a_fresh_environment_runs_a_paper_case(tmp_path: Path) -> None:
    # Build from a copy, so the checkout stays clean and nothing can be read from it.
    source = tmp_path / "src"
    for folder in ("reasoner", "grammar", "rules", "cases"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for file in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / file, source / file)
    env_dir = tmp_path / "env"
    # The environment sees the clingo, lark and pip of the interpreter running the tests (a venv,
    # or a base interpreter as in CI), but gets its own copy of Casus, built the way a user's pip
    # builds it (in an isolated build environment). system_site_packages would show the base
    # interpreter's packages, not a venv's.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    _see_packages_of_this_interpreter(python)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--no-deps", str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(ROOT / "cases" / "us_south_korea.casus", elsewhere)
    env = {**os.environ, "PYTHONPATH": ""}
    where = subprocess.run(
        [python, "-c", "import reasoner.common.resources as r; print(r.rules_dir()); print(r.grammar_file())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    rules, grammar = where.stdout.splitlines()
    assert rules.startswith(str(env_dir)) and grammar.startswith(str(env_dir))
    # The workbench's gallery and page ship too.
    shipped = env_dir.glob("lib/python*/site-packages/reasoner")
    package = next(shipped)
    assert (package / "cases" / "france_greece.casus").is_file()
    assert (package / "cases" / "treaties" / "x_y_defence_pact.casus").is_file()
    page = {"index.html", "app.js", "whatif.js", "style.css", "favicon.svg"}
    assert {p.name for p in (package / "workbench" / "static").iterdir()} == page
    compared = subprocess.run(
        [env_dir / "bin" / "casus", "compare", "us_south_korea.casus"],
        cwd=elsewhere, env={**env, "COLUMNS": "200"}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    assert "breach blameworthy  breach justified (discretion)  breach justified (survival)" in compared.stdout
    copied = subprocess.run(
        [env_dir / "bin" / "casus", "examples", "france_greece", "no_signal"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert copied.returncode == 0, copied.stderr  # the bundled cases ship in the wheel, treaties with them
    assert (elsewhere / "france_greece.casus").is_file() and (
        elsewhere / "treaties" / "x_y_defence_pact.casus"
    ).is_file()


def _see_packages_of_this_interpreter(python: Path) -> None:
    """Put this interpreter's site-packages on the new environment's path, after its own.

    A ``.pth`` file's lines are plain path entries: the folders' own ``.pth`` files (an editable
    install of Casus among them) are not run, so the environment's Casus is the one it installs.
    """
    paths = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    if site.ENABLE_USER_SITE:
        ours.add(site.getusersitepackages())
    folders = sorted(p for p in ours if Path(p).is_dir() and p != paths)
    assert any(Path(p, "clingo").is_dir() for p in folders), f"clingo is not in {folders} ({sys.executable})"
    Path(paths, "outer-site-packages.pth").write_text("\n".join(folders) + "\n", encoding="utf-8")
