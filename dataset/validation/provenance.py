"""Layer 5, provenance: every evidence span equals the source text at its offsets and lies in its piece;
every verbatim value (quotes, aliases, date and place words) occurs in its source text; every record has
evidence, and carries the source of its earliest span.

Texts are processed one source file at a time; within a file every check is one vectorized expression.
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
    problems = _verbatim_values(frames, sources, evidence, texts)
    if evidence is None:
        return problems
    problems += _spans(evidence, sources, texts)
    problems += _records_have_evidence(frames, sources, evidence)
    problems += _first_source(frames, evidence)
    return problems


def _per_text(frame: pl.DataFrame, sources: pl.DataFrame, texts: dict[str, str]):
    """(text, rows of `frame` whose source_id lies in that text), for every readable text."""
    located = frame.join(sources.select("source_id", "text_path", "text_start", "text_end"), on="source_id")
    for (text_path,), rows in located.group_by("text_path", maintain_order=True):
        if text_path in texts:
            yield texts[text_path], rows


def _spans(evidence: pl.DataFrame, sources: pl.DataFrame, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for text, rows in _per_text(evidence.filter(pl.col("start") <= pl.col("end")), sources, texts):
        checked = rows.with_columns(
            actual=pl.lit(text).str.slice(pl.col("start"), pl.col("end") - pl.col("start")),
            in_text=pl.col("end") <= len(text),
            in_piece=(pl.col("start") >= pl.col("text_start")) & (pl.col("end") <= pl.col("text_end")),
        )
        for row in checked.filter(~pl.col("in_text")).iter_rows(named=True):
            problems.append(Problem(LAYER, "evidence", row["evidence_id"], "end", "span_in_text",
                                    f"the span ends at {row['end']}, past the end of the text ({len(text)})"))
        for row in checked.filter(pl.col("in_text") & (pl.col("actual") != pl.col("text"))).iter_rows(named=True):
            problems.append(Problem(LAYER, "evidence", row["evidence_id"], "text", "span_matches_text",
                                    f"the text at [{row['start']}, {row['end']}) is {excerpt(row['actual'])!r}, "
                                    "not the recorded span text", excerpt(row["text"])))
        for row in checked.filter(pl.col("in_text") & ~pl.col("in_piece")).iter_rows(named=True):
            problems.append(Problem(LAYER, "evidence", row["evidence_id"], "source_id", "span_in_piece",
                                    f"the span [{row['start']}, {row['end']}) lies outside the piece "
                                    f"{row['source_id']} [{row['text_start']}, {row['text_end']})"))
    return problems


def _verbatim_values(frames: dict[str, pl.DataFrame], sources: pl.DataFrame, evidence: pl.DataFrame | None,
                     texts: dict[str, str]) -> list[Problem]:
    """Every value of a verbatim column occurs, character for character, in its record's source text. Actors
    have no source of their own: their words must occur in a text their evidence points into."""
    problems = []
    for name, frame in frames.items():
        table = TABLES[name]
        columns = [f.name for f in table.fields if f.verbatim and name != "evidence"]
        if not columns:
            continue
        pk = table.primary_key
        if "source_id" in frame.columns:
            located = frame.select(list(dict.fromkeys([pk, "source_id", *columns])))
        elif evidence is not None and pk in evidence.columns:
            located = frame.select(pk, *columns).join(
                evidence.select(pk, "source_id").drop_nulls().unique(), on=pk)
        else:
            continue
        for column in columns:
            values = located.select(list(dict.fromkeys([pk, "source_id", column])))
            if table.field(column).type == "list":
                values = values.explode(column)
            values = values.drop_nulls(column)
            found = pl.concat([
                rows.select(pk, pl.col(column).alias("value"),
                            found=pl.lit(text).str.contains(pl.col(column), literal=True))
                for text, rows in _per_text(values, sources, texts)
            ] or [pl.DataFrame(schema={pk: pl.String, "value": pl.String, "found": pl.Boolean})])
            missing = (found.group_by(pk, "value", maintain_order=True).agg(pl.col("found").any())
                       .filter(~pl.col("found")))
            for key, value, _ in missing.iter_rows():
                problems.append(Problem(LAYER, name, key, column, "verbatim",
                                        "the value does not occur verbatim in its source text", excerpt(value)))
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
