"""Layer 3, keys: every primary key unique and non-null, every foreign key resolved.

One batch of aggregate queries counts, per table, null primary keys and keys out of ascending order (the
package's files are sorted by primary key, so a strictly ascending key column is unique without hashing it; a
column that is not sorted is counted by `n_unique` instead), and, per referenced table, the distinct values of
ALL the columns that reference it that it lacks (one anti-join per parent, however many columns point at it).
Only a count above zero runs the detail queries that name the first `CAP` rows.
"""

from __future__ import annotations

import polars as pl

from dataset.schema.tables import TABLES
from dataset.validation.report import CAP, Findings, Problem, excerpt

LAYER = "keys"


def _orphans(frame: pl.LazyFrame, column: str, parent: pl.LazyFrame, parent_key: str) -> pl.LazyFrame:
    """Rows whose non-null `column` matches no `parent_key` of the parent table."""
    return frame.filter(pl.col(column).is_not_null()).join(
        parent.select(pl.col(parent_key).alias(column)).unique(), on=column, how="anti")


def _references(frames: dict[str, pl.LazyFrame]) -> dict[str, list[tuple[str, str]]]:
    """(table, column) of every foreign key, by the table it references (when both tables are present)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in frames:
        for fk in TABLES[name].foreign_keys:
            if str(fk.references) in frames:
                out.setdefault(str(fk.references), []).append((name, fk.name))
    return out


def check_keys(frames: dict[str, pl.LazyFrame]) -> Findings:
    """`frames` holds only structurally sound tables; a reference into a table that is absent is skipped."""
    names = list(frames)
    references = _references(frames)
    parents = list(references)
    key_counts = [frames[n].select(nulls=pl.col(TABLES[n].primary_key).null_count(),
                                   unordered=(pl.col(TABLES[n].primary_key)
                                              <= pl.col(TABLES[n].primary_key).shift(1)).sum()) for n in names]
    missing = [pl.concat([frames[t].select(pl.col(c).alias("value")) for t, c in references[parent]])
               .drop_nulls().unique()
               .join(frames[parent].select(pl.col(TABLES[parent].primary_key).alias("value")), on="value", how="anti")
               .select(pl.len()) for parent in parents]
    results = pl.collect_all(key_counts + missing)
    found = Findings()
    for name, result in zip(names, results[:len(names)], strict=True):
        nulls, unordered = result.row(0)
        found.extend(_primary_key_problems(name, frames[name], nulls, unordered))
    for parent, result in zip(parents, results[len(names):], strict=True):
        if result.item():
            for name, column in references[parent]:
                found.extend(_foreign_key_problems(name, column, frames))
    return found


def _primary_key_problems(name: str, frame: pl.LazyFrame, nulls: int, unordered: int) -> Findings:
    pk = TABLES[name].primary_key
    found = Findings()
    if nulls:
        rows = frame.with_row_index("_row").filter(pl.col(pk).is_null()).head(CAP).collect()["_row"]
        found.add((Problem(LAYER, name, f"#{i}", pk, "keys.primary-key", "primary key is null") for i in rows), nulls)
    if nulls or unordered:  # not strictly ascending: count the repeated keys the costly way
        shared = (frame.filter(pl.col(pk).is_not_null()).group_by(pk).len().filter(pl.col("len") > 1))
        counted = pl.collect_all([shared.select(pl.len()), shared.sort(pk).head(CAP)])
        found.add((Problem(LAYER, name, key, pk, "keys.primary-key",
                           f"primary key is not unique: {count} rows share it", excerpt(key))
                   for key, count in counted[1].iter_rows()), counted[0].item())
    return found


def _foreign_key_problems(name: str, column: str, frames: dict[str, pl.LazyFrame]) -> Findings:
    table, parent = TABLES[name], str(TABLES[name].field(column).references)
    parent_key = TABLES[parent].primary_key
    orphans = _orphans(frames[name], column, frames[parent], parent_key)
    counted = pl.collect_all([orphans.select(pl.len()), orphans.select(table.primary_key, column)
                              .sort(table.primary_key, nulls_last=True).head(CAP)])
    found = Findings()
    found.add((Problem(LAYER, name, key, column, "keys.foreign-key", f"no row of {parent} has {parent_key} = {value!r}",
                       excerpt(value)) for key, value in counted[1].iter_rows()), counted[0].item())
    return found
