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

from dataset.arrow_schema import arrow_field
from dataset.exports import acled, gdelt, plover, ucdp
from dataset.exports.layouts import Layout, Unit
from dataset.exports.package import Package

if TYPE_CHECKING:
    import pyarrow as pa

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

    about = {"layout": target.name, "title": target.title, "row": target.row, "codebook": target.codebook}
    return pa.schema([arrow_field(f) for f in target.fields(strict)],
                     metadata={EXPORT_METADATA_KEY: json.dumps(about, ensure_ascii=False, sort_keys=True).encode()})


def _value(fill: Any, unit: Unit) -> Any:
    return None if fill is None else fill(unit)


def to_arrow(target: Layout, package: Package, strict: bool = False) -> tuple[pa.Table, list[tuple[Unit, str]]]:
    """(the export as an Arrow table, the left-out units with the reason)."""
    import pyarrow as pa

    units, left_out = target.rows(package)
    columns = {c.name: [_value(c.fill, u) for u in units] for c in target.columns}
    if not strict:
        columns["dataset_provenance"] = [u.provenance() for u in units]
    return pa.Table.from_pydict(columns, schema=arrow_schema(target, strict)), left_out


def export(layout_name: str, engine: str = "pandas", *, root: str | Path | None = None, strict: bool = False):
    """The package's rows in a target layout (`acled`, `ucdp-ged`, `gdelt`, `plover`) as a pandas, polars or
    pyarrow frame, like `dataset.load`; `root` names another package in this schema (default: the installed
    data). The last column, `dataset_provenance`, lists the package rows and evidence each row comes from;
    `strict=True` drops it, for the layout's exact columns."""
    from dataset import loader

    if engine not in loader.ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of: {', '.join(loader.ENGINES)}")
    table, _ = to_arrow(layout(layout_name), Package(root), strict)
    if engine == "polars":
        return loader._require("polars").from_arrow(table)
    return loader.arrow_to_pandas(table) if engine == "pandas" else table
