"""pakistan-iran-ties-2024: one news article encoded as validated, typed, evidence-linked event tables."""

__version__ = "0.1.0"
