"""Validation of a data package with this schema, in six layers: files, schema, keys, rules, provenance and
the Frictionless package. Every layer reports every problem it finds; later layers check only the tables
whose columns and types are sound, and say what they skipped."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from dataset.tables import TABLES
from dataset.validation.files import Package, load_package
from dataset.validation.keys import check_keys
from dataset.validation.provenance import check_provenance
from dataset.validation.report import LayerResult, Problem, Report
from dataset.validation.rules import check_rules
from dataset.validation.schema import check_schema, structurally_sound

__all__ = ["Report", "validate_frames", "validate_package"]


def _timed(report: Report, name: str, run: Callable[[], list[Problem]]) -> LayerResult:
    layer = LayerResult(name)
    started = time.perf_counter()
    report.problems.extend(run())
    layer.seconds = time.perf_counter() - started
    report.layers.append(layer)
    return layer


def _check_tables(report: Report, frames: dict[str, pl.DataFrame], texts: dict[str, str]) -> None:
    """Layers 2 to 5 on tables held in memory."""
    report.rows = {name: frame.height for name, frame in frames.items()}
    _timed(report, "schema", lambda: check_schema(frames))
    sound = {n: f for n, f in frames.items() if structurally_sound(TABLES[n], f)}
    unsound = [f"table {n}: wrong or missing columns (see schema)" for n in frames if n not in sound]
    absent = [f"table {n}: not readable" for n in TABLES if n not in frames]
    for name, run in (("keys", lambda: check_keys(sound)), ("rules", lambda: check_rules(sound)),
                      ("provenance", lambda: check_provenance(sound, texts))):
        _timed(report, name, run).skipped = unsound + absent
    sources = sound.get("sources")
    if sources is not None:
        unread = sorted(set(sources["text_path"].drop_nulls().to_list()) - set(texts))
        report.layers[-1].skipped += [f"source text {p}: not readable, so nothing in it was checked" for p in unread]


def validate_frames(frames: dict[str, pl.DataFrame], texts: dict[str, str], label: str = "(in memory)") -> Report:
    """Validate tables that are not (yet) files: used by the build before it writes anything."""
    report = Report(label)
    _check_tables(report, frames, texts)
    return report


def validate_package(path: Path, *, frictionless: bool = True) -> Report:
    """Validate the data package at `path` (a datapackage.json or the folder holding one)."""
    report = Report(str(path))
    holder: list[Package] = []

    def files() -> list[Problem]:
        package, problems = load_package(path)
        holder.append(package)
        return problems

    _timed(report, "files", files)
    package = holder[0]
    if not package.descriptor:
        report.layers += [LayerResult(name, ran=False) for name in ("schema", "keys", "rules", "provenance",
                                                                    "frictionless")]
        return report
    _check_tables(report, package.frames, package.texts)
    if frictionless:
        from dataset.validation.frictionless_check import check_frictionless

        _timed(report, "frictionless", lambda: check_frictionless(package))
    else:
        report.layers.append(LayerResult("frictionless", ran=False, skipped=[
            "--no-frictionless: the CSV twins' hashes and cells were not checked"]))
    return report
