"""Shared fixtures: the repository root, the article, and the built tables read straight from Parquet."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
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
    from dataset.tables import TABLES

    return {name: pq.read_table(ROOT / "data" / f"{name}.parquet").to_pylist() for name in TABLES}
