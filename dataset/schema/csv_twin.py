"""The CSV twin of a table: the same rows as the Parquet file, in the form `frictionless validate` reads
correctly (list columns as JSON arrays, nulls as empty cells)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

_JSON_ESCAPES = [("\\", "\\\\"), ('"', '\\"')]
_CONTROL_ESCAPES = [("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\b", "\\b"), ("\f", "\\f")] + [
    (chr(c), f"\\u{c:04x}") for c in range(0x20) if chr(c) not in "\n\r\t\b\f"
]


def list_to_json_text(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """list<string> → JSON text, byte-identical to `json.dumps(value, ensure_ascii=False)` for every row."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    array = array.cast(pa.list_(pa.string()))
    items = array.flatten()
    for old, new in _JSON_ESCAPES:
        items = pc.replace_substring(items, old, new)
    has_control = pc.fill_null(pc.match_substring_regex(items, r"[\x00-\x1f]"), False)
    if pc.any(has_control).as_py():
        affected = pc.filter(items, has_control)
        for old, new in _CONTROL_ESCAPES:
            affected = pc.replace_substring(affected, old, new)
        items = pc.replace_with_mask(items, has_control, affected)
    quoted = pc.coalesce(pc.binary_join_element_wise('"', items, '"', ""), "null")
    offsets = pc.subtract(array.offsets, array.offsets[0])
    rebuilt = pa.ListArray.from_arrays(offsets, quoted, mask=array.is_null())
    return pc.binary_join_element_wise("[", pc.binary_join(rebuilt, ", "), "]", "")


def csv_form(table: pa.Table) -> pa.Table:
    """The table with every list column turned into JSON text."""
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
            table = table.set_column(i, pa.field(field.name, pa.string(), field.nullable),
                                     list_to_json_text(table.column(i)))
    return table


def write_csv(table: pa.Table, path: Path) -> None:
    pacsv.write_csv(csv_form(table), path, pacsv.WriteOptions(include_header=True, quoting_header="none"))


def read_csv(source: BinaryIO, schema: pa.Schema) -> pa.Table:
    """Read a CSV twin with the column types of its table's csv form (no type inference). `source` is an open
    binary file, never a path: pyarrow would decompress a path by its suffix.

    pyarrow reads in blocks of 1 MiB and cannot parse a row longer than a block; a legal row can be longer (a
    10 MB `note`), so such a file is read again as one block of its own size."""
    types = {f.name: f.type for f in csv_form(schema.empty_table()).schema}
    convert = pacsv.ConvertOptions(column_types=types, strings_can_be_null=True, include_columns=list(types))
    try:
        return pacsv.read_csv(source, convert_options=convert)
    except pa.ArrowInvalid as err:
        if "straddl" not in str(err):
            raise
    source.seek(0)
    whole = pacsv.ReadOptions(block_size=os.fstat(source.fileno()).st_size + 1)
    return pacsv.read_csv(source, read_options=whole, convert_options=convert)
