"""Layer 4 rule `rules.count-in-evidence`: a casualty figure's counts are numbers its count evidence prints.

The count evidence of a casualties row is its evidence spans whose `field` is `count` (supporting every count
column) or the name of one count column (`count_low`, `count_best`, `count_high`: supporting that one). Each
stated count must be one of the numbers those spans print, or the sum of the numbers of one span ("3 women and
4 children" supports 7), or the sum over all of them. A `count_best: 5` on a span that reads "four children"
fails; so does a count that is a typing slip of the number printed.

Numbers are read as English writes them (`dataset.schema.numbers`: digits, cardinal words, "a dozen", "no one" as
zero; not "dozens" or "11th"). A row is checked only
when its count evidence prints at least one number (a figure such as "the commander was killed" has nothing to
contradict it), and only when its source's `language` is `en`: number words of other languages are not read,
so a figure in a text in another language is skipped (documented in docs/encoding-guide.md), never guessed.
"""

from __future__ import annotations

import polars as pl

from dataset.schema.numbers import PATTERN, numbers_of
from dataset.schema.tables import TABLES
from dataset.validation.report import CAP, Findings, Problem, excerpt

LAYER = "rules"
RULE = "rules.count-in-evidence"
COUNT_COLUMNS = tuple(f.name for f in TABLES["casualties"].fields if f.unit == "persons")
COUNT_FIELD = "count"
"""The evidence `field` of a span that supports all of a figure's counts."""
LANGUAGE = "en"

def check_counts(frames: dict[str, pl.LazyFrame]) -> Findings:
    """`frames` holds only structurally sound tables. Every casualties row of an English source whose count
    evidence prints a number must have each count among those numbers (or their sums)."""
    found = Findings()
    if not all(name in frames for name in ("casualties", "evidence", "sources")):
        return found
    spans = (frames["evidence"]
             .filter(pl.col("casualty_id").is_not_null() & pl.col("field").is_in([COUNT_FIELD, *COUNT_COLUMNS]))
             .select("casualty_id", "field", "text", runs=pl.col("text").str.extract_all(PATTERN))
             .collect()
             .with_row_index("span"))
    runs = spans["runs"].explode().drop_nulls().unique()
    read = pl.DataFrame({"run": runs, "number": [list(numbers_of(r)) for r in runs]},
                        schema={"run": pl.String, "number": pl.List(pl.Int64)})
    numbers = (spans.explode("runs").join(read, left_on="runs", right_on="run").explode("number")
               .drop_nulls("number").select("casualty_id", "field", "span", "number"))
    sums = pl.concat([
        numbers.group_by("casualty_id", "field", "span").agg(pl.sum("number"), n=pl.len()),
        numbers.group_by("casualty_id").agg(pl.lit(COUNT_FIELD).alias("field"), pl.lit(None, pl.UInt32).alias("span"),
                                            pl.sum("number"), n=pl.len()),
    ]).filter(pl.col("n") > 1).drop("n")
    accepted = pl.concat([numbers, sums.select(numbers.columns)])
    english = frames["sources"].filter(pl.col("language") == LANGUAGE).select("source_id").collect()
    figures = (frames["casualties"].select("casualty_id", "source_id", *COUNT_COLUMNS).collect()
               .join(english, on="source_id"))
    for column in COUNT_COLUMNS:
        own = [COUNT_FIELD, column]
        printed = (numbers.filter(pl.col("field").is_in(own)).group_by("casualty_id")
                   .agg(printed=pl.col("number").unique().sort()))
        allowed = accepted.filter(pl.col("field").is_in(own)).group_by("casualty_id").agg(allowed=pl.col("number"))
        texts = (spans.filter(pl.col("field").is_in(own)).group_by("casualty_id", maintain_order=True)
                 .agg(texts=pl.col("text")))
        failing = (figures.select("casualty_id", column).join(printed, on="casualty_id")
                   .join(allowed, on="casualty_id").join(texts, on="casualty_id")
                   .filter(~pl.col("allowed").list.contains(pl.col(column)))
                   .sort("casualty_id"))
        found.add((Problem(LAYER, "casualties", r["casualty_id"], column, RULE,
                           f"{column} is {r[column]}, a number its count evidence does not print: it prints "
                           f"{', '.join(map(str, r['printed']))}" + (" (nor is it their sum)" if len(r["printed"]) > 1
                                                                      else ""),
                           excerpt(" | ".join(r["texts"]), 120))
                   for r in failing.head(CAP).iter_rows(named=True)), failing.height)
    return found
