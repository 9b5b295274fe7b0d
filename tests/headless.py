"""Pages measured in Debian's headless Chromium (no driver needed): how wide a page lays out at 1,280 px."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

#: Why a test that needs the browser is skipped where it is missing.
NO_BROWSER = "no headless browser (Debian: apt-get install chromium)"


def chromium() -> str | None:
    """The Chromium binary, if this machine has one."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def scroll_width(page: str, folder: Path, name: str = "page") -> int:
    """The width, in pixels, that ``page`` (a whole HTML document) takes in a window 1,280 px wide."""
    binary = chromium()
    assert binary is not None, NO_BROWSER
    measure = "<script>document.body.dataset.width = document.documentElement.scrollWidth</script></body>"
    path = folder / f"{name}.html"
    path.write_text(page.replace("</body>", measure), encoding="utf-8")
    browser = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    done = subprocess.run(
        [*browser, f"--user-data-dir={folder / 'profile'}", "--window-size=1280,900", "--dump-dom", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    width = re.search(r'data-width="(\d+)"', done.stdout)
    assert width is not None, done.stderr[-500:]
    return int(width[1])
