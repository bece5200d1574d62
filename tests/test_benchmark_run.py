"""`python -m benchmarks.run --quick` end to end into a temporary folder: RESULTS-quick.md names every target of
issue 10 with met or missed, results-quick.json parses, and a measurement that timed out is reported as a miss
that says so. No timing is asserted: whether a target is met on this machine is not the test's business."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import parquet_bytes_per_row  # noqa: E402
from benchmarks.measure import GNU_TIME  # noqa: E402
from benchmarks.report import render  # noqa: E402
from benchmarks.suite import FRICTIONLESS  # noqa: E402
from benchmarks.targets import evaluate  # noqa: E402
from dataset.schema.tables import TABLES  # noqa: E402

TARGET_WORDS = ("read_table", "rows/s", "end to end", "peak RSS", "dataset.load", "frictionless", "linearly",
                "exports")
"""A word of each target's name, in the order of issue 10, then issue 23's exports."""

pytestmark = pytest.mark.skipif(not Path(GNU_TIME).exists() or not shutil.which(FRICTIONLESS),
                                reason="needs GNU time and the frictionless CLI")


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """The results and the report of one quick run (no waiting for a quiet machine)."""
    tmp = tmp_path_factory.mktemp("bench")
    done = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick", "--workdir", str(tmp / "work"),
                           "--out", str(tmp / "out"), "--wait-budget", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp / "out" / "results-quick.json").read_text(encoding="utf-8"))
    return results, (tmp / "out" / "RESULTS-quick.md").read_text(encoding="utf-8")


def _target_rows(report: str) -> list[str]:
    table = report.split("## Targets", 1)[1].split("\n## ", 1)[0]
    return [line for line in table.splitlines() if line.startswith("| ") and "**" in line]


def test_report_names_every_target_with_met_or_missed(quick: tuple[dict[str, Any], str]) -> None:
    results, report = quick
    rows = _target_rows(report)
    assert len(rows) == len(TARGET_WORDS) == len(evaluate(results))
    for row, word in zip(rows, TARGET_WORDS, strict=True):
        assert word in row.split(" | ")[0]
        assert ("**met**" in row) != ("**missed**" in row), row


def test_every_measurement_of_the_quick_run_completed(quick: tuple[dict[str, Any], str]) -> None:
    """A miss in the quick run may be one of speed, never a broken suite: every corpus was generated, every
    validation found its corpus valid, nothing timed out or was skipped."""
    results, _ = quick
    assert not any(c["missing"] for c in results["corpora"].values())
    assert all(r["valid"] for entry in results["validate"].values() for r in entry["reports"])
    measurements = [*results["startup"], results["build"], results["load"]["load"], results["load"]["floor"],
                    *(e[k] for e in results["validate"].values() for k in ("validate", "read")),
                    *(e["frictionless"] for e in results["frictionless_csv"].values()),
                    *(e[k] for e in results["exports"].values() for k in ("exports", "read"))]
    for m in measurements:
        assert m["stats"] is not None and not m["skipped"] and m["timed_out_at"] is None, m["label"]
        assert m["returncodes"] == [0], m["label"]


def test_a_timed_out_measurement_is_a_miss_that_says_so(quick: tuple[dict[str, Any], str]) -> None:
    results = copy.deepcopy(quick[0])
    large = results["validate"][str(results["plan"]["large"])]["validate"]
    large["runs"] = [{**large["runs"][0], "timed_out": True, "timeout": 60.0, "returncode": -9}]
    large.update(stats=None, cpu=None, peak_rss_bytes=None, timed_out_at=60.0)
    results["validate"][str(results["plan"]["large"])]["reports"] = []
    rows = _target_rows(render(results))
    for word in ("end to end", "peak RSS"):
        row = next(r for r in rows if word in r.split(" | ")[0])
        assert "**missed**" in row and "timed out at 60 s" in row


def test_parquet_bytes_per_row_is_bytes_over_rows() -> None:
    files = [ROOT / "data" / f"{name}.parquet" for name in TABLES]
    rows = sum(pq.read_metadata(f).num_rows for f in files)
    assert parquet_bytes_per_row(ROOT) == pytest.approx(sum(f.stat().st_size for f in files) / rows)
