"""The pandera schema of each export layout, derived from its registry entry: the package's own schema
builder (`dataset.validation.schema.pandera_schema`: names, order, dtypes, nulls, enums, patterns, bounds)
applied to the layout's columns, plus each integer code list. Used to validate exports; never imported when
exporting."""

from __future__ import annotations

import pandera.polars as pa

from dataset.exports import LAYOUTS
from dataset.exports.layouts import Layout
from dataset.validation.schema import pandera_schema


def export_schema(target: Layout, strict: bool = False) -> pa.DataFrameSchema:
    """The schema of an export with (`strict=False`) or without its `dataset_provenance` column, checked in
    column order."""
    schema = pandera_schema(target.table(strict))
    codes = {c.name: c.codes for c in target.columns if c.codes}
    columns = {name: (column.set_checks([*column.checks, pa.Check.isin(list(codes[name]))])
                      if name in codes else column)
               for name, column in schema.columns.items()}
    return pa.DataFrameSchema(
        columns, strict=True, ordered=True, name=schema.name, description=schema.description)


EXPORT_SCHEMAS = {name: export_schema(target) for name, target in LAYOUTS.items()}
