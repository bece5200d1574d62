"""The one definition of every column: name, type, nullability, constraints, unit and description.

Every other face of the schema — pydantic row models, pandera schemas, the Frictionless Table Schema, the
Arrow schema, the JSON Schema and the data dictionary — is derived from these objects. This module imports
only the standard library so that the loader can read it without pulling in any validation library.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from dataset.schema import codes

FieldType = Literal["string", "integer", "number", "boolean", "date", "list"]

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Field:
    """One column. `list` columns hold lists of non-empty strings: an item is never null or empty."""

    name: str
    type: FieldType
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    references: str | None = None
    """Name of the table whose primary key this column references (a foreign key)."""
    verbatim: bool = False
    """The value is a substring of the source text, character for character."""
    derived: bool = False
    """Computed by the build; never written in the curated records."""

    def but(self, **changes: object) -> Field:
        """The same field with some attributes changed (a table-specific description, say)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def key(name: str, what: str) -> Field:
    """A primary-key column: a stable, readable slug."""
    return Field(name, "string", f"Stable identifier of the {what}: a lowercase slug.", pattern=SLUG)


def ref(name: str, table: str, description: str, required: bool = False) -> Field:
    """A foreign-key column referencing the primary key of `table`. It needs no pattern of its own: every value
    must equal a primary key, which has one."""
    return Field(name, "string", description, required=required, references=table)


def note(what: str) -> Field:
    return Field(
        "note",
        "string",
        f"Coding note on the {what}: normalizations from external sources (with their source), known "
        "conflicts between the article and other sources, and coding choices. Null when there is none.",
        required=False,
    )


SOURCE_ID = ref(
    "source_id",
    "sources",
    "The piece of the article that first reports this record.",
    required=True,
).but(derived=True)

COUNTRY_ISO3 = Field(
    "country_iso3",
    "string",
    "ISO 3166-1 alpha-3 code of the country.",
    required=False,
    pattern=r"^[A-Z]{3}$",
)

CAMEO_CODE = Field(
    "cameo_code",
    "string",
    "CAMEO event code (v1.1b3), as a string with its leading zeros.",
    enum=codes.CAMEO_CODES,
)
GOLDSTEIN = Field(
    "goldstein",
    "number",
    "Goldstein conflict–cooperation score of the CAMEO code, from the GDELT lookup table.",
    minimum=-10,
    maximum=10,
    derived=True,
)
QUAD_CLASS = Field(
    "quad_class",
    "integer",
    "GDELT QuadClass of the CAMEO code: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
    "4 material conflict.",
    minimum=1,
    maximum=4,
    derived=True,
)
PLOVER_EVENT_TYPE = Field(
    "plover_event_type",
    "string",
    "PLOVER event type (draft 2.0). Null where PLOVER has no type (it drops CAMEO roots 01 and 02).",
    required=False,
)
PLOVER_MODE = Field(
    "plover_mode",
    "string",
    "PLOVER mode: how the event was carried out. Null when the article does not say.",
    required=False,
)

DATE_START = Field("date_start", "date", "Earliest date on which the event can have happened.")
DATE_END = Field("date_end", "date", "Latest date on which the event can have happened.")
DATE_PRECISION = Field(
    "date_precision",
    "string",
    "How precisely the article dates the event: day, week, month, year, or range (a window bounded by "
    "the article's words and the dated context, never a guessed day).",
    enum=("day", "week", "month", "year", "range"),
)
DATE_TEXT = Field(
    "date_text",
    "string",
    "The article's words that date the event (e.g. 'on Friday afternoon'). Null when the article gives none.",
    required=False,
    verbatim=True,
)
DATE_RESOLUTION = Field(
    "date_resolution",
    "string",
    "What the date window was resolved against: the anchor of a relative date and its source, or what "
    "bounds an undated event.",
)

DIRECT_OR_INDIRECT = ("direct", "indirect")
