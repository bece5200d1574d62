"""Helpers for the explorer's browser tests: headless Debian Chromium driven by Playwright's Python API.

The browser comes from the operating system (`/usr/bin/chromium`, Debian's `chromium` package; `.ci/run`
installs it); Playwright's own browser download is never used. Without a browser the tests fail with a clear
message in CI (`CI` set) and are skipped elsewhere.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 860}
SCALE = 1
"""Fixed viewport and device scale factor: the screenshot's size and pixels depend on them."""


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is missing: pip install -e '.[test]'"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(str(CHROMIUM)):
        return (f"no Chromium at {CHROMIUM}: install Debian's chromium (apt-get install chromium "
                "fonts-dejavu-core; .ci/run does) or set CHROMIUM to its path")
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """One headless Chromium for a test module; fails in CI and skips elsewhere when it is not installed."""
    reason = _missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"the explorer's browser tests need a browser in CI: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A page opened from a file, with every request it made (including the page itself) and every error."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.context.close()


def open_file(browser: Any, html: Path) -> Opened:
    """Open a page from disk in a fresh context. Every request is recorded; any that is not the page itself is
    aborted, so a page that reaches for the network cannot succeed by accident."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=SCALE, reduced_motion="reduce",
                                  locale="en-GB", timezone_id="UTC")
    page = context.new_page()
    opened = Opened(page, html.resolve().as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    context.route("**/*", lambda route: route.continue_() if route.request.url == opened.url else route.abort())
    page.goto(opened.url)
    page.wait_for_selector("body[data-ready=true]", timeout=10_000)
    return opened


def difference(a: bytes, b: bytes) -> float | None:
    """The share of pixels that differ between two PNGs by more than a little (24 of 255) in some channel, or
    None when their sizes differ."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(a)) as first, Image.open(io.BytesIO(b)) as second:
        if first.size != second.size:
            return None
        red, green, blue = ImageChops.difference(first.convert("RGB"), second.convert("RGB")).split()
        largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
        return sum(largest.histogram()[25:]) / (first.size[0] * first.size[1])
