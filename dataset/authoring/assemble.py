"""Curated records → table rows: evidence references become code-point offsets, and the derived columns
(source ids, piece ranges, evidence ids, Goldstein scores, quad classes) are computed."""

from __future__ import annotations

import bisect
from typing import Any

from dataset.authoring.records import RecordError, RecordFile, SpanRef
from dataset.authoring.spans import LineIndex, SpanError
from dataset.schema import codes
from dataset.schema.tables import RECORD_TABLES, TABLES

Rows = dict[str, list[dict[str, Any]]]


class _Pieces:
    """The piece ranges of one text file, to find which piece holds an offset."""

    def __init__(self, ranges: list[tuple[int, int, str]]):
        self.ranges = sorted(ranges)
        self.starts = [r[0] for r in self.ranges]

    def source_of(self, offset: int) -> str | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.ranges[i][0] <= offset < self.ranges[i][1]:
            return self.ranges[i][2]
        return None


def assemble(records: RecordFile, text: str) -> Rows:
    """All rows that one record file contributes, table by table. Problems name the file and the line of the
    reference that does not fit the text."""
    lines = LineIndex(text)
    problems: list[str] = []
    rows: Rows = {name: [] for name in TABLES}

    ranges = []
    for i, src in enumerate(records.sources):
        first, last = src.lines
        try:
            start, end = lines.line_range(first)[0], lines.line_range(last)[1]
        except SpanError as err:
            problems.append(f"{records.at(('sources', i, 'lines'))}: sources[{i}] (source_id={src.source_id!r}) "
                            f"field lines: {err}")
            continue
        row = src.model_dump(exclude={"lines"})
        rows["sources"].append({**row, "text_start": start, "text_end": end})
        ranges.append((start, end, src.source_id))
    pieces = _Pieces(ranges)

    for table_name in RECORD_TABLES:
        table = TABLES[table_name]
        kind = table.primary_key.removesuffix("_id")
        for i, record in enumerate(getattr(records, table_name)):
            values = record.model_dump(exclude={"evidence"})
            ident = values[table.primary_key]
            spans = []
            for n, ref in enumerate(record.evidence, start=1):
                try:
                    span = _locate(lines, ref, values)
                    if pieces.source_of(span.start) is None:
                        raise SpanError(f"line {ref.line} lies outside the lines of every source of this file "
                                        f"({_line_ranges(records)}): extend a source's `lines` (or add a source) "
                                        "to include it")
                    spans.append((n, ref, span))
                except SpanError as err:
                    problems.append(f"{records.at((table_name, i, 'evidence', n - 1))}: {table_name}[{i}] "
                                    f"({table.primary_key}={ident!r}) evidence[{n - 1}]: {err}")
            for n, ref, span in spans:
                rows["evidence"].append({
                    "evidence_id": f"{kind}-{ident}-{n:02d}",
                    "source_id": pieces.source_of(span.start),
                    "start": span.start,
                    "end": span.end,
                    "text": span.text,
                    "field": ref.field,
                    **{f"{k}_id": (ident if k == kind else None)
                       for k in ("actor", "statement", "incident", "casualty")},
                })
            if "source_id" in table.field_names:
                first = min((span.start for _, _, span in spans), default=None)
                values["source_id"] = None if first is None else pieces.source_of(first)
            if "cameo_code" in table.field_names:
                values["goldstein"] = codes.CAMEO[values["cameo_code"]][1]
                values["quad_class"] = codes.gdelt_quad_class(values["cameo_code"])
            rows[table_name].append({name: values.get(name) for name in table.field_names})
    if problems:
        raise RecordError(problems)
    return rows


def _line_ranges(records: RecordFile) -> str:
    """The sources' line ranges, as a message shows them: 'a: lines 1-2; b: lines 4-9'."""
    return "; ".join(f"{src.source_id}: lines {src.lines[0]}-{src.lines[1]}" for src in records.sources) or "none"


def _locate(lines: LineIndex, ref: SpanRef, values: dict[str, Any]):
    quote = ref.quote
    if quote is None:
        quote = values.get(ref.field)
        if not isinstance(quote, str):
            raise SpanError(f"no quote given and the record has no text in field {ref.field!r}")
    return lines.locate(ref.line, quote, ref.occurrence)
