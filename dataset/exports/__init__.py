"""Drop-in exports of the package's tables in the layouts of ACLED, UCDP GED, GDELT 2.0 events and PLOVER.

>>> import dataset
>>> list(dataset.export("acled").columns[:3])
['event_id_cnty', 'event_date', 'year']

Each layout is defined once, in its module (`acled`, `ucdp`, `gdelt`, `plover`), as a `Layout` registry entry;
the Arrow schema here, the pandera schema (`dataset.exports.schema`) and the crosswalk documents
(`dataset.exports.docs`) are derived from it. Exporting imports only pyarrow (and pandas or polars for those
engines).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataset.exports import acled, gdelt, plover, ucdp
from dataset.exports.layouts import Column, Layout, Unit
from dataset.exports.package import Package

if TYPE_CHECKING:
    import pyarrow as pa

    from dataset.validation.report import Report

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (acled.LAYOUT, ucdp.LAYOUT, gdelt.LAYOUT,
                                                                 plover.LAYOUT)}
EXPORT_METADATA_KEY = b"dataset:export"


def layout(name: str) -> Layout:
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; choose one of: {', '.join(LAYOUTS)}")
    return LAYOUTS[name]


def arrow_schema(target: Layout, strict: bool = False) -> pa.Schema:
    """The Arrow schema of an export: the layout's columns (with their descriptions), then provenance."""
    import pyarrow as pa

    from dataset.arrow_schema import arrow_field

    about = {"layout": target.name, "title": target.title, "row": target.row, "codebook": target.codebook}
    return pa.schema([arrow_field(f) for f in target.fields(strict)],
                     metadata={EXPORT_METADATA_KEY: json.dumps(about, ensure_ascii=False, sort_keys=True).encode()})


class ExportError(ValueError):
    """The package cannot be exported: a row it needs is missing or malformed (the message names it)."""


class InvalidPackage(ExportError):
    """The package does not validate, so it is not exported: `report` is the validator's report (its
    `exit_code` says whether the data is invalid, 1, or could not be read, 2)."""

    def __init__(self, report: Report):
        super().__init__(f"{report.package} does not validate ({report.total_found} problem(s)); see its report")
        self.report = report


def require_valid(root: str | Path) -> None:
    """Refuse (InvalidPackage) a package that the validator does not pass, without its frictionless layer (the
    CSV twins are not read by an export). The rules of a layout read keys and codes as valid: a duplicate key
    or an unknown code would otherwise drop a row or export a wrong one. A folder without a datapackage.json is
    FileNotFoundError, as for `dataset.load`. Needs the [validate] extra."""
    from dataset import loader
    from dataset.validation import validate_package

    report = validate_package(loader.package_root(root), frictionless=False)
    if not report.valid:
        raise InvalidPackage(report)


RULE_ERRORS = (KeyError, TypeError, AttributeError, IndexError, ValueError)
"""What a rule raises on a package whose rows it cannot use (a dangling reference, a missing value)."""


def _failure(target: Layout, where: str, err: Exception) -> ExportError:
    detail = f"no such row or column {err}" if isinstance(err, KeyError) else str(err)
    return ExportError(f"{target.name}: {where}: {detail}; check the package with `python -m dataset validate`")


def _value(target: Layout, column: Column, unit: Unit) -> Any:
    """One cell; a package row the rule cannot use raises ExportError naming the row and the target column."""
    try:
        return None if column.fill is None else column.fill(unit)
    except RULE_ERRORS as err:
        raise _failure(target, f"{unit.table} row {unit.key!r}, target column {column.name}", err) from None


def to_arrow(target: Layout, package: Package, strict: bool = False) -> tuple[pa.Table, list[tuple[Unit, str]]]:
    """(the export as an Arrow table, the left-out units with the reason)."""
    import pyarrow as pa

    try:
        units, left_out = target.rows(package)
    except RULE_ERRORS as err:
        raise _failure(target, "choosing the rows", err) from None
    columns = {c.name: [_value(target, c, u) for u in units] for c in target.columns}
    if not strict:
        columns["dataset_provenance"] = [u.provenance() for u in units]
    return pa.Table.from_pydict(columns, schema=arrow_schema(target, strict)), left_out


def export(layout_name: str, engine: str = "pandas", *, root: str | Path | None = None, strict: bool = False):
    """The package's rows in a target layout (`acled`, `ucdp-ged`, `gdelt`, `plover`) as a pandas, polars or
    pyarrow frame, like `dataset.load`; `root` names another package in this schema (default: the installed
    data). The last column, `dataset_provenance`, lists the package rows and evidence each row comes from;
    `strict=True` drops it, for the layout's exact columns.

    A package named by `root` is validated first (`require_valid`: InvalidPackage if it does not pass; needs the
    [validate] extra); the installed data was validated when it was built, and exporting it needs only pyarrow."""
    from dataset import loader

    if engine not in loader.ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of: {', '.join(loader.ENGINES)}")
    if root is not None:
        require_valid(root)
    table, _ = to_arrow(layout(layout_name), Package(root), strict)
    if engine == "polars":
        return loader._require("polars").from_arrow(table)
    return loader.arrow_to_pandas(table) if engine == "pandas" else table
