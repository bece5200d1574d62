"""Measuring commands: each run a fresh process under GNU `time -v` (peak RSS, user + system CPU time), its wall
time taken around the process, the machine's load by other processes sampled just before it, a timeout per run
and one time budget for the whole suite."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus import REPO_ROOT
from benchmarks.stats import summary

GNU_TIME = "/usr/bin/time"


@dataclass
class Run:
    seconds: float
    max_rss_kb: int
    returncode: int
    cpu_seconds: float
    """User + system CPU time of the process (GNU time), less sensitive than wall time to other load."""
    background_busy: float
    """Share of the machine's CPU time busy with other processes just before the run (/proc/stat)."""
    timeout: float
    """The limit the run ran under: its command's timeout, or less when the suite's budget was nearly spent."""
    timed_out: bool
    stdout: str
    stderr_tail: str


@dataclass
class Measurement:
    label: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    skipped: str = ""
    """Why the measurement has fewer runs than planned, if it has (the suite's budget spent, no corpus)."""

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if not r.timed_out]

    @property
    def timed_out(self) -> bool:
        return any(r.timed_out for r in self.runs)

    def to_json(self) -> dict[str, Any]:
        ok = self.ok_runs
        busy = summary([r.background_busy for r in self.runs])
        return {"label": self.label, "command": self.command, "skipped": self.skipped,
                "stats": summary([r.seconds for r in ok]), "cpu": summary([r.cpu_seconds for r in ok]),
                "background_busy": None if busy is None else busy["median"],
                "peak_rss_bytes": max(r.max_rss_kb for r in ok) * 1024 if ok else None,
                "timed_out_at": max((r.timeout for r in self.runs if r.timed_out), default=None),
                "returncodes": sorted({r.returncode for r in ok}),
                "runs": [{k: v for k, v in asdict(r).items() if k != "stdout"} for r in self.runs]}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def snapshot(workdir: Path) -> Path:
    """A copy of the checkout (code, data, records; uncommitted edits included) taken at the start, from which
    every command runs: others may edit the checkout while the suite runs, and the figures must all measure
    one version. Returns the copy's root."""
    root = workdir / "snapshot"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO_ROOT, root, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", ".pytest_cache", ".ruff_cache", ".hypothesis", "dist", "build",
        "RESULTS*.md", "results*.json", "*.egg-info"))
    return root


def _cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def background_busy(window: float = 0.25) -> float:
    """Share of CPU time busy over a short window while the suite runs nothing: other processes' load."""
    try:
        busy0, total0 = _cpu_times()
        time.sleep(window)
        busy1, total1 = _cpu_times()
    except (OSError, ValueError, IndexError):
        return float("nan")
    return (busy1 - busy0) / max(1, total1 - total0)


@dataclass
class Quiet:
    """Before each run, wait (within a budget) until other processes leave the CPUs mostly idle: on a shared
    machine, someone else's test suite would otherwise be measured too. What was waited is recorded."""

    budget: float
    threshold: float = 0.25
    """Busy share of all CPUs above which the machine counts as loaded by others."""
    per_run: float = 10.0
    waited: float = 0.0

    def wait(self) -> float:
        started = time.perf_counter()
        deadline = started + min(self.per_run, max(0.0, self.budget - self.waited))
        busy = background_busy()
        while busy > self.threshold and time.perf_counter() < deadline:
            time.sleep(0.75)
            busy = background_busy()
        self.waited += time.perf_counter() - started
        return busy


@dataclass
class Bench:
    """Where and how commands run: from `root` (the snapshot, first on PYTHONPATH), after waiting for a quiet
    machine, and only until `deadline` (a `time.perf_counter` value): the suite's time budget."""

    root: Path
    quiet: Quiet
    deadline: float

    @property
    def env(self) -> dict[str, str]:
        path = os.environ.get("PYTHONPATH")
        return {**os.environ, "PYTHONPATH": str(self.root) + (os.pathsep + path if path else "")}

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def measure(self, group: list[Measurement], runs: int, *, timeout: float, warmup: bool,
                cwd: Path | None = None, keep_stdout: bool = False) -> list[Measurement]:
        """Run the commands of `group` `runs` times each, interleaved (A B A B …), from `cwd` (default: the
        root), after one untimed warm-up run each if `warmup`. A command that times out is not run again; no
        run starts once the budget is spent, and none outlasts it."""
        for m in group if warmup else []:
            warm = self._run_once(m, cwd, timeout, keep_stdout=False)
            if warm is not None and warm.timed_out:
                m.runs.append(warm)
        for i in range(runs):
            for m in group:
                run = self._run_once(m, cwd, timeout, keep_stdout)
                if run is None:
                    continue
                m.runs.append(run)
                log(f"{m.label}: run {i + 1}/{runs}: {run.seconds:.3f} s (cpu {run.cpu_seconds:.2f} s, "
                    f"background {100 * run.background_busy:.0f} %), {run.max_rss_kb / 1024:.0f} MB, "
                    f"exit {run.returncode}{f' (timed out at {run.timeout:.0f} s)' if run.timed_out else ''}")
        return group

    def _run_once(self, m: Measurement, cwd: Path | None, timeout: float, keep_stdout: bool) -> Run | None:
        """One run of `m`, or None when it timed out before or the budget is spent (if before its first run,
        `m.skipped` says so; runs done before stay, their number is the figure's *n*)."""
        if m.timed_out or m.skipped:
            return None
        busy = self.quiet.wait() if self.remaining() > 0 else 0.0
        limit = min(timeout, self.remaining())
        if limit <= 0:
            m.skipped = "" if m.runs else "not run: the suite's time budget was spent"
            return None
        run = run_command(m.command, cwd or self.root, limit, self.env, busy, keep_stdout)
        if run.timed_out and limit < timeout:
            m.skipped = f"timed out at {limit:.1f} s, when the suite's time budget ran out"
        return run


def run_command(command: list[str], cwd: Path, timeout: float, env: dict[str, str], busy: float,
                keep_stdout: bool) -> Run:
    """`command` in a fresh process (its own session, killed with its group on timeout) under GNU time."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        time_file, out_file, err_file = (Path(tmp) / n for n in ("time", "out", "err"))
        with out_file.open("wb") as out, err_file.open("wb") as err:
            started = time.perf_counter()
            process = subprocess.Popen([GNU_TIME, "-v", "-o", str(time_file), *command], cwd=cwd, stdout=out,
                                       stderr=err, stdin=subprocess.DEVNULL, start_new_session=True, env=env)
            try:
                process.wait(timeout=timeout)
                timed_out = False
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started, by its id
                process.wait()
            seconds = time.perf_counter() - started
        report = time_file.read_text(errors="replace") if time_file.exists() else ""
        status = _gnu_time_field(report, "Exit status")
        return Run(seconds=timeout if timed_out else seconds,
                   max_rss_kb=int(_gnu_time_field(report, r"Maximum resident set size \(kbytes\)") or 0),
                   returncode=-9 if timed_out else int(status) if status else process.returncode,
                   cpu_seconds=sum(float(_gnu_time_field(report, f"{kind} time \\(seconds\\)") or 0)
                                   for kind in ("User", "System")),
                   background_busy=busy, timeout=timeout, timed_out=timed_out,
                   stdout=out_file.read_text(errors="replace") if keep_stdout else "",
                   stderr_tail=err_file.read_text(errors="replace")[-2000:])


def _gnu_time_field(report: str, name: str) -> str | None:
    """One value of a GNU `time -v` report (`name` is a regular expression)."""
    found = re.search(rf"{name}: ([\d.]+)", report)
    return found.group(1) if found else None
