"""The validator's layers and rules, each defined once: a stable short id (`<layer>.<rule>`), a title and a
one-paragraph description.

Every `Problem` the validator reports carries one of these ids as its `rule`; `validate --skip` and `--only`
take them; docs/rules.md is written from them. An id never depends on a code list or on a library's error text:
the schema layer maps each pandera check to its id by the check's kind (`schema.enum` for every `isin`, whatever
the codes), so adding a code changes no id. The frictionless layer's ids are `frictionless.<error type>`, with
the titles and descriptions frictionless itself gives its error classes (read from `frictionless.errors` when
asked for, so that importing the validator does not import frictionless).

Adding a rule: one `Rule` below, then the check that reports it under that id, then its test.
"""

from __future__ import annotations

import difflib
import functools
import inspect
from dataclasses import dataclass


@dataclass(frozen=True)
class Layer:
    name: str
    title: str
    description: str


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    description: str

    @property
    def layer(self) -> str:
        return self.id.split(".", 1)[0]


LAYER_LIST = (
    Layer("files", "Files", "The descriptor and every file it names: present, inside the package folder, sizes "
          "and sha256 hashes as declared, Parquet footers and source texts readable. Reading is checking: the "
          "tables this layer reads are the ones the later layers check. Its problems that leave the package "
          "unreadable are fatal (exit 2)."),
    Layer("schema", "Schema", "Every table's columns (none missing, none unexpected), their types, nulls, code "
          "lists, patterns and ranges, as the pandera schemas derived from dataset.schema.tables declare them. Later "
          "layers check only the tables whose columns and types are sound."),
    Layer("keys", "Keys", "Primary keys present and unique; every foreign key names a row of its parent table."),
    Layer("rules", "Rules", "Checks across the columns of a row or the rows of a table: date windows, code "
          "crosswalks (CAMEO, Goldstein, QuadClass, PLOVER, ACLED), ISO 3166 codes, spans, actor ancestry and "
          "casualty counts."),
    Layer("provenance", "Provenance", "Every evidence span equals the source text at its offsets and lies in "
          "its piece; every verbatim value occurs in an evidence span of its record; every record has evidence "
          "and carries the source of its earliest span."),
    Layer("frictionless", "Frictionless", "The package as the Frictionless Data standard reads it: the "
          "descriptor, the CSV twins' hashes and cells (by frictionless), and each CSV twin equal cell for cell to "
          "its Parquet file."),
)
LAYERS = tuple(layer.name for layer in LAYER_LIST)
"""The layers, in the order they run."""


def _rules(layer: str, *rules: tuple[str, str, str]) -> list[Rule]:
    return [Rule(f"{layer}.{name}", title, description) for name, title, description in rules]


RULE_LIST: tuple[Rule, ...] = tuple([
    *_rules(
        "files",
        ("descriptor", "Descriptor readable", "The descriptor is a readable, bounded JSON data package, and each "
         "of its file entries is an object."),
        ("present", "File present", "The descriptor exists, declares a resource for every table of the schema, "
         "and every file it names (Parquet, CSV twin, source text) can be opened."),
        ("path-refused", "Path inside the package", "A path the package names is refused when it leaves the "
         "package folder, is absolute or a URL, or goes through a symbolic link; nothing outside is opened."),
        ("bytes", "Size as declared", "A file has the number of bytes its descriptor entry declares (a "
         "truncated or replaced file)."),
        ("hash", "Hash as declared", "A Parquet file or source text has the sha256 its descriptor entry or its "
         "sources row declares."),
        ("readable", "Readable", "A Parquet file's footer and pages can be read, every part of a partitioned "
         "table has the first part's columns, and a source text is UTF-8 within the size limit."),
        ("resources", "Resources of the schema", "The descriptor declares each table once, and no resource this "
         "schema does not have."),
    ),
    *_rules(
        "schema",
        ("missing-column", "Column present", "Every column of the table's schema is in the table."),
        ("unexpected-column", "No unexpected column", "The table has no column its schema does not declare."),
        ("type", "Column type", "A column has its declared type (string, integer, number, boolean, date or "
         "list of strings)."),
        ("required", "Required value", "A column that must have a value has no null."),
        ("enum", "Code list", "A coded column's value is one of the codes of its code list (dataset.schema.codes)."),
        ("pattern", "Pattern", "A value matches its column's pattern (identifiers, ISO codes, hashes)."),
        ("not-empty", "Non-empty text", "A free-text value is not the empty string (unknown is null)."),
        ("minimum", "Minimum", "A number is at least its column's minimum."),
        ("maximum", "Maximum", "A number is at most its column's maximum."),
        ("list-items", "List items", "Every item of a list column is a non-empty string."),
    ),
    *_rules(
        "keys",
        ("primary-key", "Primary key", "Every row has a primary key, and no two rows share one."),
        ("foreign-key", "Foreign key", "A foreign key's value is the primary key of a row of its parent table."),
    ),
    *_rules(
        "rules",
        ("counts-ordered", "Counts ordered", "A casualty figure's counts satisfy count_low <= count_best <= "
         "count_high."),
        ("date-order", "Date order", "date_start is not after date_end."),
        ("day-precision", "Day precision", "A 'day' precision means one day: date_start equals date_end."),
        ("week-precision", "Week precision", "A 'week' window spans at most seven days."),
        ("month-precision", "Month precision", "A 'month' window runs from the first to the last day of one "
         "month."),
        ("year-precision", "Year precision", "A 'year' window runs from 1 January to 31 December of one year."),
        ("weekday-matches-text", "Weekday of the date text", "A resolved date falls on the weekday its date_text "
         "names."),
        ("goldstein-of-cameo", "Goldstein score of the CAMEO code", "goldstein is the GDELT Goldstein score of "
         "cameo_code."),
        ("quad-class-of-cameo", "QuadClass of the CAMEO code", "quad_class is the GDELT QuadClass of "
         "cameo_code."),
        ("plover-type-of-cameo", "PLOVER type of the CAMEO code", "plover_event_type agrees with cameo_code "
         "under the CAMEO to PLOVER crosswalk (PLOVER manual 2.0, CAMEO2PLOVER-2021)."),
        ("plover-mode-of-type", "PLOVER mode of the type", "plover_mode is one of the modes of its "
         "plover_event_type (PLOVER manual 2.0)."),
        ("platform-of-social-media", "Platform of social media", "channel_platform is set only for a statement "
         "whose channel is social_media."),
        ("acled-sub-event-of-event", "ACLED sub-event of the event type", "sub_event_type is one of its "
         "event_type's sub-event types in the ACLED codebook."),
        ("iso3166-1-exists", "ISO 3166-1 country", "A country code is an ISO 3166-1 alpha-3 code."),
        ("iso3166-2-exists", "ISO 3166-2 subdivision", "admin1_iso is an ISO 3166-2 subdivision code."),
        ("iso3166-2-in-country", "Subdivision of the country", "admin1_iso is a subdivision of country_iso3."),
        ("coordinates-paired", "Coordinates paired", "latitude and longitude are both set or both null."),
        ("piece-range", "Piece range", "A source piece's text_start is before its text_end."),
        ("span-not-empty", "Span not empty", "An evidence span's start is before its end."),
        ("supports-exactly-one-record", "One record per evidence row", "An evidence row sets exactly one of its "
         "four record keys."),
        ("field-of-its-record", "Field of its record", "An evidence row's field is a column or aspect of the "
         "table of the record it supports (dataset.schema.tables.evidence_fields)."),
        ("not-own-ancestor", "Not its own ancestor", "An actor's parent_actor_id chain never loops back to it."),
        ("count-in-evidence", "Count printed in the evidence", "A casualty count is a number its count evidence "
         "prints, or a sum of them (English texts only; see dataset.validation.counts)."),
    ),
    *_rules(
        "provenance",
        ("piece-in-text", "Piece within its text", "A source piece's range lies within its text."),
        ("verbatim", "Verbatim value", "A dateline occurs in its piece, and every verbatim value (quotes, "
         "aliases, date and place words) occurs in an evidence span of its record."),
        ("span-in-text", "Span within its text", "An evidence span's range lies within its source text."),
        ("span-matches-text", "Span equals the text", "An evidence span's text equals the source text at its "
         "offsets."),
        ("span-in-piece", "Span within its piece", "An evidence span lies within the piece of its source_id."),
        ("has-evidence", "Record has evidence", "Every record (actors, statements, incidents, casualties) has at "
         "least one evidence row."),
        ("first-reporting-source", "First reporting source", "A record's source_id is the source of its "
         "earliest evidence span."),
    ),
    *_rules(
        "frictionless",
        ("reference", "Reference refused", "A descriptor part frictionless would fetch or open ($ref, a remote "
         "or outside path, a non-standard profile) is refused before frictionless sees it."),
        ("descriptor", "Descriptor for frictionless", "frictionless can open the package's descriptor."),
        ("csv-twin", "CSV twin equals Parquet", "Each CSV twin can be read and equals its Parquet file cell for "
         "cell."),
    ),
])
"""The rules this project defines; the frictionless layer adds frictionless's own error types
(`frictionless_rules`)."""

RULES = {rule.id: rule for rule in RULE_LIST}
FRICTIONLESS = "frictionless"


@functools.cache
def frictionless_rules() -> tuple[Rule, ...]:
    """`frictionless.<type>` for every error class of frictionless.errors, with frictionless's own title and
    description."""
    from dataset.validation.frictionless_check import import_frictionless

    frictionless = import_frictionless()
    classes = [c for c in vars(frictionless.errors).values()
               if inspect.isclass(c) and issubclass(c, frictionless.Error)]
    return tuple(Rule(f"{FRICTIONLESS}.{c.type}", c.title, c.description)
                 for c in sorted(classes, key=lambda c: c.type) if f"{FRICTIONLESS}.{c.type}" not in RULES)


def all_rules() -> tuple[Rule, ...]:
    """Every rule, this project's and frictionless's, in layer order."""
    every = (*RULE_LIST, *frictionless_rules())
    return tuple(sorted(every, key=lambda r: LAYERS.index(r.layer)))


def rule_id(name: str) -> str:
    """`name`, checked to be a registered rule of this project (raises KeyError at import for a typo)."""
    if name not in RULES:
        raise KeyError(f"unregistered validation rule {name!r}")
    return name


def title_of(rule: str) -> str | None:
    found = RULES.get(rule)
    if found is None and rule.startswith(FRICTIONLESS + "."):
        found = next((r for r in frictionless_rules() if r.id == rule), None)
    return found.title if found else None


class UnknownRule(ValueError):
    """A --skip/--only name that is no layer and no rule id; its message suggests the nearest ids."""


def resolve(skip: list[str] | tuple[str, ...] = (), only: list[str] | tuple[str, ...] = ()
            ) -> tuple[frozenset[str], frozenset[str]]:
    """(layers to skip, rule ids to skip) from --skip (layer names or rule ids) and --only (layer names).
    Raises UnknownRule for a name that is neither. The files layer reads the package, so it always runs; its
    rules can be skipped one by one."""
    if only:
        for name in only:
            if name not in LAYERS:
                raise UnknownRule(_unknown(name, LAYERS, "layer"))
    layers = {name for name in LAYERS if only and name not in only and name != "files"}
    rules: set[str] = set()
    for name in skip:
        if name in LAYERS:
            if name == "files":
                raise UnknownRule("the files layer reads the package and cannot be skipped; skip its rules "
                                  "(files.hash, ...) one by one")
            layers.add(name)
            continue
        if name not in RULES and title_of(name) is None:  # frictionless is imported only for its own ids
            ids = [r.id for r in all_rules()]
            raise UnknownRule(_unknown(name, (*LAYERS, *ids), "layer or rule id"))
        rules.add(name)
    return frozenset(layers), frozenset(rules)


def _unknown(name: str, known: tuple[str, ...] | list[str], what: str) -> str:
    near = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; known: {', '.join(LAYERS)} or a rule id"
    return f"unknown {what} {name!r}{hint} (docs/rules.md lists them)"
