"""Validation of a data package with this schema, in the layers of `dataset.validation.registry` (files,
schema, keys, rules, provenance, frictionless). Every layer reports every problem it finds under a registered
rule id (the first `CAP` per rule listed, all counted); later layers check only the tables whose columns and
types are sound, and say what they skipped. A caller may skip layers and rules (`skip`, `only`).

Two paths read the tables, with the same checks and the same report: in memory (each Parquet file read whole,
then checked) and out of core (each file scanned by polars, so that a table larger than memory streams through
the checks). `in_memory=None` picks by size: out of core from `OUT_OF_CORE_ROWS` rows on.

The schema layer's module imports pandera, which imports pandas: the slowest import of the validator (about
0.8 s). `validate_package` imports it in a thread while the files layer reads and hashes the files, and the
report's `import_wait_seconds` says how long the checks then waited for it. Nothing here changes
interpreter-wide settings. (The thread switch interval was once lowered to 0.5 ms during that import; on a 100k-row
corpus, 5 runs each, `validate --no-frictionless` took 0.96-1.17 s (median 1.01) at the default 5 ms and
1.00-1.28 s (median 1.03) at 0.5 ms, so no process sets it.)
"""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import polars as pl

from dataset.schema.tables import TABLES
from dataset.validation.files import OUT_OF_CORE_ROWS, PackageOnDisk, load_package
from dataset.validation.keys import check_keys
from dataset.validation.provenance import check_provenance
from dataset.validation.registry import LAYERS, UnknownRule, resolve
from dataset.validation.report import Findings, LayerResult, Problem, Report
from dataset.validation.rules import check_rules

__all__ = ["LAYERS", "OUT_OF_CORE_ROWS", "Report", "UnknownRule", "validate_frames", "validate_package"]


class _BackgroundImport:
    """A module imported in a thread; `module()` waits for it and raises what the import raised."""

    def __init__(self, name: str):
        self._name, self._error = name, None
        self._thread = threading.Thread(target=self._run, name=f"import {name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            importlib.import_module(self._name)
        except BaseException as err:  # re-raised in the caller's thread by module()
            self._error = err

    def module(self) -> ModuleType:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return importlib.import_module(self._name)


_SCHEMA_LAYER = "dataset.validation.schema"


def _unreadable_tables(frames: dict[str, pl.LazyFrame], sound: dict[str, pl.LazyFrame], rows: dict[str, int],
                       parquet: dict[str, str]) -> list[Problem]:
    """Out of core, a corrupt Parquet page breaks only when a layer scans it. Find the table(s) whose scan fails
    (each read through once, streaming), report each as the files layer reports it in memory, and drop it from
    the tables the later layers check, as in memory."""
    problems = []
    for name in list(frames):
        try:
            frames[name].select(pl.all().null_count()).collect(engine="streaming")
        except (pl.exceptions.PolarsError, OSError) as err:
            problems.append(Problem("files", name, None, None, "files.readable",
                                    f"Parquet file {parquet.get(name)!r} cannot be read: {err}", fatal=True))
            del frames[name]
            sound.pop(name, None)
            rows.pop(name, None)
    return problems


@dataclass(frozen=True)
class _Selection:
    """The layers and rule ids the caller skipped (`registry.resolve`)."""

    layers: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()

    def runs(self, report: Report, name: str) -> bool:
        """Whether layer `name` runs; a skipped layer is recorded as not run, and why."""
        if name in self.layers:
            report.layers.append(LayerResult(name, ran=False, skipped=["skipped by the caller (--skip/--only)"]))
        return name not in self.layers


def _timed(report: Report, name: str, run: Callable[[], Findings], select: _Selection,
           unreadable: Callable[[], list[Problem]] | None = None) -> LayerResult:
    """Run one layer and time it; the problems of skipped rules are dropped. A table that cannot be read while
    the layer scans it (out of core) is found by `unreadable`, reported against its table, and the layer run
    again without it."""
    layer = LayerResult(name)
    started = time.perf_counter()
    try:
        found = run()
    except (pl.exceptions.PolarsError, OSError) as err:  # a Parquet page that breaks only when it is scanned
        broken = unreadable() if unreadable is not None else []
        found = Findings(broken)
        try:
            if not broken:
                raise
            found.extend(run())
        except (pl.exceptions.PolarsError, OSError) as again:
            found.problems.append(Problem("files", None, None, None, "files.readable",
                                          f"a table could not be read: {again if broken else err}", fatal=True))
    found = found.without(select.rules)
    report.problems.extend(found.problems)
    report.omitted.extend(found.omitted)
    layer.seconds = time.perf_counter() - started
    report.layers.append(layer)
    return layer


def _check_tables(report: Report, frames: dict[str, pl.LazyFrame], rows: dict[str, int], texts: dict[str, bytes],
                  schema: _BackgroundImport, select: _Selection, parquet: dict[str, str] | None = None) -> None:
    """Layers 2 to 5. `parquet` names each table's Parquet file (for a table that breaks when scanned)."""
    report.rows = rows
    waiting = time.perf_counter()
    schema_layer = schema.module()
    report.import_wait_seconds = time.perf_counter() - waiting
    sound: dict[str, pl.LazyFrame] = {}

    def unreadable() -> list[Problem]:
        return _unreadable_tables(frames, sound, rows, parquet or {})

    if select.runs(report, "schema"):
        _timed(report, "schema", lambda: schema_layer.check_schema(frames), select, unreadable)
    sound.update((n, f) for n, f in frames.items() if schema_layer.structurally_sound(TABLES[n], f))
    unsound = [f"table {n}: wrong or missing columns (see schema)" for n in frames if n not in sound]
    for name, run in (("keys", lambda: check_keys(sound)), ("rules", lambda: check_rules(sound)),
                      ("provenance", lambda: check_provenance(sound, texts))):
        if select.runs(report, name):
            _timed(report, name, run, select, unreadable).skipped = unsound + [
                f"table {n}: not readable" for n in TABLES if n not in frames]
    sources = sound.get("sources")
    if sources is not None and report.layers[-1].ran:
        paths = sources.select(pl.col("text_path").drop_nulls().unique()).collect()["text_path"]
        unread = sorted(set(paths.to_list()) - set(texts))
        report.layers[-1].skipped += [f"source text {p}: not readable, so nothing in it was checked" for p in unread]


def validate_frames(frames: dict[str, pl.DataFrame], texts: dict[str, str], label: str = "(in memory)") -> Report:
    """Validate tables that are not (yet) files: used by the build before it writes anything."""
    report = Report(label)
    _check_tables(report, {n: f.lazy() for n, f in frames.items()}, {n: f.height for n, f in frames.items()},
                  {p: t.encode("utf-8") for p, t in texts.items()}, _BackgroundImport(_SCHEMA_LAYER), _Selection())
    return report


def validate_package(path: Path, *, frictionless: bool = True, in_memory: bool | None = None,
                     skip: Iterable[str] = (), only: Iterable[str] = ()) -> Report:
    """Validate the data package at `path` (a datapackage.json or the folder holding one). `in_memory`: True
    reads each table whole, False scans the files (out of core), None (the default) picks by size. `skip`: layer
    names or rule ids (dataset.validation.registry) not to check or report; `only`: the layers to run (the files
    layer, which reads the package, always runs). An unknown name raises `registry.UnknownRule` (a ValueError)
    before anything is read. A fatal problem (the package cannot be read) is reported even if its rule is
    skipped."""
    layers, rules = resolve(tuple(skip), tuple(only))
    select = _Selection(layers | ({"frictionless"} if not frictionless else set()), rules)
    report = Report(str(path), skipped_rules=sorted(rules))
    schema = _BackgroundImport(_SCHEMA_LAYER)
    holder: list[PackageOnDisk] = []

    def files() -> Findings:
        package, found = load_package(Path(path), in_memory=in_memory)
        holder.append(package)
        return found

    _timed(report, "files", files, select)
    package = holder[0]
    report.mode = "in-memory" if package.in_memory else "out-of-core"
    if not package.descriptor:
        schema.module()  # not needed, but a thread still importing would be cut off at exit
        report.layers += [LayerResult(name, ran=False) for name in LAYERS[1:]]
        return report
    parquet: dict[str, str] = {}
    for resource in package.descriptor["resources"]:  # the first of each name, as the files layer checked
        if isinstance(resource.get("parquet"), dict):
            parquet.setdefault(resource["name"], resource["parquet"].get("path"))
    _check_tables(report, package.frames, package.rows, package.texts, schema, select, parquet)
    if not frictionless:
        report.layers.append(LayerResult("frictionless", ran=False, skipped=[
            "--no-frictionless: the CSV twins' hashes and cells were not checked"]))
    elif select.runs(report, "frictionless"):
        from dataset.validation.frictionless_check import check_frictionless

        _timed(report, "frictionless", lambda: Findings.capped(check_frictionless(package)), select)
    return report
