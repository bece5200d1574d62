"""Layer 5, provenance: every evidence span equals the source text at its offsets and lies in its piece;
every verbatim value (quotes, aliases, date and place words) occurs within an evidence span of its record;
every record has evidence, and carries the source of its earliest span.

Every check is vectorized over whole columns. Spans are compared with the text without walking it from its
start: `TextIndex` resolves code-point offsets to byte offsets once per column and gives each span's text as a
view into the texts' bytes. The other checks are joins and anti-joins; each counts first, and only a check with
failures lists its first `CAP` rows.
"""

from __future__ import annotations

import unicodedata

import polars as pl

from dataset.schema.lineends import LINE_BREAK, normalization_hint
from dataset.schema.tables import RECORD_TABLES, TABLES
from dataset.validation.report import CAP, Findings, Problem, excerpt
from dataset.validation.spans_index import TextIndex

LAYER = "provenance"
_RECORD_KEYS = {name: TABLES[name].primary_key for name in RECORD_TABLES}


def check_provenance(frames: dict[str, pl.LazyFrame], texts: dict[str, bytes]) -> Findings:
    """`frames` holds only structurally sound tables; `texts` the source texts (UTF-8) that could be read."""
    sources, evidence = frames.get("sources"), frames.get("evidence")
    found = Findings()
    if sources is None:
        return found
    index = TextIndex(texts)
    rows = sources.select("source_id", "text_path", "text_start", "text_end", "dateline",
                          "publisher_actor_id").collect()
    pieces = rows.join(index.frame, on="text_path")
    found.extend(_datelines(pieces, index))
    if evidence is None:
        return found
    found.extend(_spans(evidence, pieces, index))
    found.extend(_verbatim_values(frames, evidence))
    # Publishers of every source, read or not: a missing text is one problem (the files layer's), not also a
    # publisher without evidence.
    found.extend(_records(frames, rows["publisher_actor_id"].drop_nulls().unique(), evidence))
    return found


def _add(found: Findings, failing: pl.DataFrame, make) -> None:
    """List the first `CAP` failing rows (already in report order) and count them all."""
    found.add((make(row) for row in failing.head(CAP).iter_rows(named=True)), failing.height)


def _datelines(pieces: pl.DataFrame, index: TextIndex) -> Findings:
    """Each piece lies within its text, and its dateline occurs in it."""
    found = Findings()
    inside = (pl.col("text_start") >= 0) & (pl.col("text_end") <= pl.col("text_length"))
    _add(found, pieces.filter(~inside).sort("source_id"), lambda r: Problem(
        LAYER, "sources", r["source_id"], "text_end", "provenance.piece-in-text",
        f"the piece [{r['text_start']}, {r['text_end']}) does not lie within its text of {r['text_length']} "
        "characters"))
    # Slicing needs a non-negative length: reversed ranges are the rules layer's piece_range problem.
    dated = pieces.filter(pl.col("dateline").is_not_null() & inside & (pl.col("text_start") <= pl.col("text_end")))
    piece = index.slices(dated["buffer"], dated["cp_base"] + dated["text_start"], dated["cp_base"] + dated["text_end"])
    missing = dated.with_columns(piece).filter(~pl.col("actual").str.contains(pl.col("dateline"), literal=True))
    _add(found, missing.sort("source_id"), lambda r: Problem(
        LAYER, "sources", r["source_id"], "dateline", "provenance.verbatim", "the dateline does not occur in its piece",
        excerpt(r["dateline"])))
    return found


def _spans(evidence: pl.LazyFrame, pieces: pl.DataFrame, index: TextIndex) -> Findings:
    located = (evidence.select("evidence_id", "source_id", "start", "end", "text")
               .filter(pl.col("start") <= pl.col("end"))
               .join(pieces.lazy().select("source_id", "text_start", "text_end", "buffer", "cp_base", "text_length"),
                     on="source_id")
               .with_columns(in_text=(pl.col("start") >= 0) & (pl.col("end") <= pl.col("text_length")),
                             in_piece=(pl.col("start") >= pl.col("text_start")) & (pl.col("end") <= pl.col("text_end")))
               .collect())
    found = Findings()
    _add(found, located.filter(~pl.col("in_text")).sort("evidence_id"), lambda r: Problem(
        LAYER, "evidence", r["evidence_id"], "end", "provenance.span-in-text",
        f"the span [{r['start']}, {r['end']}) does not lie within its text of {r['text_length']} characters"))
    # Only spans inside their text are sliced, so that no offset arithmetic can overflow.
    checked = located.filter(pl.col("in_text"))
    checked = checked.with_columns(index.slices(checked["buffer"], checked["cp_base"] + checked["start"],
                                                checked["cp_base"] + checked["end"]))
    _add(found, checked.filter(pl.col("actual") != pl.col("text")).sort("evidence_id"), lambda r: Problem(
        LAYER, "evidence", r["evidence_id"], "text", "provenance.span-matches-text",
        f"the source text at [{r['start']}, {r['end']}) is {excerpt(r['actual'])!r}, not the recorded span text"
        + _form_difference(r["text"], r["actual"]),
        excerpt(r["text"])))
    _add(found, checked.filter(~pl.col("in_piece")).sort("evidence_id"), lambda r: Problem(
        LAYER, "evidence", r["evidence_id"], "source_id", "provenance.span-in-piece",
        f"the span [{r['start']}, {r['end']}) lies outside its piece {r['source_id']} "
        f"[{r['text_start']}, {r['text_end']})"))
    return found


def _form_difference(recorded: str, actual: str) -> str:
    """The message part for a recorded span that equals the text only after Unicode normalization."""
    if unicodedata.normalize("NFC", recorded) != unicodedata.normalize("NFC", actual):
        return ""
    return "; " + normalization_hint(recorded, actual, "at these offsets", "recorded span")


def _verbatim_values(frames: dict[str, pl.LazyFrame], evidence: pl.LazyFrame) -> Findings:
    """Every value of a verbatim column occurs, character for character, within an evidence span of its own
    record, where a line break in either (with the spaces and tabs around it) reads as one space: a quotation
    the text wraps over two lines is still the speaker's words. Since spans are checked against the source text,
    the value occurs in the source."""
    jobs, queries = [], []
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
            jobs.append((name, key, field.name))
            queries.append(_unsupported(_unsupported(values, spans, key, pl.col("span"), pl.col("value")), spans,
                                        key, _unwrapped("span"), _unwrapped("value"))
                           .sort("_value").select(key, "value"))
    found = Findings()
    for (name, key, column), unsupported in zip(jobs, pl.collect_all(queries), strict=True):
        forms = _other_forms(unsupported.head(CAP), evidence, key)
        _add(found, unsupported, lambda r, name=name, key=key, column=column, forms=forms: Problem(
            LAYER, name, r[key], column, "provenance.verbatim",
            "the value does not occur verbatim in any evidence span of the record"
            + forms.get((r[key], r["value"]), ""),
            excerpt(r["value"])))
    return found


def _unsupported(values: pl.LazyFrame, spans: pl.LazyFrame, key: str, span: pl.Expr, value: pl.Expr) -> pl.LazyFrame:
    """The values that occur in no span of their record, read as `span` and `value` say. Applied twice: as they
    are, then (for the few that failed, usually none) with line breaks read as spaces, so that the common case
    costs no rewriting of every span."""
    supported = (values.join(spans, on=key).filter(span.str.contains(value, literal=True)).select("_value").unique())
    return values.join(supported, on="_value", how="anti")


def _unwrapped(column: str) -> pl.Expr:
    """A text column with each line break (and the spaces and tabs around it) read as one space."""
    return pl.col(column).str.replace_all(LINE_BREAK, " ")


def _other_forms(listed: pl.DataFrame, evidence: pl.LazyFrame, key: str) -> dict[tuple[str, str], str]:
    """For the listed unsupported values, the message part for one that does occur in a span of its record
    once both are composed (NFC): the same characters in another Unicode form."""
    if listed.is_empty():
        return {}
    spans = (evidence.filter(pl.col(key).is_in(listed[key].implode())).select(key, "text")
             .group_by(key).agg("text").collect())
    texts = dict(spans.iter_rows())
    hints = {}
    for record, value in listed.iter_rows():
        composed = unicodedata.normalize("NFC", value)
        for text in texts.get(record, []):
            if composed in unicodedata.normalize("NFC", text):
                hints[(record, value)] = "; " + normalization_hint(value, text, "of its evidence span", "value")
                break
    return hints


def _records(frames: dict[str, pl.LazyFrame], publishers: pl.Series, evidence: pl.LazyFrame) -> Findings:
    """Every record has at least one evidence row (publishers are exempt: the text need not name them), and a
    record carries the source_id of the piece holding its earliest evidence span (the first in row order among
    spans that start at the same offset). One grouping of the evidence per record table serves both checks."""
    jobs, queries = [], []
    for name, key in _RECORD_KEYS.items():
        frame = frames.get(name)
        if frame is None:
            continue
        has_source = "source_id" in TABLES[name].field_names
        first = (evidence.filter(pl.col(key).is_not_null()).group_by(key)
                 .agg(pl.col("source_id").get(pl.col("start").arg_min()).alias("first_source")))
        records = frame.select(key, pl.col("source_id") if has_source else pl.lit(None, pl.String).alias("source_id"))
        joined = records.join(first, on=key, how="left")
        without = pl.col("first_source").is_null()
        if name == "actors":
            without = without & ~pl.col(key).is_in(publishers.implode())
        jobs.append((name, key))
        queries.append(joined.filter(without).select(key).sort(key, nulls_last=True))
        queries.append(joined.filter(pl.col("source_id") != pl.col("first_source")).sort(key))
    found = Findings()
    results = pl.collect_all(queries)
    for (name, key), without in zip(jobs, results[0::2], strict=True):
        _add(found, without, lambda r, name=name, key=key: Problem(
            LAYER, name, r[key], None, "provenance.has-evidence", "the record has no evidence row"))
    for (name, key), wrong in zip(jobs, results[1::2], strict=True):
        _add(found, wrong, lambda r, name=name, key=key: Problem(
            LAYER, name, r[key], "source_id", "provenance.first-reporting-source",
            f"the earliest evidence of the record lies in {r['first_source']}, not {r['source_id']}",
            excerpt(r["source_id"])))
    return found
