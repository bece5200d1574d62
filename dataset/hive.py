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
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset.containment import Folder, Refused, load_descriptor, write_bytes
from dataset.exit_codes import EXIT_OK, EXIT_UNUSABLE, run_cli
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.datapackage import HIVE_LAYOUT, declared_parts, hive_path
from dataset.schema.docs import json_bytes
from dataset.schema.parquet_io import canonical, write_parquet
from dataset.schema.tables import TABLES

PARTITION_COLUMN = "source_id"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def partitioning(name: str) -> list[str]:
    """The partition columns of a table: `source_id` where the table has one, none otherwise (actors)."""
    return [PARTITION_COLUMN] if PARTITION_COLUMN in TABLES[name].field_names else []


def _read_table(folder: Folder, parquet: object, name: str) -> pa.Table:
    """A table's Parquet file(s), each read through the containment rule."""
    if not isinstance(parquet, dict) or not declared_parts(parquet):
        raise Refused(f"resource {name}: the descriptor declares no Parquet file")
    parts = []
    for part in declared_parts(parquet):
        try:
            with folder.open(part.get("path")) as handle:
                parts.append(pq.read_table(handle, schema=ARROW_SCHEMAS[name]))
        except Refused as err:
            raise Refused(f"resource {name}: Parquet file {part.get('path')!r}: {err}") from None
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


def _entry(relative: str, data: bytes) -> dict[str, Any]:
    return {"path": relative, "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _copy(folder: Folder, out: Path, relative: str, what: str) -> None:
    """Copy a file the package names to the same place under `out`, both ends checked by the containment rule."""
    try:
        with folder.open(relative) as handle:
            write_bytes(out, relative, handle)
    except Refused as err:
        raise Refused(f"{what} {relative!r}: {err}") from None


def write_hive(source: Path, out: Path) -> Path:
    """Write a copy of the package at `source` to the new folder `out`, every table hive-partitioned; returns
    the new descriptor's path. Every file is read and written through `dataset.containment`: a path the package
    names that would leave either folder is refused."""
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} exists and is not empty")
    loaded = load_descriptor(source)
    folder, body = loaded.folder, loaded.body
    texts: set[str] = set()
    names = [resource["name"] for resource in body["resources"]]
    if len(set(names)) != len(names) or not set(names) <= TABLES.keys():
        raise Refused(f"{loaded.path}: the resources must be this schema's tables, each once: {names}")
    for resource in body["resources"]:
        name = resource["name"]
        table = _read_table(folder, resource.get("parquet"), name)
        if name == "sources":
            texts.update(t for t in table.column("text_path").to_pylist() if t)
        parts = []
        for partition, rows in _partitions(table, name):
            relative = "/".join(p for p in (hive_path(name), partition, "part-0.parquet") if p)
            sink = pa.BufferOutputStream()
            write_parquet(rows, sink)
            data = sink.getvalue().to_pybytes()
            write_bytes(out, relative, data)
            parts.append(_entry(relative, data))
        resource["parquet"] = {"path": hive_path(name), "mediatype": resource["parquet"].get("mediatype"),
                               "layout": HIVE_LAYOUT, "partitioning": partitioning(name), "parts": parts}
        _copy(folder, out, resource.get("path"), f"resource {name}: CSV file")
    for text in sorted(texts):
        _copy(folder, out, text, "source text")
    write_bytes(out, "datapackage.json", json_bytes(body))
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
        return EXIT_UNUSABLE
    print(f"wrote {written}")
    return EXIT_OK


if __name__ == "__main__":
    run_cli(main, "the package")
