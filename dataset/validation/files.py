"""Layer 1, files: the descriptor, every resource file (present, inside the package, sizes as declared; the
Parquet files' sha256 as declared and readable) and every source text (sha256 as recorded in `sources`).
The CSV twins' sha256 is verified by the frictionless layer.

Reading is checking: this layer returns the tables it could read, for the layers after it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow.parquet as pq

from dataset.containment import TEXT_LIMIT, Folder, Refused, descriptor_location, load_descriptor, open_regular
from dataset.schema.datapackage import declared_parts
from dataset.schema.tables import TABLES
from dataset.validation.report import CAP, Findings, Problem, excerpt

LAYER = "files"
OUT_OF_CORE_ROWS = 2_000_000
"""From this many rows on (counted in the Parquet footers), a package is validated out of core unless the caller
says otherwise."""


@dataclass
class PackageOnDisk:
    """A data package as read from disk: its descriptor, its tables and its source texts."""

    root: Path
    descriptor_path: Path
    folder: Folder
    """The package folder, through which every file the descriptor names is resolved and opened."""
    descriptor: dict[str, Any] = field(default_factory=dict)
    frames: dict[str, pl.LazyFrame] = field(default_factory=dict)
    """Each readable table: over data in memory, or over a scan of its files."""
    rows: dict[str, int] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    """Source text (UTF-8) by its package-relative path."""
    in_memory: bool = True
    """The tables were read whole (True) or are scanned from their files (False)."""
    csv_twins: dict[str, str] = field(default_factory=dict)
    """The package-relative path of each CSV twin that passed the containment checks (the only ones the
    frictionless layer may open)."""


def _fatal(message: str, rule: str, table: str | None = None, column: str | None = None,
           value: object = None) -> Problem:
    return Problem(LAYER, table, None, column, rule, message, excerpt(value), fatal=True)


def _check_declared(folder: Folder, entry: object, what: str, table: str, problems: list[Problem]) -> Path | None:
    """A declared file after checking its path, size and sha256 (hashed in chunks, never held whole); None if
    unusable."""
    if not isinstance(entry, dict):
        problems.append(_fatal(f"{what}: the descriptor's entry is not an object", "files.descriptor", table))
        return None
    try:
        path = Path(folder.resolve(entry.get("path")))
        with folder.open(entry.get("path")) as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
            size = handle.tell()
    except Refused as err:
        problems.append(_fatal(f"{what} {excerpt(entry.get('path'))!r}: {err}", "files.path-refused", table,
                               value=entry.get("path")))
        return None
    except OSError as err:
        problems.append(_fatal(f"{what} {entry['path']!r} cannot be read: {err.strerror or err}",
                               "files.present", table))
        return None
    _check_size(f"{what} {entry['path']!r}", size, entry.get("bytes"), table, problems)
    declared_hash = entry.get("hash")
    if declared_hash is not None and declared_hash != "sha256:" + digest:
        problems.append(Problem(LAYER, table, None, None, "files.hash",
                                f"{what} {entry['path']!r} does not match its declared hash",
                                excerpt(f"declared {declared_hash}, actual sha256:{digest}", 120)))
    return path


def _check_parquet(folder: Folder, name: str, parquet: dict[str, Any], problems: list[Problem]
                   ) -> tuple[list[Path], int] | None:
    """A table's Parquet file(s), checked: hashes, footers readable, every part with the first part's columns.
    Returns the files and their row count, or None if any is unusable."""
    parts = declared_parts(parquet)
    if not parts:
        problems.append(_fatal("the hive-partitioned Parquet entry lists no parts", "files.descriptor", name))
        return None
    files, rows, columns = [], 0, None
    for part in parts:
        what = "Parquet file" if part is parquet else "Parquet part"
        path = _check_declared(folder, part, what, name, problems)
        if path is None:
            continue
        try:
            with open_regular(path) as handle:  # checked above; opened so that nothing swapped in can block
                metadata = pq.read_metadata(handle)
            schema = metadata.schema.to_arrow_schema()
        except Exception as err:  # pyarrow raises several unrelated types for corrupt files
            problems.append(_fatal(f"{what} {part['path']!r} cannot be read: {err}", "files.readable", name))
            continue
        shape = [(f.name, f.type) for f in schema]
        if columns is not None and shape != columns:
            problems.append(_fatal(f"{what} {part['path']!r} has other columns or types than "
                                   f"{parts[0]['path']!r}", "files.readable", name))
            continue
        columns, rows = shape, rows + metadata.num_rows
        files.append(path)
    return (files, rows) if len(files) == len(parts) else None


def _open(name: str, parquet: dict[str, Any], files: list[Path], in_memory: bool,
          problems: list[Problem]) -> pl.LazyFrame | None:
    """A checked table: read whole (in memory) or scanned (out of core)."""
    try:
        if in_memory:
            frames = []
            for file in files:
                with open_regular(file) as handle:
                    frames.append(pl.read_parquet(handle))
            return pl.concat(frames, how="vertical").lazy()
        return pl.scan_parquet(files, hive_partitioning=False)
    except Exception as err:  # polars raises several unrelated types for corrupt files
        problems.append(_fatal(f"Parquet file {parquet.get('path')!r} cannot be read: {err}", "files.readable", name))
        return None


COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zip", ".zst", ".lz4", ".br")
"""CSV twins are read uncompressed only: a compressed twin (by its suffix or a `compression` property) is refused
before anything decompresses it, so that no small file can expand without bound."""


def _check_csv(folder: Folder, resource: dict[str, Any], table: str, problems: list[Problem]) -> bool:
    """The CSV twin is present, inside the package, uncompressed, a regular file and of its declared size. Its
    hash is left to the frictionless layer, which reads the CSV anyway and verifies it; the checks here read the
    Parquet files. True if the twin may be read by the layers after this one."""
    declared = resource.get("path")
    try:
        if resource.get("compression") is not None or (
                isinstance(declared, str) and declared.lower().endswith(COMPRESSED_SUFFIXES)):
            raise Refused("compressed CSV twins are not read (no `compression`, no .gz/.bz2/.xz/.zip/.zst/.lz4/.br "
                          "path): refused")
        size = folder.stat(declared).st_size
    except Refused as err:
        problems.append(_fatal(f"CSV file {excerpt(declared)!r}: {err}", "files.path-refused", table, value=declared))
        return False
    except OSError as err:
        problems.append(_fatal(f"CSV file {declared!r} cannot be read: {err.strerror or err}",
                               "files.present", table))
        return False
    _check_size(f"CSV file {declared!r}", size, resource.get("bytes"), table, problems)
    return True


def _check_size(file: str, size: int, declared: object, table: str, problems: list[Problem]) -> None:
    """A file's size against the descriptor's `bytes`, where it declares one."""
    if declared is not None and declared != size:
        problems.append(_fatal(f"{file} has {size} bytes, the descriptor declares {declared} (truncated or replaced)",
                               "files.bytes", table))


def _first_of_each_name(resources: list[dict[str, Any]], problems: list[Problem]) -> dict[str, dict[str, Any]]:
    """Each resource by name; a name declared twice is a problem, and only its first resource is checked, so that
    a second copy can never hide a broken first one."""
    first: dict[str, dict[str, Any]] = {}
    seen: dict[str, list[int]] = {}
    for i, resource in enumerate(resources):
        seen.setdefault(resource["name"], []).append(i)
        first.setdefault(resource["name"], resource)
    for name, places in seen.items():
        if len(places) > 1:
            problems.append(Problem(LAYER, name, None, None, "files.resources",
                                    f"the descriptor declares {len(places)} resources named {name!r} (resources"
                                    f"{', resources'.join(f'[{i}]' for i in places)}); only the first is checked"))
    return first


def load_package(path: Path, *, in_memory: bool | None = True) -> tuple[PackageOnDisk, Findings]:
    """Read and check every file of the package at `path`: each table read whole into memory, or (with
    `in_memory=False`) checked and scanned, so that the later layers stream it."""
    descriptor_path = descriptor_location(path)
    package = PackageOnDisk(descriptor_path.parent, descriptor_path, Folder(descriptor_path.parent),
                      in_memory=in_memory is not False)
    try:
        loaded = load_descriptor(descriptor_path)
    except FileNotFoundError:
        return package, Findings([_fatal(f"no data package descriptor at {descriptor_path}", "files.present")])
    except Refused as err:
        return package, Findings([_fatal(str(err), "files.descriptor")])
    except OSError as err:
        return package, Findings([_fatal(f"{descriptor_path} cannot be read: {err.strerror or err}",
                                         "files.descriptor")])
    package.descriptor, package.folder = loaded.body, loaded.folder
    problems: list[Problem] = []

    resources = _first_of_each_name(loaded.body["resources"], problems)
    files: dict[str, tuple[dict[str, Any], list[Path]]] = {}
    for name in sorted(resources.keys() - TABLES.keys()):
        problems.append(Problem(LAYER, name, None, None, "files.resources",
                                "the descriptor declares a resource this schema does not have"))
    for name in TABLES:
        resource = resources.get(name)
        if resource is None:
            problems.append(_fatal("the descriptor declares no resource for this table", "files.present", name))
            continue
        if _check_csv(package.folder, resource, name, problems):
            package.csv_twins[name] = resource["path"]
        parquet = resource.get("parquet")
        if not isinstance(parquet, dict):
            problems.append(_fatal("the resource declares no Parquet file ('parquet': {path, bytes, hash})",
                                   "files.present", name))
            continue
        checked = _check_parquet(package.folder, name, parquet, problems)
        if checked is not None:
            files[name] = (parquet, checked[0])
            package.rows[name] = checked[1]
    if in_memory is None:
        in_memory = sum(package.rows.values()) < OUT_OF_CORE_ROWS
    package.in_memory = in_memory
    for name, (parquet, paths) in files.items():
        frame = _open(name, parquet, paths, in_memory, problems)
        if frame is None:
            del package.rows[name]
        else:
            package.frames[name] = frame

    found = Findings(problems)
    found.extend(_check_texts(package))
    return package, found


def _check_texts(package: PackageOnDisk) -> Findings:
    """Read each source text named in `sources` and compare its sha256 with the recorded one."""
    frame = package.frames.get("sources")
    columns = ("source_id", "text_path", "text_sha256")
    if frame is None or any(frame.collect_schema().get(c) != pl.String for c in columns):
        return Findings()  # the schema layer reports missing or mistyped columns
    sources = frame.select(columns).collect()
    problems: list[Problem] = []
    actual: dict[str, str] = {}
    for text_path in sources["text_path"].drop_nulls().unique(maintain_order=True).to_list():
        try:
            data = package.folder.read_bytes(text_path, TEXT_LIMIT)
            data.decode("utf-8")  # only to prove it is UTF-8: the checks work on the bytes
            package.texts[text_path] = data
        except Refused as err:
            problems.append(_fatal(f"source text {text_path!r}: {err}", "files.path-refused", "sources", "text_path"))
            continue
        except ValueError as err:  # not UTF-8 (UnicodeDecodeError is a ValueError), or over the size limit
            problems.append(_fatal(f"source text {text_path!r}: {err}", "files.readable", "sources", "text_path"))
            continue
        except OSError as err:
            problems.append(_fatal(f"source text {text_path!r} cannot be read: {err.strerror or err}",
                                   "files.present", "sources", "text_path"))
            continue
        actual[text_path] = hashlib.sha256(data).hexdigest()
    hashes = pl.DataFrame({"text_path": list(actual), "actual": list(actual.values())},
                          schema={"text_path": pl.String, "actual": pl.String})
    wrong = (sources.select("source_id", "text_path", "text_sha256").join(hashes, on="text_path")
             .filter(pl.col("text_sha256") != pl.col("actual")).sort("source_id"))
    found = Findings(problems)
    found.add((Problem(LAYER, "sources", source_id, "text_sha256", "files.hash",
                       f"source text {text_path!r} does not match its recorded sha256",
                       excerpt(f"recorded {recorded}, actual {computed}", 120))
               for source_id, text_path, recorded, computed in wrong.head(CAP).iter_rows()), wrong.height)
    return found
