"""Curated records: the human-authored YAML files under `data/records/`, loaded and checked with pydantic.

Each file describes one source text file: its pieces (`sources`) and the actors, statements, incidents and
casualty figures they report, each with the evidence spans that support it. Errors name the file, the
record and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic import Field as PydanticField

from dataset.models import row_model
from dataset.tables import RECORD_TABLES, TABLES


class RecordError(Exception):
    """Curated records that cannot be turned into tables; `problems` holds one message per mistake."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SpanRef(_Strict):
    """An evidence span as written by a person: a quote located in one line of the text file."""

    line: Annotated[int, PydanticField(ge=1)]
    quote: Annotated[str, StringConstraints(min_length=1)] | None = None
    field: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$")]
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


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    """'statements[3] (id=…) field cameo_code' for a pydantic error location."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return "field " + ".".join(map(str, loc))
    table, index, *rest = loc
    record = raw.get(table, [])[index] if isinstance(raw.get(table), list) else {}
    key = TABLES[str(table)].primary_key if str(table) in TABLES else ""
    ident = record.get(key) if isinstance(record, dict) else None
    field = ".".join(map(str, rest)) or "(record)"
    return f"{table}[{index}] ({key}={ident!r}) field {field}"


def _inject_file_level(raw: dict[str, Any]) -> dict[str, Any]:
    """Source records inherit the file-level text_path and text_sha256."""
    sources = raw.get("sources")
    if isinstance(sources, list):
        shared = {k: raw.get(k) for k in ("text_path", "text_sha256")}
        raw = {**raw, "sources": [{**shared, **s} if isinstance(s, dict) else s for s in sources]}
    return raw


def load_record_file(path: Path) -> RecordFile:
    """Parse one YAML file with a safe loader and check it against the record models."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise RecordError([f"{path}: cannot be read as YAML: {err}"]) from None
    if not isinstance(raw, dict):
        raise RecordError([f"{path}: the top level must be a mapping"])
    try:
        return RecordFile.model_validate(_inject_file_level(raw))
    except ValidationError as err:
        raise RecordError([
            f"{path}: {_where(raw, tuple(e['loc']))}: {e['msg']} (got {str(e.get('input'))[:60]!r})"
            for e in err.errors(include_url=False)
        ]) from None
