"""Validation of a data package with this schema, in six layers: files, schema, keys, rules, provenance and
the Frictionless package. Every layer reports every problem it finds (the first `CAP` per rule listed, all
counted); later layers check only the tables whose columns and types are sound, and say what they skipped.

Two paths read the tables, with the same checks and the same report: in memory (each Parquet file read whole,
then checked) and out of core (each file scanned by polars, so that a table larger than memory streams through
the checks). `in_memory=None` picks by size: out of core from `OUT_OF_CORE_ROWS` rows on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from dataset.tables import TABLES
from dataset.validation.files import OUT_OF_CORE_ROWS, Package, load_package
from dataset.validation.keys import check_keys
from dataset.validation.provenance import check_provenance
from dataset.validation.report import Findings, LayerResult, Problem, Report
from dataset.validation.rules import check_rules
from dataset.validation.schema import check_schema, structurally_sound

__all__ = ["OUT_OF_CORE_ROWS", "Report", "validate_frames", "validate_package"]


def _timed(report: Report, name: str, run: Callable[[], Findings]) -> LayerResult:
    layer = LayerResult(name)
    started = time.perf_counter()
    try:
        found = run()
    except (pl.exceptions.PolarsError, OSError) as err:  # a Parquet page that breaks only when it is scanned
        found = Findings([Problem(name, None, None, None, "readable", f"a table could not be read: {err}",
                                  fatal=True)])
    report.problems.extend(found.problems)
    report.omitted.extend(found.omitted)
    layer.seconds = time.perf_counter() - started
    report.layers.append(layer)
    return layer


def _check_tables(report: Report, frames: dict[str, pl.LazyFrame], rows: dict[str, int],
                  texts: dict[str, bytes]) -> None:
    """Layers 2 to 5."""
    report.rows = rows
    _timed(report, "schema", lambda: check_schema(frames))
    sound = {n: f for n, f in frames.items() if structurally_sound(TABLES[n], f)}
    unsound = [f"table {n}: wrong or missing columns (see schema)" for n in frames if n not in sound]
    absent = [f"table {n}: not readable" for n in TABLES if n not in frames]
    for name, run in (("keys", lambda: check_keys(sound)), ("rules", lambda: check_rules(sound)),
                      ("provenance", lambda: check_provenance(sound, texts))):
        _timed(report, name, run).skipped = unsound + absent
    sources = sound.get("sources")
    if sources is not None:
        paths = sources.select(pl.col("text_path").drop_nulls().unique()).collect()["text_path"]
        unread = sorted(set(paths.to_list()) - set(texts))
        report.layers[-1].skipped += [f"source text {p}: not readable, so nothing in it was checked" for p in unread]


def validate_frames(frames: dict[str, pl.DataFrame], texts: dict[str, str], label: str = "(in memory)") -> Report:
    """Validate tables that are not (yet) files: used by the build before it writes anything."""
    report = Report(label)
    _check_tables(report, {n: f.lazy() for n, f in frames.items()}, {n: f.height for n, f in frames.items()},
                  {p: t.encode("utf-8") for p, t in texts.items()})
    return report


def validate_package(path: Path, *, frictionless: bool = True, in_memory: bool | None = None) -> Report:
    """Validate the data package at `path` (a datapackage.json or the folder holding one). `in_memory`: True
    reads each table whole, False scans the files (out of core), None (the default) picks by size."""
    report = Report(str(path))
    holder: list[Package] = []

    def files() -> Findings:
        package, found = load_package(Path(path), in_memory=in_memory)
        holder.append(package)
        return found

    _timed(report, "files", files)
    package = holder[0]
    report.mode = "in-memory" if package.in_memory else "out-of-core"
    if not package.descriptor:
        report.layers += [LayerResult(name, ran=False) for name in ("schema", "keys", "rules", "provenance",
                                                                    "frictionless")]
        return report
    _check_tables(report, package.frames, package.rows, package.texts)
    if frictionless:
        from dataset.validation.frictionless_check import check_frictionless

        _timed(report, "frictionless", lambda: Findings(check_frictionless(package)))
    else:
        report.layers.append(LayerResult("frictionless", ran=False, skipped=[
            "--no-frictionless: the CSV twins' hashes and cells were not checked"]))
    return report
