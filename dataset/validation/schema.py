"""Layer 2, schema: columns present (none missing, none unexpected), types, nulls, enums, ranges and patterns,
with schemas derived from `dataset.schema.tables`.

pandera is the schema face: `PANDERA_SCHEMAS` defines every column's dtype, nullability and checks. pandera
checks the columns and dtypes (schema-level, from the frame's schema alone); the data-level checks of those same
pandera `Check` objects are compiled into polars expressions and evaluated in ONE aggregate query per table,
which counts the failures of every check at once. Only a check with failures then runs a detail query
(filter + head) that names the failing rows, so a valid table is read once, whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from dataset.schema.fields import Field
from dataset.schema.tables import TABLES, Table
from dataset.validation.registry import rule_id
from dataset.validation.report import CAP, Findings, Problem, excerpt

LAYER = "schema"
REQUIRED = rule_id("schema.required")
ROW = "_row"

POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "list": pl.List(pl.String()),
}


def _items_ok(column: pl.Expr) -> pl.Expr:
    """True where every item of a list is a non-empty string: a null item fails (`list.all` alone skips it)."""
    item = pl.element()
    return column.list.eval(item.is_not_null() & (item.str.len_chars() > 0)).list.all()


def _items_not_empty(data: pa.PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(_items_ok(pl.col(data.key)))


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


def _length_fails(c: pl.Expr, s: dict[str, Any]) -> pl.Expr:
    length = c.str.len_chars()
    low, high = s.get("min_value"), s.get("max_value")
    return ((length < low) if low is not None else pl.lit(False)) | ((length > high) if high is not None
                                                                      else pl.lit(False))


_FAILS: dict[str, Callable[[pl.Expr, dict[str, Any]], pl.Expr]] = {
    "isin": lambda c, s: ~c.is_in(s["allowed_values"]),
    "str_matches": lambda c, s: ~c.str.contains(s["pattern"]),
    "greater_than_or_equal_to": lambda c, s: c < s["min_value"],
    "less_than_or_equal_to": lambda c, s: c > s["max_value"],
    "str_length": _length_fails,
    "items_not_empty": lambda c, s: ~_items_ok(c),
}
"""A pandera check (by name) compiled to the polars expression that is true where a value fails it. Like
pandera, a null value passes every check; nulls are the `not_nullable` check's concern."""


_RULE_OF_CHECK = {
    "isin": "schema.enum",
    "str_matches": "schema.pattern",
    "str_length": "schema.not-empty",
    "greater_than_or_equal_to": "schema.minimum",
    "less_than_or_equal_to": "schema.maximum",
    "items_not_empty": "schema.list-items",
}
"""The registry id of each pandera check, by the check's name (its kind), never by its error text: an `isin`
is `schema.enum` whatever its codes, so adding a code changes no id."""


def rule_of(check: pa.Check) -> str:
    return rule_id(_RULE_OF_CHECK[check.name])


def data_checks(name: str) -> list[tuple[str, str, pl.Expr]]:
    """(column, rule id, failure expression) of every data-level check of a table's pandera schema."""
    out = []
    for column, spec in PANDERA_SCHEMAS[name].columns.items():
        c = pl.col(column)
        if not spec.nullable:
            out.append((column, REQUIRED, c.is_null()))
        out += [(column, rule_of(check), _FAILS[check.name](c, check.statistics).fill_null(False))
                for check in spec.checks]
    return out


def structurally_sound(table: Table, frame: pl.LazyFrame) -> bool:
    """True when every column is present with its declared type, so that later layers can rely on them."""
    schema = frame.collect_schema()
    return all(schema.get(f.name) == POLARS_TYPES[f.type] for f in table.fields)


def check_schema(frames: dict[str, pl.LazyFrame]) -> Findings:
    found = Findings()
    for name, frame in frames.items():
        found.extend(_schema_level(TABLES[name], frame))
    checks = {name: _sound_checks(TABLES[name], frame) for name, frame in frames.items()}
    names = [name for name in frames if checks[name]]
    counts = pl.collect_all([frames[name].select(fails.sum().alias(str(i))
                                                 for i, (_, _, fails) in enumerate(checks[name])) for name in names])
    for name, result in zip(names, counts, strict=True):
        found.extend(_data_level(TABLES[name], frames[name], checks[name], result.row(0)))
    return found


_SCHEMA_LEVEL = {"column_in_schema": ("schema.unexpected-column", "unexpected column: not in the schema"),
                 "column_in_dataframe": ("schema.missing-column", "column missing from the table")}
"""pandera's frame-level checks (by check name): registry id and message."""


def _schema_level(table: Table, frame: pl.LazyFrame) -> Findings:
    """Columns and dtypes, by pandera, from the schema alone (nothing is read)."""
    found = Findings()
    with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
        try:
            PANDERA_SCHEMAS[table.name].validate(frame, lazy=True)
        except SchemaErrors as err:
            cases = err.failure_cases
        else:
            return found
    for case in cases.iter_rows(named=True):
        check, value = str(case["check"]), case["failure_case"]
        if case["schema_context"] == "DataFrameSchema":
            rule, message = _SCHEMA_LEVEL[check]
            found.add([Problem(LAYER, table.name, None, value, rule_id(rule), message)])
        elif check.startswith("dtype("):
            column = str(case["column"])
            found.add([Problem(LAYER, table.name, None, column, rule_id("schema.type"),
                               f"wrong type: expected {POLARS_TYPES[table.field(column).type]}, found {value}",
                               excerpt(value))])
        else:
            raise ValueError(f"pandera check {check!r} has no registry id (dataset.validation.registry)")
    return found


def _sound_checks(table: Table, frame: pl.LazyFrame) -> list[tuple[str, str, pl.Expr]]:
    """The data checks of the columns that have their declared dtype (the others are reported by dtype)."""
    schema = frame.collect_schema()
    return [(column, rule, fails) for column, rule, fails in data_checks(table.name)
            if schema.get(column) == POLARS_TYPES[table.field(column).type]]


def _data_level(table: Table, frame: pl.LazyFrame, checks: list[tuple[str, str, pl.Expr]],
                counts: tuple[int, ...]) -> Findings:
    """Given the failure count of every check (one aggregate query per table), one detail query per failing
    check lists its first `CAP` rows."""
    key = table.primary_key
    label = (pl.col(key) if frame.collect_schema().get(key) == pl.String else pl.lit(None, pl.String)).alias("_key")
    found = Findings()
    for (column, rule, fails), count in zip(checks, counts, strict=True):
        if not count:
            continue
        failing = (frame.with_row_index(ROW).filter(fails).head(CAP)
                   .select(ROW, label, pl.col(column).alias("_value")).collect())
        found.add((Problem(LAYER, table.name, row_key if row_key is not None else f"#{row}", column, rule,
                           _message(column, rule, table, value), excerpt(value))
                   for row, row_key, value in failing.iter_rows()), count)
    return found


def _message(column: str, rule: str, table: Table, value: object) -> str:
    """What a failing data-level check means, with the column's bound or pattern (never its whole code list)."""
    field = table.field(column)
    return {
        REQUIRED: "null in a column that must have a value",
        "schema.enum": f"not a code of {column}'s code list ({len(field.enum or ())} codes)",
        "schema.pattern": f"does not match the pattern {field.pattern}",
        "schema.not-empty": "empty text: unknown is null, not ''",
        "schema.minimum": f"below the minimum {field.minimum}",
        "schema.maximum": f"above the maximum {field.maximum}",
        "schema.list-items": "every item of the list must be a non-empty string",
    }[rule]
