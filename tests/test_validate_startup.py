"""The validator's start-up: pandera (the schema layer, which imports pandas) is imported in a thread while the
files layer reads, the report says how long the checks waited for it, and the interpreter's thread switch
interval is given back afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
import dataset.validation
before = "pandera" in sys.modules
interval = sys.getswitchinterval()
report = dataset.validation.validate_package(sys.argv[1], frictionless=False)
print(json.dumps({"before": before, "after": "pandera" in sys.modules, "valid": report.valid,
                  "wait": report.import_wait_seconds, "interval": [interval, sys.getswitchinterval()],
                  "threads": sorted(t.name for t in __import__("threading").enumerate())}))
"""


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, timeout=300)


def test_pandera_is_imported_beside_the_files_layer_and_the_switch_interval_restored(root):
    done = _run(root, "-c", SCRIPT, str(root))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert not out["before"] and out["after"] and out["valid"]
    assert 0 <= out["wait"] < 60
    assert out["interval"][0] == out["interval"][1] == 0.005
    assert out["threads"] == ["MainThread"]


def test_an_unreadable_package_still_waits_for_the_import(root, tmp_path: Path):
    """No descriptor: nothing is checked, but the import thread is joined before the report is returned."""
    done = _run(root, "-c", SCRIPT, str(tmp_path))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["after"] and not out["valid"] and out["threads"] == ["MainThread"]


def test_the_json_report_counts_the_wait_in_startup_seconds(root):
    done = _run(root, "-m", "dataset", "validate", "--json", "--no-frictionless")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert 0 <= report["import_wait_seconds"] <= report["startup_seconds"]
