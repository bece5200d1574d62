"""The hive-partitioned layout (`dataset.hive`): a hive copy of the real package validates on both paths of the
validator, loads equal to the flat package in every engine, is read as it is by polars and DuckDB, and a
corrupted part is reported."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dataset
from dataset.hive import write_hive
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.parquet_io import canonical, write_parquet
from dataset.schema.tables import TABLES
from dataset.validation import validate_package

ROOT = Path(__file__).resolve().parents[1]
INJURED = "police-station-attack-officers-injured"
MODES = (True, False)


@pytest.fixture(scope="module")
def hive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hive") / "package"
    write_hive(ROOT, out)
    return out


@pytest.fixture
def hive_copy(hive: Path, tmp_path: Path) -> Path:
    """A scratch copy of the hive package, to corrupt."""
    import shutil

    return Path(shutil.copytree(hive, tmp_path / "package"))


def _parquet(pkg: Path, name: str) -> dict:
    body = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in body["resources"] if r["name"] == name)["parquet"]


def test_layout_is_one_folder_per_table_and_source(hive: Path):
    for name in TABLES:
        entry = _parquet(hive, name)
        assert entry["layout"] == "hive" and entry["path"] == f"data/hive/{name}"
        parts = [p["path"] for p in entry["parts"]]
        if name == "actors":
            assert entry["partitioning"] == [] and parts == ["data/hive/actors/part-0.parquet"]
            continue
        assert entry["partitioning"] == ["source_id"]
        sources = {r["source_id"] for r in pq.read_table(ROOT / "data" / f"{name}.parquet").to_pylist()}
        assert parts == [f"data/hive/{name}/source_id={s}/part-0.parquet" for s in sorted(sources)]
        for part in entry["parts"]:  # the files layer's declared bytes and hash are those of the part
            data = (hive / part["path"]).read_bytes()
            assert part["bytes"] == len(data) and part["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    assert not list(hive.glob("data/*.parquet"))


@pytest.mark.parametrize("in_memory", MODES)
def test_hive_copy_validates(hive: Path, in_memory: bool):
    report = validate_package(hive, frictionless=True, in_memory=in_memory)
    assert report.valid, report.to_text()
    assert report.rows == {n: pq.read_metadata(ROOT / "data" / f"{n}.parquet").num_rows for n in TABLES}


@pytest.mark.parametrize("name", list(TABLES))
def test_hive_loads_equal_to_the_flat_package(hive: Path, name: str):
    pd.testing.assert_frame_equal(dataset.load(name, root=hive), dataset.load(name))
    flat, partitioned = dataset.load(name, engine="pyarrow"), dataset.load(name, engine="pyarrow", root=hive)
    assert partitioned.schema == flat.schema  # same columns, order, types (enums dictionary-encoded)
    stored = pq.read_table(ROOT / "data" / f"{name}.parquet")
    assert partitioned.cast(stored.schema).equals(stored)  # same rows, in the flat file's order
    assert dataset.load(name, engine="polars", root=hive).equals(dataset.load(name, engine="polars"))


def test_path_connect_and_source_text_accept_hive(hive: Path):
    assert dataset.path("evidence", root=hive) == hive / "data" / "hive" / "evidence"
    query = "select statement_id, speaker_actor_id from statements order by statement_id"
    assert dataset.connect(root=hive).sql(query).fetchall() == dataset.connect().sql(query).fetchall()
    piece = "tehran-times-pakistan-embassy-ties-critical"
    assert dataset.source_text(piece, piece=True, root=hive) == dataset.source_text(piece, piece=True)


def test_polars_and_duckdb_read_the_folders_as_they_are(hive: Path):
    import duckdb

    folder = hive / "data" / "hive" / "evidence"
    scanned = pl.scan_parquet(folder / "**" / "*.parquet").collect().sort("evidence_id")
    assert scanned.equals(pl.read_parquet(ROOT / "data" / "evidence.parquet"))
    count = duckdb.sql(f"select count(*) from read_parquet('{folder}/**/*.parquet', hive_partitioning = true)")
    assert count.fetchall() == [(scanned.height,)]


def _rewrite_part(pkg: Path, name: str, change, *, declare: bool = True) -> str:
    """Apply `change` to the rows of the part that holds them and write it with the canonical writer; returns the
    part's path. With `declare`, its new size and sha256 are recorded in the descriptor."""
    body = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in body["resources"] if r["name"] == name)["parquet"]
    for part in entry["parts"]:
        rows = pq.read_table(pkg / part["path"]).to_pylist()
        changed = change(rows)
        if changed:
            table = pa.Table.from_pylist(rows, schema=ARROW_SCHEMAS[name])
            write_parquet(canonical(table, ARROW_SCHEMAS[name], TABLES[name].primary_key), pkg / part["path"])
            if declare:
                data = (pkg / part["path"]).read_bytes()
                part.update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
                (pkg / "datapackage.json").write_text(json.dumps(body, indent=2), encoding="utf-8")
            return part["path"]
    raise AssertionError(f"no row of {name} was changed")


def _low_above_best(rows: list[dict]) -> bool:
    for row in rows:
        if row["casualty_id"] == INJURED:
            row["count_low"] = 7
            return True
    return False


@pytest.mark.parametrize("in_memory", MODES)
def test_bad_value_in_a_part_is_reported_with_its_row(hive_copy: Path, in_memory: bool):
    _rewrite_part(hive_copy, "casualties", _low_above_best)
    report = validate_package(hive_copy, frictionless=False, in_memory=in_memory)
    assert report.exit_code == 1
    assert [(p.layer, p.table, p.row, p.rule) for p in report.problems] == [
        ("rules", "casualties", INJURED, "rules.counts-ordered"),
        ("rules", "casualties", INJURED, "rules.count-in-evidence")]


@pytest.mark.parametrize("in_memory", MODES)
def test_undeclared_change_of_a_part_fails_its_hash(hive_copy: Path, in_memory: bool):
    part = _rewrite_part(hive_copy, "casualties", _low_above_best, declare=False)
    report = validate_package(hive_copy, frictionless=False, in_memory=in_memory)
    files = [p for p in report.problems if p.layer == "files"]
    assert files and all(part in p.message for p in files) and {p.rule for p in files} <= {"files.bytes", "files.hash"}


@pytest.mark.parametrize("in_memory", MODES)
def test_truncated_part_is_unreadable(hive_copy: Path, in_memory: bool):
    part = hive_copy / _parquet(hive_copy, "evidence")["parts"][0]["path"]
    part.write_bytes(part.read_bytes()[:100])
    report = validate_package(hive_copy, frictionless=False, in_memory=in_memory)
    assert report.exit_code == 2
    assert any(p.layer == "files" and p.table == "evidence" and p.rule == "files.bytes" and p.fatal
               for p in report.problems), report.to_text()


def test_part_with_other_columns_is_reported(hive_copy: Path):
    part = _parquet(hive_copy, "incidents")["parts"][0]["path"]
    table = pq.read_table(hive_copy / part).drop_columns(["note"])
    pq.write_table(table, hive_copy / part)
    body = json.loads((hive_copy / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(r for r in body["resources"] if r["name"] == "incidents")["parquet"]
    data = (hive_copy / part).read_bytes()
    entry["parts"][0].update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
    (hive_copy / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    for in_memory in MODES:
        report = validate_package(hive_copy, frictionless=False, in_memory=in_memory)
        assert report.exit_code == 2
        found = [p for p in report.problems if p.rule == "files.readable" and "other columns" in p.message]
        assert found, report.to_text()


def test_writer_cli_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    (tmp_path / "keep.txt").write_text("x")
    done = subprocess.run([sys.executable, "-m", "dataset.hive", str(ROOT), str(tmp_path)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "not empty" in done.stderr and "Traceback" not in done.stderr
