"""Every measurement of the benchmark suite, in one command, written to `benchmarks/RESULTS.md`.

    python -m benchmarks.run            # full: corpora of ~10k, ~100k and ~1M rows (about 25 minutes)
    python -m benchmarks.run --quick    # ~10k and ~100k rows, 3 runs each (a couple of minutes)

Each command runs in a fresh process under `/usr/bin/time -v` (GNU time: peak RSS); wall time is measured
around the process with `time.perf_counter`. Side-by-side commands are interleaved run by run, after one
untimed warm-up run (files in the page cache) for every command but the long frictionless ones. Figures are
the median, min and max over the runs; the number of runs is printed next to each. Raw figures go to
`benchmarks/results.json` (`results-quick.json` with --quick).

Only public tools: the standard library, GNU time and the `frictionless` CLI. No figure is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus import PARQUET_DESCRIPTOR, REPO_ROOT, copies_for_rows, rows_per_copy

HERE = Path(__file__).resolve().parent
GNU_TIME = "/usr/bin/time"
PY = sys.executable
FRICTIONLESS = str(Path(sys.executable).with_name("frictionless"))
NO_ERROR_LIMIT = "100000000"
"""frictionless stops a resource at 1,000 errors by default, which would cut its Parquet run short (it reports
false type errors on Parquet list and nullable number columns): every row is read with this limit."""

FRICTIONLESS_VALIDATE = [FRICTIONLESS, "validate", "--type", "package", "--json", "--limit-errors", NO_ERROR_LIMIT]
"""`--type package`: without it frictionless guesses the type from the file, and takes a large descriptor
not named `datapackage.json` (the 1M corpus's Parquet one, 3 MB) for a plain JSON file: 0 rows read, valid."""

CHECK_LAYERS = ("files", "schema", "keys", "rules", "provenance")

# Targets of the issue, at the largest size.
TARGET_LOAD_RATIO = 1.15
TARGET_CHECK_ROWS_PER_S = 2_000_000
TARGET_COMMAND_SECONDS = 3.0
TARGET_FRICTIONLESS_SPEEDUP = 15.0
TARGET_PEAK_BYTES = 1 << 30
TARGET_MAX_EXPONENT = 1.10


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    returncode: int
    cpu_seconds: float = 0.0
    """User + system CPU time of the process (GNU time), less sensitive than wall time to other load."""
    background_busy: float = 0.0
    """Share of the machine's CPU time busy with other processes just before the run (/proc/stat)."""
    timed_out: bool = False
    stdout: str = ""
    stderr_tail: str = ""


@dataclass
class Measurement:
    label: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    note: str = ""

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if not r.timed_out]

    def stats(self, values: list[float] | None = None) -> dict[str, float] | None:
        values = [r.seconds for r in self.ok_runs] if values is None else values
        if not values:
            return None
        return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}

    @property
    def cpu(self) -> dict[str, float] | None:
        return self.stats([r.cpu_seconds for r in self.ok_runs])

    @property
    def background_busy(self) -> float | None:
        busy = [r.background_busy for r in self.runs]
        return statistics.median(busy) if busy else None

    @property
    def seconds(self) -> float | None:
        s = self.stats()
        return None if s is None else s["median"]

    @property
    def peak_rss_bytes(self) -> int | None:
        rss = [r.max_rss_kb for r in self.ok_runs]
        return max(rss) * 1024 if rss else None

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "command": self.command, "note": self.note, "stats": self.stats(),
                "cpu": self.cpu, "background_busy": self.background_busy, "peak_rss_bytes": self.peak_rss_bytes,
                "runs": [{k: v for k, v in asdict(r).items() if k != "stdout"} for r in self.runs]}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def background_busy(window: float = 0.25) -> float:
    """Share of CPU time busy over a short window while this suite runs nothing: other processes' load."""
    try:
        busy0, total0 = _cpu_times()
        time.sleep(window)
        busy1, total1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return float("nan")
    return (busy1 - busy0) / max(1, total1 - total0)


ENV: dict[str, str] | None = None
"""The environment of every measured command: this one, with the snapshot first on PYTHONPATH."""


def snapshot(workdir: Path) -> Path:
    """A copy of the checkout (code, data, records; uncommitted edits included) taken at the start, from which
    every command runs: others may edit the checkout while the suite runs, and the figures must all measure
    one version. Returns the copy's root."""
    global ENV
    root = workdir / "snapshot"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO_ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "dist", "build",
        "RESULTS*.md", "results*.json", "*.egg-info"))
    path = os.environ.get("PYTHONPATH")
    ENV = {**os.environ, "PYTHONPATH": str(root) + (os.pathsep + path if path else "")}
    return root


class Quiet:
    """Before each run, wait (within a budget) until other processes leave the CPUs mostly idle: on a shared
    machine, someone else's test suite would otherwise be measured too. What was waited is recorded."""

    threshold = 0.25
    """Busy share of all CPUs above which the machine counts as loaded by others."""
    per_run = 10.0
    budget = 240.0
    waited = 0.0

    @classmethod
    def wait(cls) -> float:
        busy = background_busy()
        deadline = time.perf_counter() + min(cls.per_run, max(0.0, cls.budget - cls.waited))
        started = time.perf_counter()
        while busy > cls.threshold and time.perf_counter() < deadline:
            time.sleep(0.75)
            busy = background_busy()
        cls.waited += time.perf_counter() - started
        return busy


def run_once(command: list[str], cwd: Path, timeout: float, keep_stdout: bool) -> Run:
    busy = Quiet.wait()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        time_file, out_file, err_file = (Path(tmp) / n for n in ("time", "out", "err"))
        with out_file.open("wb") as out, err_file.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen([GNU_TIME, "-v", "-o", str(time_file), *command], cwd=cwd, stdout=out,
                                       stderr=err, stdin=subprocess.DEVNULL, start_new_session=True, env=ENV)
            timed_out = False
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started, by its id
                process.wait()
            seconds = time.perf_counter() - started
        report = time_file.read_text(errors="replace") if time_file.exists() else ""
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
        status = re.search(r"Exit status: (\d+)", report)
        user = re.search(r"User time \(seconds\): ([\d.]+)", report)
        system = re.search(r"System time \(seconds\): ([\d.]+)", report)
        cpu = (float(user.group(1)) if user else 0.0) + (float(system.group(1)) if system else 0.0)
        stderr = err_file.read_text(errors="replace")
        return Run(seconds=timeout if timed_out else seconds, max_rss_kb=int(rss.group(1)) if rss else 0,
                   returncode=-9 if timed_out else int(status.group(1)) if status else process.returncode,
                   cpu_seconds=cpu, background_busy=busy, timed_out=timed_out,
                   stdout=out_file.read_text(errors="replace") if keep_stdout else "",
                   stderr_tail=stderr[-2000:])


def measure(group: list[Measurement], runs: int, *, cwd: Path | None = None, warmup: bool = True,
            timeout: float = 900.0, keep_stdout: bool = False) -> list[Measurement]:
    """Run the commands of `group` `runs` times each, interleaved (A B A B …), from `cwd` (default: the
    checkout being measured)."""
    cwd = cwd or ROOT
    if warmup:
        for m in group:
            run_once(m.command, cwd, timeout, False)
    for i in range(runs):
        for m in group:
            if m.timed_out:
                continue  # one timeout is enough to know it is slower than the timeout
            run = run_once(m.command, cwd, timeout, keep_stdout)
            m.runs.append(run)
            log(f"{m.label}: run {i + 1}/{runs}: {run.seconds:.3f} s (cpu {run.cpu_seconds:.2f} s, "
                f"background {100 * run.background_busy:.0f} %), {run.max_rss_kb / 1024:.0f} MB, "
                f"exit {run.returncode}{' (timed out)' if run.timed_out else ''}")
    return group


def fit_exponent(rows: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) on log(rows): time ∝ rows^exponent."""
    pairs = [(math.log(r), math.log(s)) for r, s in zip(rows, seconds, strict=True) if s and s > 0]
    if len(pairs) < 2:
        return None
    mx = statistics.fmean(p[0] for p in pairs)
    my = statistics.fmean(p[1] for p in pairs)
    return sum((x - mx) * (y - my) for x, y in pairs) / sum((x - mx) ** 2 for x, _ in pairs)


# ---------------------------------------------------------------------------------------------- environment

ROOT = REPO_ROOT
"""The checkout being measured: the snapshot once `run_suite` has taken it."""


def source_digest(root: Path = REPO_ROOT) -> str:
    """sha256 of the package's code (dataset/*.py, *.json), to tell whether it changed during the suite."""
    import hashlib

    sha = hashlib.sha256()
    for path in sorted((root / "dataset").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json"}:
            sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:16]


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    os_release = Path("/etc/os-release")
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', os_release.read_text(), re.M) if os_release.exists() else None
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    return {
        "nproc": nproc,
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "memory": f"{int(memory.group(1)) / 1024 ** 2:.1f} GiB" if memory else "unknown",
        "os": f"{pretty.group(1) if pretty else platform.system()} (kernel {platform.release()})",
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(unset)"),
    }


def versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for dist in ("pakistan-iran-ties-2024", "pyarrow", "polars", "pandas", "pandera", "frictionless", "numpy",
                 "pycountry", "pydantic"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    gnu = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True)
    out["GNU time"] = (gnu.stdout or gnu.stderr).strip().splitlines()[0] if (gnu.stdout or gnu.stderr) else "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    out["commit"] = commit.stdout.strip() or "unknown"
    return out


# ---------------------------------------------------------------------------------------------- the suite

@dataclass
class Plan:
    sizes: list[int]
    runs: int
    frictionless_csv_runs: dict[int, int]
    frictionless_parquet_runs: dict[int, int]
    dataset_full_runs: dict[int, int]
    parquet_timeout: float
    quick: bool


def full_plan(parquet_timeout: float) -> Plan:
    return Plan(sizes=[10_000, 100_000, 1_000_000], runs=5,
                frictionless_csv_runs={10_000: 5, 100_000: 5, 1_000_000: 2},
                frictionless_parquet_runs={10_000: 5, 100_000: 2, 1_000_000: 1},
                dataset_full_runs={10_000: 5, 100_000: 5, 1_000_000: 1},
                parquet_timeout=parquet_timeout, quick=False)


def quick_plan(parquet_timeout: float) -> Plan:
    return Plan(sizes=[10_000, 100_000], runs=3,
                frictionless_csv_runs={10_000: 3, 100_000: 1},
                frictionless_parquet_runs={10_000: 1},
                dataset_full_runs={10_000: 1},
                parquet_timeout=parquet_timeout, quick=True)


def size_label(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k"


def corpus_facts(root: Path) -> dict[str, Any]:
    def total(pattern: str) -> tuple[int, int]:
        files = list(root.glob(pattern))
        return len(files), sum(f.stat().st_size for f in files)

    return {"parquet": total("data/*.parquet"), "csv": total("data/csv/*.csv"), "texts": total("data/sources/*.txt"),
            "descriptor_bytes": (root / "datapackage.json").stat().st_size}


def run_suite(plan: Plan, workdir: Path, use_snapshot: bool = True) -> dict[str, Any]:
    global ROOT
    results: dict[str, Any] = {"plan": asdict(plan), "machine": machine(), "versions": versions(),
                               "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    started = time.perf_counter()
    results["source_digest_start"] = source_digest()
    if use_snapshot:
        ROOT = snapshot(workdir)
        results["snapshot"] = str(ROOT)
        results["source_digest_start"] = source_digest(ROOT)
    per_copy = rows_per_copy(ROOT)

    # Corpora (the generator is timed too: in-process seconds from its own report, and the whole command).
    corpora: dict[int, dict[str, Any]] = {}
    for target in plan.sizes:
        out = workdir / f"corpus-{size_label(target)}"
        copies = copies_for_rows(target, ROOT)
        gen = Measurement(f"generate {size_label(target)}",
                          [PY, "-m", "benchmarks.corpus", str(out), "--copies", str(copies), "--force"])
        measure([gen], plan.runs, warmup=False, keep_stdout=True)
        if any(r.returncode for r in gen.runs):
            raise SystemExit(f"the corpus generator failed:\n{gen.runs[-1].stderr_tail}")
        reports = [json.loads(r.stdout) for r in gen.runs]
        corpora[target] = {"dir": str(out), "copies": copies, "rows": reports[-1]["rows"],
                           "total_rows": reports[-1]["total_rows"], **corpus_facts(out),
                           "generate": gen.to_json(),
                           "generate_in_process": gen.stats([r["seconds"] for r in reports])}
    results["corpora"] = {str(k): v for k, v in corpora.items()}
    results["rows_per_copy"] = per_copy

    # Interpreter start and imports.
    startup = measure([
        Measurement("python -c pass", [PY, "-c", "pass"]),
        Measurement("import dataset", [PY, "-c", "import dataset"]),
        Measurement("imports of validate --no-frictionless",
                    [PY, "-c", "import dataset.__main__, dataset.validation, dataset.validation.rules"]),
        Measurement("imports of validate (with frictionless)",
                    [PY, "-c", "import dataset.__main__, dataset.validation, frictionless"]),
    ], max(plan.runs, 5))
    results["startup"] = [m.to_json() for m in startup]

    # 1. Load: the shipped package, then the largest corpus, against the pyarrow floor.
    from dataset.tables import TABLES

    load_script = ("import sys\nfrom pathlib import Path\nimport dataset\n"
                   "if len(sys.argv) > 1:\n    import dataset.loader as loader\n    root = Path(sys.argv[1])\n"
                   "    loader.data_root = lambda: root\n"
                   "dataset.load_all('pandas')\ndataset.load_all('pyarrow')\n")
    floor_script = ("import sys\nimport pyarrow.parquet as pq\n"
                    "for p in sys.argv[1:]:\n    pq.read_table(p).to_pandas()\n")
    loads = []
    for label, root, runs in ((f"shipped package ({per_copy} rows)", None, max(plan.runs, 10)),
                              (f"corpus {size_label(plan.sizes[-1])}", Path(corpora[plan.sizes[-1]]["dir"]),
                               plan.runs)):
        extra = [] if root is None else [str(root)]  # None: the package's own data (`dataset.loader.data_root`)
        paths = [str((root or ROOT) / "data" / f"{name}.parquet") for name in TABLES]
        pair = measure([Measurement(f"load: dataset, {label}", [PY, "-c", load_script, *extra]),
                        Measurement(f"load: pyarrow floor, {label}", [PY, "-c", floor_script, *paths])], runs)
        loads.append({"label": label, "dataset": pair[0].to_json(), "floor": pair[1].to_json(),
                      "ratio": pair[0].seconds / pair[1].seconds})
    results["load"] = loads

    # 2. Validate at each size: ours (without, then with the frictionless layer) against frictionless.
    validate: dict[str, Any] = {}
    for target in plan.sizes:
        corpus = Path(corpora[target]["dir"])
        label = size_label(target)
        ours = Measurement(f"dataset validate --no-frictionless, {label}",
                           [PY, "-m", "dataset", "validate", str(corpus), "--json", "--no-frictionless"])
        measure([ours], plan.runs, keep_stdout=True)
        entry: dict[str, Any] = {"rows": corpora[target]["total_rows"], "ours": ours.to_json(),
                                 "reports": [_report_summary(r.stdout) for r in ours.runs]}

        full_runs = plan.dataset_full_runs.get(target, 0)
        if full_runs:
            full = Measurement(f"dataset validate (with frictionless layer), {label}",
                               [PY, "-m", "dataset", "validate", str(corpus), "--json"])
            measure([full], full_runs, warmup=target < 1_000_000, keep_stdout=True)
            entry["ours_full"] = full.to_json()
            entry["ours_full_reports"] = [_report_summary(r.stdout) for r in full.runs]

        csv_runs = plan.frictionless_csv_runs.get(target, 0)
        if csv_runs:
            fx_csv = Measurement(f"frictionless validate (CSV), {label}",
                                 [*FRICTIONLESS_VALIDATE, "datapackage.json"])
            measure([fx_csv], csv_runs, cwd=corpus, warmup=False, keep_stdout=True)
            entry["frictionless_csv"] = fx_csv.to_json()
            entry["frictionless_csv_reports"] = [_frictionless_summary(r.stdout) for r in fx_csv.runs]

        pq_runs = plan.frictionless_parquet_runs.get(target, 0)
        if pq_runs:
            fx_pq = Measurement(f"frictionless validate (Parquet), {label}",
                                [*FRICTIONLESS_VALIDATE, PARQUET_DESCRIPTOR])
            measure([fx_pq], pq_runs, cwd=corpus, warmup=False, keep_stdout=True, timeout=plan.parquet_timeout)
            entry["frictionless_parquet"] = fx_pq.to_json()
            entry["frictionless_parquet_reports"] = [_frictionless_summary(r.stdout) for r in fx_pq.runs
                                                     if not r.timed_out]
        validate[str(target)] = entry
        log(f"validate {label} done ({time.perf_counter() - started:.0f} s so far)")
    results["validate"] = validate

    # 4. Build: regenerate the real package in memory and compare (writes nothing).
    build = measure([Measurement("python -m dataset build --check", [PY, "-m", "dataset", "build", "--check"])],
                    plan.runs)
    results["build"] = build[0].to_json()
    results["suite_seconds"] = time.perf_counter() - started
    results["source_digest_end"] = source_digest()
    results["commit_end"] = versions()["commit"]
    results["quiet"] = {"threshold": Quiet.threshold, "per_run": Quiet.per_run, "budget": Quiet.budget,
                        "waited": Quiet.waited}
    return results


def _report_summary(stdout: str) -> dict[str, Any]:
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        return {"valid": False, "unparsable": stdout[-500:]}
    return {"valid": report["valid"], "exit_code": report["exit_code"], "rows": report["rows"],
            "layers": {layer["name"]: layer["seconds"] for layer in report["layers"] if layer["ran"]},
            "problems": len(report["problems"]),
            "first_problems": [f"[{p['layer']}] {p['table']} {p['row']} {p['column']}: {p['rule']}: {p['message']}"
                               for p in report["problems"][:10]]}


def _frictionless_summary(stdout: str) -> dict[str, Any]:
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
    return {"valid": report.get("valid"), "seconds": report.get("stats", {}).get("seconds"),
            "rows": sum(t.get("stats", {}).get("rows", 0) for t in report.get("tasks", [])),
            "errors": errors, "warnings": [w for t in report.get("tasks", []) for w in t.get("warnings", [])]}


# ---------------------------------------------------------------------------------------------- RESULTS.md

def _f(seconds: float | None, digits: int = 3) -> str:
    return "—" if seconds is None else f"{seconds:.{digits}f}"


def _mb(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1024 ** 2:,.1f} MB" if n < 10 * 1024 ** 2 else f"{n / 1024 ** 2:,.0f} MB"


def _rate(rows: int, seconds: float | None) -> str:
    return "—" if not seconds else f"{rows / seconds:,.0f}"


STAT_HEADER = "median | min | max | n | CPU median | background"
"""The columns of `_stat_cells`: wall seconds, the runs, the process's user+system CPU seconds, and how busy
the machine was with other processes just before the runs (median share of all CPUs)."""


def _stat_cells(m: dict[str, Any], timed_out_at: float | None = None) -> str:
    s = m["stats"]
    busy = m.get("background_busy")
    background = "—" if busy is None or math.isnan(busy) else f"{100 * busy:.0f} %"
    if s is None:
        return f"> {_f(timed_out_at, 0)} (timed out) | — | — | 0 | — | {background}"
    cpu = (m.get("cpu") or {}).get("median")
    return f"{_f(s['median'])} | {_f(s['min'])} | {_f(s['max'])} | {s['n']} | {_f(cpu)} | {background}"


def _sep(columns: int) -> str:
    return "|" + " --- |" * columns


def _values_stats(values: list[float]) -> dict[str, float] | None:
    return None if not values else {"median": statistics.median(values), "min": min(values), "max": max(values),
                                    "n": len(values)}


def _median(m: dict[str, Any] | None) -> float | None:
    return None if m is None or m["stats"] is None else m["stats"]["median"]


def derive(results: dict[str, Any]) -> dict[str, Any]:
    """Figures computed from the raw measurements: check times, rates, ratios, fits and the targets."""
    d: dict[str, Any] = {"sizes": {}}
    startup = {m["label"]: m for m in results["startup"]}
    imports = _median(startup["imports of validate --no-frictionless"])
    for key, entry in results["validate"].items():
        rows = entry["rows"]
        sums = [sum(r["layers"].get(n, 0.0) for n in CHECK_LAYERS) for r in entry["reports"] if "layers" in r]
        layers = {n: _values_stats([r["layers"][n] for r in entry["reports"] if n in r.get("layers", {})])
                  for n in CHECK_LAYERS}
        full_fx = [r["layers"]["frictionless"] for r in entry.get("ours_full_reports", [])
                   if "frictionless" in r.get("layers", {})]
        ours = _median(entry["ours"])
        size = {
            "rows": rows, "checks": _values_stats(sums), "layers": layers,
            "frictionless_layer": _values_stats(full_fx),
            "valid": all(r.get("valid") for r in entry["reports"]),
            "command_minus_imports": None if ours is None or imports is None else ours - imports,
            "ratio_csv": (_median(entry.get("frictionless_csv")) or math.nan) / ours if ours else None,
            "ratio_parquet": (_median(entry.get("frictionless_parquet")) or math.nan) / ours if ours else None,
        }
        pq_entry = entry.get("frictionless_parquet")
        if pq_entry and pq_entry["stats"] is None:  # timed out: a lower bound
            size["ratio_parquet_lower_bound"] = results["plan"]["parquet_timeout"] / ours
        d["sizes"][key] = size
    keys = sorted(d["sizes"], key=int)
    rows = [d["sizes"][k]["rows"] for k in keys]

    def series(get) -> list[float | None]:
        return [get(k) for k in keys]

    fits = {
        "dataset validate --no-frictionless (whole command)":
            series(lambda k: _median(results["validate"][k]["ours"])),
        "checks (sum of layers files…provenance)": series(lambda k: (d["sizes"][k]["checks"] or {}).get("median")),
        "command minus interpreter start and imports": series(lambda k: d["sizes"][k]["command_minus_imports"]),
        **{f"layer {n}": series(lambda k, n=n: (d["sizes"][k]["layers"][n] or {}).get("median"))
           for n in CHECK_LAYERS},
        "frictionless layer (dataset validate)": series(
            lambda k: (d["sizes"][k]["frictionless_layer"] or {}).get("median")),
        "frictionless validate (CSV)": series(lambda k: _median(results["validate"][k].get("frictionless_csv"))),
        "frictionless validate (Parquet)": series(
            lambda k: _median(results["validate"][k].get("frictionless_parquet"))),
    }
    d["fits"] = {}
    for name, secs in fits.items():
        known = [(r, s) for r, s in zip(rows, secs, strict=True) if s is not None and s > 0]
        exponent = fit_exponent([r for r, _ in known], [s for _, s in known]) if len(known) >= 2 else None
        local = None
        if len(known) >= 2:
            (r1, s1), (r2, s2) = known[-2], known[-1]
            local = math.log(s2 / s1) / math.log(r2 / r1)
        d["fits"][name] = {"exponent": exponent, "last_step_exponent": local, "points": len(known),
                           "seconds": secs}
    d["largest"] = keys[-1]
    return d


def targets(results: dict[str, Any], d: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    big = d["largest"]
    size = d["sizes"][big]
    entry = results["validate"][big]
    rows = size["rows"]
    out: list[tuple[str, str, str, bool | None]] = []
    for load in results["load"]:
        out.append((f"Load ({load['label']}) ≤ {TARGET_LOAD_RATIO}× the pyarrow floor",
                    f"{load['ratio']:.2f}×", "ratio of medians", load["ratio"] <= TARGET_LOAD_RATIO))
    checks = (size["checks"] or {}).get("median")
    rate = rows / checks if checks else None
    out.append((f"Checks ≥ {TARGET_CHECK_ROWS_PER_S:,} rows/s at {size_label(int(big))}",
                "—" if rate is None else f"{rate:,.0f} rows/s ({_f(checks)} s)",
                "rows / median sum of layer seconds (files…provenance)",
                None if rate is None else rate >= TARGET_CHECK_ROWS_PER_S))
    ours = _median(entry["ours"])
    out.append((f"Whole `validate --no-frictionless` < {TARGET_COMMAND_SECONDS:g} s at {size_label(int(big))}",
                f"{_f(ours)} s", "median wall time, fresh process",
                None if ours is None else ours < TARGET_COMMAND_SECONDS))
    ratio = size["ratio_csv"]
    out.append((f"≥ {TARGET_FRICTIONLESS_SPEEDUP:g}× faster than `frictionless validate` (CSV) at "
                f"{size_label(int(big))}", "—" if ratio is None or math.isnan(ratio) else f"{ratio:.1f}×",
                "median frictionless / median ours",
                None if ratio is None or math.isnan(ratio) else ratio >= TARGET_FRICTIONLESS_SPEEDUP))
    peak = entry["ours"]["peak_rss_bytes"]
    out.append((f"Peak memory < 1 GB at {size_label(int(big))}", _mb(peak), "max RSS over the runs (GNU time)",
                None if peak is None else peak < TARGET_PEAK_BYTES))
    fit = d["fits"]["checks (sum of layers files…provenance)"]
    exps = [e for e in (fit["exponent"], fit["last_step_exponent"]) if e is not None]
    out.append((f"Time grows linearly with rows (exponent ≤ {TARGET_MAX_EXPONENT})",
                "—" if not exps else f"{fit['exponent']:.2f} (fit), {fit['last_step_exponent']:.2f} (last step)",
                "log-log least squares of the checks' time", None if not exps else max(exps) <= TARGET_MAX_EXPONENT))
    return out


def render(results: dict[str, Any]) -> str:
    d = derive(results)
    plan = results["plan"]
    big = d["largest"]
    lines: list[str] = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add(f"Written by `python -m benchmarks.run{' --quick' if plan['quick'] else ''}` on {results['date']} "
        f"(the whole suite took {results['suite_seconds'] / 60:.1f} min). Raw figures: "
        f"`benchmarks/{'results-quick' if plan['quick'] else 'results'}.json`.")
    start, end = results.get("source_digest_start"), results.get("source_digest_end")
    if results.get("snapshot"):
        add("")
        add(f"Measured: a snapshot of the checkout taken at the start (commit {results['versions']['commit']}, "
            f"sources digest {start}; uncommitted edits included), from which every command ran, so every figure "
            "measures one version of the code"
            + (f". The live checkout changed during the suite (digest {end} at the end, commit "
               f"{results.get('commit_end')}): those changes are not measured here." if end != start else
               "; the live checkout did not change during the suite."))
    elif start and end and start != end:
        add("")
        add(f"**Warning: the package's code changed while the suite ran** (sources digest {start} at the start, "
            f"{end} at the end; commit {results['versions']['commit']} → {results.get('commit_end')}): figures "
            "measured before and after the change are mixed. Run the suite again on a quiet tree.")
    elif start:
        add("")
        add(f"The package's code did not change during the suite (sources digest {start}, commit "
            f"{results['versions']['commit']}; uncommitted edits in the work tree, if any, are included).")
    if plan["quick"]:
        add("")
        add("**Quick run**: ~10k and ~100k rows only, 3 runs per figure; the targets (set at 1M rows) are "
            "evaluated at the largest size measured here and are only indicative.")
    add("")
    add("Every command runs in a fresh process under GNU `time -v` (peak RSS); wall time is measured around the "
        "process. Side-by-side commands are interleaved run by run after one untimed warm-up run (not for the "
        "frictionless runs). Each figure: median, min and max over its runs (column *n*). Seconds throughout.")
    add("")
    quiet = results.get("quiet")
    if quiet:
        add(f"The machine ({results['machine']['nproc']} CPUs) may be shared: before each run the suite samples "
            f"/proc/stat for 0.25 s and, while other processes keep more than {100 * quiet['threshold']:.0f} % of "
            f"the CPUs busy, waits (at most {quiet['per_run']:.0f} s per run, {quiet['budget']:.0f} s in all; "
            f"{quiet['waited']:.0f} s were waited). Column *background* is the median busy share measured just "
            "before the runs; *CPU median* is the process's user + system time, which other load disturbs less "
            "than wall time.")
    add("")
    add("## Machine and versions")
    add("")
    add("| | |")
    add("| --- | --- |")
    for k, v in {**results["machine"], **results["versions"]}.items():
        add(f"| {k} | {v} |")
    add("")
    add("## Targets")
    add("")
    add("| target | measured | how | met |")
    add("| --- | --- | --- | --- |")
    for name, value, how, met in targets(results, d):
        add(f"| {name} | {value} | {how} | {'yes' if met else 'no' if met is not None else '—'} |")
    add("")

    add("## Corpora")
    add("")
    add(f"`benchmarks/corpus.py`: the real package ({results['rows_per_copy']} rows) replicated with fresh ids "
        "(suffix `-cNNNNNN` on every key and foreign-key value), one copy of the source text per copy "
        "(`data/sources/corpus-NNNNNN.txt`), written with the package's own Parquet, CSV and descriptor "
        "writers. Generation: in-process seconds of `write_corpus` (and the whole command). Caveat: the copies "
        "differ only in their ids, so the Parquet files compress far better than real, varied data would (see the "
        "Parquet column) and reading them is faster than it would be; the CSV sizes and the row counts are "
        "realistic.")
    add("")
    add("| corpus | copies | rows | sources | actors | statements | incidents | casualties | evidence | "
        "text files | Parquet | CSV | generate median (min–max, n) | command median |")
    add(_sep(14))
    for key, c in sorted(results["corpora"].items(), key=lambda kv: int(kv[0])):
        g = c["generate_in_process"]
        r = c["rows"]
        add(f"| {size_label(int(key))} | {c['copies']:,} | {c['total_rows']:,} | "
            + " | ".join(f"{r[t]:,}" for t in ("sources", "actors", "statements", "incidents", "casualties",
                                              "evidence"))
            + f" | {c['texts'][0]:,} | {_mb(c['parquet'][1])} | {_mb(c['csv'][1])} | "
              f"{_f(g['median'])} ({_f(g['min'])}–{_f(g['max'])}, {g['n']}) | {_f(_median(c['generate']))} |")
    add("")

    add("## Interpreter start and imports")
    add("")
    add(f"| command | {STAT_HEADER} | peak RSS |")
    add(_sep(8))
    for m in results["startup"]:
        add(f"| `{m['label']}` | {_stat_cells(m)} | {_mb(m['peak_rss_bytes'])} |")
    add("")
    add("`imports of validate --no-frictionless` is `python -c \"import dataset.__main__, dataset.validation, "
        "dataset.validation.rules\"`: what the command imports before its first layer (pycountry is imported "
        "inside the rules layer and counted there).")
    add("")

    add("## 1. Load")
    add("")
    add("A fresh process that imports `dataset` and loads every table with `dataset.load_all('pandas')` then "
        "`dataset.load_all('pyarrow')`, against the floor: a fresh process that only reads the same Parquet "
        "files with `pyarrow.parquet.read_table(...).to_pandas()`. For the corpus, `dataset.loader.data_root` is "
        "pointed at the corpus folder.")
    add("")
    add(f"| data | process | {STAT_HEADER} | peak RSS |")
    add(_sep(9))
    for load in results["load"]:
        for kind in ("dataset", "floor"):
            m = load[kind]
            process = ("import dataset + load_all (pandas, pyarrow)" if kind == "dataset"
                       else "pyarrow read + to_pandas (floor)")
            add(f"| {load['label']} | {process} | {_stat_cells(m)} | {_mb(m['peak_rss_bytes'])} |")
        cpu_ratio = ((load["dataset"].get("cpu") or {}).get("median") or math.nan) / (
            (load["floor"].get("cpu") or {}).get("median") or math.nan)
        cpu_cell = "—" if math.isnan(cpu_ratio) else f"{cpu_ratio:.2f}×"
        add(f"| {load['label']} | **ratio** | **{load['ratio']:.2f}×** | | | | {cpu_cell} | | |")
    add("")

    add("## 2. Validate")
    add("")
    add("`python -m dataset validate CORPUS --json --no-frictionless` (the checks) and with the frictionless layer, "
        f"against `frictionless validate --type package --json --limit-errors {NO_ERROR_LIMIT}` on "
        "`datapackage.json` (CSV "
        f"resources) and on `{PARQUET_DESCRIPTOR}` (the same schemas, primary and foreign keys, with the Parquet "
        "files as resources). The error limit is raised so that frictionless reads every row: with its default "
        "(1,000) it stops a resource early on the Parquet form.")
    add("")
    add(f"| size | rows | command | {STAT_HEADER} | rows/s (median) | peak RSS | result |")
    add(_sep(12))
    for key, entry in sorted(results["validate"].items(), key=lambda kv: int(kv[0])):
        rows = entry["rows"]
        for kind, reports, what in (("ours", "reports", "`dataset validate --no-frictionless`"),
                                    ("ours_full", "ours_full_reports", "`dataset validate` (all layers)"),
                                    ("frictionless_csv", "frictionless_csv_reports", "`frictionless validate` CSV"),
                                    ("frictionless_parquet", "frictionless_parquet_reports",
                                     "`frictionless validate` Parquet")):
            m = entry.get(kind)
            if m is None:
                continue
            result = _result_cell(kind, entry.get(reports, []), m, rows)
            add(f"| {size_label(int(key))} | {rows:,} | {what} | {_stat_cells(m, plan['parquet_timeout'])} | "
                f"{_rate(rows, _median(m))} | {_mb(m['peak_rss_bytes'])} | {result} |")
    add("")
    add("Derived per size (checks = the sum of the layers' own `seconds` in the `--json` report, files to "
        "provenance; ratio = median frictionless time / median `dataset validate --no-frictionless` time):")
    add("")
    add("| size | checks median (min–max) | checks rows/s | command − start/imports | frictionless CSV ÷ ours | "
        "frictionless Parquet ÷ ours |")
    add(_sep(6))
    for key, s in sorted(d["sizes"].items(), key=lambda kv: int(kv[0])):
        c = s["checks"] or {}
        pq_ratio = ("—" if s["ratio_parquet"] is None or math.isnan(s["ratio_parquet"]) else
                    f"{s['ratio_parquet']:.1f}×")
        if "ratio_parquet_lower_bound" in s:
            pq_ratio = f"> {s['ratio_parquet_lower_bound']:.0f}× (timed out)"
        csv_ratio = "—" if s["ratio_csv"] is None or math.isnan(s["ratio_csv"]) else f"{s['ratio_csv']:.1f}×"
        add(f"| {size_label(int(key))} | {_f(c.get('median'))} ({_f(c.get('min'))}–{_f(c.get('max'))}) | "
            f"{_rate(s['rows'], c.get('median'))} | {_f(s['command_minus_imports'])} | {csv_ratio} | {pq_ratio} |")
    add("")
    add("Growth with rows: time ∝ rows^exponent, least squares on log-log over the sizes measured (the "
        "last-step exponent uses the two largest sizes only; fixed costs such as interpreter start pull both "
        "below 1).")
    add("")
    add("| what | exponent (fit) | last step | points | " + " | ".join(
        size_label(int(k)) for k in sorted(d["sizes"], key=int)) + " |")
    add(_sep(4 + len(d["sizes"])))
    for name, fit in d["fits"].items():
        add(f"| {name} | {_f(fit['exponent'], 2)} | {_f(fit['last_step_exponent'], 2)} | {fit['points']} | "
            + " | ".join(_f(s) for s in fit["seconds"]) + " |")
    add("")
    notes = _frictionless_notes(results)
    if notes:
        add("frictionless findings:")
        add("")
        lines.extend(notes)
        add("")

    add(f"## 3. Per layer at {size_label(int(big))}")
    add("")
    size = d["sizes"][big]
    checks = (size["checks"] or {}).get("median")
    add(f"From the `--json` report of each `dataset validate --no-frictionless` run ({size['rows']:,} rows); the "
        "frictionless layer from the runs with all layers.")
    add("")
    add("| layer | median | min | max | n | share of checks | rows/s |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    for name in CHECK_LAYERS:
        s = size["layers"][name]
        if s is None:
            continue
        share = f"{100 * s['median'] / checks:.0f} %" if checks else "—"
        add(f"| {name} | {_f(s['median'])} | {_f(s['min'])} | {_f(s['max'])} | {s['n']} | {share} | "
            f"{_rate(size['rows'], s['median'])} |")
    c = size["checks"] or {}
    add(f"| **checks (sum)** | {_f(c.get('median'))} | {_f(c.get('min'))} | {_f(c.get('max'))} | {c.get('n', 0)} | "
        f"100 % | {_rate(size['rows'], c.get('median'))} |")
    fx = size["frictionless_layer"]
    if fx:
        add(f"| frictionless | {_f(fx['median'])} | {_f(fx['min'])} | {_f(fx['max'])} | {fx['n']} | — | "
            f"{_rate(size['rows'], fx['median'])} |")
    add("")

    add("## 4. Build")
    add("")
    b = results["build"]
    codes = sorted({r["returncode"] for r in b["runs"]})
    add("`python -m dataset build --check` in the checkout: every generated file of the real package regenerated "
        "in memory and compared with the committed one (nothing is written).")
    add("")
    add(f"| command | {STAT_HEADER} | peak RSS | exit |")
    add(_sep(9))
    add(f"| `python -m dataset build --check` | {_stat_cells(b)} | {_mb(b['peak_rss_bytes'])} | "
        f"{', '.join(map(str, codes))} |")
    add("")

    add("## Runs per figure")
    add("")
    add(f"{plan['runs']} runs per figure, {max(plan['runs'], 10)} for the shipped-package load, "
        f"{max(plan['runs'], 5)} for start-up, except these (each run of them takes minutes; the whole suite is "
        "kept under about 25 minutes):")
    add("")
    for what, runs in (("`frictionless validate` CSV", plan["frictionless_csv_runs"]),
                       ("`frictionless validate` Parquet", plan["frictionless_parquet_runs"]),
                       ("`dataset validate` with the frictionless layer", plan["dataset_full_runs"])):
        add(f"- {what}: " + ", ".join(f"{size_label(int(k))} {v} run(s)" for k, v in runs.items()))
    add(f"- a frictionless Parquet run is stopped after {plan['parquet_timeout']:.0f} s; a stopped run gives a lower "
        "bound (\"> N (timed out)\"), no median.")
    add("")
    return "\n".join(lines)


def _result_cell(kind: str, reports: list[dict[str, Any]], m: dict[str, Any], rows: int) -> str:
    if m["stats"] is None:
        return "timed out"
    short = [r.get("rows", 0) for r in reports if not kind.startswith("ours") and r.get("rows", 0) < rows]
    if short:
        return f"INCOMPLETE: read {min(short):,} of {rows:,} rows"
    if kind.startswith("ours"):
        bad = [r for r in reports if not r.get("valid")]
        if not bad:
            return "valid"
        return f"INVALID ({bad[0].get('problems', '?')} problems)"
    valid = [r.get("valid") for r in reports]
    if all(valid):
        return "valid"
    errors = sum(sum(r.get("errors", {}).values()) for r in reports[:1])
    return f"invalid: {errors:,} errors (see below)"


def _frictionless_notes(results: dict[str, Any]) -> list[str]:
    notes = []
    for key, entry in sorted(results["validate"].items(), key=lambda kv: int(kv[0])):
        for kind in ("frictionless_csv_reports", "frictionless_parquet_reports"):
            for report in entry.get(kind, [])[:1]:
                if report.get("errors"):
                    listed = "; ".join(f"{k} ×{v:,}" for k, v in sorted(report["errors"].items()))
                    notes.append(f"- {size_label(int(key))}, {'CSV' if 'csv' in kind else 'Parquet'}: "
                                 f"{sum(report['errors'].values()):,} errors over {report.get('rows', 0):,} rows "
                                 f"read — {listed}.")
        for kind in ("reports", "ours_full_reports"):
            bad = [r for r in entry.get(kind, []) if not r.get("valid")]
            if bad:
                first = "; ".join(bad[0].get("first_problems", []))
                notes.append(f"- {size_label(int(key))}, `dataset validate` ({kind}): "
                             f"{bad[0].get('problems')} problems, first: {first}")
    if any("Parquet" in n for n in notes):
        notes.append("- The Parquet errors are false: frictionless reads a Parquet list column as a string and "
                     "fails its `array` type, and reads a null float as NaN, which fails the range constraints. "
                     "The same rows pass as CSV (this is why the package's resources are the CSV twins).")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="~10k and ~100k rows, 3 runs (a couple of minutes)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dataset-benchmarks",
                        help="where the corpora are written (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="the Markdown report (default: benchmarks/RESULTS.md, "
                                                 "RESULTS-quick.md with --quick)")
    parser.add_argument("--parquet-timeout", type=float, default=300.0,
                        help="stop a frictionless-on-Parquet run after this many seconds (default: %(default)s)")
    parser.add_argument("--wait-budget", type=float, default=240.0,
                        help="seconds the suite may spend in all waiting for other processes to leave the CPUs "
                             "idle before a run (default: %(default)s; 0: never wait)")
    parser.add_argument("--in-place", action="store_true",
                        help="measure the checkout itself, not a snapshot of it taken at the start")
    parser.add_argument("--keep", action="store_true", help="keep the corpora in WORKDIR afterwards")
    parser.add_argument("--render", type=Path, metavar="JSON", help="only re-render a results JSON file")
    args = parser.parse_args(argv)
    out = args.out or HERE / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    raw = HERE / ("results-quick.json" if args.quick else "results.json")
    if args.render:
        results = json.loads(args.render.read_text())
        out.write_text(render(results) + "\n", encoding="utf-8")
        print(out)
        return 0
    if not Path(GNU_TIME).exists():
        print(f"{GNU_TIME} (GNU time) is missing: apt-get update && apt-get install -y time", file=sys.stderr)
        return 2
    if not Path(FRICTIONLESS).exists():
        print(f"the frictionless CLI is missing next to {PY}: pip install 'frictionless[parquet]'", file=sys.stderr)
        return 2
    plan = quick_plan(args.parquet_timeout) if args.quick else full_plan(args.parquet_timeout)
    Quiet.budget = args.wait_budget if not args.quick or args.wait_budget != 240.0 else 60.0
    args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = run_suite(plan, args.workdir, use_snapshot=not args.in_place)
    finally:
        if not args.keep:
            for target in plan.sizes:
                shutil.rmtree(args.workdir / f"corpus-{size_label(target)}", ignore_errors=True)
            shutil.rmtree(args.workdir / "snapshot", ignore_errors=True)
    raw.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    out.write_text(render(results) + "\n", encoding="utf-8")
    print(f"wrote {out} and {raw}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
