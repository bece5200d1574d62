"""`python -m dataset export LAYOUT [PATH] [--out FILE] [--format csv|parquet|json|jsonl] [--strict] [--flavor F]
[--raw-csv]`: one layout of the package at PATH (default: the installed data) to FILE or to standard output.
Without --format, the layout's own format (`Layout.default_format`: JSON Lines for PLOVER, CSV for the others).
Rows the target dataset's own rules leave out are named on standard error.

A package at PATH is validated first (without the frictionless layer): one that does not validate is refused
with the validator's report on standard error and nothing written, exit 1 for invalid data and 2 for a package
that could not be read. CSV cells that a spreadsheet would run as formulas are neutralized unless --raw-csv
(`dataset.exports.write`)."""

from __future__ import annotations

import sys
from pathlib import Path

from dataset.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from dataset.exports import ExportError, InvalidPackage, layout, require_valid, to_arrow
from dataset.exports.package import PackageRows
from dataset.exports.write import to_bytes


def run(name: str, path: Path | None, out: Path | None, form: str | None, strict: bool, *, flavor: str | None = None,
        raw_csv: bool = False) -> int:
    """Run the command; returns the exit code."""
    target = layout(name, flavor)
    form = form or target.default_format
    if form == "parquet" and out is None and sys.stdout.isatty():
        print("error: Parquet is binary: give --out FILE, or redirect standard output to a file",
              file=sys.stderr)
        return EXIT_UNUSABLE
    try:
        if path is not None:
            require_valid(path)
        table, left_out = to_arrow(target, PackageRows(path), strict)
    except InvalidPackage as err:
        print(f"not exported: {err.report.package} does not validate", file=sys.stderr)
        print(err.report.to_text(), file=sys.stderr)
        return err.report.exit_code
    except ExportError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
    for unit, reason in left_out:
        print(f"{name}: left out {unit.table}:{unit.key}: {reason}", file=sys.stderr)
    data = to_bytes(table, form, raw_csv=raw_csv)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)
        print(f"wrote {table.num_rows} {name} rows to {out}", file=sys.stderr)
    return EXIT_OK
