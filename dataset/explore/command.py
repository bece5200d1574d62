"""`python -m dataset explore [PATH] [--out FILE] [--serve]`: validate a package in this schema, then write
(or serve) its explorer page.

A package that does not validate is not drawn: its spans or texts could be wrong, and the page would show them
as if they were right. The validator's own report goes to stderr and the exit code is the validator's, with the
meaning it has for every command (`dataset.exit_codes`): 1 for invalid data, 2 for a package that could not be
read (a missing source text, a broken Parquet file). Misuse is exit 2 as well: no `datapackage.json` at PATH,
or the `[validate]` extra missing (the ModuleNotFoundError reaches `dataset.__main__`, which names the extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

from dataset import loader
from dataset.exit_codes import EXIT_OK
from dataset.explore.page import explorer_html
from dataset.schema.tables import TABLES

DEFAULT_OUT = Path("explorer.html")


def package_page(root: Path | None = None) -> bytes:
    """The explorer page of the installed data (root None) or of the package at `root`, read through the
    loader, exactly as the build draws docs/explorer.html from its in-memory tables."""
    rows = {name: loader.load(name, engine="pyarrow", root=root).to_pylist() for name in TABLES}
    texts = {s["text_path"]: loader.source_text(s["source_id"], root=root) for s in rows["sources"]}
    return explorer_html(loader.datapackage(root=root), rows, texts)


def explore(path: Path | None, out: Path | None, serve: bool) -> int:
    """Run the command; returns the exit code."""
    from dataset.validation import validate_package

    root = loader.package_root(path)
    report = validate_package(root, frictionless=False)
    if not report.valid:
        print(f"not drawn: {root} is not a valid data package in this schema", file=sys.stderr)
        print(report.to_text(), file=sys.stderr)
        return report.exit_code
    page = package_page(path)
    if out is not None or not serve:
        target = out or DEFAULT_OUT
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page)
        print(f"wrote {target} ({len(page)} bytes): one self-contained page, open it offline in any browser")
    if serve:
        from dataset.explore.serve import serve as serve_page

        serve_page(page)
    return EXIT_OK
