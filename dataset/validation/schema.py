"""Layer 2, schema: columns present (none missing, none unexpected), types, nulls, enums, ranges and patterns,
checked by pandera on polars with schemas derived from `dataset.tables`."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from dataset.fields import Field
from dataset.tables import TABLES, Table
from dataset.validation.report import Problem, excerpt

LAYER = "schema"

POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "list": pl.List(pl.String()),
}


def _items_not_empty(data: pa.PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key).list.eval(pl.element().str.len_chars() > 0).list.all())


def _checks(field: Field) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if field.type == "string":
        if field.enum:
            checks.append(pa.Check.isin(list(field.enum)))
        elif field.pattern:
            checks.append(pa.Check.str_matches(field.pattern))
        elif not field.references:  # a foreign key must equal a primary key, which is never empty
            checks.append(pa.Check.str_length(min_value=1))
    if field.type == "list":
        checks.append(pa.Check(_items_not_empty, name="items_not_empty", error="items_not_empty"))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    return checks


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema of one table: dtype, nullability and value checks of every column."""
    columns = {
        f.name: pa.Column(POLARS_TYPES[f.type], checks=_checks(f), nullable=not f.required,
                          description=f.description, title=f.name)
        for f in table.fields
    }
    return pa.DataFrameSchema(columns, strict=True, name=table.name, description=table.row)


PANDERA_SCHEMAS: dict[str, pa.DataFrameSchema] = {name: pandera_schema(t) for name, t in TABLES.items()}


def structurally_sound(table: Table, frame: pl.DataFrame) -> bool:
    """True when every column is present with its declared type, so that later layers can rely on them."""
    return all(f.name in frame.columns and frame.schema[f.name] == POLARS_TYPES[f.type] for f in table.fields)


def check_schema(frames: dict[str, pl.DataFrame]) -> list[Problem]:
    problems: list[Problem] = []
    for name, frame in frames.items():
        try:
            PANDERA_SCHEMAS[name].validate(frame, lazy=True)
        except SchemaErrors as err:
            problems.extend(_problems(TABLES[name], frame, err.failure_cases))
    return problems


def _problems(table: Table, frame: pl.DataFrame, cases: pl.DataFrame) -> list[Problem]:
    """One problem per pandera failure case, with the row named by its primary key where possible."""
    keys = frame[table.primary_key] if table.primary_key in frame.columns else None
    problems = []
    for case in cases.iter_rows(named=True):
        check, value = str(case["check"]), case["failure_case"]
        if case["schema_context"] == "DataFrameSchema":
            column, row = value, None
            message = {"column_in_schema": "unexpected column: not in the schema",
                       "column_in_dataframe": "column missing from the table"}.get(check, check)
            value = None
        else:
            column, index = case["column"], case["index"]
            row = None if index is None else _row_label(keys, index)
            message = _message(check, value)
        problems.append(Problem(LAYER, table.name, row, column, check, message, excerpt(value)))
    return problems


def _row_label(keys: pl.Series | None, index: int) -> str:
    if keys is not None and keys.dtype == pl.String() and keys[index] is not None:
        return keys[index]
    return f"#{index}"


def _message(check: str, value: object) -> str:
    if check == "not_nullable":
        return "null in a column that must have a value"
    if check.startswith("dtype("):
        return f"wrong type: expected {check[6:-1]}, found {value}"
    if check == "field_uniqueness":
        return "duplicate value in a unique column"
    if check == "items_not_empty":
        return "every item of the list must be a non-empty string"
    return f"value fails the check {check}"
