"""From the installed wheel (fresh venv, another directory): the hive writer, both validator paths on its
output, and loading it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run

pytestmark = pytest.mark.wheel


def test_installed_hive_writer_validate_paths_and_load(installed):
    python, elsewhere = installed
    out = Path(elsewhere) / "hive-copy"
    data = run([str(python), "-c", "import dataset.loader as l; print(l.data_root())"], cwd=elsewhere)
    assert data.returncode == 0, data.stderr
    written = run([str(python), "-m", "dataset.hive", data.stdout.strip(), str(out)], cwd=elsewhere)
    assert written.returncode == 0, written.stderr
    for mode in ("--in-memory", "--out-of-core"):
        done = run([str(python), "-m", "dataset", "validate", str(out), "--json", mode], cwd=elsewhere)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr
        report = json.loads(done.stdout)
        assert report["valid"] and report["mode"] == mode[2:] and report["startup_seconds"] > 0
    script = (f"import dataset; print(all(dataset.load(n).equals(dataset.load(n, root={str(out)!r})) "
              "for n in dataset.tables()))")
    loaded = run([str(python), "-c", script], cwd=elsewhere)
    assert loaded.returncode == 0 and loaded.stdout.strip() == "True", loaded.stderr
