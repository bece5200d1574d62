"""The Frictionless face of the schema: a Table Schema per table and the `datapackage.json` descriptor,
derived from `dataset.schema.tables`.

The descriptor's resources are the CSV twins, which frictionless reads without the false type errors it
reports on Parquet (nullable integers, lists) and whose `bytes` and `hash` it verifies. Each resource names
its Parquet file, with size and sha256, under the custom property `parquet`.
"""

from __future__ import annotations

from typing import Any

from dataset.schema.fields import Field
from dataset.schema.tables import TABLES, Table

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
FRICTIONLESS_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
                      "date": "date", "list": "array"}


def table_schema_field(field: Field, table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.name, "type": FRICTIONLESS_TYPES[field.type],
                           "description": field.description}
    if field.type == "list":
        out["arrayItem"] = {"type": "string", "constraints": {"required": True, "minLength": 1}}
    if field.unit:
        out["unit"] = field.unit
    constraints: dict[str, Any] = {}
    if field.required:
        constraints["required"] = True
    if field.name == table.primary_key:
        constraints["unique"] = True
    if field.type == "string" and field.enum is None:
        constraints["minLength"] = 1
    if field.enum:
        constraints["enum"] = list(field.enum)
    if field.pattern:
        constraints["pattern"] = field.pattern
    if field.minimum is not None:
        constraints["minimum"] = field.minimum
    if field.maximum is not None:
        constraints["maximum"] = field.maximum
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(table: Table) -> dict[str, Any]:
    """Frictionless Table Schema with primary and foreign keys."""
    foreign_keys = []
    for fk in table.foreign_keys:
        parent = TABLES[str(fk.references)]
        reference: dict[str, Any] = {"fields": [parent.primary_key]}
        if parent.name != table.name:  # a reference without a resource is a self-reference
            reference = {"resource": parent.name, **reference}
        foreign_keys.append({"fields": [fk.name], "reference": reference})
    return {
        "fields": [table_schema_field(f, table) for f in table.fields],
        "missingValues": [""],
        "primaryKey": [table.primary_key],
        "foreignKeys": foreign_keys,
    }


def csv_path(name: str) -> str:
    return f"data/csv/{name}.csv"


def parquet_path(name: str) -> str:
    return f"data/{name}.parquet"


HIVE_LAYOUT = "hive"
"""The `layout` of a resource's `parquet` entry whose table is a hive-partitioned dataset (see `dataset.hive`)."""


def hive_path(name: str) -> str:
    """The folder of a table laid out as a hive-partitioned Parquet dataset."""
    return f"data/hive/{name}"


def declared_parts(parquet: dict[str, Any]) -> list[Any]:
    """The files a resource's `parquet` entry declares, each `{path, bytes, hash}`: the entry itself (one
    file), or, when its `layout` is "hive", each of its `parts` (in the order they are listed)."""
    if parquet.get("layout") == HIVE_LAYOUT:
        parts = parquet.get("parts")
        return parts if isinstance(parts, list) else []
    return [parquet]


def resource_description(table: Table, notes: dict[str, str]) -> str:
    """A table's description in a package: what one row is, the schema's description, then the package's own
    sentences about its rows of the table (`notes`, by table name, from its metadata file), if any."""
    return " ".join([table.row, table.description, *([notes[table.name]] if table.name in notes else [])])


def descriptor(files: dict[str, tuple[int, str]], sources: list[dict[str, Any]], metadata: dict[str, Any],
               notes: dict[str, str]) -> dict[str, Any]:
    """The package descriptor. `files` maps each package-relative path to (bytes, sha256 hex); `sources`
    are the rows of the sources table; `metadata` the package-level properties (name, title, version, …) and
    `notes` the package's own sentences per table, both from the package's metadata file."""

    def file_entry(path: str) -> dict[str, Any]:
        size, digest = files[path]
        return {"bytes": size, "hash": f"sha256:{digest}"}

    resources = []
    for name, table in TABLES.items():
        resources.append({
            "name": name,
            "type": "table",
            "title": table.title,
            "description": resource_description(table, notes),
            "path": csv_path(name),
            "scheme": "file",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **file_entry(csv_path(name)),
            "schema": table_schema(table),
            "parquet": {"path": parquet_path(name), "mediatype": "application/vnd.apache.parquet",
                        **file_entry(parquet_path(name))},
        })
    return {
        "$schema": PROFILE,
        **metadata,
        "sources": [
            {"title": s["title"], **({"path": s["url"]} if s["url"] else {}),
             "publisher": s["publisher"], "version": s["text_sha256"]}
            for s in sources
        ],
        "resources": resources,
    }
