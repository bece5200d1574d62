"""Writing Parquet byte-reproducibly (docs/references.md, Reproducible Parquet): explicit writer options, one chunk,
rows sorted by primary key, no pandas metadata, and the schema's own metadata."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PARQUET_OPTIONS = dict(
    compression="zstd", compression_level=3, row_group_size=1_000_000, data_page_size=1 << 20,
    use_dictionary=True, write_statistics=True, version="2.6", data_page_version="1.0",
    write_page_index=False, store_schema=True,
)


def canonical(table: pa.Table, schema: pa.Schema, sort_by: str) -> pa.Table:
    """The table in its canonical form: schema columns and types, sorted by key, one chunk."""
    table = table.select(schema.names).cast(schema).sort_by(sort_by).combine_chunks()
    return table.replace_schema_metadata(schema.metadata)


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(table, path, **PARQUET_OPTIONS)
