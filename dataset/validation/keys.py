"""Layer 3, keys: every primary key unique and non-null, every foreign key resolved (anti-joins, no loops
over rows)."""

from __future__ import annotations

import polars as pl

from dataset.tables import TABLES
from dataset.validation.report import Problem, excerpt

LAYER = "keys"


def check_keys(frames: dict[str, pl.DataFrame]) -> list[Problem]:
    """`frames` holds only structurally sound tables; a reference into a table that is absent is skipped."""
    problems: list[Problem] = []
    for name, frame in frames.items():
        pk = TABLES[name].primary_key
        nulls = frame.with_row_index("_row").filter(pl.col(pk).is_null())["_row"]
        problems.extend(Problem(LAYER, name, f"#{i}", pk, "primary_key", "primary key is null") for i in nulls)
        counts = frame.select(distinct=pl.col(pk).drop_nulls().n_unique(), present=pl.col(pk).count()).row(0)
        duplicated = frame.head(0) if counts[0] == counts[1] else frame.filter(  # the costly search only if needed
            pl.col(pk).is_not_null() & pl.col(pk).is_duplicated())
        for key, count in duplicated.group_by(pk).len().sort(pk).iter_rows():
            problems.append(Problem(LAYER, name, key, pk, "primary_key",
                                    f"primary key is not unique: {count} rows share it", excerpt(key)))
        for fk in TABLES[name].foreign_keys:
            parent = frames.get(str(fk.references))
            if parent is None:
                continue
            parent_key = TABLES[str(fk.references)].primary_key
            orphans = frame.filter(pl.col(fk.name).is_not_null()).join(
                parent.select(pl.col(parent_key).alias(fk.name)), on=fk.name, how="anti")
            for key, value in orphans.select(pk, fk.name).iter_rows():
                problems.append(Problem(LAYER, name, key, fk.name, "foreign_key",
                                        f"no row of {fk.references} has {parent_key} = {value!r}", excerpt(value)))
    return problems
