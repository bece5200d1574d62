"""pakistan-iran-ties-2024: one news article encoded as validated, typed, evidence-linked event tables.

>>> import dataset
>>> dataset.tables()
('sources', 'actors', 'statements', 'incidents', 'casualties', 'evidence')
"""

__version__ = "0.1.0"

from dataset.exports import export
from dataset.loader import connect, datapackage, load, load_all, path, source_text, tables

__all__ = ["__version__", "connect", "datapackage", "export", "load", "load_all", "path", "source_text", "tables"]
