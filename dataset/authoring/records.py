"""Curated records: the human-authored YAML files under `data/records/`, loaded and checked with pydantic.

Each file describes one source text file: its pieces (`sources`) and the actors, statements, incidents and
casualty figures they report, each with the evidence spans that support it. Every error names the file, the
YAML line, the record and the field, and says what was expected: the loader keeps the line of every value, so
that a pydantic error location (or a later check's record) can be pointed at in the file a person edits.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints, ValidationError
from pydantic import Field as PydanticField

from dataset.authoring.yaml_reader import (
    Location,
    RecordError,
    YamlDocument,
    line_of,
    parse_yaml,
    read_yaml,
    schema_problems,
)
from dataset.schema.models import row_model
from dataset.schema.tables import RECORD_TABLES, TABLES, evidence_fields

__all__ = ["Location", "RecordError", "RecordFile", "SpanRef", "line_of", "load_record_file", "parse_yaml",
           "read_yaml", "record_file"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SpanRef(_Strict):
    """An evidence span as written by a person: a quote that starts in one line of the text file (and may run on
    across line breaks: `dataset.authoring.spans`)."""

    line: Annotated[int, PydanticField(ge=1)]
    quote: Annotated[str, StringConstraints(min_length=1)] | None = None
    field: Annotated[str, StringConstraints(min_length=1)]  # which ones, per table: tables.evidence_fields
    occurrence: Annotated[int, PydanticField(ge=1)] | None = None


_EVIDENCE = (list[SpanRef], ...)
SOURCE_RECORD = row_model(
    TABLES["sources"], include_derived=False, base=_Strict, name="SourceRecord",
    extra_fields={"lines": (Annotated[list[Annotated[int, PydanticField(ge=1)]],
                                      PydanticField(min_length=2, max_length=2)], ...)},
)
RECORD_MODELS: dict[str, type[BaseModel]] = {
    name: row_model(TABLES[name], include_derived=False, base=_Strict,
                    name=TABLES[name].primary_key.removesuffix("_id").capitalize() + "Record",
                    extra_fields={"evidence": _EVIDENCE})
    for name in RECORD_TABLES
}


ActorRecord = RECORD_MODELS["actors"]
StatementRecord = RECORD_MODELS["statements"]
IncidentRecord = RECORD_MODELS["incidents"]
CasualtyRecord = RECORD_MODELS["casualties"]


class RecordFile(_Strict):
    """One YAML file: a source text file and everything encoded from it."""

    text_path: str
    text_sha256: str
    sources: list[SOURCE_RECORD]  # type: ignore[valid-type]
    actors: list[ActorRecord] = []  # type: ignore[valid-type]
    statements: list[StatementRecord] = []  # type: ignore[valid-type]
    incidents: list[IncidentRecord] = []  # type: ignore[valid-type]
    casualties: list[CasualtyRecord] = []  # type: ignore[valid-type]

    _path: Path = PrivateAttr(default=Path("(records)"))
    _lines: dict[Location, int] = PrivateAttr(default_factory=dict)

    @property
    def path(self) -> Path:
        """The YAML file the records were read from."""
        return self._path

    def line_of(self, loc: Location) -> int | None:
        """The YAML line of the value at `loc`, or of its nearest enclosing value that has one."""
        return line_of(self._lines, loc)

    def at(self, loc: Location) -> str:
        """'path:line' of the value at `loc`, for an error message."""
        line = self.line_of(loc)
        return f"{self._path}:{line}" if line else str(self._path)


def _allowed_keys(parent: Location) -> list[str]:
    """The keys the mapping at `parent` may have (for suggesting the intended one after a typo)."""
    if not parent:
        return list(RecordFile.model_fields)
    table = str(parent[0])
    if len(parent) == 2 and table in RECORD_MODELS:
        return list(RECORD_MODELS[table].model_fields)
    if len(parent) == 2 and table == "sources":
        return [k for k in SOURCE_RECORD.model_fields if k not in _FILE_LEVEL]
    if len(parent) == 4 and parent[2] == "evidence":
        return list(SpanRef.model_fields)
    return []


def nearest(word: str, choices: list[str] | tuple[str, ...], n: int = 3) -> str:
    """'; did you mean: a, b?' with the choices closest to `word`, or '' when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    return f"; did you mean: {', '.join(close)}?" if close else ""


def _explain(error: dict[str, Any]) -> str:
    """What pydantic found wrong, and what was expected, in a person's words."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown field {loc[-1]!r}{nearest(str(loc[-1]), _allowed_keys(loc[:-1]))}"
    if error["type"] == "missing":
        return f"required field {loc[-1]!r} is missing"
    if error["type"] == "literal_error" and len(loc) >= 3 and str(loc[0]) in TABLES:
        allowed = TABLES[str(loc[0])].field(str(loc[2])).enum or ()
        got = str(error.get("input"))
        if len(allowed) > 12:
            return (f"{got!r} is not one of the {len(allowed)} allowed values of {loc[0]}.{loc[2]}"
                    f"{nearest(got, allowed)}")
    return f"{error['msg']} (got {str(error.get('input'))[:60]!r})"


def _where(raw: Any, loc: Location) -> str:
    """'statements[3] (id=…) field cameo_code' for a pydantic error location."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return "field " + ".".join(map(str, loc))
    table, index, *rest = loc
    record = raw.get(table, [])[index] if isinstance(raw.get(table), list) else {}
    key = TABLES[str(table)].primary_key if str(table) in TABLES else ""
    ident = record.get(key) if isinstance(record, dict) else None
    field = ".".join(map(str, rest)) or "(record)"
    return f"{table}[{index}] ({key}={ident!r}) field {field}"


def _evidence_fields(raw: dict[str, Any]) -> list[tuple[Location, Any]]:
    """(location, value) of the `field` of every evidence span written in the records of `raw`."""
    def items(value: Any) -> list[Any]:
        return value if isinstance(value, list) else []

    return [((table, i, "evidence", k, "field"), span.get("field"))
            for table in RECORD_TABLES for i, record in enumerate(items(raw.get(table))) if isinstance(record, dict)
            for k, span in enumerate(items(record.get("evidence"))) if isinstance(span, dict)]


def _inherited(raw: dict[str, Any], loc: Location) -> bool:
    """True for an error in a value a source inherited from the file level (reported there, once)."""
    if len(loc) != 3 or loc[0] != "sources" or loc[2] not in _FILE_LEVEL:
        return False
    sources = raw.get("sources")
    source = sources[loc[1]] if isinstance(sources, list) and isinstance(loc[1], int) else None
    return not (isinstance(source, dict) and loc[2] in source)


_FILE_LEVEL = ("text_path", "text_sha256")


def _inject_file_level(raw: dict[str, Any]) -> dict[str, Any]:
    """Source records inherit the file-level text_path and text_sha256."""
    sources = raw.get("sources")
    if isinstance(sources, list):
        shared = {k: raw.get(k) for k in _FILE_LEVEL}
        raw = {**raw, "sources": [{**shared, **s} if isinstance(s, dict) else s for s in sources]}
    return raw


def load_record_file(path: Path) -> RecordFile:
    """Read one records file (bounded and strict: see `dataset.authoring.yaml_reader`) and check it against the record
    models."""
    return record_file(read_yaml(path), path)


def record_file(doc: YamlDocument, path: Path) -> RecordFile:
    """The records of one parsed YAML file (`parse_yaml(text, name)`), checked against the record models; every
    problem names the file, the line, the record and the field."""
    raw = doc.data
    if not isinstance(raw, dict):
        where = doc.at(()) if doc.lines else f"{doc.name}:1"  # an empty file has its one line
        raise RecordError([f"{where}: the top level must be a mapping (text_path, text_sha256, sources, …)"])
    errors: list[dict[str, Any]] = []
    try:
        records = RecordFile.model_validate(_inject_file_level(raw))
    except ValidationError as err:
        errors = [e for e in err.errors(include_url=False) if not _inherited(raw, tuple(e["loc"]))]
    problems = schema_problems(doc, errors, lambda loc: _where(raw, loc), _explain)
    problems += [f"{doc.at(loc)}: {_where(raw, loc)}: {field!r} is not a column or aspect of {loc[0]}"
                 f"{nearest(field, evidence_fields(TABLES[str(loc[0])]))} (the encoding guide lists them)"
                 for loc, field in _evidence_fields(raw)
                 if isinstance(field, str) and field not in evidence_fields(TABLES[str(loc[0])])]
    if problems:
        raise RecordError(problems)
    records._path, records._lines = path, doc.lines
    return records
