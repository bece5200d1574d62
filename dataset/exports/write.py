"""An export as file bytes: CSV (header row, nulls as empty cells), Parquet (the package's byte-reproducible
writer options), JSON (an array of row objects in column order) or JSON Lines (one row object a line, in column
order, each line ending in LF: https://jsonlines.org). JSON and JSON Lines write object columns as objects,
list columns as lists and empty cells as null. The same table gives the same bytes on every run.

CSV is safe to open in a spreadsheet by default: a string cell that begins with one of `FORMULA_TRIGGERS` would
be run as a formula by Excel, LibreOffice Calc or Google Sheets (an actor named `=HYPERLINK(...)`), so it is
written with a leading `'`, the rule of OWASP's "CSV Injection" page
(https://owasp.org/www-community/attacks/CSV_Injection). `raw_csv=True` writes every cell as it is. Only string
columns change (a negative number stays a number), and Parquet, JSON and JSON Lines are never changed: they are
read as data, not as formulas. The writers (and pyarrow) are imported on first use, so that the command line
starts without them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa

FORMAT_NAMES = {"csv": "CSV (`--format csv`)", "parquet": "Parquet (`--format parquet`)",
                "json": "one JSON array of records (`--format json`)",
                "jsonl": "JSON Lines, one record a line (`--format jsonl`)"}
"""Each format by name, with what it writes in words (the crosswalk documents say which one a layout writes by
default)."""
FORMATS = tuple(FORMAT_NAMES)
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""
NEUTRALIZER = "'"


def neutralize_formulas(table: pa.Table) -> pa.Table:
    """The table with `NEUTRALIZER` prepended to every string cell that begins with one of `FORMULA_TRIGGERS`;
    other cells, nulls and columns of any other type as they were."""
    import re

    import pyarrow as pa
    import pyarrow.compute as pc

    starts = "^[" + "".join(re.escape(c) for c in FORMULA_TRIGGERS) + "]"
    for i, field in enumerate(table.schema):
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
            continue
        cells = table.column(i)
        risky = pc.fill_null(pc.match_substring_regex(cells, starts), False)
        if pc.any(risky).as_py():
            prefixed = pc.binary_join_element_wise(pa.scalar(NEUTRALIZER, field.type), cells,
                                                   pa.scalar("", field.type))
            table = table.set_column(i, field, pc.if_else(risky, prefixed, cells))
    return table


def _via_sink(write, table: pa.Table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    write(table, sink)
    return sink.getvalue().to_pybytes()


def _rows(table: pa.Table) -> list[str]:
    """Each row as one line of JSON (no line break inside: JSON escapes them in strings)."""
    return [json.dumps(row, ensure_ascii=False, default=str) for row in table.to_pylist()]


def _json(table: pa.Table) -> bytes:
    rows = _rows(table)
    return ("[\n" + ",\n".join(rows) + ("\n" if rows else "") + "]\n").encode("utf-8")


def _jsonl(table: pa.Table) -> bytes:
    return "".join(row + "\n" for row in _rows(table)).encode("utf-8")


def to_bytes(table: pa.Table, form: str, *, raw_csv: bool = False) -> bytes:
    """The export in one of FORMATS; CSV with formula-like string cells neutralized unless `raw_csv`."""
    if form == "csv":
        from dataset.exports import csv_ready
        from dataset.schema.csv_twin import write_csv

        table = csv_ready(table)
        return _via_sink(write_csv, table if raw_csv else neutralize_formulas(table))
    if form == "parquet":
        from dataset.schema.parquet_io import write_parquet

        return _via_sink(write_parquet, table)
    if form == "json":
        return _json(table)
    if form == "jsonl":
        return _jsonl(table)
    raise ValueError(f"unknown format {form!r}; choose one of: {', '.join(FORMATS)}")
