"""`python -m dataset export LAYOUT [PATH] [--out FILE] [--format csv|parquet|json] [--strict]`: one layout of
the package at PATH (default: the installed data) to FILE or to standard output. Rows the target dataset's own
rules leave out are named on standard error."""

from __future__ import annotations

import sys
from pathlib import Path

from dataset.exports import ExportError, layout, to_arrow
from dataset.exports.package import Package
from dataset.exports.write import to_bytes

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2


def run(name: str, path: Path | None, out: Path | None, form: str, strict: bool, flavor: str | None = None) -> int:
    if form == "parquet" and out is None and sys.stdout.isatty():
        print("error: Parquet is binary: give --out FILE, or redirect standard output to a file",
              file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        table, left_out = to_arrow(layout(name, flavor), Package(path), strict)
    except ExportError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
    for unit, reason in left_out:
        print(f"{name}: left out {unit.table}:{unit.key}: {reason}", file=sys.stderr)
    data = to_bytes(table, form)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)
        print(f"wrote {table.num_rows} {name} rows to {out}", file=sys.stderr)
    return EXIT_OK
