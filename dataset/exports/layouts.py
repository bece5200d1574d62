"""The registry type of the exports: a layout is an ordered tuple of target columns, each with its field
definition (name, type, description, constraints), the rule that fills it from the package's tables, and its
crosswalk text.

Every face of a layout is derived from one `Layout` object: the Arrow schema of the export, its pandera schema
(`dataset.exports.schema`), its data dictionary and crosswalk (`dataset.exports.docs`). Standard library and the
package's own definitions only, so that exporting imports no validation library.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from dataset.schema.fields import Field, FieldType
from dataset.schema.tables import Table

PROVENANCE = Field(
    "dataset_provenance",
    "string",
    "Not a column of the target layout: the rows of this package the exported row comes from, as JSON "
    '`{"records": ["table:id", …], "evidence": [evidence_id, …]}`. `strict=True` / `--strict` drops it for the '
    "byte-exact layout.",
)


_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""`json.dumps(..., ensure_ascii=False, separators=(",", ":"))` without building an encoder on every call."""


@dataclass(frozen=True)
class Unit:
    """One exported row before it is written: the package record it comes from, and every other row used."""

    table: str
    record: dict[str, Any]
    package: Any
    """The `dataset.exports.package.PackageRows` the record belongs to."""
    related: tuple[tuple[str, str], ...] = ()
    """(table, primary key) of the other rows the exported row uses, besides `record` itself."""

    @property
    def key(self) -> str:
        return self.package.key_of(self.table, self.record)

    @cached_property
    def provenance(self) -> str:
        """The `dataset_provenance` cell: the record, the related rows and the evidence of each non-actor row
        (computed once: layouts that export the same rows share their units)."""
        rows = [(self.table, self.key), *self.related]
        records = sorted({f"{table}:{key}" for table, key in rows})
        evidence = sorted({e for table, key in rows if table != "actors"
                           for e in self.package.evidence_of(table, key)})
        return _COMPACT_JSON({"records": records, "evidence": evidence})


Fill = Callable[[Unit], Any]


@dataclass(frozen=True)
class Column:
    """One target column: its definition, how it is filled, and the crosswalk text that documents it."""

    field: Field
    source: str
    """The package column(s) it is filled from (`table.column`), or empty when the column always stays empty."""
    rule: str
    """How the value is derived, or why the column stays empty."""
    fill: Fill | None = None
    """None: the column is always null."""
    codes: tuple[int, ...] | None = None
    """Allowed values of an integer code column (a code list of the target codebook)."""
    parts: tuple[Field, ...] = ()
    """The fields of an object column (PLOVER's nested objects); empty for a plain column."""
    repeated: bool = False
    """An object column that holds a list of objects."""

    @property
    def name(self) -> str:
        return self.field.name


def column(name: str, type_: FieldType, description: str, source: str, rule: str, fill: Fill | None = None,
           *, required: bool = False, **constraints: Any) -> Column:
    """A target column; `constraints` are `Field` attributes (enum, minimum, maximum, pattern) or `codes`."""
    codes = constraints.pop("codes", None)
    return Column(Field(name, type_, description, required=required, **constraints), source, rule, fill, codes)


def record(name: str, description: str, source: str, rule: str, fill: Fill, parts: tuple[Field, ...], *,
           repeated: bool = False, required: bool = False) -> Column:
    """An object column (a list of objects when `repeated`) with the given fields. Its `field` is a text
    stand-in that carries name, description and nullability; the export's faces derive its nested type from
    `parts`."""
    return Column(Field(name, "string", description, required=required), source, rule, fill, None, parts, repeated)


def empty(name: str, type_: FieldType, description: str, why: str, **constraints: Any) -> Column:
    """A target column that this package never fills, with the reason."""
    return column(name, type_, description, "", why, **constraints)


@dataclass(frozen=True)
class Layout:
    """One export layout: the target dataset's columns in file order and the rows that fill them."""

    name: str
    """The layout name users pass to `dataset.export` and `python -m dataset export`."""
    flavor: str
    """Which distribution of the target dataset the layout matches (`flavor=` / `--flavor`)."""
    distribution: str
    """The real distribution and the readers whose types the layout matches, in one sentence."""
    title: str
    row: str
    """What one exported row is, in one sentence."""
    codebook: str
    """Which published codebook and version the column list follows, with its reference mark."""
    units: Callable[[Any], list[Unit]]
    """The candidate rows: one unit per package record of the source table, in primary-key order."""
    columns: tuple[Column, ...]
    decisions: tuple[str, ...] = ()
    """Coding decisions of the layout, documented in its crosswalk."""
    exclude: Callable[[Unit], str | None] = field(default=lambda unit: None)
    """Why a candidate row is left out of the layout (the target dataset's own inclusion rule), or None."""
    default_format: str = "csv"
    """The file format `python -m dataset export` writes without `--format`: the form the target's real files
    take (`dataset.exports.write.FORMATS`)."""

    def fields(self, strict: bool) -> tuple[Field, ...]:
        """The columns of the export: the layout's, then `dataset_provenance` unless `strict`."""
        own = tuple(c.field for c in self.columns)
        return own if strict else (*own, PROVENANCE)

    def table(self, strict: bool = False) -> Table:
        """The layout as a `Table` definition, so that the package's schema builders serve it too."""
        return Table(self.name, self.title, self.row, self.codebook, self.fields(strict))

    def rows(self, package: Any) -> tuple[list[Unit], list[tuple[Unit, str]]]:
        """(the exported units, the left-out units with the reason)."""
        kept, left_out = [], []
        for unit in package.units(self.units):
            reason = self.exclude(unit)
            if reason is None:
                kept.append(unit)
            else:
                left_out.append((unit, reason))
        return kept, left_out


def flavors(name: str, distributions: dict[str, str], columns: Callable[[str], tuple[Column, ...]],
            **common: Any) -> dict[str, Layout]:
    """One layout per flavor (the first is the default): the same rows and decisions, each flavor's columns and
    the distribution it matches."""
    return {flavor: Layout(name=name, flavor=flavor, distribution=distribution, columns=columns(flavor), **common)
            for flavor, distribution in distributions.items()}
