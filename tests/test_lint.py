"""The code is ruff clean."""

from __future__ import annotations

import subprocess
import sys


def test_ruff_check(root):
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "dataset", "tests", "benchmarks"], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
