"""An export as file bytes: CSV (header row, nulls as empty cells), Parquet (the package's byte-reproducible
writer options) or JSON (an array of row objects in column order). The same table gives the same bytes on
every run."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from dataset.csv_twin import write_csv
from dataset.parquet_io import write_parquet

if TYPE_CHECKING:
    import pyarrow as pa

FORMATS = ("csv", "parquet", "json")


def _via_sink(write, table: pa.Table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    write(table, sink)
    return sink.getvalue().to_pybytes()


def _json(table: pa.Table) -> bytes:
    rows = [json.dumps(row, ensure_ascii=False, default=str) for row in table.to_pylist()]
    return ("[\n" + ",\n".join(rows) + ("\n" if rows else "") + "]\n").encode("utf-8")


def to_bytes(table: pa.Table, form: str) -> bytes:
    """The export in one of FORMATS."""
    if form == "csv":
        from dataset.exports import csv_ready

        return _via_sink(write_csv, csv_ready(table))
    if form == "parquet":
        return _via_sink(write_parquet, table)
    if form == "json":
        return _json(table)
    raise ValueError(f"unknown format {form!r}; choose one of: {', '.join(FORMATS)}")
