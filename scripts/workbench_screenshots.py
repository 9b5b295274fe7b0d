"""Screenshots of the workbench at 1,280 px, taken as a teacher walks a class through France and Greece.

    python scripts/workbench_screenshots.py        # writes docs/screenshots/workbench-*.png

It starts ``casus serve`` on a free port of 127.0.0.1, drives Debian's
headless Chromium through the page with selenium (chromedriver at
/usr/bin/chromedriver, so nothing is downloaded), and writes one PNG per
step. The browser tests (tests/test_workbench_browser.py) use the same
helpers: ``serving`` and ``browser``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_NAMES = ("chromium", "chromium-browser")
WIDTH, HEIGHT = 1280, 900

#: How to get the browser on Debian, for the message of a test that has to skip.
HOW_TO_GET_A_BROWSER = (
    "no headless browser here: install Debian's Chromium and its driver "
    "(apt-get install -y chromium chromium-driver), then run python -m pytest tests/test_workbench_browser.py"
)


def chromium() -> str | None:
    """The Chromium binary, if this machine has it and its driver."""
    if not CHROMEDRIVER.exists():
        return None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*arguments: str) -> Iterator[str]:
    """``casus serve`` on a free port of this machine, for as long as the block runs; yields its address."""
    port = _free_port()
    command = [sys.executable, "-m", "reasoner", "serve", "--port", str(port), *arguments]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(address + "api/doctrines", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    output = server.stdout.read() if server.stdout else ""
                    raise RuntimeError(f"casus serve did not start: {output}") from None
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def browser(width: int = WIDTH, height: int = HEIGHT) -> Iterator[Any]:
    """Headless Chromium driven by selenium, with a fresh profile, reaching nothing but this machine."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = chromium()
    if binary is None:
        raise RuntimeError(HOW_TO_GET_A_BROWSER)
    with tempfile.TemporaryDirectory(prefix="casus-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = binary
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # so a test can read the console
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        try:
            driver.set_window_size(width, height)
            yield driver
        finally:
            driver.quit()


def wait_for(driver: Any, condition: Any, seconds: float = 90) -> Any:
    """Wait until ``condition(driver)`` is true (selenium's WebDriverWait); return its value.

    When it never is, the error says what the page showed: its status, diagnostics and verdicts.
    """
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, seconds).until(condition)
    except TimeoutException:
        shown = driver.execute_script(
            "const text = (id) => (document.getElementById(id) || {}).textContent;"
            "return {status: text('status'), diagnostics: text('diagnostics'), verdicts: text('verdicts')}"
        )
        raise AssertionError(f"the page did not get there in {seconds:g} s; it showed {shown}") from None


def click(driver: Any, selector: str) -> None:
    """Click the element, found afresh until the click lands (the page redraws its lists as it works)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def clicked(d: Any) -> bool:
        try:
            d.find_element(By.CSS_SELECTOR, selector).click()
        except StaleElementReferenceException:
            return False
        return True

    wait_for(driver, clicked)


def open_from_gallery(driver: Any, name: str) -> None:
    """Open a case from the gallery once the page has settled, and wait until it is checked and solved."""
    wait_for(driver, lambda d: verdict_texts(d) and idle(d))  # the case the page opens with
    before = driver.execute_script("return generation")  # how many analyses the page has started
    click(driver, f'#cases button[data-case="{name}"]')
    wait_for(driver, lambda d: d.execute_script("return generation") > before and idle(d))


def verdict_texts(driver: Any) -> list[str]:
    """The verdict buttons' texts, row by row (read in one go: the table is redrawn as the case changes)."""
    script = "return [...document.querySelectorAll('#verdicts button.verdict')].map((b) => b.textContent)"
    return list(driver.execute_script(script))


def idle(driver: Any) -> bool:
    """Whether the page has finished checking and solving."""
    return bool(driver.execute_script("return document.getElementById('status').textContent === ''"))


def script_errors(driver: Any) -> list[str]:
    """The errors the page's script wrote to the browser's console since the last call."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def no_sideways_scroll(driver: Any) -> bool:
    """Whether the page fits its window's width."""
    return bool(driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"))


def walk_through(driver: Any, address: str, shots: Path | None) -> None:
    """The teacher's steps: open France and Greece, switch doctrine, click the verdict, read its explanation.

    Then the contrast of the Idealist and the Moderate View, and what would change the Moderate View's
    verdict: the fewest edits, and one of them applied. With ``shots``, a PNG of each step goes there.
    """
    from selenium.webdriver.common.by import By

    def shot(name: str) -> None:
        if shots is not None:
            assert no_sideways_scroll(driver), f"the page scrolls sideways at step {name}"
            driver.save_screenshot(str(shots / f"workbench-{name}.png"))

    driver.get(address)
    open_from_gallery(driver, "france_greece.casus")
    wait_for(driver, lambda d: len(verdict_texts(d)) == 3)
    shot("1-france-greece")
    # Switch doctrine: keep only the Moderate View and the Idealist View.
    click(driver, '#doctrines input[value="hobbesian"]')
    wait_for(driver, lambda d: len(verdict_texts(d)) == 2 and idle(d))
    shot("2-switch-doctrine")
    click(driver, '#verdicts button.verdict[data-doctrine="moderate"]')
    wait_for(driver, lambda d: d.find_element(By.ID, "cited").text.startswith("Cites lines") and idle(d))
    time.sleep(0.5)  # the explanation box scrolls into view smoothly
    shot("3-explanation")
    # Reading it: the teacher opens every node of the argument.
    driver.execute_script("document.querySelectorAll('#explanation details').forEach((d) => (d.open = true))")
    driver.execute_script("document.getElementById('explanation').scrollIntoView()")
    shot("4-explanation-read")
    click(driver, "#contrast")
    wait_for(driver, lambda d: "differences" in d.find_element(By.ID, "explanation-title").text and idle(d))
    time.sleep(0.5)
    shot("5-contrast")
    # What would change the Moderate View's verdict? The fewest edits, then the second one applied.
    click(driver, '#verdicts button.verdict[data-doctrine="moderate"]')
    wait_for(driver, lambda d: d.find_element(By.ID, "cited").text.startswith("Cites lines") and idle(d))
    click(driver, "#whatif-this")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#whatif-answers li") and idle(d))
    time.sleep(0.5)
    shot("6-whatif")
    click(driver, '#whatif-answers li[data-answer="2"] button.apply')
    wait_for(driver, lambda d: idle(d) and verdict_texts(d)[-1] == "breach blameworthy")
    time.sleep(0.5)
    shot("7-whatif-applied")


def main() -> int:
    if chromium() is None:
        print(HOW_TO_GET_A_BROWSER, file=sys.stderr)
        return 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serving() as address, browser() as driver:
        walk_through(driver, address, SHOTS)
    for png in sorted(SHOTS.glob("workbench-*.png")):
        print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
