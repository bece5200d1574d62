"""The explorer from what users install: the wheel's `python -m dataset explore` writes the same page as the
checkout's build, and that page works in headless Chromium from anywhere on disk."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    import explore_browser
except ImportError:  # pytest run with --import-mode=importlib
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import explore_browser

from dataset.explore import EXPLORER_PATH

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with explore_browser.chromium() as launched:
        yield launched


def test_installed_explore_writes_the_committed_page_and_it_works_in_a_browser(installed, root: Path, rows,
                                                                                 browser):
    python, elsewhere = installed
    out = elsewhere / "explorer from the wheel.html"
    done = subprocess.run([str(python), "-m", "dataset", "explore", "--out", str(out)], cwd=elsewhere,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (root / EXPLORER_PATH).read_bytes()

    opened = explore_browser.open_file(browser, out)
    try:
        page = opened.page
        drawn = page.eval_on_selector_all(".ev.first", "nodes => nodes.map(n => n.dataset.ev)")
        assert sorted(drawn) == sorted(e["evidence_id"] for e in rows["evidence"])
        page.click(".row[data-key='cabinet-decides-to-restore-ties-with-iran']")
        marked = set(page.eval_on_selector_all(".ev.marked", "nodes => nodes.map(n => n.dataset.ev)"))
        assert marked == {e["evidence_id"] for e in rows["evidence"]
                          if e["statement_id"] == "cabinet-decides-to-restore-ties-with-iran"}
        assert opened.errors == [] and opened.requests == [opened.url]
    finally:
        opened.close()
