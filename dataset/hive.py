"""Lay a data package out with each table as a hive-partitioned Parquet dataset, partitioned by source.

    python -m dataset.hive SOURCE OUT      # SOURCE: a package folder (or its datapackage.json); OUT: a new folder

Each table becomes one folder, `data/hive/<table>/`. A table with a `source_id` column (sources, statements,
incidents, casualties, evidence) gets one folder per source, `source_id=<value>/part-0.parquet` (the value
percent-encoded, as Hive does; `__HIVE_DEFAULT_PARTITION__` for a null); `actors` has no source (an actor is
shared by every piece that names it, and no derived key would be a fact of the data), so it is one file,
`data/hive/actors/part-0.parquet`. Every part keeps every column, `source_id` included, so a part is a valid
table on its own, and DuckDB, polars and Spark read the folder as it is (polars and DuckDB use the column in
the file). Rows within a part are sorted by primary key and written with the package's own writer.

The descriptor declares the layout in each resource's `parquet` entry: `"layout": "hive"`, `"path"` the
folder, `"partitioning"` the partition columns, and `"parts"` every part file with its `bytes` and sha256
`hash`, so that the validator's files layer still checks every byte. CSV twins and source texts are copied
unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.arrow_schema import ARROW_SCHEMAS
from dataset.datapackage import HIVE_LAYOUT, declared_parts, hive_path
from dataset.docs import json_bytes
from dataset.parquet_io import canonical, write_parquet
from dataset.tables import TABLES

PARTITION_COLUMN = "source_id"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def partitioning(name: str) -> list[str]:
    """The partition columns of a table: `source_id` where the table has one, none otherwise (actors)."""
    return [PARTITION_COLUMN] if PARTITION_COLUMN in TABLES[name].field_names else []


def _read_table(root: Path, parquet: dict[str, Any], name: str) -> pa.Table:
    parts = [pq.read_table(root / part["path"], schema=ARROW_SCHEMAS[name]) for part in declared_parts(parquet)]
    return pa.concat_tables(parts)


def _partitions(table: pa.Table, name: str) -> list[tuple[str, pa.Table]]:
    """(folder below the table's, rows) per partition, each in canonical order."""
    schema, key = ARROW_SCHEMAS[name], TABLES[name].primary_key
    if not partitioning(name):
        return [("", canonical(table, schema, key))]
    ordered = table.sort_by([(PARTITION_COLUMN, "ascending"), (key, "ascending")])
    values = ordered.column(PARTITION_COLUMN).combine_chunks()
    change = np.flatnonzero(pc.fill_null(pc.not_equal(values[1:], values[:-1]), True).to_numpy(zero_copy_only=False)
                            | pc.is_null(values[1:]).to_numpy(zero_copy_only=False)
                            | pc.is_null(values[:-1]).to_numpy(zero_copy_only=False))
    bounds = [0, *(change + 1).tolist(), ordered.num_rows] if ordered.num_rows else [0]
    out = []
    for start, stop in itertools.pairwise(bounds):
        value = values[start].as_py()
        folder = f"{PARTITION_COLUMN}={NULL_PARTITION if value is None else quote(value, safe='')}"
        out.append((folder, canonical(ordered.slice(start, stop - start), schema, key)))
    return out


def _entry(out: Path, relative: str) -> dict[str, Any]:
    data = (out / relative).read_bytes()
    return {"path": relative, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def write_hive(source: Path, out: Path) -> Path:
    """Write a copy of the package at `source` to the new folder `out`, every table hive-partitioned; returns
    the new descriptor's path."""
    source = source.parent if source.name == "datapackage.json" else source
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    body = json.loads((source / "datapackage.json").read_text(encoding="utf-8"))
    texts: set[str] = set()
    for resource in body["resources"]:
        name = resource["name"]
        table = _read_table(source, resource["parquet"], name)
        if name == "sources":
            texts.update(t for t in table.column("text_path").to_pylist() if t)
        parts = []
        for folder, rows in _partitions(table, name):
            relative = "/".join(p for p in (hive_path(name), folder, "part-0.parquet") if p)
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            write_parquet(rows, out / relative)
            parts.append(_entry(out, relative))
        resource["parquet"] = {"path": hive_path(name), "mediatype": resource["parquet"].get("mediatype"),
                               "layout": HIVE_LAYOUT, "partitioning": partitioning(name), "parts": parts}
        (out / resource["path"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / resource["path"], out / resource["path"])
    for text in sorted(texts):
        (out / text).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / text, out / text)
    (out / "datapackage.json").write_bytes(json_bytes(body))
    return out / "datapackage.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dataset.hive", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a data package folder in this schema, or its datapackage.json")
    parser.add_argument("out", type=Path, help="a new (or empty) folder for the hive-partitioned copy")
    args = parser.parse_args(argv)
    try:
        written = write_hive(args.source, args.out)
    except (OSError, ValueError, KeyError, pa.ArrowException) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
