"""The Arrow schema of each table, derived from `dataset.schema.tables`.

Column descriptions are written twice, because readers differ in what they see: as Arrow field metadata
(pyarrow, pandas) and as one JSON document in the file-level key/value metadata (DuckDB, polars).
"""

from __future__ import annotations

import json

import pyarrow as pa

from dataset.schema.fields import Field
from dataset.schema.tables import TABLES, Table

COLUMNS_METADATA_KEY = b"dataset:columns"
TABLE_METADATA_KEY = b"dataset:table"

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "list": pa.list_(pa.field("element", pa.string())),  # the Parquet-compliant child name
}


def _column_doc(field: Field) -> dict[str, str]:
    doc = {"description": field.description}
    if field.unit:
        doc["unit"] = field.unit
    return doc


def arrow_field(field: Field) -> pa.Field:
    metadata = {k.encode(): v.encode() for k, v in _column_doc(field).items()}
    return pa.field(field.name, ARROW_TYPES[field.type], nullable=not field.required, metadata=metadata)


def arrow_schema(table: Table) -> pa.Schema:
    columns = {f.name: _column_doc(f) for f in table.fields}
    about = {"name": table.name, "title": table.title, "row": table.row, "description": table.description,
             "primary_key": table.primary_key}
    metadata = {
        COLUMNS_METADATA_KEY: json.dumps(columns, ensure_ascii=False, sort_keys=True).encode(),
        TABLE_METADATA_KEY: json.dumps(about, ensure_ascii=False, sort_keys=True).encode(),
    }
    return pa.schema([arrow_field(f) for f in table.fields], metadata=metadata)


ARROW_SCHEMAS: dict[str, pa.Schema] = {name: arrow_schema(t) for name, t in TABLES.items()}
