"""The pandera schema of each export layout, derived from its registry entry: the package's own schema
builder (`dataset.validation.schema.pandera_schema`: names, order, dtypes, nulls, enums, patterns, bounds)
applied to the layout's columns, plus each integer code list. Used to validate exports; never imported when
exporting."""

from __future__ import annotations

import pandera.polars as pa

from dataset.exports import LAYOUTS
from dataset.exports.layouts import Column, Layout
from dataset.validation.schema import POLARS_TYPES, pandera_schema


def polars_type(column: Column):
    """The polars type of an object column: a struct of its parts, or a list of them."""
    import polars as pl

    struct = pl.Struct({part.name: POLARS_TYPES[part.type] for part in column.parts})
    return pl.List(struct) if column.repeated else struct


def export_schema(target: Layout, strict: bool = False) -> pa.DataFrameSchema:
    """The schema of an export with (`strict=False`) or without its `dataset_provenance` column, checked in
    column order."""
    schema = pandera_schema(target.table(strict))
    codes = {c.name: c.codes for c in target.columns if c.codes}
    nested = {c.name: c for c in target.columns if c.parts}
    columns = {name: (column.set_checks([*column.checks, pa.Check.isin(list(codes[name]))])
                      if name in codes else column)
               for name, column in schema.columns.items()}
    for name, column in nested.items():  # object columns: their nested type, no text checks
        columns[name] = pa.Column(polars_type(column), nullable=not column.field.required,
                                  description=column.field.description, title=name)
    return pa.DataFrameSchema(
        columns, strict=True, ordered=True, name=schema.name, description=schema.description)


EXPORT_SCHEMAS = {name: export_schema(target) for name, target in LAYOUTS.items()}
