"""Headless Chromium for the web chat tests: Debian's chromium driven by Playwright's Python package.

Playwright's own browser download cannot work without internet, so the tests use the system
browser (`apt-get install chromium`). Screenshots go to tests/artifacts/ (not in git).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 375, "height": 667}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def launch(playwright):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def screenshot(page, name: str) -> Path:
    """Keep what the visitor saw, for a person to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def new_page(browser, locale="en-US"):
    """A page of its own (cookies, storage), collecting the script errors it meets in ``page.errors``."""
    context = browser.new_context(locale=locale, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    page.errors = errors
    return page


def ask_in_chat(browser, assistant, question):
    """A new visitor's chat page with ``question`` sent."""
    visitor = new_page(browser)
    visitor.goto(f"{assistant.base_url}/chat/")
    box = visitor.get_by_role("textbox").first
    box.fill(question)
    box.press("Enter")
    return visitor


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
