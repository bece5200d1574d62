"""Facts about what was measured on: the machine, the versions of the libraries, the commit and a digest of the
package's code (to tell whether it changed while the suite ran)."""

from __future__ import annotations

import hashlib
import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from benchmarks.corpus import REPO_ROOT
from benchmarks.measure import GNU_TIME

DISTRIBUTIONS = ("pakistan-iran-ties-2024", "pyarrow", "polars", "pandas", "pandera", "frictionless", "numpy",
                 "pycountry", "pydantic")


def machine() -> dict[str, str]:
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    pretty = re.search(r'^PRETTY_NAME="?([^"\n]+)', _read("/etc/os-release"), re.M)
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
    out = {}
    for dist in DISTRIBUTIONS:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    gnu = subprocess.run([GNU_TIME, "--version"], capture_output=True, text=True)
    first = (gnu.stdout or gnu.stderr).strip().splitlines()
    out["GNU time"] = first[0] if first else "?"
    out["commit"] = commit()
    return out


def commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def source_digest(root: Path = REPO_ROOT) -> str:
    """sha256 of the package's code (dataset/*.py, *.json)."""
    return files_digest(root, sorted(p for p in (root / "dataset").rglob("*") if p.suffix in {".py", ".json"}))


def files_digest(root: Path, paths: list[Path]) -> str:
    """sha256 of the files' paths (relative to `root`) and contents."""
    sha = hashlib.sha256()
    for path in paths:
        if path.is_file():
            sha.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:16]


def _read(path: str) -> str:
    return Path(path).read_text() if Path(path).exists() else ""
