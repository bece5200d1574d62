"""Helpers for tests/test_corruptions.py: copy the real data package into a scratch folder and corrupt the copy.

Nothing here ever writes below the repository root: every writer takes the root of a *copy* and refuses the
real package.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.parquet_io import canonical, write_parquet
from dataset.schema.tables import TABLES
from dataset.validation import validate_package
from dataset.validation.report import Problem, Report

ROOT = Path(__file__).resolve().parents[1]
TEXT = "data/sources/tehran-times-2024-01-pakistan-iran.txt"
PIECE_ONE = "tehran-times-pakistan-restores-ties-with-iran"
"""The first piece of the text file: [0, 2951)."""
PIECE_TWO = "tehran-times-pakistan-embassy-ties-critical"
"""The second piece: [2952, 5196)."""

ANY = object()
"""Matches any value of a problem attribute in `find`."""


def real_package_digests() -> dict[str, str]:
    """sha256 of every file of the real package (descriptor, Parquet, CSV and source texts)."""
    files = [ROOT / "datapackage.json", *sorted((ROOT / "data").glob("*.parquet")),
             *sorted((ROOT / "data" / "csv").glob("*.csv")), *sorted((ROOT / "data" / "sources").glob("*"))]
    return {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def _guard(pkg: Path) -> Path:
    pkg = Path(pkg).resolve()
    if pkg == ROOT or ROOT in pkg.parents:
        raise RuntimeError(f"refusing to corrupt {pkg}: it is (inside) the real package")
    return pkg


def copy_package(dst: Path) -> Path:
    """A copy of the real package (descriptor, Parquet files, CSV twins, source texts) in `dst`."""
    dst = _guard(dst)
    (dst / "data").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ROOT / "datapackage.json", dst / "datapackage.json")
    for name in TABLES:
        shutil.copyfile(ROOT / "data" / f"{name}.parquet", dst / "data" / f"{name}.parquet")
    shutil.copytree(ROOT / "data" / "csv", dst / "data" / "csv")
    shutil.copytree(ROOT / "data" / "sources", dst / "data" / "sources")
    return dst


# --- the descriptor --------------------------------------------------------------------------------------------

def descriptor(pkg: Path) -> dict[str, Any]:
    return json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))


def save_descriptor(pkg: Path, body: dict[str, Any]) -> None:
    (_guard(pkg) / "datapackage.json").write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n",
                                                  encoding="utf-8")


def resource(body: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in body["resources"] if r["name"] == name)


def edit_descriptor(pkg: Path, change: Callable[[dict[str, Any]], object]) -> None:
    body = descriptor(pkg)
    change(body)
    save_descriptor(pkg, body)


def _file_entry(pkg: Path, relative: str) -> dict[str, Any]:
    data = (pkg / relative).read_bytes()
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def redeclare(pkg: Path, name: str, *, parquet: bool = True, csv: bool = False) -> None:
    """Record the current size and sha256 of a table's Parquet file (and/or CSV twin) in the descriptor, so that
    the files layer stays quiet about a deliberate change."""

    def change(body: dict[str, Any]) -> None:
        entry = resource(body, name)
        if parquet:
            entry["parquet"].update(_file_entry(pkg, entry["parquet"]["path"]))
        if csv:
            entry.update(_file_entry(pkg, entry["path"]))

    edit_descriptor(pkg, change)


# --- tables ----------------------------------------------------------------------------------------------------

def parquet_file(pkg: Path, name: str) -> Path:
    return pkg / "data" / f"{name}.parquet"


def csv_file(pkg: Path, name: str) -> Path:
    return pkg / "data" / "csv" / f"{name}.csv"


def rows(pkg: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(parquet_file(pkg, name)).to_pylist()


def write_rows(pkg: Path, name: str, new_rows: list[dict[str, Any]], *, declare: bool = True) -> None:
    """Write rows with the package's own canonical writer (schema, key order, writer options). A required
    column that now holds a null is written as nullable, the only change to the canonical schema."""
    schema = ARROW_SCHEMAS[name]
    fields = [f.with_nullable(True) if not f.nullable and any(r.get(f.name) is None for r in new_rows) else f
              for f in schema]
    schema = pa.schema(fields, metadata=schema.metadata)
    table = pa.Table.from_pylist(new_rows, schema=schema)
    write_parquet(canonical(table, schema, TABLES[name].primary_key), parquet_file(_guard(pkg), name))
    if declare:
        redeclare(pkg, name)


def write_arrow(pkg: Path, name: str, table: pa.Table, *, declare: bool = True) -> None:
    """Write an arbitrary Arrow table as the table's Parquet file, bypassing the canonical schema."""
    pq.write_table(table, parquet_file(_guard(pkg), name))
    if declare:
        redeclare(pkg, name)


def key_of(name: str) -> str:
    return TABLES[name].primary_key


def edit_row(pkg: Path, name: str, key: str, declare: bool = True, **changes: Any) -> dict[str, Any]:
    """Change cells of the row whose primary key is `key`; a callable value receives the old row. Returns the
    row as written."""
    all_rows = rows(pkg, name)
    matches = [r for r in all_rows if r[key_of(name)] == key]
    assert len(matches) == 1, f"{name} has no single row {key!r}"
    row = matches[0]
    for column, value in changes.items():
        assert column in row, f"{name} has no column {column!r}"
        row[column] = value(row) if callable(value) else value
    write_rows(pkg, name, all_rows, declare=declare)
    return row


def edit_rows(pkg: Path, name: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]] | None],
              declare: bool = True) -> None:
    """Apply `change` to the whole list of rows (it may edit in place or return a new list)."""
    all_rows = rows(pkg, name)
    result = change(all_rows)
    write_rows(pkg, name, all_rows if result is None else result, declare=declare)


# --- the source text -------------------------------------------------------------------------------------------

def text(pkg: Path) -> str:
    return (pkg / TEXT).read_text(encoding="utf-8")


def write_text(pkg: Path, new_text: str, *, record_sha: bool = False) -> None:
    """Replace the source text; with `record_sha`, also record its new sha256 in `sources.text_sha256` (and
    redeclare the sources Parquet file), so that only the later layers can notice the change."""
    data = new_text.encode("utf-8")
    (_guard(pkg) / TEXT).write_bytes(data)
    if record_sha:
        digest = hashlib.sha256(data).hexdigest()
        edit_rows(pkg, "sources", lambda rs: [{**r, "text_sha256": digest} for r in rs])


# --- validation ------------------------------------------------------------------------------------------------

def validate(pkg: Path, *, frictionless: bool = False) -> Report:
    return validate_package(pkg, frictionless=frictionless)


def find(problems: Iterable[Problem], *, layer: Any = ANY, table: Any = ANY, column: Any = ANY, rule: Any = ANY,
         row: Any = ANY) -> list[Problem]:
    """The problems whose attributes equal the given ones (a `rule` ending in '*' matches as a prefix)."""

    def matches(p: Problem) -> bool:
        if rule is not ANY and isinstance(rule, str) and rule.endswith("*"):
            if not p.rule.startswith(rule[:-1]):
                return False
        elif rule is not ANY and p.rule != rule:
            return False
        return all(want is ANY or getattr(p, attr) == want
                   for attr, want in (("layer", layer), ("table", table), ("column", column), ("row", row)))

    return [p for p in problems if matches(p)]


def show(problems: Iterable[Problem]) -> str:
    return "\n".join(f"  [{p.layer}] {p.table}/{p.row}/{p.column}: {p.rule}: {p.message} ({p.value})"
                     for p in problems) or "  (no problems)"


def edit_csv(pkg: Path, name: str, old: str, new: str, *, declare: bool = True) -> None:
    """Replace the first occurrence of `old` in a table's CSV twin (and, by default, redeclare its size and
    sha256 so that only the frictionless layer can notice)."""
    path = csv_file(_guard(pkg), name)
    body = path.read_text(encoding="utf-8")
    assert old in body, f"{old!r} is not in {path.name}"
    path.write_text(body.replace(old, new, 1), encoding="utf-8")
    if declare:
        redeclare(pkg, name, parquet=False, csv=True)


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    _guard(path.parent).joinpath(path.name).write_bytes(data[: int(len(data) * keep)])
