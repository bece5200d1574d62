"""The package's tables as the exports read them: rows by primary key, evidence by record, and the lookups
that several layouts share (actor names, country names, ISO 3166-1 numeric codes, date windows).

Tables are read with `dataset.load(..., engine="pyarrow", root=root)`; nothing here reads files its own way
except the generated ISO code list that ships inside the package (`dataset/iso3166.json`).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cached_property
from pathlib import Path
from typing import Any

from dataset import loader
from dataset.tables import RECORD_TABLES, TABLES

ISO3166_PATH = Path(__file__).resolve().parent.parent / "iso3166.json"
STATE_FORCE_TYPES = ("state", "government", "security_forces")
"""Actor types that act as a state's forces in a violent incident (ACLED inter 1/8, a UCDP government side)."""


class Package:
    """One data package in this schema, read once."""

    def __init__(self, root: str | Path | None = None):
        self.rows: dict[str, dict[str, dict[str, Any]]] = {}
        for name, table in TABLES.items():
            records = loader.load(name, engine="pyarrow", root=root).to_pylist()
            self.rows[name] = {r[table.primary_key]: r for r in records}

    @staticmethod
    def key_of(table: str, record: dict[str, Any]) -> str:
        return record[TABLES[table].primary_key]

    def records(self, table: str) -> list[dict[str, Any]]:
        """Every row of a table, in primary-key order."""
        return [self.rows[table][k] for k in sorted(self.rows[table])]

    @cached_property
    def _evidence(self) -> dict[tuple[str, str], list[str]]:
        index: dict[tuple[str, str], list[str]] = {}
        for row in self.records("evidence"):
            for table in RECORD_TABLES:
                key = row[TABLES[table].primary_key]
                if key is not None:
                    index.setdefault((table, key), []).append(row["evidence_id"])
        return index

    def evidence_of(self, table: str, key: str) -> list[str]:
        """The evidence ids supporting one record."""
        return self._evidence.get((table, key), [])

    def evidence_rows(self, table: str, key: str, field: str) -> list[dict[str, Any]]:
        """The evidence rows of one record that support the given aspect (`text`, `speaker`, …), by offset."""
        rows = [self.rows["evidence"][e] for e in self.evidence_of(table, key)]
        return sorted((r for r in rows if r["field"] == field), key=lambda r: (r["start"], r["evidence_id"]))

    def actor(self, actor_id: str | None) -> dict[str, Any] | None:
        return None if actor_id is None else self.rows["actors"][actor_id]

    def actor_name(self, actor_id: str | None) -> str | None:
        actor = self.actor(actor_id)
        return None if actor is None else actor["name"]

    def government_of(self, actor_id: str) -> dict[str, Any] | None:
        """The government an actor belongs to: itself, its nearest `government` ancestor, or the government
        whose parent is the state actor. None when the actor belongs to none."""
        actor = self.actor(actor_id)
        while actor is not None:
            if actor["actor_type"] == "government":
                return actor
            if actor["actor_type"] == "state":
                governments = [a for a in self.records("actors")
                               if a["actor_type"] == "government" and a["parent_actor_id"] == actor["actor_id"]]
                return governments[0] if len(governments) == 1 else None
            actor = self.actor(actor["parent_actor_id"])
        return None

    def is_state_force(self, actor_id: str) -> bool:
        actor = self.actor(actor_id)
        return (actor is not None and actor["actor_type"] in STATE_FORCE_TYPES
                and self.government_of(actor_id) is not None)

    def country_name(self, iso3: str | None) -> str | None:
        """The name of the state actor with this ISO alpha-3 code (e.g. 'Iran'), or None when the package has
        no such actor."""
        names = [a["name"] for a in self.records("actors") if a["actor_type"] == "state" and a["country_iso3"] == iso3]
        return names[0] if iso3 and len(names) == 1 else None

    @cached_property
    def _iso(self) -> dict[str, Any]:
        return json.loads(ISO3166_PATH.read_text(encoding="utf-8"))

    def iso_numeric(self, iso3: str | None) -> int | None:
        """ISO 3166-1 numeric code of an alpha-3 code (from pycountry's data, extracted by the build)."""
        code = self._iso["numeric_of_alpha_3"].get(iso3) if iso3 else None
        return None if code is None else int(code)

    def casualties_of(self, incident_id: str, outcome: str) -> list[dict[str, Any]]:
        return [c for c in self.records("casualties") if c["incident_id"] == incident_id and c["outcome"] == outcome]

    def source(self, source_id: str) -> dict[str, Any]:
        return self.rows["sources"][source_id]


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
