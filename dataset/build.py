"""`python -m dataset build`: curated records → Parquet tables, CSV twins, `datapackage.json`, the generated
schema files and the generated documents (data dictionary, dataset card, Croissant), byte-reproducibly.

Everything is generated in memory first, so the same code serves `build --check` (is every committed
generated file what the records and the definitions produce?) and the drift tests.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from dataset import docs
from dataset.arrow_schema import ARROW_SCHEMAS
from dataset.assemble import Rows, assemble
from dataset.csv_twin import write_csv
from dataset.datapackage import csv_path, descriptor, parquet_path, table_schema
from dataset.explore import EXPLORER_PATH, explorer_html
from dataset.models import ROW_MODELS
from dataset.parquet_io import canonical, write_parquet
from dataset.records import RecordError, load_record_file
from dataset.tables import TABLES
from dataset.validation import Report, validate_frames

RECORDS_DIR = Path("data") / "records"


class BuildError(Exception):
    """The records produce tables that fail validation; nothing was written."""

    def __init__(self, report: Report):
        super().__init__(report.to_text())
        self.report = report


def source_root() -> Path:
    """The checkout this package was imported from: building needs the curated records, which the wheel
    does not carry."""
    root = Path(__file__).resolve().parent.parent
    if not (root / RECORDS_DIR).is_dir():
        raise RecordError([f"no curated records under {root / RECORDS_DIR}: build runs in a source checkout"])
    return root


def _collect(root: Path) -> tuple[Rows, dict[str, str]]:
    rows: Rows = {name: [] for name in TABLES}
    texts: dict[str, str] = {}
    paths = sorted((root / RECORDS_DIR).glob("*.yaml"))
    if not paths:
        raise RecordError([f"no record files (*.yaml) under {root / RECORDS_DIR}"])
    for path in paths:
        records = load_record_file(path)
        try:
            data = (root / records.text_path).read_bytes()
        except OSError as err:
            raise RecordError([f"{path}: text_path {records.text_path!r} cannot be read: {err}"]) from None
        if hashlib.sha256(data).hexdigest() != records.text_sha256:
            raise RecordError([f"{path}: {records.text_path} does not match the recorded text_sha256"])
        texts[records.text_path] = data.decode("utf-8")
        for name, new in assemble(records, texts[records.text_path], str(path)).items():
            rows[name].extend(new)
    return rows, texts


def _to_bytes(write, table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    write(table, sink)
    return sink.getvalue().to_pybytes()


def _arrow_schema_doc(schema: pa.Schema) -> dict[str, Any]:
    return {
        "fields": [{"name": f.name, "type": str(f.type), "nullable": f.nullable,
                    "metadata": {k.decode(): v.decode() for k, v in (f.metadata or {}).items()}}
                   for f in schema],
        "metadata": {k.decode(): json.loads(v) for k, v in (schema.metadata or {}).items()},
    }


def schema_files() -> dict[str, bytes]:
    """The language-neutral schema files under `schemas/`: JSON Schema, Table Schema and Arrow schema."""
    files = {}
    for name, table in TABLES.items():
        json_schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                       **ROW_MODELS[name].model_json_schema()}
        files[f"schemas/{name}.schema.json"] = docs.json_bytes(json_schema)
        files[f"schemas/{name}.tableschema.json"] = docs.json_bytes(table_schema(table))
        files[f"schemas/{name}.arrow.json"] = docs.json_bytes(_arrow_schema_doc(ARROW_SCHEMAS[name]))
    return files


def iso3166_codes() -> bytes:
    """The ISO 3166 code lists the validator checks against, extracted from pycountry's ISO data, so that
    validation does not load pycountry's databases."""
    import pycountry

    return docs.json_bytes({
        "source": f"pycountry {version('pycountry')} (ISO 3166-1 and ISO 3166-2)",
        "alpha_2_of_alpha_3": {c.alpha_3: c.alpha_2 for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)},
        "subdivisions": sorted(s.code for s in pycountry.subdivisions),
    })


def generate(root: Path) -> dict[str, bytes]:
    """Every generated file, by package-relative path. Raises RecordError or BuildError."""
    rows, texts = _collect(root)
    tables = {name: canonical(pa.Table.from_pylist(rows[name], schema=ARROW_SCHEMAS[name]),
                              ARROW_SCHEMAS[name], TABLES[name].primary_key) for name in TABLES}
    report = validate_frames({name: pl.from_arrow(t) for name, t in tables.items()}, texts, "records")
    if not report.valid:
        raise BuildError(report)
    files: dict[str, bytes] = {}
    for name, table in tables.items():
        files[parquet_path(name)] = _to_bytes(write_parquet, table)
        files[csv_path(name)] = _to_bytes(write_csv, table)
    digests = {path: (len(data), hashlib.sha256(data).hexdigest()) for path, data in files.items()}
    package = descriptor(digests, tables["sources"].to_pylist())
    files["datapackage.json"] = docs.json_bytes(package)
    files.update(schema_files())
    files["dataset/iso3166.json"] = iso3166_codes()
    files[docs.DICTIONARY_PATH] = docs.data_dictionary()
    files[docs.CARD_PATH] = docs.dataset_card(package, {name: t.num_rows for name, t in tables.items()})
    files[docs.CROISSANT_PATH] = docs.croissant(package)
    files[EXPLORER_PATH] = explorer_html(package, {name: t.to_pylist() for name, t in tables.items()}, texts)
    return files


def stale_files(root: Path, files: dict[str, bytes]) -> list[str]:
    """Generated files whose committed copy is missing or different."""
    return sorted(p for p, data in files.items() if not (root / p).is_file() or (root / p).read_bytes() != data)


def write(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files that changed; returns their paths."""
    changed = stale_files(root, files)
    for path in changed:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(files[path])
    return changed
