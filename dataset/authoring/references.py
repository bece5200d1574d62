"""Checks across records files, before the tables are built: every id is unique across all the files of a
package (a clash names both files and lines), and every reference to another record (speaker_actor_id,
incident_id, publisher_actor_id, …) names a record that exists, or the message suggests the nearest ids.

It also points validation problems found later, in the built tables, back at the line of the record they
came from, so that an encoder is never left to find a row key in a 900-line file.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataset.authoring.records import Location, RecordFile, nearest
from dataset.schema.tables import RECORD_TABLES, TABLES
from dataset.validation.report import Problem

KEYED_TABLES = ("sources", *RECORD_TABLES)


@dataclass(frozen=True)
class Origin:
    """Where a record was written: its file (with the line of every value) and its location in the file."""

    records: RecordFile
    loc: Location

    def at(self, *within: int | str) -> str:
        return self.records.at((*self.loc, *within))


def origins(files: list[RecordFile]) -> tuple[dict[tuple[str, str], Origin], list[str]]:
    """Each record's origin by (table, id), and one problem per id defined twice (naming both places)."""
    found: dict[tuple[str, str], Origin] = {}
    problems: list[str] = []
    for records in files:
        for table in KEYED_TABLES:
            key = TABLES[table].primary_key
            for i, record in enumerate(getattr(records, table)):
                ident, origin = getattr(record, key), Origin(records, (table, i))
                first = found.setdefault((table, ident), origin)
                if first is not origin:
                    problems.append(f"{origin.at(key)}: {table}[{i}] {key} {ident!r} is already defined at "
                                    f"{first.at(key)}: ids must be unique across all records files")
    return found, problems


def unresolved(files: list[RecordFile], found: dict[tuple[str, str], Origin]) -> list[str]:
    """One problem per reference to a record that no records file defines, with the nearest ids."""
    ids = {table: sorted(i for t, i in found if t == table) for table in TABLES}
    problems = []
    for records in files:
        for table in KEYED_TABLES:
            key = TABLES[table].primary_key
            for i, record in enumerate(getattr(records, table)):
                for fk in TABLES[table].foreign_keys:
                    value = getattr(record, fk.name, None)
                    target = str(fk.references)
                    if value is None or (target, value) in found:
                        continue
                    hint = nearest(value, ids[target]) or f"; the {target} are: {', '.join(ids[target][:12])}"
                    problems.append(f"{records.at((table, i, fk.name))}: {table}[{i}] ({key}={getattr(record, key)!r}) "
                                    f"field {fk.name}: no {TABLES[target].primary_key.removesuffix('_id')} "
                                    f"{value!r} in any records file{hint}")
    return problems


def evidence_origins(found: dict[tuple[str, str], Origin]) -> dict[str, Origin]:
    """The origin of every evidence row, by the evidence_id the build gives it (`<kind>-<id>-<NN>`)."""
    out = {}
    for (table, ident), origin in found.items():
        if table in RECORD_TABLES:
            kind = TABLES[table].primary_key.removesuffix("_id")
            record = getattr(origin.records, table)[int(origin.loc[1])]
            for n in range(len(record.evidence)):
                out[f"{kind}-{ident}-{n + 1:02d}"] = Origin(origin.records, (*origin.loc, "evidence", n))
    return out


def locate(problem: Problem, found: dict[tuple[str, str], Origin], evidence: dict[str, Origin]) -> str:
    """A validation problem of the built tables, prefixed with the file and line of the record it is about."""
    origin = evidence.get(problem.row or "") if problem.table == "evidence" else \
        found.get((problem.table or "", problem.row or ""))
    value = f" [value: {problem.value}]" if problem.value is not None else ""
    what = f"{problem.table} ({problem.row})" if problem.row else (problem.table or "package")
    field = f" field {problem.column}" if problem.column else ""
    where = origin.at(problem.column) if origin and problem.column else (origin.at() if origin else "(records)")
    return f"{where}: {what}{field}: {problem.rule}: {problem.message}{value}"
