"""Layer 1, files: the descriptor, every resource file (present, inside the package, sizes as declared; the
Parquet files' sha256 as declared and readable) and every source text (sha256 as recorded in `sources`).
The CSV twins' sha256 is verified by the frictionless layer.

Reading is checking: this layer returns the tables it could read, for the layers after it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from dataset.tables import TABLES
from dataset.validation.report import Problem, excerpt

LAYER = "files"


@dataclass
class Package:
    """A data package as read from disk: its descriptor, its tables and its source texts."""

    root: Path
    descriptor_path: Path
    descriptor: dict[str, Any] = field(default_factory=dict)
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    """Source text by its package-relative path."""


def _fatal(message: str, rule: str, table: str | None = None, column: str | None = None,
           value: object = None) -> Problem:
    return Problem(LAYER, table, None, column, rule, message, excerpt(value), fatal=True)


def resolve_descriptor(path: Path) -> Path:
    """PATH may be the descriptor itself or the folder holding `datapackage.json`."""
    return path / "datapackage.json" if path.is_dir() else path


@cache
def _real_dir(directory: str) -> str:
    return os.path.realpath(directory) + os.sep


def safe_relative_path(root: Path, declared: object) -> Path:
    """The file a package-relative path names; absolute paths, paths with '..' and paths that leave the
    package through a symbolic link are refused."""
    if not isinstance(declared, str) or not declared:
        raise ValueError("the path is missing or not a string")
    parts = declared.split("/")
    if declared.startswith("/") or "\\" in declared or ":" in declared or ".." in parts:
        raise ValueError("the path points outside the package (absolute, or with '..'): refused")
    path = os.path.join(root, *parts)
    # Folders are resolved once each (a corpus has thousands of texts in one folder); the file itself only
    # when it is a link.
    real = os.path.realpath(path) if os.path.islink(path) else _real_dir(os.path.dirname(path))
    if not (real + os.sep).startswith(_real_dir(str(root))):
        raise ValueError("the path leads outside the package through a symbolic link: refused")
    return Path(path)


def _read_declared(root: Path, entry: dict[str, Any], what: str, table: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a declared file, after checking its path, size and sha256; None if unusable."""
    try:
        path = safe_relative_path(root, entry.get("path"))
    except ValueError as err:
        problems.append(_fatal(f"{what}: {err}", "path", table, value=entry.get("path")))
        return None
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(_fatal(f"{what} {entry['path']!r} cannot be read: {err.strerror or err}", "present", table))
        return None
    declared_bytes = entry.get("bytes")
    if declared_bytes is not None and declared_bytes != len(data):
        problems.append(_fatal(f"{what} {entry['path']!r} has {len(data)} bytes, the descriptor declares "
                               f"{declared_bytes} (truncated or replaced)", "bytes", table))
    declared_hash = entry.get("hash")
    if declared_hash is not None:
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if declared_hash != actual:
            problems.append(Problem(LAYER, table, None, None, "hash",
                                    f"{what} {entry['path']!r} does not match its declared hash",
                                    excerpt(f"declared {declared_hash}, actual {actual}", 120)))
    return data


def _check_csv_size(root: Path, resource: dict[str, Any], table: str, problems: list[Problem]) -> None:
    """The CSV twin is present, inside the package and of its declared size. Its hash is left to the
    frictionless layer, which reads the CSV anyway and verifies it; the checks here read the Parquet files."""
    try:
        path = safe_relative_path(root, resource.get("path"))
        size = path.stat().st_size
    except ValueError as err:
        problems.append(_fatal(f"CSV file: {err}", "path", table, value=resource.get("path")))
        return
    except OSError as err:
        problems.append(_fatal(f"CSV file {resource['path']!r} cannot be read: {err.strerror or err}", "present",
                               table))
        return
    declared = resource.get("bytes")
    if declared is not None and declared != size:
        problems.append(_fatal(f"CSV file {resource['path']!r} has {size} bytes, the descriptor declares {declared} "
                               "(truncated or replaced)", "bytes", table))


def load_package(path: Path) -> tuple[Package, list[Problem]]:
    """Read and check every file of the package at `path`."""
    descriptor_path = resolve_descriptor(path)
    package = Package(descriptor_path.parent, descriptor_path)
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return package, [_fatal(f"no data package descriptor at {descriptor_path}", "present")]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return package, [_fatal(f"{descriptor_path} is not a readable JSON descriptor: {err}", "descriptor")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return package, [_fatal(f"{descriptor_path} has no list of resources", "descriptor")]
    package.descriptor = descriptor
    problems: list[Problem] = []

    resources = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    for name in resources.keys() - TABLES.keys():
        problems.append(Problem(LAYER, str(name), None, None, "resources",
                                "the descriptor declares a resource this schema does not have"))
    for name in TABLES:
        resource = resources.get(name)
        if resource is None:
            problems.append(_fatal("the descriptor declares no resource for this table", "present", name))
            continue
        _check_csv_size(package.root, resource, name, problems)
        parquet = resource.get("parquet")
        if not isinstance(parquet, dict):
            problems.append(_fatal("the resource declares no Parquet file ('parquet': {path, bytes, hash})",
                                   "present", name))
            continue
        data = _read_declared(package.root, parquet, "Parquet file", name, problems)
        if data is None:
            continue
        try:
            package.frames[name] = pl.read_parquet(io.BytesIO(data))
        except Exception as err:  # polars raises several unrelated types for corrupt files
            problems.append(_fatal(f"Parquet file {parquet['path']!r} cannot be read: {err}", "readable", name))

    problems.extend(_check_texts(package))
    return package, problems


def _check_texts(package: Package) -> list[Problem]:
    """Read each source text named in `sources` and compare its sha256 with the recorded one."""
    sources = package.frames.get("sources")
    columns = ("source_id", "text_path", "text_sha256")
    if sources is None or any(sources.schema.get(c) != pl.String for c in columns):
        return []  # the schema layer reports missing or mistyped columns
    problems: list[Problem] = []
    actual: dict[str, str] = {}
    for text_path in sources["text_path"].drop_nulls().unique(maintain_order=True).to_list():
        try:
            data = safe_relative_path(package.root, text_path).read_bytes()
            package.texts[text_path] = data.decode("utf-8")
        except ValueError as err:  # unsafe path, or not UTF-8 (UnicodeDecodeError is a ValueError)
            problems.append(_fatal(f"source text {text_path!r}: {err}", "readable", "sources", "text_path"))
            continue
        except OSError as err:
            problems.append(_fatal(f"source text {text_path!r} cannot be read: {err.strerror or err}",
                                   "present", "sources", "text_path"))
            continue
        actual[text_path] = hashlib.sha256(data).hexdigest()
    hashes = pl.DataFrame({"text_path": list(actual), "actual": list(actual.values())},
                          schema={"text_path": pl.String, "actual": pl.String})
    wrong = (sources.select("source_id", "text_path", "text_sha256").join(hashes, on="text_path")
             .filter(pl.col("text_sha256") != pl.col("actual")))
    for source_id, text_path, recorded, computed in wrong.iter_rows():
        problems.append(Problem(LAYER, "sources", source_id, "text_sha256", "hash",
                                f"source text {text_path!r} does not match its recorded sha256",
                                excerpt(f"recorded {recorded}, actual {computed}", 120)))
    return problems
