"""Layer 5, provenance: every evidence span equals the source text at its offsets and lies in its piece;
every verbatim value (quotes, aliases, date and place words) occurs within an evidence span of its record;
every record has evidence, and carries the source of its earliest span.

Every check is one vectorized polars expression over a whole table. Source texts enter as one column of a
small frame; joining it to a million evidence rows copies only string views, not the texts.
"""

from __future__ import annotations

import polars as pl

from dataset.tables import RECORD_TABLES, TABLES
from dataset.validation.report import Problem, excerpt

LAYER = "provenance"
_RECORD_KEYS = {name: TABLES[name].primary_key for name in RECORD_TABLES}


def check_provenance(frames: dict[str, pl.DataFrame], texts: dict[str, str]) -> list[Problem]:
    """`frames` holds only structurally sound tables; `texts` the source texts that could be read."""
    sources, evidence = frames.get("sources"), frames.get("evidence")
    if sources is None:
        return []
    pieces = _pieces(sources, texts)
    problems = _datelines(pieces)
    if evidence is None:
        return problems
    problems += _spans(evidence, pieces)
    problems += _verbatim_values(frames, evidence)
    problems += _records_have_evidence(frames, sources, evidence)
    problems += _first_source(frames, evidence)
    return problems


def _pieces(sources: pl.DataFrame, texts: dict[str, str]) -> pl.DataFrame:
    """One row per source whose text could be read: its range, dateline and the whole text."""
    text_frame = pl.DataFrame(
        {"text_path": list(texts), "full_text": list(texts.values()), "text_length": [len(t) for t in texts.values()]},
        schema={"text_path": pl.String, "full_text": pl.String, "text_length": pl.Int64},
    )
    return sources.select("source_id", "text_path", "text_start", "text_end", "dateline").join(
        text_frame, on="text_path")


def _datelines(pieces: pl.DataFrame) -> list[Problem]:
    """Each piece lies within its text, and its dateline occurs in it."""
    outside = pieces.filter((pl.col("text_start") < 0) | (pl.col("text_end") > pl.col("text_length")))
    problems = [Problem(LAYER, "sources", key, "text_end", "piece_in_text",
                        f"the piece [{start}, {end}) does not lie within its text of {length} characters")
                for key, start, end, length in outside.select("source_id", "text_start", "text_end", "text_length")
                .iter_rows()]
    # Slicing needs a non-negative length: reversed ranges are the rules layer's piece_range problem.
    candidates = pieces.filter(pl.col("dateline").is_not_null() & (pl.col("text_start") >= 0)
                               & (pl.col("text_start") <= pl.col("text_end")))
    piece_text = pl.col("full_text").str.slice(pl.col("text_start"), pl.col("text_end") - pl.col("text_start"))
    missing = candidates.filter(~piece_text.str.contains(pl.col("dateline"), literal=True))
    return problems + [Problem(LAYER, "sources", key, "dateline", "verbatim",
                               "the dateline does not occur in its piece", excerpt(value))
                       for key, value in missing.select("source_id", "dateline").iter_rows()]


def _spans(evidence: pl.DataFrame, pieces: pl.DataFrame) -> list[Problem]:
    located = evidence.filter(pl.col("start") <= pl.col("end")).join(pieces.drop("dateline"), on="source_id")
    located = located.with_columns(
        in_text=(pl.col("start") >= 0) & (pl.col("end") <= pl.col("text_length")),
        in_piece=(pl.col("start") >= pl.col("text_start")) & (pl.col("end") <= pl.col("text_end")),
    )
    # Only spans inside their text are sliced, so that no offset arithmetic can overflow.
    checked = pl.concat([
        located.filter(pl.col("in_text")).with_columns(
            actual=pl.col("full_text").str.slice(pl.col("start"), pl.col("end") - pl.col("start"))),
        located.filter(~pl.col("in_text")).with_columns(actual=pl.lit(None, pl.String)),
    ]).drop("full_text")
    problems = [Problem(LAYER, "evidence", row["evidence_id"], "end", "span_in_text",
                        f"the span [{row['start']}, {row['end']}) does not lie within its text of "
                        f"{row['text_length']} characters")
                for row in checked.filter(~pl.col("in_text")).iter_rows(named=True)]
    problems += [Problem(LAYER, "evidence", row["evidence_id"], "text", "span_matches_text",
                         f"the source text at [{row['start']}, {row['end']}) is {excerpt(row['actual'])!r}, "
                         "not the recorded span text", excerpt(row["text"]))
                 for row in checked.filter(pl.col("in_text") & (pl.col("actual") != pl.col("text")))
                 .iter_rows(named=True)]
    problems += [Problem(LAYER, "evidence", row["evidence_id"], "source_id", "span_in_piece",
                         f"the span [{row['start']}, {row['end']}) lies outside its piece {row['source_id']} "
                         f"[{row['text_start']}, {row['text_end']})")
                 for row in checked.filter(pl.col("in_text") & ~pl.col("in_piece")).iter_rows(named=True)]
    return problems


def _verbatim_values(frames: dict[str, pl.DataFrame], evidence: pl.DataFrame) -> list[Problem]:
    """Every value of a verbatim column occurs, character for character, within an evidence span of its own
    record; since spans are checked against the source text, the value occurs in the source."""
    problems = []
    for name, key in _RECORD_KEYS.items():
        frame = frames.get(name)
        if frame is None:
            continue
        spans = evidence.select(key, pl.col("text").alias("span")).drop_nulls(key)
        for field in (f for f in TABLES[name].fields if f.verbatim):
            values = frame.select(key, pl.col(field.name).alias("value"))
            if field.type == "list":
                values = values.explode("value")
            values = values.drop_nulls("value").with_row_index("_value")
            supported = (values.join(spans, on=key)
                         .filter(pl.col("span").str.contains(pl.col("value"), literal=True))["_value"].unique())
            for k, value in values.filter(~pl.col("_value").is_in(supported.implode())).select(
                    key, "value").iter_rows():
                problems.append(Problem(LAYER, name, k, field.name, "verbatim",
                                        "the value does not occur verbatim in any evidence span of the record",
                                        excerpt(value)))
    return problems


def _records_have_evidence(frames: dict[str, pl.DataFrame], sources: pl.DataFrame,
                           evidence: pl.DataFrame) -> list[Problem]:
    """Every record has at least one evidence row; publishers are exempt (the text need not name them)."""
    problems = []
    publishers = sources["publisher_actor_id"].drop_nulls().unique()
    for name, key in _RECORD_KEYS.items():
        frame = frames.get(name)
        if frame is None:
            continue
        without = frame.select(key).join(evidence.select(key).drop_nulls().unique(), on=key, how="anti")
        if name == "actors":
            without = without.filter(~pl.col(key).is_in(publishers.implode()))
        problems += [Problem(LAYER, name, k, None, "has_evidence", "the record has no evidence row")
                     for k in without[key]]
    return problems


def _first_source(frames: dict[str, pl.DataFrame], evidence: pl.DataFrame) -> list[Problem]:
    """A record carries the source_id of the piece holding its earliest evidence span."""
    problems = []
    for name, key in _RECORD_KEYS.items():
        frame = frames.get(name)
        if frame is None or "source_id" not in frame.columns:
            continue
        first = (evidence.filter(pl.col(key).is_not_null()).sort("start")
                 .group_by(key, maintain_order=True).agg(pl.col("source_id").first().alias("first_source")))
        wrong = frame.select(key, "source_id").join(first, on=key).filter(pl.col("source_id") != pl.col("first_source"))
        for k, recorded, expected in wrong.iter_rows():
            problems.append(Problem(LAYER, name, k, "source_id", "first_reporting_source",
                                    f"the earliest evidence of the record lies in {expected}, not {recorded}",
                                    excerpt(recorded)))
    return problems
