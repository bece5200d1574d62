"""pakistan-iran-ties-2024: one news article encoded as validated, typed, evidence-linked event tables.

>>> import dataset
>>> dataset.tables()
('sources', 'actors', 'statements', 'incidents', 'casualties', 'evidence')
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

from dataset.loader import connect, datapackage, load, load_all, path, source_text, tables

__all__ = ["__version__", "connect", "datapackage", "export", "load", "load_all", "path", "source_text", "tables"]


def __getattr__(name: str) -> Any:
    """`dataset.export`, imported on first use: the four layouts' modules would add about 0.1 s to every
    `import dataset` (measured), for users who only load."""
    if name == "export":
        from dataset.exports import export

        return export
    raise AttributeError(f"module 'dataset' has no attribute {name!r}")
