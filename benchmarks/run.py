"""Every measurement of the benchmark suite, in one command, written to `benchmarks/RESULTS.md`.

    python -m benchmarks.run            # full: corpora of ~10k, ~100k, ~1M and ~10M rows (under 20 minutes)
    python -m benchmarks.run --quick    # tiny corpora, one run each (a minute or so)

The plan and the run: `benchmarks.suite`; running a command: `benchmarks.measure`; the targets of issue 10:
`benchmarks.targets`; the Markdown: `benchmarks.report`. Raw figures go to `results.json` (`results-quick.json`
with --quick) beside the report. Only public tools: the standard library, GNU time and the `frictionless` CLI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.measure import GNU_TIME
from benchmarks.report import render
from benchmarks.suite import FRICTIONLESS, PY, full_plan, quick_plan, remove_corpora, run_suite

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = args.out or HERE
    out.mkdir(parents=True, exist_ok=True)
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
        report = _paths(out, results["plan"]["quick"])[0]
        report.write_text(render(results) + "\n", encoding="utf-8")
        print(report)
        return 0
    if not Path(GNU_TIME).exists():
        print(f"{GNU_TIME} (GNU time) is missing: apt-get update && apt-get install -y time", file=sys.stderr)
        return 2
    if not Path(FRICTIONLESS).exists():
        print(f"the frictionless CLI is missing next to {PY}: pip install 'frictionless[parquet]'", file=sys.stderr)
        return 2
    plan = quick_plan() if args.quick else full_plan()
    if args.budget is not None:
        plan.budget = args.budget
    wait = args.wait_budget if args.wait_budget is not None else 60.0 if args.quick else 240.0
    args.workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = run_suite(plan, args.workdir, use_snapshot=not args.in_place, wait_budget=wait)
    finally:
        shutil.rmtree(args.workdir / "snapshot", ignore_errors=True)
        if args.clean:
            remove_corpora(plan, args.workdir)
    report, raw = _paths(out, plan.quick)
    raw.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    report.write_text(render(results) + "\n", encoding="utf-8")
    print(f"wrote {report} and {raw}")
    return 0


def _paths(out: Path, quick: bool) -> tuple[Path, Path]:
    """RESULTS.md and results.json in `out` (RESULTS-quick.md and results-quick.json for a quick run)."""
    stem = "-quick" if quick else ""
    return out / f"RESULTS{stem}.md", out / f"results{stem}.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny corpora, one run each (a minute or so)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "dataset-benchmarks",
                        help="where the snapshot and the corpora are written; corpora found there from an earlier "
                             "run of the same inputs are reused (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="the folder of RESULTS.md and results.json (default: benchmarks/; "
                                                 "RESULTS-quick.md and results-quick.json with --quick)")
    parser.add_argument("--budget", type=float, help="seconds for the whole suite (default: 1140, 600 with --quick)")
    parser.add_argument("--wait-budget", type=float,
                        help="seconds the suite may spend in all waiting for other processes to leave the CPUs "
                             "idle before a run (default: 240, 60 with --quick; 0: never wait)")
    parser.add_argument("--in-place", action="store_true",
                        help="measure the checkout itself, not a snapshot of it taken at the start")
    parser.add_argument("--clean", action="store_true", help="delete the corpora from WORKDIR afterwards")
    parser.add_argument("--render", type=Path, metavar="JSON",
                        help="only re-render a results JSON file into OUT (RESULTS-quick.md if it is a quick run's)")
    return parser


if __name__ == "__main__":
    sys.exit(main())
