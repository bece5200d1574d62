"""Layer 6, the Frictionless data package itself: the descriptor and its CSV resources checked by the
frictionless library (types, constraints, primary and foreign keys, bytes, hashes), and each CSV twin
checked equal, cell for cell, to its Parquet file."""

from __future__ import annotations

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from dataset.arrow_schema import ARROW_SCHEMAS
from dataset.csv_twin import csv_form, read_csv
from dataset.tables import TABLES
from dataset.validation.files import Package, safe_relative_path
from dataset.validation.report import Problem, excerpt

LAYER = "frictionless"


def check_frictionless(package: Package) -> list[Problem]:
    return _frictionless_report(package) + _twins_equal(package)


def _frictionless_report(package: Package) -> list[Problem]:
    import frictionless

    try:
        report = frictionless.Package(str(package.descriptor_path)).validate()
    except frictionless.FrictionlessException as err:
        return [Problem(LAYER, None, None, None, "descriptor", f"frictionless cannot open the package: {err}")]
    problems = []
    for error in report.errors:
        problems.append(Problem(LAYER, None, None, None, error.type, error.message))
    for task in report.tasks:
        for error in task.errors:
            cells = getattr(error, "cells", None) or []
            row = str(cells[0]) if cells else None
            value = getattr(error, "cell", None)
            problems.append(Problem(LAYER, task.name, row, _column_of(error, package, task.name), error.type,
                                    error.message, excerpt(value)))
    return problems


def _column_of(error: object, package: Package, resource: str) -> str | None:
    """The column a frictionless error is about: its field, its key's first field, or its header label."""
    for attribute in ("field_name", "label"):
        value = getattr(error, attribute, None)
        if value:
            return str(value)
    names = getattr(error, "field_names", None)
    if names:
        return str(names[0])
    if getattr(error, "type", "") == "primary-key":
        return TABLES[resource].primary_key if resource in TABLES else None
    return None


def _twins_equal(package: Package) -> list[Problem]:
    problems = []
    resources = {r.get("name"): r for r in package.descriptor.get("resources", []) if isinstance(r, dict)}
    for name, lazy in package.frames.items():
        frame = lazy.collect()
        try:
            twin = read_csv(safe_relative_path(package.root, resources[name].get("path")), ARROW_SCHEMAS[name])
        except (ValueError, OSError, pa.ArrowInvalid, KeyError) as err:
            problems.append(Problem(LAYER, name, None, None, "csv_twin", f"the CSV twin cannot be read: {err}"))
            continue
        try:
            # The CSV twin is in canonical order (by primary key); a hive-partitioned table is read part by part.
            parquet = csv_form(frame.to_arrow().cast(ARROW_SCHEMAS[name]).sort_by(TABLES[name].primary_key))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
            continue  # the schema layer reports a Parquet file with wrong columns or types
        if twin.num_rows != parquet.num_rows:
            problems.append(Problem(LAYER, name, None, None, "csv_twin",
                                    f"the CSV twin has {twin.num_rows} rows, the Parquet file {parquet.num_rows}"))
            continue
        keys = parquet.column(TABLES[name].primary_key)
        for column in parquet.column_names:
            a, b = parquet.column(column), twin.column(column)
            differs = pc.fill_null(pc.not_equal(a, b), True)
            differs = pc.and_(differs, pc.invert(pc.and_(pc.is_null(a), pc.is_null(b))))
            count = pc.sum(differs.cast(pa.int64())).as_py() or 0
            if count:
                first = pl.from_arrow(pc.filter(keys, differs)).to_list()[0]
                problems.append(Problem(LAYER, name, str(first), column, "csv_twin",
                                        f"the CSV twin differs from the Parquet file in {count} row(s)"))
    return problems
