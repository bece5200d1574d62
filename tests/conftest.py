"""Shared fixtures: the repository root, the article, the built tables read straight from Parquet, and the wheel
installed into a fresh virtual environment."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(Path(__file__).parent) not in sys.path:  # the test helpers (corrupt.py) import as `corrupt`, in any import mode
    sys.path.insert(0, str(Path(__file__).parent))
ARTICLE_PATH = ROOT / "data" / "sources" / "tehran-times-2024-01-pakistan-iran.txt"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def article() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def rows() -> dict[str, list[dict]]:
    """Every built table as a list of row dicts, read with pyarrow from the committed Parquet files."""
    from dataset.schema.tables import TABLES

    return {name: pq.read_table(ROOT / "data" / f"{name}.parquet").to_pylist() for name in TABLES}


def run(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900, **kwargs)


@pytest.fixture(scope="session")
def wheel(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(root)]
    done = run(command, cwd=out)
    assert done.returncode == 0, done.stderr
    (path,) = out.glob("*.whl")
    return path


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(python of a fresh venv with the wheel, its [validate,polars,duckdb,docs] extras and a notebook kernel,
    an unrelated working directory)."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    requirements = [f"{wheel}[validate,polars,duckdb,docs]", "nbclient", "nbformat", "ipykernel"]
    done = run([str(python), "-m", "pip", "install", "--quiet", *requirements], cwd=env_dir)
    assert done.returncode == 0, done.stderr
    return python, tmp_path_factory.mktemp("elsewhere")
