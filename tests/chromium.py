"""Headless Chromium from Debian's packages, driven by Selenium: for the review-page tests and
bench/review_page.py. Nothing is downloaded: the driver is named, so selenium-manager stays idle."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = os.environ.get("NEWSLINT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("NEWSLINT_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
INSTALL = (
    f"headless Chromium is needed for the review-page tests ({CHROMIUM} and {CHROMEDRIVER}); "
    "install it (Debian/Ubuntu: apt-get install -y chromium chromium-driver)"
)


def missing() -> str | None:
    """Why the browser cannot run here, or None."""
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not (Path(binary).is_file() and os.access(binary, os.X_OK)):
            return INSTALL
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed; pip install -e '.[test]'"
    return None


@contextmanager
def browser(width: int = 1280, height: int = 900, flags: tuple[str, ...] = ()) -> Iterator["object"]:
    """A fresh headless Chromium (its own profile directory, removed afterwards) whose console
    messages can be read with `driver.get_log("browser")`; `flags` are added to FLAGS."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newslint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, *flags):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
