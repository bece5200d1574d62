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
from dataset.exports.package import PackageRows

if TYPE_CHECKING:
    import pyarrow as pa

    from dataset.validation.report import Report

FLAVORS: dict[str, dict[str, Layout]] = {module.NAME: module.FLAVORS for module in (acled, ucdp, gdelt, plover)}
"""Every layout by name and flavor; each name's first flavor is its default, the distribution most users hold."""
LAYOUTS: dict[str, Layout] = {name: next(iter(flavors.values())) for name, flavors in FLAVORS.items()}
"""The default flavor of each layout."""
EXPORT_METADATA_KEY = b"dataset:export"


def layout(name: str, flavor: str | None = None) -> Layout:
    """A layout in one flavor (default: the layout's default flavor)."""
    if name not in FLAVORS:
        raise ValueError(f"unknown layout {name!r}; choose one of: {', '.join(FLAVORS)}")
    if flavor is None:
        return LAYOUTS[name]
    if flavor not in FLAVORS[name]:
        raise ValueError(f"unknown flavor {flavor!r} of layout {name!r}; choose one of: {', '.join(FLAVORS[name])}")
    return FLAVORS[name][flavor]


def nested_type(column: Column) -> pa.DataType:
    """The Arrow type of an object column: a struct of its parts, or a list of them."""
    import pyarrow as pa

    from dataset.schema.arrow_schema import arrow_field

    struct = pa.struct([arrow_field(part) for part in column.parts])
    return pa.list_(pa.field("element", struct)) if column.repeated else struct


def arrow_schema(target: Layout, strict: bool = False) -> pa.Schema:
    """The Arrow schema of an export: the layout's columns (with their descriptions), then provenance."""
    import pyarrow as pa

    from dataset.schema.arrow_schema import arrow_field

    nested = {c.name: c for c in target.columns if c.parts}

    def field(f) -> pa.Field:
        plain = arrow_field(f)
        return plain.with_type(nested_type(nested[f.name])) if f.name in nested else plain

    about = {"layout": target.name, "flavor": target.flavor, "title": target.title, "row": target.row,
             "codebook": target.codebook, "distribution": target.distribution}
    return pa.schema([field(f) for f in target.fields(strict)],
                     metadata={EXPORT_METADATA_KEY: json.dumps(about, ensure_ascii=False, sort_keys=True).encode()})


def csv_ready(table: pa.Table) -> pa.Table:
    """The export with every object column (and list of objects) as JSON text, for CSV."""
    import pyarrow as pa

    for i, f in enumerate(table.schema):
        inner = f.type.value_type if pa.types.is_list(f.type) else f.type
        if pa.types.is_struct(inner):
            text = [None if v is None else json.dumps(v, ensure_ascii=False) for v in table.column(i).to_pylist()]
            table = table.set_column(i, pa.field(f.name, pa.string(), f.nullable, f.metadata),
                                     pa.array(text, pa.string()))
    return table


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


def _cells(target: Layout, column: Column, units: list[Unit]) -> list[Any]:
    """One column's cells, one rule call per unit without a handler around each call (the cost of the loop is
    the rule's own); a package row the rule cannot use raises ExportError naming the row and the target column,
    found by calling the rule again row by row."""
    fill = column.fill
    if fill is None:
        return [None] * len(units)
    try:
        return [fill(u) for u in units]
    except RULE_ERRORS:
        for unit in units:
            try:
                fill(unit)
            except RULE_ERRORS as err:
                raise _failure(target, f"{unit.table} row {unit.key!r}, target column {column.name}", err) from None
        raise


def to_arrow(target: Layout, package: PackageRows, strict: bool = False) -> tuple[pa.Table, list[tuple[Unit, str]]]:
    """(the export as an Arrow table, the left-out units with the reason)."""
    import pyarrow as pa

    try:
        units, left_out = target.rows(package)
    except RULE_ERRORS as err:
        raise _failure(target, "choosing the rows", err) from None
    columns = {c.name: _cells(target, c, units) for c in target.columns}
    if not strict:
        columns["dataset_provenance"] = [u.provenance for u in units]
    return pa.Table.from_pydict(columns, schema=arrow_schema(target, strict)), left_out


def to_pandas(table: pa.Table):
    """An export as pandas types it when it reads the same values from a file with `read_csv`'s defaults, so
    that `pd.concat` with a frame read from the real distribution keeps its dtypes: text as pandas' default
    string dtype, integers as int64 (pandas' nullable Int64 where a cell is empty, never float), numbers as
    float64, booleans as bool (nullable boolean where a cell is empty); list and object columns stay Python
    objects."""
    from dataset import loader

    pd = loader.require_module("pandas")
    import pyarrow as pa

    def dtype(column: pa.ChunkedArray):
        empty = column.null_count > 0
        if pa.types.is_string(column.type):
            return pd.StringDtype(na_value=float("nan"))
        if pa.types.is_integer(column.type):
            return pd.Int64Dtype() if empty else "int64"
        if pa.types.is_floating(column.type):
            return "float64"
        if pa.types.is_boolean(column.type):
            return pd.BooleanDtype() if empty else "bool"
        return None

    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype(na_value=float("nan"))}.get,
                            maps_as_pydicts="strict")
    return frame.astype({name: d for name, col in zip(table.column_names, table.columns, strict=True)
                         if (d := dtype(col)) is not None})


def export(layout_name: str, engine: str = "pandas", *, root: str | Path | None = None, strict: bool = False,
           flavor: str | None = None):
    """The package's rows in a target layout (`acled`, `ucdp-ged`, `gdelt`, `plover`) as a pandas, polars or
    from dataset.validation.report import Report

    pyarrow frame; `flavor` picks the distribution of the target dataset to match where they differ (default:
    the one most users hold; `dataset.exports.FLAVORS` lists them); `root` names another package in this schema
    (default: the installed data). The last column, `dataset_provenance`, lists the package rows and evidence each
    row comes from; `strict=True` drops it, for the layout's exact columns. pandas frames are typed as
    `pandas.read_csv` types the layout's real files (see `to_pandas`)."""
    from dataset import loader

    if engine not in loader.ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of: {', '.join(loader.ENGINES)}")
    if root is not None:
        require_valid(root)
    table, _ = to_arrow(layout(layout_name, flavor), PackageRows(root), strict)
    if engine == "polars":
        return loader.require_module("polars").from_arrow(table)
    return to_pandas(table) if engine == "pandas" else table
