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

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, StringConstraints, ValidationError
from pydantic import Field as PydanticField

from dataset.models import row_model
from dataset.tables import RECORD_TABLES, TABLES

Location = tuple[int | str, ...]
"""A path into a records file: ('statements', 3, 'evidence', 0, 'quote')."""


class RecordError(Exception):
    """Curated records that cannot be turned into tables; `problems` holds one message per mistake."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SpanRef(_Strict):
    """An evidence span as written by a person: a quote that starts in one line of the text file (and may run on
    across line breaks: `dataset.spans`)."""

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


def line_of(lines: dict[Location, int], loc: Location) -> int | None:
    """The line of the longest prefix of `loc` that was read from the YAML."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _node_lines(node: yaml.Node, loc: Location, lines: dict[Location, int]) -> None:
    """The 1-based start line of every value under `node`, by its location."""
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.setdefault((*loc, key.value), key.start_mark.line + 1)
                _node_lines(value, (*loc, key.value), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, (*loc, i), lines)


def read_yaml(path: Path) -> tuple[Any, dict[Location, int]]:
    """A YAML file's data (safe loader: no Python objects) and the line of every value in it."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _node_lines(node, (), lines)
    return data, lines


def _allowed_keys(parent: Location) -> list[str]:
    """The keys the mapping at `parent` may have (for suggesting the intended one after a typo)."""
    if not parent:
        return list(RecordFile.model_fields)
    table = str(parent[0])
    if len(parent) == 2 and table in RECORD_MODELS:
        return list(RECORD_MODELS[table].model_fields)
    if len(parent) == 2 and table == "sources":
        return [k for k in SOURCE_RECORD.model_fields if k not in ("text_path", "text_sha256")]
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
        raw, lines = read_yaml(path)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise RecordError([f"{path}{line}: cannot be read as YAML: {err.problem or err}"]) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise RecordError([f"{path}: cannot be read as YAML: {err}"]) from None
    if not isinstance(raw, dict):
        raise RecordError([f"{path}: the top level must be a mapping (text_path, text_sha256, sources, …)"])
    try:
        records = RecordFile.model_validate(_inject_file_level(raw))
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False):
            loc = tuple(e["loc"])
            line = line_of(lines, loc)
            problems.append(f"{path}{f':{line}' if line else ''}: {_where(raw, loc)}: {_explain(e)}")
        raise RecordError(problems) from None
    records._path, records._lines = path, lines
    return records
