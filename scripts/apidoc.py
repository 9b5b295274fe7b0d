"""Write docs/api.md from the docstrings of the names ``reasoner`` exports (``reasoner.__all__``).

python scripts/apidoc.py            # rewrite docs/api.md
python scripts/apidoc.py --check    # exit 1 if docs/api.md is not what the docstrings say
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import sys
from pathlib import Path

import reasoner

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api.md"

INTRO = """# The Python API

Everything a notebook needs is a name of the package itself: `import reasoner`, then
`reasoner.run(...)`, `reasoner.compare(...)`, `reasoner.explain(...)`, `reasoner.contrast(...)`.
Results render themselves in Jupyter (HTML tables, Markdown, JSON and plain text) and print as
text; `run` and `compare` also give a pandas DataFrame (`to_pandas()`, when pandas is installed).
The names are imported when first used, so `import reasoner` is cheap. Lower layers (the stage
folders described in [architecture.md](architecture.md)) are importable too, but only these names
are the public face.

This page is written from the docstrings by `python scripts/apidoc.py`; a test checks it is current.

```python
>>> import reasoner
>>> print(reasoner.run("cases/france_greece.casus", "moderate").text())
>>> reasoner.compare(["cases/france_greece.casus", "cases/csto_armenia.casus"], timeline=True)
>>> reasoner.explain("cases/france_greece.casus", "moderate", "justified(France, Greece, 9, _)")
>>> reasoner.contrast("cases/france_greece.casus", "idealist", "moderate")
```
"""

GROUPS = {
    "Solving and explaining": ["run", "compare", "explain", "contrast", "solve_case"],
    "Results": ["Run", "Comparison", "Explanation", "ContrastResult", "Solved", "CaseResult", "Conclusion"],
    "Cases": ["load_case", "parse_text", "case_text", "Case"],
    "Doctrines": ["find_doctrine", "analyse", "Doctrine", "DOCTRINES"],
    "Errors": ["CasusError", "CaseError", "RuleFileError", "Diagnostic", "Source"],
}


def _signature(obj: object) -> str:
    try:
        return str(inspect.signature(obj)).replace("'", "")  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def _entry(name: str) -> list[str]:
    obj = getattr(reasoner, name)
    if not (inspect.isclass(obj) or callable(obj)):
        return [f"### `{name}`", "", f"`{obj!r}`", ""]
    kind = "class " if inspect.isclass(obj) else ""
    signature = _signature(obj) if not (inspect.isclass(obj) and dataclasses.is_dataclass(obj)) else ""
    lines = [f"### `{kind}{name}{signature}`", "", inspect.getdoc(obj) or "(no docstring)", ""]
    if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
        fields = [f"`{f.name}`" for f in dataclasses.fields(obj) if not f.name.startswith("_")]
        if fields:
            lines += ["Fields: " + ", ".join(fields) + ".", ""]
    if inspect.isclass(obj):
        for member in dir(obj):
            value = inspect.getattr_static(obj, member)
            if member.startswith("_") or not (inspect.isfunction(value) or isinstance(value, property)):
                continue
            doc = inspect.getdoc(getattr(obj, member))
            if doc:
                call = (
                    ""
                    if isinstance(value, property)
                    else _signature(value).replace("(self, ", "(").replace("(self)", "()")
                )
                lines += [f"- `{member}{call}`: {doc.splitlines()[0]}"]
        lines.append("")
    return lines


def page() -> str:
    """The page as the docstrings say it."""
    listed = [n for names in GROUPS.values() for n in names]
    missing = sorted(set(reasoner.__all__) - {"__version__"} - set(listed))
    if missing:
        raise SystemExit(f"apidoc: exported but not grouped: {', '.join(missing)}")
    out = [INTRO]
    for title, names in GROUPS.items():
        out += [f"## {title}", ""]
        for name in names:
            out += _entry(name)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that docs/api.md is current")
    args = parser.parse_args(argv)
    text = page()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print("docs/api.md is out of date: run python scripts/apidoc.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
