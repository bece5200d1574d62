"""The suite: what is measured, at which sizes, how often and under which timeouts (the plan), and the run that
measures it all into one dictionary of raw figures (`benchmarks/results.json`).

In order (the budget may stop the last ones): the corpora (generated once, or reused from WORKDIR when their
inputs have not changed), interpreter start and imports, `dataset validate --no-frictionless` against a bare
`pyarrow.parquet.read_table` of the same six files at every size, `dataset.load_all('pandas')` against
`read_table(...).to_pandas()`, `frictionless validate` of the CSV package, `dataset build --check`, and the four
exports against the bare read at the reference size and a tenth of it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks import corpus as generator
from benchmarks.machine import commit, files_digest, machine, source_digest, versions
from benchmarks.measure import Bench, Measurement, Quiet, log, snapshot
from benchmarks.stats import size_label
from dataset.schema.datapackage import parquet_path
from dataset.schema.tables import TABLES

PY = sys.executable
FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
NO_ERROR_LIMIT = "100000000"
"""frictionless stops a resource at 1,000 errors by default: every row is read with this limit."""

FRICTIONLESS_VALIDATE = [FRICTIONLESS, "validate", "--type", "package", "--json", "--limit-errors", NO_ERROR_LIMIT]
"""`--type package`: without it frictionless guesses the type from the file and may take the descriptor for a
plain JSON file (0 rows read, valid)."""

READ_SCRIPT = "import sys\nimport pyarrow.parquet as pq\nfor p in sys.argv[1:]:\n    pq.read_table(p)\n"
"""The floor of `validate`: read the six Parquet files, nothing else."""
TO_PANDAS_SCRIPT = ("import sys\nimport pyarrow.parquet as pq\n"
                    "for p in sys.argv[1:]:\n    pq.read_table(p).to_pandas()\n")
"""The floor of `dataset.load`: read the six Parquet files into pandas."""
LOAD_SCRIPT = "import sys\nimport dataset\ndataset.load_all('pandas', root=sys.argv[1])\n"
GENERATE_SCRIPT = ("import sys, time\nfrom pathlib import Path\nfrom benchmarks.corpus import write_corpus\n"
                   "started = time.perf_counter()\n"
                   "write_corpus(Path(sys.argv[1]), int(sys.argv[2]), source=Path(sys.argv[3]), overwrite=True)\n"
                   "print(time.perf_counter() - started)\n")
"""The generator through its public API; prints its in-process seconds."""

EXPORT_SCRIPT = ("import sys\nfrom dataset.exports import LAYOUTS, to_arrow\n"
                 "from dataset.exports.package import PackageRows\npackage = PackageRows(sys.argv[1])\n"
                 "for layout in LAYOUTS.values():\n    to_arrow(layout, package)\n")
"""The four exports (ACLED, UCDP GED, GDELT, PLOVER) of a corpus in one process, from one read of the package."""
STARTUP = (("python -c pass", "pass"), ("import dataset", "import dataset"),
           ("imports of validate --no-frictionless",
            "import dataset.__main__, dataset.validation, dataset.validation.schema"))
"""Interpreter start and imports, each in a fresh process: the fixed cost in every command measured."""


@dataclass
class Plan:
    sizes: list[int]
    """Rows of the corpora, each ≈ (a whole number of copies of the package)."""
    reference: int
    """The size of the ratio targets (validate and load against pyarrow, frictionless, checks' rate)."""
    large: int
    """The size of the end-to-end target (time and peak RSS)."""
    runs: int
    large_runs: int
    frictionless_csv_runs: dict[int, int]
    warmup: bool
    """One untimed run of every command but the generator and frictionless before its timed runs."""
    timeout: float
    large_timeout: float
    generate_timeout: float
    frictionless_timeout: float
    budget: float
    """Seconds for the whole suite: no run starts after it, none outlasts it."""
    quick: bool
    export_runs: int = 1
    export_timeout: float = 300.0
    """The four exports, measured last at the reference size and a tenth of it (linear growth)."""


def full_plan() -> Plan:
    return Plan(sizes=[10_000, 100_000, 1_000_000, 10_000_000], reference=1_000_000, large=10_000_000,
                runs=5, large_runs=3, frictionless_csv_runs={10_000: 3, 100_000: 3, 1_000_000: 2}, warmup=True,
                timeout=60.0, large_timeout=60.0, generate_timeout=300.0, frictionless_timeout=240.0,
                budget=19 * 60.0, quick=False)


def quick_plan() -> Plan:
    return Plan(sizes=[1_000, 3_000, 10_000], reference=3_000, large=10_000, runs=1, large_runs=1,
                frictionless_csv_runs={3_000: 1}, warmup=False, timeout=60.0, large_timeout=60.0,
                generate_timeout=60.0, frictionless_timeout=60.0, budget=10 * 60.0, quick=True, export_timeout=60.0)


def run_suite(plan: Plan, workdir: Path, *, use_snapshot: bool, wait_budget: float) -> dict[str, Any]:
    started = time.perf_counter()
    root = snapshot(workdir) if use_snapshot else generator.REPO_ROOT
    bench = Bench(root, Quiet(wait_budget), deadline=started + plan.budget)
    results: dict[str, Any] = {
        "plan": asdict(plan), "machine": machine(), "versions": versions(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "snapshot": str(root) if use_snapshot else None, "source_digest_start": source_digest(root),
        "package": package_facts(root)}
    corpora = {size: _corpus(bench, plan, size, workdir) for size in plan.sizes}
    results["corpora"] = {str(size): c for size, c in corpora.items()}
    results["startup"] = _startup(bench, plan)
    results["validate"] = {str(size): _validate(bench, plan, size, corpora[size]) for size in plan.sizes}
    log(f"validate done ({time.perf_counter() - started:.0f} s so far)")
    results["load"] = _load(bench, plan, corpora[plan.reference])
    results["frictionless_csv"] = {str(size): _frictionless_csv(bench, plan, size, runs, corpora[size])
                                   for size, runs in plan.frictionless_csv_runs.items()}
    build = Measurement("python -m dataset build --check", [PY, "-m", "dataset", "build", "--check"])
    results["build"] = bench.measure([build], plan.runs, timeout=plan.timeout, warmup=plan.warmup)[0].to_json()
    results["exports"] = {str(size): _exports(bench, plan, size, corpora[size]) for size in export_sizes(plan)}
    results.update(suite_seconds=time.perf_counter() - started, source_digest_end=source_digest(),
                   commit_end=commit(), quiet=asdict(bench.quiet))
    return results


def package_facts(root: Path) -> dict[str, Any]:
    """Rows and Parquet bytes per row of a package (the shipped one, or a corpus)."""
    rows = table_rows(root)
    return {"rows": rows, "total_rows": sum(rows.values()), "parquet_bytes": _parquet_bytes(root),
            "bytes_per_row": generator.parquet_bytes_per_row(root)}


def table_rows(root: Path) -> dict[str, int]:
    """Rows per table, from the Parquet footers."""
    return {name: pq.read_metadata(root / parquet_path(name)).num_rows for name in TABLES}



def _parquet_bytes(root: Path) -> int:
    return sum((root / parquet_path(name)).stat().st_size for name in TABLES)


def _corpus(bench: Bench, plan: Plan, size: int, workdir: Path) -> dict[str, Any]:
    """The corpus of `size` rows in WORKDIR: reused if its stamp names the same inputs (generator, package code
    and data, copies) and its footers the expected rows, else generated (timed, once). `missing` says why there
    is no corpus, if there is none."""
    label = size_label(size)
    out = workdir / f"corpus-{label}"
    stamp_path = workdir / f"corpus-{label}.stamp.json"
    copies = generator.copies_for_rows(size, bench.root)
    inputs = {"copies": copies, "inputs": _generator_inputs(bench.root)}
    expected = {name: rows * copies for name, rows in table_rows(bench.root).items()}
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    entry: dict[str, Any] = {"dir": str(out), "copies": copies, "rows": expected,
                             "total_rows": sum(expected.values()), "missing": ""}
    if {k: stamp.get(k) for k in inputs} == inputs and _rows_or_none(out) == expected:
        log(f"corpus {label}: reused {out}")
        return {**entry, **_corpus_facts(out), "generated": {**stamp["generated"], "reused": True}}
    stamp_path.unlink(missing_ok=True)
    gen = Measurement(f"generate {label}", [PY, "-c", GENERATE_SCRIPT, str(out), str(copies), str(bench.root)])
    bench.measure([gen], 1, timeout=plan.generate_timeout, warmup=False, keep_stdout=True)
    entry["missing"] = _generation_failure(gen, out, expected)
    if entry["missing"]:
        return {**entry, "generated": {"reused": False, "measurement": gen.to_json()}}
    run = gen.runs[0]
    generated = {"seconds": run.seconds, "in_process_seconds": float(run.stdout),
                 "peak_rss_bytes": run.max_rss_kb * 1024, "date": dt.datetime.now(dt.timezone.utc).isoformat()}
    stamp_path.write_text(json.dumps({**inputs, "generated": generated}, indent=1) + "\n")
    return {**entry, **_corpus_facts(out), "generated": {**generated, "reused": False}}


def _generator_inputs(root: Path) -> str:
    """A digest of everything a corpus is made from: the generator, the package's code and its data."""
    data = sorted([*(root / "data").glob("*.parquet"), *(root / "data" / "sources").glob("*.txt")])
    return source_digest(root) + files_digest(root, [root / "benchmarks" / "corpus.py", *data])


def _rows_or_none(root: Path) -> dict[str, int] | None:
    try:
        return table_rows(root) if (root / "datapackage.json").is_file() else None
    except (OSError, pa.ArrowException):
        return None


def _generation_failure(gen: Measurement, out: Path, expected: dict[str, int]) -> str:
    """Why the generator left no usable corpus ("" if it did)."""
    if gen.skipped:
        return f"corpus not generated ({gen.skipped})"
    run = gen.runs[0]
    if run.timed_out:
        return f"corpus not generated (timed out at {run.timeout:.0f} s)"
    if run.returncode:
        return f"corpus not generated (exit {run.returncode}: {run.stderr_tail[-300:].strip()})"
    if _rows_or_none(out) != expected:
        return f"corpus not generated (rows {_rows_or_none(out)}, expected {expected})"
    return ""


def _corpus_facts(root: Path) -> dict[str, Any]:
    return {"parquet_bytes": _parquet_bytes(root),
            "csv_bytes": sum(f.stat().st_size for f in (root / "data" / "csv").glob("*.csv")),
            "text_files": len(list((root / "data" / "sources").glob("*.txt"))),
            "bytes_per_row": generator.parquet_bytes_per_row(root)}


def _parquet_files(corpus: dict[str, Any]) -> list[str]:
    return [str(Path(corpus["dir"]) / parquet_path(name)) for name in TABLES]


def _startup(bench: Bench, plan: Plan) -> list[dict[str, Any]]:
    group = [Measurement(label, [PY, "-c", code]) for label, code in STARTUP]
    return [m.to_json() for m in bench.measure(group, plan.runs, timeout=plan.timeout, warmup=plan.warmup)]


def _validate(bench: Bench, plan: Plan, size: int, corpus: dict[str, Any]) -> dict[str, Any]:
    """`dataset validate --json --no-frictionless` and the bare read of the same files, interleaved."""
    label = size_label(size)
    ours = Measurement(f"dataset validate --no-frictionless, {label}",
                       [PY, "-m", "dataset", "validate", corpus["dir"], "--json", "--no-frictionless"],
                       skipped=corpus["missing"])
    floor = Measurement(f"pyarrow read_table, {label}", [PY, "-c", READ_SCRIPT, *_parquet_files(corpus)],
                        skipped=corpus["missing"])
    large = size == plan.large
    bench.measure([ours, floor], plan.large_runs if large else plan.runs,
                  timeout=plan.large_timeout if large else plan.timeout, warmup=plan.warmup, keep_stdout=True)
    return {"rows": corpus["total_rows"], "validate": ours.to_json(), "read": floor.to_json(),
            "reports": [validator_summary(r.stdout) for r in ours.ok_runs]}


def _load(bench: Bench, plan: Plan, corpus: dict[str, Any]) -> dict[str, Any]:
    """`dataset.load_all('pandas')` of the corpus and the bare `read_table(...).to_pandas()`, interleaved."""
    label = size_label(plan.reference)
    ours = Measurement(f"dataset.load_all('pandas'), {label}", [PY, "-c", LOAD_SCRIPT, corpus["dir"]],
                       skipped=corpus["missing"])
    floor = Measurement(f"pyarrow read_table().to_pandas(), {label}",
                        [PY, "-c", TO_PANDAS_SCRIPT, *_parquet_files(corpus)], skipped=corpus["missing"])
    bench.measure([ours, floor], plan.runs, timeout=plan.timeout, warmup=plan.warmup)
    return {"size": plan.reference, "rows": corpus["total_rows"], "load": ours.to_json(), "floor": floor.to_json()}


def export_sizes(plan: Plan) -> list[int]:
    """The reference size and the sizes down to a tenth of it (100k and 1M in the full plan)."""
    return [size for size in plan.sizes if plan.reference // 10 <= size <= plan.reference]


def _exports(bench: Bench, plan: Plan, size: int, corpus: dict[str, Any]) -> dict[str, Any]:
    """The four exports in one process and the bare read of the same files, interleaved."""
    label = size_label(size)
    ours = Measurement(f"the four exports, {label}", [PY, "-c", EXPORT_SCRIPT, corpus["dir"]],
                       skipped=corpus["missing"])
    floor = Measurement(f"pyarrow read_table, {label}", [PY, "-c", READ_SCRIPT, *_parquet_files(corpus)],
                        skipped=corpus["missing"])
    bench.measure([ours, floor], plan.export_runs, timeout=plan.export_timeout, warmup=False)
    return {"rows": corpus["total_rows"], "exports": ours.to_json(), "read": floor.to_json()}


def _frictionless_csv(bench: Bench, plan: Plan, size: int, runs: int, corpus: dict[str, Any]) -> dict[str, Any]:
    fx = Measurement(f"frictionless validate (CSV), {size_label(size)}",
                     [*FRICTIONLESS_VALIDATE, "datapackage.json"], skipped=corpus["missing"])
    bench.measure([fx], runs, timeout=plan.frictionless_timeout, warmup=False, cwd=Path(corpus["dir"]),
                  keep_stdout=True)
    return {"rows": corpus["total_rows"], "frictionless": fx.to_json(),
            "reports": [frictionless_summary(r.stdout) for r in fx.ok_runs]}


def validator_summary(stdout: str) -> dict[str, Any]:
    """What the suite keeps of a `dataset validate --json` report: verdict, mode, start-up and layer seconds."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return {"valid": False, "unparsable": stdout[-500:]}
    return {"valid": report["valid"], "exit_code": report["exit_code"], "rows": sum(report["rows"].values()),
            "mode": report.get("mode"), "startup_seconds": report.get("startup_seconds"),
            "layers": {layer["name"]: layer["seconds"] for layer in report["layers"] if layer["ran"]},
            "problems": len(report["problems"]),
            "first_problems": [f"[{p['layer']}] {p['table']} {p['row']} {p['column']}: {p['rule']}: {p['message']}"
                               for p in report["problems"][:10]]}


def frictionless_summary(stdout: str) -> dict[str, Any]:
    """What the suite keeps of a `frictionless validate --json` report: verdict, rows read, errors by kind."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return {"valid": False, "unparsable": stdout[-500:]}
    errors: dict[str, int] = {}
    for task in report.get("tasks", []):
        for error in task.get("errors", []):
            key = f"{task['name']}.{error.get('fieldName') or '-'}: {error['type']}"
            errors[key] = errors.get(key, 0) + 1
    for error in report.get("errors", []):
        errors[f"package: {error['type']}"] = errors.get(f"package: {error['type']}", 0) + 1
    rows = sum(task.get("stats", {}).get("rows", 0) for task in report.get("tasks", []))
    return {"valid": report.get("valid"), "rows": rows, "errors": errors}


def remove_corpora(plan: Plan, workdir: Path) -> None:
    for size in plan.sizes:
        shutil.rmtree(workdir / f"corpus-{size_label(size)}", ignore_errors=True)
        (workdir / f"corpus-{size_label(size)}.stamp.json").unlink(missing_ok=True)
