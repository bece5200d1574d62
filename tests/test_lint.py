"""The code is ruff clean."""

from __future__ import annotations

import subprocess
import sys


def test_ruff_check(root):
    folders = [f for f in ("dataset", "tests", "benchmarks", "examples") if (root / f).is_dir()]
    done = subprocess.run([sys.executable, "-m", "ruff", "check", *folders], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
