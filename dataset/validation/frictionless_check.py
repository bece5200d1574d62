"""Layer 6, the Frictionless data package itself: the descriptor and its CSV resources checked by the
frictionless library (types, constraints, primary and foreign keys, bytes, hashes), and each CSV twin
checked equal, cell for cell, to its Parquet file.

frictionless never sees the descriptor file. It is given an in-memory descriptor (a dict and the package folder
as its basepath) built from what passed the files layer: only the resources whose CSV twin passed the
containment checks, with only the properties of the Data PackageOnDisk standard. frictionless would fetch or open
whatever a string `schema` or `dialect`, a `profile` other than the standard ones, or a remote `path` names
(`Metadata.metadata_retrieve`, `schemes/remote`): such a resource is refused as a problem, never handed over, so
that this layer opens no file the first layer refused and no network connection.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from dataset.containment import Refused
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.csv_twin import csv_form, read_csv
from dataset.schema.tables import TABLES
from dataset.validation.files import PackageOnDisk
from dataset.validation.report import Problem, excerpt

LAYER = "frictionless"
_PACKAGE_KEYS = ("name", "id", "title", "description", "homepage", "version", "created", "keywords", "image",
                 "licenses", "sources", "contributors")
_RESOURCE_KEYS = ("name", "type", "title", "description", "path", "mediatype", "encoding", "bytes", "hash",
                  "sources", "licenses", "homepage")
"""The properties of the Data PackageOnDisk standard handed to frictionless as they are; `scheme`, `format`,
`profile`, `schema`, `dialect` and `$schema` are checked first. Custom properties (`parquet`, read by the files
layer) are left out."""
_PROFILES = {"package": ("data-package", "tabular-data-package"),
             "resource": ("data-resource", "tabular-data-resource")}
_STANDARD_SCHEMA = "https://datapackage.org/profiles/"
"""frictionless reads the standard profiles from its own copy; a `$schema` elsewhere is not handed over."""


def check_frictionless(package: PackageOnDisk) -> list[Problem]:
    return _frictionless_report(package) + _twins_equal(package)


def _refused(table: str | None, message: str, value: object = None) -> Problem:
    return Problem(LAYER, table, None, None, "frictionless.reference",
                   message + ": refused, nothing is fetched or opened", excerpt(value), fatal=True)


def _has_ref(value: Any) -> bool:
    """Whether a `$ref` key occurs anywhere in value (the files layer has bounded its depth)."""
    if isinstance(value, dict):
        return "$ref" in value or any(_has_ref(v) for v in value.values())
    return isinstance(value, list) and any(_has_ref(v) for v in value)


def _profile(body: dict[str, Any], kind: str, table: str | None, problems: list[Problem]) -> dict[str, Any]:
    """The `profile` and `$schema` of a package or resource, if standard; a problem otherwise."""
    out: dict[str, Any] = {}
    profile, schema = body.get("profile"), body.get("$schema")
    if profile is not None:
        if profile in _PROFILES[kind]:
            out["profile"] = profile
        else:
            problems.append(_refused(table, f"the {kind} names a profile other than {' or '.join(_PROFILES[kind])}",
                                     profile))
    if schema is not None:
        if kind == "package" and isinstance(schema, str) and schema.startswith(_STANDARD_SCHEMA):
            out["$schema"] = schema
        else:
            problems.append(_refused(table, f"the {kind}'s $schema is not a datapackage.org standard profile", schema))
    return out


def _resource(resource: dict[str, Any], package: PackageOnDisk, problems: list[Problem]) -> dict[str, Any] | None:
    """What frictionless may see of one resource, or None (with a problem) if it may see nothing."""
    name = resource["name"]
    for key in ("schema", "dialect"):
        if key in resource and not isinstance(resource[key], dict):
            problems.append(_refused(name, f"the resource's {key} is not an inline object (a path or URL)",
                                     resource[key]))
            return None
    if _has_ref(resource):
        problems.append(_refused(name, "the resource holds a $ref"))
        return None
    for key, allowed in (("scheme", "file"), ("format", "csv")):
        if resource.get(key, allowed) != allowed:
            problems.append(_refused(name, f"the resource's {key} is not {allowed!r}", resource[key]))
            return None
    for key in ("extrapaths", "innerpath", "data"):
        if key in resource:
            problems.append(_refused(name, f"the resource has {key!r}, which this schema does not use"))
            return None
    try:
        package.folder.stat(package.csv_twins[name])  # still the regular file the files layer checked
    except (Refused, OSError) as err:
        problems.append(_refused(name, f"CSV file {package.csv_twins[name]!r}: {err}"))
        return None
    out = {k: resource[k] for k in _RESOURCE_KEYS if k in resource}
    out.update(_profile(resource, "resource", name, problems), scheme="file", format="csv")
    out.update({k: resource[k] for k in ("schema", "dialect") if k in resource})
    return out


def frictionless_descriptor(package: PackageOnDisk) -> tuple[dict[str, Any], list[Problem]]:
    """The descriptor frictionless is given (see the module's docstring), and the problems of what was left
    out."""
    body, problems = package.descriptor, []
    out = {k: body[k] for k in _PACKAGE_KEYS if k in body}
    if _has_ref(out):
        problems.append(_refused(None, "the package's properties hold a $ref"))
        out = {k: v for k, v in out.items() if not _has_ref(v)}
    out.update(_profile(body, "package", None, problems))
    resources, given = [], set()
    for resource in body["resources"]:
        name = resource["name"]
        if name in package.csv_twins and name not in given:  # the first of each name, as the files layer
            given.add(name)
            clean = _resource(resource, package, problems)
            if clean is not None:
                resources.append(clean)
    out["resources"] = [_without_keys_into(resource, {r["name"] for r in resources}) for resource in resources]
    return out, problems


def _without_keys_into(resource: dict[str, Any], given: set[str]) -> dict[str, Any]:
    """The resource without the foreign keys into a resource frictionless is not given: one cause, one problem
    (the files layer's refusal), not one more per table that refers to it. The keys layer checks every foreign
    key on the Parquet tables."""
    keys = resource["schema"].get("foreignKeys") if isinstance(resource.get("schema"), dict) else None
    if not isinstance(keys, list):
        return resource
    kept = [k for k in keys if not isinstance(k, dict) or not isinstance(k.get("reference"), dict)
            or k["reference"].get("resource", resource["name"]) in given]
    return resource if len(kept) == len(keys) else {**resource, "schema": {**resource["schema"], "foreignKeys": kept}}


_CSV_LIMIT = threading.RLock()
"""Serializes every change of the interpreter-wide csv field size limit made here."""


@contextmanager
def _csv_fields_up_to(size: int) -> Iterator[None]:
    """Let Python's csv module read a cell as long as the largest CSV twin (a legal 10 MB `note`) while
    frictionless reads, then put the previous limit back: the limit is global to the interpreter, and nothing
    else in the process should inherit a raised one. Held under `_CSV_LIMIT`, so that two validations in
    threads cannot interleave their save and restore and leave the raised limit behind."""
    with _CSV_LIMIT:
        previous = csv.field_size_limit()
        csv.field_size_limit(max(previous, size))
        try:
            yield
        finally:
            csv.field_size_limit(previous)


def import_frictionless() -> Any:
    """frictionless, imported without the interpreter-wide csv field size limit it sets on import (2 GiB)."""
    with _CSV_LIMIT:
        previous = csv.field_size_limit()
        try:
            import frictionless
        finally:
            csv.field_size_limit(previous)
    return frictionless


def _frictionless_report(package: PackageOnDisk) -> list[Problem]:
    frictionless = import_frictionless()
    descriptor, problems = frictionless_descriptor(package)
    if not descriptor["resources"]:
        return problems
    largest = max(package.folder.stat(package.csv_twins[r["name"]]).st_size for r in descriptor["resources"])
    try:
        with _csv_fields_up_to(largest + 1):
            report = frictionless.Package(descriptor, basepath=str(package.root)).validate()
    except frictionless.FrictionlessException as err:
        return [*problems, Problem(LAYER, None, None, None, "frictionless.descriptor",
                                   f"frictionless cannot open the package: {err}")]
    for error in report.errors:
        problems.append(Problem(LAYER, None, None, None, f"frictionless.{error.type}", error.message))
    for task in report.tasks:
        for error in task.errors:
            cells = getattr(error, "cells", None) or []
            row = str(cells[0]) if cells else None
            value = getattr(error, "cell", None)
            problems.append(Problem(LAYER, task.name, row, _column_of(error, package, task.name),
                                    f"frictionless.{error.type}", error.message, excerpt(value)))
    return problems


def _column_of(error: object, package: PackageOnDisk, resource: str) -> str | None:
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


def _twins_equal(package: PackageOnDisk) -> list[Problem]:
    """Each CSV twin that passed the files layer, equal cell for cell to its Parquet file."""
    problems = []
    for name, lazy in package.frames.items():
        if name not in package.csv_twins:
            continue  # refused or missing: the files layer said so
        frame = lazy.collect()
        try:
            with package.folder.open(package.csv_twins[name]) as handle:
                twin = read_csv(handle, ARROW_SCHEMAS[name])
        except (ValueError, OSError, pa.ArrowInvalid) as err:
            problems.append(Problem(LAYER, name, None, None, "frictionless.csv-twin",
                                    f"the CSV twin cannot be read: {err}"))
            continue
        try:
            # The CSV twin is in canonical order (by primary key); a hive-partitioned table is read part by part.
            parquet = csv_form(frame.to_arrow().cast(ARROW_SCHEMAS[name]).sort_by(TABLES[name].primary_key))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
            continue  # the schema layer reports a Parquet file with wrong columns or types
        if twin.num_rows != parquet.num_rows:
            problems.append(Problem(LAYER, name, None, None, "frictionless.csv-twin",
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
                problems.append(Problem(LAYER, name, str(first), column, "frictionless.csv-twin",
                                        f"the CSV twin differs from the Parquet file in {count} row(s)"))
    return problems
