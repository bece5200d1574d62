"""Pydantic row models derived from `dataset.schema.tables`: one per table, used on curated records and for the
JSON Schema written to `schemas/`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, create_model
from pydantic import Field as PydanticField

from dataset.schema.fields import Field
from dataset.schema.tables import TABLES, Table

_STRICT = ConfigDict(extra="forbid", strict=True)


def python_type(field: Field) -> Any:
    """The annotated Python type of one column's value (without nullability)."""
    if field.enum:
        return Literal[field.enum]  # type: ignore[valid-type]
    if field.type == "string":
        return Annotated[str, StringConstraints(min_length=1, pattern=field.pattern)]
    if field.type == "list":
        return list[Annotated[str, StringConstraints(min_length=1)]]
    scalar = {"integer": int, "number": float, "boolean": bool, "date": dt.date}[field.type]
    return Annotated[scalar, PydanticField(ge=field.minimum, le=field.maximum)]


def model_field(field: Field) -> tuple[Any, Any]:
    """(annotation, default) for `create_model`: nullable columns default to None."""
    annotation = python_type(field)
    extra = {"json_schema_extra": {"unit": field.unit}} if field.unit else {}
    if field.required:
        return annotation, PydanticField(description=field.description, **extra)
    return annotation | None, PydanticField(default=None, description=field.description, **extra)


def row_model(table: Table, *, include_derived: bool = True, base: type[BaseModel] | None = None,
              name: str | None = None, extra_fields: dict[str, Any] | None = None) -> type[BaseModel]:
    """A pydantic model of one row of `table`; without derived columns it is the shape of a curated record."""
    fields = {f.name: model_field(f) for f in table.fields if include_derived or not f.derived}
    fields.update(extra_fields or {})
    model_name = name or "".join(part.capitalize() for part in table.name.split("_")) + "Row"
    if base is None:
        return create_model(model_name, __config__=_STRICT, __doc__=f"{table.row}\n\n{table.description}",
                            **fields)
    return create_model(model_name, __base__=base, __doc__=f"{table.row}\n\n{table.description}", **fields)


ROW_MODELS: dict[str, type[BaseModel]] = {name: row_model(t) for name, t in TABLES.items()}
