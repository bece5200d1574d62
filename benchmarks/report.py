"""`benchmarks/RESULTS.md`: the results dictionary of a run (`benchmarks/results.json`) rendered as Markdown —
the targets first, each with its figure, met or missed and its cause, then every measurement behind them."""

from __future__ import annotations

import math
from typing import Any

from benchmarks.stats import median, megabytes, ratio, seconds, size_label
from benchmarks.targets import Breakdown, breakdown, evaluate, growth, unavailable

STAT_HEADER = "median | min | max | n | CPU median | background"
"""The columns of `stat_cells`: wall seconds, the runs, the process's user + system CPU seconds, and how busy the
machine was with other processes just before the runs (median share of all CPUs)."""


def render(results: dict[str, Any]) -> str:
    sections = (_header, _targets, _machine, _corpora, _startup, _validate, _layers, _growth, _load,
                _frictionless, _build, _runs)
    return "\n\n".join("\n".join(section(results)) for section in sections)


def stat_cells(m: dict[str, Any]) -> str:
    busy = m["background_busy"]
    background = "—" if busy is None or math.isnan(busy) else f"{100 * busy:.0f} %"
    s = m["stats"]
    if s is None:
        why = unavailable(m) or "no run"
        return f"{why} | — | — | 0 | — | {background}"
    cpu = (m["cpu"] or {}).get("median")
    return f"{seconds(s['median'])} | {seconds(s['min'])} | {seconds(s['max'])} | {s['n']} | {seconds(cpu)} | " \
           f"{background}"


def _table(header: str, rows: list[str]) -> list[str]:
    return [f"| {header} |", "|" + " --- |" * (header.count("|") + 1), *rows]


def _header(results: dict[str, Any]) -> list[str]:
    plan = results["plan"]
    name = "results-quick" if plan["quick"] else "results"
    lines = ["# Benchmark results", "",
             f"Written by `python -m benchmarks.run{' --quick' if plan['quick'] else ''}` on {results['date']} (the "
             f"whole suite took {results['suite_seconds'] / 60:.1f} min of its {plan['budget'] / 60:.0f}-minute "
             f"budget). Raw figures: `{name}.json`, beside this file."]
    start, end = results["source_digest_start"], results["source_digest_end"]
    changed = (f" The live checkout changed during the suite (digest {end} at the end, commit "
               f"{results['commit_end']}): those changes are not measured here." if end != start else "")
    if results["snapshot"]:
        lines += ["", "Measured: a snapshot of the checkout taken at the start (commit "
                      f"{results['versions']['commit']}, sources digest {start}; uncommitted edits included), from "
                      f"which every command ran.{changed}"]
    elif changed:
        lines += ["", f"**Warning: measured in place, and the code changed while the suite ran.**{changed}"]
    if plan["quick"]:
        lines += ["", "**Quick run**: tiny corpora, one run per figure, no warm-up: the targets (set at 1M and 10M "
                      "rows) are evaluated at the sizes measured here and say nothing about speed."]
    quiet = results["quiet"]
    lines += ["", "Every command runs in a fresh process under GNU `time -v` (peak RSS); wall time is measured around "
                  "the process. Side-by-side commands are interleaved run by run"
                  + (", after one untimed warm-up run each (not the generator, not frictionless)" if plan["warmup"]
                     else "") + ". Each figure: median, min and max over its runs (column *n*). Seconds throughout.",
              "", f"The machine ({results['machine']['nproc']} CPUs) may be shared: before each run the suite samples "
                  f"/proc/stat for 0.25 s and, while other processes keep more than {100 * quiet['threshold']:.0f} % "
                  f"of the CPUs busy, waits (at most {quiet['per_run']:.0f} s per run, {quiet['budget']:.0f} s in "
                  f"all; {quiet['waited']:.0f} s were waited). Column *background* is the median busy share just "
                  "before the runs; *CPU median* is the process's user + system time, which other load disturbs "
                  "less than wall time."]
    return lines


def _targets(results: dict[str, Any]) -> list[str]:
    rows = [f"| {t.name} | {t.figure} | **{'met' if t.met else 'missed'}** | {t.how} | {t.cause} |"
            for t in evaluate(results)]
    return ["## Targets (issue 10)", "", *_table("target | measured | met / missed | how | made of (the cause of a "
                                                 "miss)", rows)]


def _machine(results: dict[str, Any]) -> list[str]:
    facts = {**results["machine"], **results["versions"]}
    return ["## Machine and versions", "", "| | |", "| --- | --- |", *(f"| {k} | {v} |" for k, v in facts.items())]


def _corpora(results: dict[str, Any]) -> list[str]:
    package = results["package"]
    shipped = package["bytes_per_row"]
    rows = []
    for key, c in sorted(results["corpora"].items(), key=lambda kv: int(kv[0])):
        if c["missing"]:
            rows.append(f"| {size_label(int(key))} | {c['copies']:,} | {c['total_rows']:,} | {c['missing']} "
                        "| | | | | |")
            continue
        g = c["generated"]
        made = (f"{seconds(g['seconds'])} ({seconds(g['in_process_seconds'])} in process), "
                f"{megabytes(g['peak_rss_bytes'])}" + (f"; reused, generated {g['date'][:16]}" if g["reused"] else ""))
        rows.append(f"| {size_label(int(key))} | {c['copies']:,} | {c['total_rows']:,} | {c['text_files']:,} | "
                    f"{megabytes(c['parquet_bytes'])} | {megabytes(c['csv_bytes'])} | {c['bytes_per_row']:.2f} | "
                    f"{c['bytes_per_row'] / shipped:.2f}× | {made} |")
    return ["## Corpora", "",
            f"`benchmarks/corpus.py`: the real package ({package['total_rows']} rows, "
            f"{megabytes(package['parquet_bytes'])} of Parquet, {shipped:.1f} Parquet bytes per row) replicated with "
            "fresh ids, generated once per run into WORKDIR (or reused from there when the generator, the package's "
            "code and data and the number of copies are those of an earlier run). Parquet bytes per row = the six "
            "Parquet files' bytes / their rows; a corpus far below the shipped package compresses better than real "
            "data would, and reads faster.", "",
            *_table("corpus | copies | rows | text files | Parquet | CSV | Parquet bytes/row | × shipped | "
                    "generated in s (peak RSS)", rows)]


def _startup(results: dict[str, Any]) -> list[str]:
    rows = [f"| `{m['label']}` | {stat_cells(m)} | {megabytes(m['peak_rss_bytes'])} |" for m in results["startup"]]
    return ["## Interpreter start and imports", "", *_table(f"command | {STAT_HEADER} | peak RSS", rows), "",
            "`imports of validate --no-frictionless` is `python -c \"import dataset.__main__, dataset.validation, "
            "dataset.validation.schema\"`; the validator's own `startup_seconds` (below) times the import of "
            "`dataset.validation` inside the command, plus the time its checks waited for the schema layer "
            "(pandera, which imports pandas), imported in a thread while the files layer reads "
            "(`import_wait_seconds`)."]


def _validate(results: dict[str, Any]) -> list[str]:
    rows = []
    for key, entry in _by_size(results["validate"]):
        b = breakdown(entry)
        for m, what in ((entry["validate"], "`dataset validate --json --no-frictionless`"),
                        (entry["read"], "bare `pyarrow.parquet.read_table` (floor)")):
            rows.append(f"| {size_label(int(key))} | {entry['rows']:,} | {what} | {stat_cells(m)} | "
                        f"{megabytes(m['peak_rss_bytes'])} | {', '.join(b.modes) if m is entry['validate'] else ''} |")
        value = ratio(b.wall, b.read)
        rows.append(f"| {size_label(int(key))} | | **ratio** | **{'—' if value is None else f'{value:.2f}×'}** "
                    "| | | | | | | |")
    return ["## Validate against the bare read", "",
            "`python -m dataset validate CORPUS --json --no-frictionless` against a fresh process that only reads "
            "the same six Parquet files with `pyarrow.parquet.read_table`, interleaved. The validator reads out of "
            "core from 2,000,000 rows on (column *mode*, from its `--json` report).", "",
            *_table(f"size | rows | command | {STAT_HEADER} | peak RSS | mode", rows)]


def _layers(results: dict[str, Any]) -> list[str]:
    parts = [(key, breakdown(entry)) for key, entry in _by_size(results["validate"])]
    names = list(dict.fromkeys(n for _, b in parts for n in b.layers))
    rows = [_layer_row(key, b, names) for key, b in parts]
    return ["## Where validate's time goes", "",
            "Medians over the runs of the `--json` reports: `startup_seconds` (importing the validator), each layer's "
            "`seconds`, their sum (the checks) and its rate, and the rest of the whole command (interpreter start, "
            "`import dataset`, the descriptor, the report).", "",
            *_table("size | whole command | startup_seconds | " + " | ".join(names)
                    + " | checks (sum) | checks rows/s | rest", rows)]


def _layer_row(key: str, b: Breakdown, names: list[str]) -> str:
    checks = (b.checks or {}).get("median")
    layers = " | ".join(seconds((b.layers.get(n) or {}).get("median")) for n in names)
    rate = "—" if not checks else f"{b.rows / checks:,.0f}"
    return (f"| {size_label(int(key))} | {seconds(b.wall)} | {seconds(b.startup)} | {layers} | {seconds(checks)} | "
            f"{rate} | {seconds(b.rest)} |")


def _growth(results: dict[str, Any]) -> list[str]:
    sizes = [size_label(int(k)) for k in sorted(results["validate"], key=int)]
    rows = [f"| {name} | {seconds(f['exponent'], 2)} | {seconds(f['last_step'], 2)} | "
            + " | ".join(seconds(s) for s in f["seconds"].values()) + " |" for name, f in growth(results).items()]
    return ["## Growth with rows", "",
            "time ∝ rows^exponent: least squares on log-log over the sizes measured, and between the two largest "
            "only (fixed costs such as interpreter start pull both below 1).", "",
            *_table("what | exponent (fit) | last step | " + " | ".join(sizes), rows)]


def _load(results: dict[str, Any]) -> list[str]:
    load = results["load"]
    label = size_label(load["size"])
    rows = [f"| {label} | {what} | {stat_cells(m)} | {megabytes(m['peak_rss_bytes'])} |"
            for m, what in ((load["load"], "`import dataset; dataset.load_all('pandas', root=CORPUS)`"),
                            (load["floor"], "`pq.read_table(p).to_pandas()` of the six files (floor)"))]
    value = ratio(median(load["load"]), median(load["floor"]))
    rows.append(f"| {label} | **ratio** | **{'—' if value is None else f'{value:.2f}×'}** | | | | | | |")
    return ["## Load", "", f"Every table of the {load['rows']:,}-row corpus into pandas, in a fresh process, against "
            "a fresh process that reads the same Parquet files into pandas with pyarrow alone, interleaved.", "",
            *_table(f"size | process | {STAT_HEADER} | peak RSS", rows)]


def _frictionless(results: dict[str, Any]) -> list[str]:
    rows, notes = [], []
    for key, entry in _by_size(results["frictionless_csv"]):
        m = entry["frictionless"]
        ours = median(results["validate"][key]["validate"])
        value = ratio(median(m), ours)
        verdict = "—" if not entry["reports"] else "valid" if all(r.get("valid") for r in entry["reports"]) \
            else "INVALID"
        rows.append(f"| {size_label(int(key))} | {entry['rows']:,} | {stat_cells(m)} | {megabytes(m['peak_rss_bytes'])}"
                    f" | {seconds(ours)} | {'—' if value is None else f'{value:.1f}×'} | {verdict} |")
        for report in entry["reports"][:1]:
            if report.get("errors"):
                listed = "; ".join(f"{k} ×{v:,}" for k, v in report["errors"].items())
                notes.append(f"- {size_label(int(key))}: {listed}")
    return ["## frictionless", "",
            "`frictionless validate --type package --json --limit-errors 100000000 datapackage.json` in the corpus "
            "folder (the CSV resources; the error limit is raised so that every row is read), against the median "
            "`dataset validate --no-frictionless` of the same corpus.", "",
            *_table(f"size | rows | {STAT_HEADER} | peak RSS | ours | frictionless ÷ ours | result", rows),
            *(["", "frictionless errors:", "", *notes] if notes else [])]


def _build(results: dict[str, Any]) -> list[str]:
    b = results["build"]
    codes = ", ".join(map(str, b["returncodes"])) or "—"
    return ["## Build", "", "`python -m dataset build --check` in the snapshot: every generated file of the real "
            "package regenerated in memory and compared with the committed one (nothing is written).", "",
            *_table(f"command | {STAT_HEADER} | peak RSS | exit",
                    [f"| `python -m dataset build --check` | {stat_cells(b)} | {megabytes(b['peak_rss_bytes'])} | "
                     f"{codes} |"])]


def _runs(results: dict[str, Any]) -> list[str]:
    plan = results["plan"]
    fx = ", ".join(f"{size_label(int(k))} {v}" for k, v in plan["frictionless_csv_runs"].items())
    return ["## Runs and timeouts", "",
            f"- {plan['runs']} run(s) per figure; {plan['large_runs']} at {size_label(plan['large'])}; "
            f"`frictionless validate`: {fx} run(s); the corpora: generated once.",
            f"- A run is stopped after {plan['timeout']:.0f} s ({plan['large_timeout']:.0f} s at "
            f"{size_label(plan['large'])}, {plan['generate_timeout']:.0f} s for the generator, "
            f"{plan['frictionless_timeout']:.0f} s for frictionless); a command that timed out is not run again and "
            "its target is missed (\"timed out at N s\").",
            f"- The whole suite has {plan['budget']:.0f} s: no run starts after it, none outlasts it; what was not "
            "run is reported so.",
            "- Not measured any more (issue 10 has no target for them, and each run takes minutes): "
            "`frictionless validate` of the Parquet resources and `dataset validate` with the frictionless layer."]


def _by_size(entries: dict[str, Any]) -> list[tuple[str, Any]]:
    return sorted(entries.items(), key=lambda kv: int(kv[0]))
