"""Two builds, byte-reproducible, each one code path whatever folder it runs in.

`python -m dataset build [DIR]` (`build_package`): a package folder's curated records → its Parquet tables, CSV
twins, `datapackage.json`, `schemas/` and its documents (`docs/dataset_card.md`, `docs/croissant.json`,
`docs/explorer.html`), from its data and its metadata file. A package folder is what `python -m dataset init`
makes: `data/records/*.yaml` (one records file per source text), the texts under `data/sources/`, and
`package.yaml` (its name, title, licences, card text; see `dataset.authoring.metadata`). This checkout is one package
folder like any other: the same function builds it, from its own `package.yaml`. DIR defaults to the current
folder.

`python -m dataset build --toolkit` (`toolkit_files`): the files that are true of the schema, not of a package
(the data dictionary, the export crosswalks and `dataset/schema/iso3166.json`), written into the source tree the
`dataset` code was imported from; they need no package at all.

Everything is generated in memory first, so the same code serves `build --check` (is every generated file what
the records, the metadata and the definitions produce?) and the drift tests.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa

from dataset.authoring.assemble import Rows, assemble
from dataset.authoring.metadata import read_metadata
from dataset.authoring.records import RecordError, RecordFile, load_record_file
from dataset.authoring.references import evidence_origins, locate, origins, unresolved
from dataset.containment import TEXT_LIMIT, Folder, Refused, read_existing, write_bytes
from dataset.explore import EXPLORER_PATH, explorer_html
from dataset.exports.docs import export_docs
from dataset.schema import docs
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.codes_doc import CODES_PATH, code_lists
from dataset.schema.csv_twin import write_csv
from dataset.schema.datapackage import csv_path, descriptor, parquet_path, table_schema
from dataset.schema.lineends import normalize_line_ends
from dataset.schema.models import ROW_MODELS
from dataset.schema.parquet_io import canonical, write_parquet
from dataset.schema.tables import TABLES
from dataset.validation import Report, validate_frames
from dataset.validation.rules_doc import RULES_PATH, rules_page

RECORDS_DIR = Path("data") / "records"


class BuildError(Exception):
    """The records produce tables that fail validation; nothing was written. `problems` are the report's
    problems, each prefixed with the file and line of the record it is about."""

    def __init__(self, report: Report, problems: list[str]):
        super().__init__("\n".join(problems))
        self.report = report
        self.problems = problems


class NotAPackageFolder(ValueError):
    """The folder given to `build` holds no records to build (unusable input, not invalid data)."""


def source_tree() -> Path:
    """The folder holding the `dataset` code that runs: where `build --toolkit` writes the toolkit's files."""
    return Path(__file__).resolve().parents[2]


def record_paths(root: Path) -> list[Path]:
    """The records files of the package folder at `root`, in name order; each must be a regular file inside the
    folder (Refused, naming the file, otherwise: a FIFO is never waited on, a link out never followed)."""
    paths = sorted((root / RECORDS_DIR).glob("*.yaml"))
    if not paths:
        raise NotAPackageFolder(f"no records files (data/records/*.yaml) in {root}: give the folder made by "
                                "`python -m dataset init DIR --text ARTICLE.txt`")
    folder = Folder(root)
    for path in paths:
        relative = path.relative_to(root).as_posix()
        try:
            folder.stat(relative)
        except Refused as err:
            raise Refused(f"{relative}: {err}") from None
    return paths


def _read_text(folder: Folder, records: RecordFile) -> str:
    where = records.at(("text_path",))
    try:
        data = folder.read_bytes(records.text_path, TEXT_LIMIT)
    except (OSError, ValueError) as err:
        raise RecordError([f"{where}: text_path {records.text_path!r} cannot be read: {err}"]) from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != records.text_sha256:
        raise RecordError([f"{records.at(('text_sha256',))}: {records.text_path} does not match text_sha256: "
                           f"its sha256 is {digest} (did the text change after its records were written?)"])
    try:
        return normalize_line_ends(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise RecordError([f"{where}: {records.text_path} is not UTF-8 text: {err}"]) from None


def _collect(root: Path) -> tuple[Rows, dict[str, str], list[RecordFile]]:
    """The rows of every records file and the texts they quote; every problem of every file is reported
    before anything is built."""
    rows: Rows = {name: [] for name in TABLES}
    texts: dict[str, str] = {}
    files: list[RecordFile] = []
    problems: list[str] = []
    folder = Folder(root)
    for path in record_paths(root):
        try:
            records = load_record_file(path)
        except RecordError as err:
            problems.extend(err.problems)
            continue
        files.append(records)  # its ids and references are checked even when its spans do not fit its text
        try:
            texts[records.text_path] = _read_text(folder, records)
            for name, new in assemble(records, texts[records.text_path]).items():
                rows[name].extend(new)
        except RecordError as err:
            problems.extend(err.problems)
    found, clashes = origins(files)
    problems += clashes + unresolved(files, found)
    if problems:
        raise RecordError(problems)
    return rows, texts, files


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
    """The language-neutral schema files under `schemas/`: JSON Schema, Table Schema and Arrow schema. Every
    package in this schema carries them (as the installed data does), so that tools other than this package
    can read it."""
    files = {}
    for name, table in TABLES.items():
        json_schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                       **ROW_MODELS[name].model_json_schema()}
        files[f"schemas/{name}.schema.json"] = docs.json_bytes(json_schema)
        files[f"schemas/{name}.tableschema.json"] = docs.json_bytes(table_schema(table))
        files[f"schemas/{name}.arrow.json"] = docs.json_bytes(_arrow_schema_doc(ARROW_SCHEMAS[name]))
    return files


def iso3166_codes() -> bytes:
    """The ISO 3166 code lists the validator and the exports use, extracted from pycountry's ISO data, so that
    neither loads pycountry's databases."""
    import pycountry

    return docs.json_bytes({
        "source": f"pycountry {version('pycountry')} (ISO 3166-1 and ISO 3166-2)",
        "alpha_2_of_alpha_3": {c.alpha_3: c.alpha_2 for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)},
        "numeric_of_alpha_3": {c.alpha_3: c.numeric for c in sorted(pycountry.countries, key=lambda c: c.alpha_3)},
        "subdivisions": sorted(s.code for s in pycountry.subdivisions),
    })


@dataclass(frozen=True)
class BuiltPackage:
    """A built package: its files by package-relative path, its tables, its descriptor and the texts it quotes
    (by path under the package folder)."""

    files: dict[str, bytes]
    tables: dict[str, pa.Table]
    descriptor: dict[str, Any]
    texts: dict[str, str]


def build_package(root: Path) -> BuiltPackage:
    """The package folder at `root` built in memory: Parquet, CSV twins, datapackage.json, schemas/ and its
    documents (dataset card, Croissant, explorer page). Raises RecordError (mistakes in the records or the
    metadata file) or BuildError (tables that fail validation)."""
    rows, texts, record_files = _collect(root)
    tables = {name: canonical(pa.Table.from_pylist(rows[name], schema=ARROW_SCHEMAS[name]),
                              ARROW_SCHEMAS[name], TABLES[name].primary_key) for name in TABLES}
    report = validate_frames({name: pl.from_arrow(t) for name, t in tables.items()}, texts, "records")
    if not report.valid:
        found, _ = origins(record_files)
        evidence = evidence_origins(found)
        raise BuildError(report, [locate(p, found, evidence) for p in report.problems])
    files: dict[str, bytes] = {}
    for name, table in tables.items():
        files[parquet_path(name)] = _to_bytes(write_parquet, table)
        files[csv_path(name)] = _to_bytes(write_csv, table)
    digests = {path: (len(data), hashlib.sha256(data).hexdigest()) for path, data in files.items()}
    sources = tables["sources"].to_pylist()
    metadata = read_metadata(root, [s["title"] for s in sources])
    package = descriptor(digests, sources, metadata.descriptor_properties(), metadata.tables)
    languages = sorted({s["language"] for s in sources})
    files["datapackage.json"] = docs.json_bytes(package)
    files.update(schema_files())
    files[docs.CARD_PATH] = docs.dataset_card(package, {name: t.num_rows for name, t in tables.items()}, languages,
                                              metadata.card)
    files[docs.CROISSANT_PATH] = docs.croissant(package, languages, metadata.card)
    files[EXPLORER_PATH] = explorer_html(package, {name: t.to_pylist() for name, t in tables.items()}, texts)
    return BuiltPackage(files, tables, package, texts)


def toolkit_files() -> dict[str, bytes]:
    """The toolkit's generated files, by path under its source tree: true of the schema, not of any package."""
    return {"dataset/schema/iso3166.json": iso3166_codes(), docs.DICTIONARY_PATH: docs.data_dictionary(),
            CODES_PATH: code_lists(), RULES_PATH: rules_page(), **export_docs()}


def stale_files(root: Path, files: dict[str, bytes]) -> list[str]:
    """Generated files whose copy in `root` is missing or different. A generated path that is a symbolic link, or
    lies under one, is refused (`Refused`), never read or written through."""
    return sorted(p for p, data in files.items() if read_existing(root, p) != data)


def write(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files that changed, each replaced (never written through); returns their paths."""
    changed = stale_files(root, files)
    for path in changed:
        write_bytes(root, path, files[path])
    return changed
