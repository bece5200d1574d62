"""The package's tables as the exports read them: rows by primary key, evidence by record, and the lookups
that several layouts share (actor names, country names, ISO 3166-1 numeric codes, date windows).

Tables are read with `dataset.load(..., engine="pyarrow", root=root)`; nothing here reads files its own way
except the generated ISO code list that ships inside the package (`dataset/schema/iso3166.json`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from dataset import loader
from dataset.schema.iso3166 import iso3166
from dataset.schema.tables import RECORD_TABLES, TABLES

STATE_FORCE_TYPES = ("state", "government", "security_forces")
"""Actor types that act as a state's forces in a violent incident (ACLED inter 1/8, a UCDP government side)."""


class Span(NamedTuple):
    """One evidence span of a record: code-point offsets [start, end) into its source text file."""

    start: int
    end: int
    evidence_id: str


class PackageRows:
    """One data package in this schema, read once; every lookup the layouts use is built once, so that an export
    takes time linear in the package's rows."""

    def __init__(self, root: str | Path | None = None):
        self.root = root
        self.rows = _Rows(self._read)
        """Rows by primary key, per table; a table is read when a layout first uses it."""
        self._sorted: dict[str, list[dict[str, Any]]] = {}
        self._texts: dict[str, str] = {}
        self._leads: dict[str, tuple[int, int]] = {}
        self._spans: dict[str, dict[tuple[str, str], list[Span]]] = {}
        self._units: dict[Any, list[Any]] = {}
        for name in TABLES:  # every table is opened (and its file checked) up front; rows are read on first use
            loader.load(name, engine="pyarrow", root=root)

    def _read(self, name: str) -> dict[str, dict[str, Any]]:
        table = loader.load(name, engine="pyarrow", root=self.root)
        if name == "evidence":  # the exports use the spans' places, never their text: skip the largest column
            table = table.drop_columns(["text"])
        import pyarrow.compute as pc

        key = TABLES[name].primary_key
        table = table.take(pc.sort_indices(table, [(key, "ascending")]))
        names = table.column_names
        records = [dict(zip(names, values, strict=True))
                   for values in zip(*(column.to_pylist() for column in table.columns), strict=True)]
        self._sorted[name] = records
        return {r[key]: r for r in records}

    @staticmethod
    def key_of(table: str, record: dict[str, Any]) -> str:
        return record[TABLES[table].primary_key]

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every row of a table, in primary-key order (sorted once, when the table is read)."""
        self.rows[table]
        return self._sorted[table]

    def units(self, build: Callable[[PackageRows], list[Any]]) -> list[Any]:
        """The units `build` makes of this package, built once: layouts that export the same rows (GDELT and
        PLOVER the statements, ACLED and UCDP the incidents) share them."""
        if build not in self._units:
            self._units[build] = build(self)
        return self._units[build]

    @cached_property
    def _cameo_parts(self) -> dict[str, tuple[str | None, ...]]:
        """Per actor with a CAMEO actor code: the code, then its four three-letter parts (the country, then up to
        three agent types; None past the code's end)."""
        parts = {}
        for actor_id, actor in self.rows["actors"].items():
            code = actor["cameo_actor_code"]
            if code is not None:
                parts[actor_id] = (code, *(code[i:i + 3] if len(code) >= i + 3 else None for i in (0, 3, 6, 9)))
        return parts

    def cameo_part(self, actor_id: str | None, index: int) -> str | None:
        """0: an actor's CAMEO actor code; 1–4: its index-th three-letter part (1 the country, 2–4 the agent
        types); None when the actor or the code (or that part of it) is missing."""
        parts = self._cameo_parts.get(actor_id)  # type: ignore[arg-type]
        return None if parts is None else parts[index]

    @cached_property
    def _evidence(self) -> dict[tuple[str, str], list[str]]:
        """Evidence ids by (table, record key), in evidence-id order: grouped by Arrow, without a Python row per
        evidence span (the largest table)."""
        import pyarrow.compute as pc

        evidence = loader.load("evidence", engine="pyarrow", root=self.root)
        evidence = evidence.select(["evidence_id", *(TABLES[table].primary_key for table in RECORD_TABLES)])
        evidence = evidence.take(pc.sort_indices(evidence, [("evidence_id", "ascending")]))
        index: dict[tuple[str, str], list[str]] = {}
        for table in RECORD_TABLES:
            key = TABLES[table].primary_key
            pairs = evidence.select([key, "evidence_id"]).filter(pc.is_valid(evidence[key]))
            grouped = pairs.group_by(key, use_threads=False).aggregate([("evidence_id", "list")])
            index.update(((table, k), ids) for k, ids in zip(grouped[key].to_pylist(),
                                                              grouped["evidence_id_list"].to_pylist(), strict=True))
        return index

    def evidence_of(self, table: str, key: str) -> list[str]:
        """The evidence ids supporting one record."""
        return self._evidence.get((table, key), [])

    def evidence_rows(self, table: str, key: str, field: str) -> list[Span]:
        """The evidence spans of one record that support the given aspect (`text`, `speaker`, …), by offset."""
        if table not in self._spans:
            self._spans[table] = self._span_index(table)
        return self._spans[table].get((key, field), [])

    def _span_index(self, table: str) -> dict[tuple[str, str], list[Span]]:
        """The evidence spans of one table's records by (key, field), in offset order, from the span columns only
        (column by column: no Python dict per evidence row)."""
        import pyarrow.compute as pc

        column = TABLES[table].primary_key
        evidence = loader.load("evidence", engine="pyarrow", root=self.root)
        spans = evidence.select([column, "field", "start", "end", "evidence_id"]).filter(
            pc.is_valid(evidence[column]))
        spans = spans.take(pc.sort_indices(spans, [("start", "ascending"), ("evidence_id", "ascending")]))
        index: dict[tuple[str, str], list[Span]] = {}
        keys, fields, starts, ends, ids = (spans[name].to_pylist() for name in spans.column_names)
        for key, field, start, end, evidence_id in zip(keys, fields, starts, ends, ids, strict=True):
            index.setdefault((key, field), []).append(Span(start, end, evidence_id))
        return index

    def actor(self, actor_id: str | None) -> dict[str, Any] | None:
        return None if actor_id is None else self.rows["actors"][actor_id]

    def actor_name(self, actor_id: str | None) -> str | None:
        actor = self.actor(actor_id)
        return None if actor is None else actor["name"]

    def government_of(self, actor_id: str) -> dict[str, Any] | None:
        """The government an actor belongs to: itself or its nearest `government` ancestor by its own parent
        chain; None when it has none (a state actor stands for itself)."""
        actor = self.actor(actor_id)
        while actor is not None:
            if actor["actor_type"] == "government":
                return actor
            actor = self.actor(actor["parent_actor_id"])
        return None

    def is_state_force(self, actor_id: str | None) -> bool:
        """Whether the actor acts as a state's forces, by its own type (state, government, security forces)."""
        actor = self.actor(actor_id)
        return actor is not None and actor["actor_type"] in STATE_FORCE_TYPES

    def state_side(self, actor_id: str) -> str:
        """The actor a state force stands for as a conflict side: its government by its own parent chain, or
        itself (a state actor, or a force whose chain names no government)."""
        government = self.government_of(actor_id)
        return actor_id if government is None else government["actor_id"]

    @cached_property
    def _country_names(self) -> dict[str, list[str]]:
        names: dict[str, list[str]] = {}
        for a in self.records("actors"):
            if a["actor_type"] == "state" and a["country_iso3"]:
                names.setdefault(a["country_iso3"], []).append(a["name"])
        return names

    def country_name(self, iso3: str | None) -> str | None:
        """The name of the state actor with this ISO alpha-3 code (e.g. 'Iran'), or None when the package has
        no such actor."""
        names = self._country_names.get(iso3, []) if iso3 else []
        return names[0] if len(names) == 1 else None

    def iso_numeric(self, iso3: str | None) -> int | None:
        """ISO 3166-1 numeric code of an alpha-3 code (from pycountry's data, extracted by the build)."""
        code = iso3166()["numeric_of_alpha_3"].get(iso3) if iso3 else None
        return None if code is None else int(code)

    @cached_property
    def _casualties(self) -> dict[str, list[dict[str, Any]]]:
        index: dict[str, list[dict[str, Any]]] = {}
        for c in self.records("casualties"):
            index.setdefault(c["incident_id"], []).append(c)
        return index

    def casualties_of(self, incident_id: str, outcome: str | None = None) -> list[dict[str, Any]]:
        """The casualty rows of an incident (of one outcome, when given), by casualty id."""
        rows = self._casualties.get(incident_id, [])
        return rows if outcome is None else [c for c in rows if c["outcome"] == outcome]

    def source(self, source_id: str) -> dict[str, Any]:
        return self.rows["sources"][source_id]

    @cached_property
    def _headline_ends(self) -> dict[str, int]:
        """The end offset of each source's last `headline` evidence span."""
        import pyarrow.compute as pc

        evidence = loader.load("evidence", engine="pyarrow", root=self.root)
        headlines = evidence.filter(pc.equal(evidence["field"], "headline"))
        grouped = headlines.group_by("source_id", use_threads=False).aggregate([("end", "max")])
        return dict(zip(grouped["source_id"].to_pylist(), grouped["end_max"].to_pylist(), strict=True))

    def lead_paragraph(self, source_id: str) -> tuple[int, int]:
        """[start, end) offsets of a piece's lead paragraph in its text file: the first line of the piece after
        its headline (the line holding its `headline` evidence), or its first line when no headline is marked.
        Lines end at LF, CR or CRLF."""
        if source_id not in self._leads:
            source = self.source(source_id)
            path = source["text_path"]
            if path not in self._texts:
                self._texts[path] = (loader.package_root(self.root) / path).read_text(encoding="utf-8")
            start, end = source["text_start"], source["text_end"]
            after = self._headline_ends.get(source_id, start)
            lines = [(m.start(), m.end()) for m in LINE.finditer(self._texts[path], start, end) if m.start() >= after]
            self._leads[source_id] = lines[0] if lines else (end, end)
        return self._leads[source_id]


LINE = re.compile(r"[^\r\n]+")
"""A line of a text without its line end (LF, CR or CRLF)."""


class _Rows(dict):
    """A table's rows by primary key, read on first access."""

    def __init__(self, read):
        super().__init__()
        self._read = read

    def __missing__(self, name: str) -> dict[str, dict[str, Any]]:
        self[name] = self._read(name)
        return self[name]


def midpoint(start: dt.date, end: dt.date) -> dt.date:
    """The middle day of a date window (the earlier of two middle days)."""
    return start + dt.timedelta(days=(end - start).days // 2)


def window_days(record: dict[str, Any]) -> int:
    """The length of a record's date window, in days (1 for a single day)."""
    return (record["date_end"] - record["date_start"]).days + 1


def same_month(record: dict[str, Any]) -> bool:
    start, end = record["date_start"], record["date_end"]
    return (start.year, start.month) == (end.year, end.month)


def same_year(record: dict[str, Any]) -> bool:
    return record["date_start"].year == record["date_end"].year
