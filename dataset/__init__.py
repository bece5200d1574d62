"""pakistan-iran-ties-2024: one news article encoded as validated, typed, evidence-linked event tables.

>>> import dataset
>>> dataset.tables()
('sources', 'actors', 'statements', 'incidents', 'casualties', 'evidence')
"""

from __future__ import annotations

from typing import Any

from dataset.loader import connect, datapackage, load, load_all, path, source_text, tables
from dataset.version import __version__

__all__ = ["__version__", "connect", "datapackage", "export", "load", "load_all", "path", "source_text", "tables"]


def __getattr__(name: str) -> Any:
    """`dataset.export`, imported on first use, so that users who only load do not pay for the four layouts'
    modules: `import dataset` alone measured 0.166 s with them and 0.115 s without (benchmarks/RESULTS.md)."""
    if name == "export":
        from dataset.exports import export

        return export
    raise AttributeError(f"module 'dataset' has no attribute {name!r}")
