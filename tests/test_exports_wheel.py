"""The four exports from the installed wheel, run as a user would: `python -m dataset export` in a fresh
virtual environment, from an unrelated directory."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import run

from dataset.exports import LAYOUTS, PackageRows, to_arrow

pytestmark = pytest.mark.wheel


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_installed_export_command_writes_each_layout(installed, name):
    python, elsewhere = installed
    done = run([str(python), "-m", "dataset", "export", name, "--strict", "--format", "csv"], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    header, *rows = list(csv.reader(io.StringIO(done.stdout)))
    expected, _ = to_arrow(LAYOUTS[name], PackageRows(), strict=True)
    assert header == expected.column_names
    assert len(rows) == expected.num_rows > 0
    out = elsewhere / f"{name}.parquet"
    done = run([str(python), "-m", "dataset", "export", name, "--format", "parquet", "--out", str(out)],
               cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    check = ("import sys, pyarrow.parquet as pq, dataset; t = pq.read_table(sys.argv[1]); "
             f"assert t.equals(dataset.export({name!r}, engine='pyarrow')), 'differs'; print(t.num_rows)")
    done = run([str(python), "-c", check, str(out)], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == expected.num_rows
