"""GDELT 2.0 event table: its 61 columns in file order, one row per statement (event-coding.md §10, §3, §5)."""

from __future__ import annotations

from typing import Any

from dataset import codes
from dataset.exports.layouts import Column, Layout, Unit, column, empty
from dataset.exports.package import Package, same_month, same_year

ACTOR_ROLES = {"Actor1": "speaker_actor_id", "Actor2": "target_actor_id"}
COVERAGE = ("GDELT counts it over every article its monitoring saw; one article cannot give that figure, and "
            "a count of this package's one article would read as GDELT coverage, so it stays empty.")


def statement_units(package: Package) -> list[Unit]:
    """One unit per statement, with its speaker and target."""
    units = []
    for r in package.records("statements"):
        actors = tuple(("actors", a) for a in (r["speaker_actor_id"], r["target_actor_id"]) if a)
        units.append(Unit("statements", r, package, actors))
    return units


def _date_number(unit: Unit, form: str) -> int:
    """The window's first day as a number in GDELT's form (`%Y%m%d`, `%Y%m` or `%Y`)."""
    return int(unit.record["date_start"].strftime(form))


def day(unit: Unit) -> int | None:
    r = unit.record
    return _date_number(unit, "%Y%m%d") if r["date_start"] == r["date_end"] else None


def month_year(unit: Unit) -> int | None:
    return _date_number(unit, "%Y%m") if same_month(unit.record) else None


def year(unit: Unit) -> int | None:
    return _date_number(unit, "%Y") if same_year(unit.record) else None


def actor_code(unit: Unit, role: str) -> str | None:
    actor = unit.package.actor(unit.record[role])
    return None if actor is None else actor["cameo_actor_code"]


def code_part(unit: Unit, role: str, index: int) -> str | None:
    """The index-th three-letter part of a CAMEO actor code: 0 the country, 1–3 the agent types."""
    code = actor_code(unit, role)
    if code is None or len(code) < 3 * (index + 1):
        return None
    return code[3 * index: 3 * index + 3]


def _actor_columns(prefix: str, role: str) -> tuple[Column, ...]:
    who = "the speaker" if prefix == "Actor1" else "the target (addressee)"
    src = f"statements.{role} → actors"
    return (
        column(f"{prefix}Code", "string", f"CAMEO actor code of {who}.", f"{src}.cameo_actor_code",
               "Copied; empty where no CAMEO code is published for the actor.", lambda u: actor_code(u, role),
               pattern=r"^(?:[A-Z]{3}){1,3}$"),
        column(f"{prefix}Name", "string", f"Name of {who}.", f"{src}.name",
               "The package's canonical name (GDELT writes its dictionary's name, upper-case).",
               lambda u: u.package.actor_name(u.record[role])),
        column(f"{prefix}CountryCode", "string", f"3-letter CAMEO country code of {who}.",
               f"{src}.cameo_actor_code", "The first three letters of the CAMEO actor code.",
               lambda u: code_part(u, role, 0), pattern=r"^[A-Z]{3}$"),
        empty(f"{prefix}KnownGroupCode", "string", "CAMEO known-group code (IGOs, NGOs, rebel groups).",
              "The tables record none (no CAMEO code is published for Jaish ul-Adl, event-coding.md §3)."),
        empty(f"{prefix}EthnicCode", "string", "CAMEO ethnic code.", "The tables record none."),
        empty(f"{prefix}Religion1Code", "string", "CAMEO religion code.", "The tables record none."),
        empty(f"{prefix}Religion2Code", "string", "CAMEO religion code.", "The tables record none."),
        *(column(f"{prefix}Type{n}Code", "string", f"CAMEO agent type {n} of {who}.", f"{src}.cameo_actor_code",
                 f"The three letters at position {3 * n + 1}–{3 * n + 3} of the CAMEO actor code (e.g. GOV).",
                 lambda u, n=n: code_part(u, role, n), pattern=r"^[A-Z]{3}$") for n in (1, 2, 3)),
    )


def _geo_columns(prefix: str) -> tuple[Column, ...]:
    why = ("The tables do not locate statements (GDELT geocodes places named near the event); Geo country "
           "codes are FIPS 10-4, for which no published mapping is available offline.")
    return (
        empty(f"{prefix}_Type", "integer", "GDELT geographic resolution (1 country … 5 world city).", why),
        empty(f"{prefix}_FullName", "string", "Full place name.", why),
        empty(f"{prefix}_CountryCode", "string", "FIPS 10-4 country code.", why),
        empty(f"{prefix}_ADM1Code", "string", "FIPS country code plus ADM1 code.", why),
        empty(f"{prefix}_ADM2Code", "string", "ADM2 code.", why),
        empty(f"{prefix}_Lat", "number", "Latitude.", why),
        empty(f"{prefix}_Long", "number", "Longitude.", why),
        empty(f"{prefix}_FeatureID", "string", "GNS or GNIS feature id.", why),
    )


def _cameo(part: int):
    return lambda u: u.record["cameo_code"][:part] if part else u.record["cameo_code"]


def source_url(unit: Unit) -> Any:
    return unit.package.source(unit.record["source_id"])["url"]


COLUMNS: tuple[Column, ...] = (
    empty("GlobalEventID", "integer", "GDELT's event identifier.",
          "GDELT assigns it; an invented number could collide with a real GDELT event (the row's own ids are in "
          "`dataset_provenance`)."),
    column("Day", "integer", "Date of the event, YYYYMMDD.", "statements.date_start, statements.date_end",
           "The day when the window is one day; empty otherwise (GDELT would use the publication date, which the "
           "article does not print).", day, minimum=10000101, maximum=99991231),
    column("MonthYear", "integer", "YYYYMM.", "statements.date_start, statements.date_end",
           "The month when the window lies in one calendar month; else empty.", month_year),
    column("Year", "integer", "YYYY.", "statements.date_start, statements.date_end",
           "The year when the window lies in one calendar year; else empty.", year),
    empty("FractionDate", "number", "YYYY.FFFF: the year plus the fraction of it elapsed.",
          "GDELT's formula for FFFF is not in the project's references (§10 gives only the format)."),
    *_actor_columns("Actor1", ACTOR_ROLES["Actor1"]),
    *_actor_columns("Actor2", ACTOR_ROLES["Actor2"]),
    empty("IsRootEvent", "integer", "1 if the event is in the lead paragraph.",
          "GDELT's definition is not in the project's references (§10 names the column only)."),
    column("EventCode", "string", "CAMEO event code, with its leading zero.", "statements.cameo_code", "Copied.",
           _cameo(0), required=True, enum=codes.CAMEO_CODES),
    column("EventBaseCode", "string", "The CAMEO code's first three digits.", "statements.cameo_code",
           "The first three characters.", _cameo(3), required=True, pattern=r"^[0-9]{3}$"),
    column("EventRootCode", "string", "The CAMEO root (two digits).", "statements.cameo_code",
           "The first two characters.", _cameo(2), required=True, pattern=r"^[0-9]{2}$"),
    column("QuadClass", "integer", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material "
           "conflict.", "statements.quad_class", "Copied (GDELT's root → quad map, computed by the build).",
           lambda u: u.record["quad_class"], required=True, codes=tuple(codes.GDELT_QUAD_CLASSES)),
    column("GoldsteinScale", "number", "Goldstein score of the event code.", "statements.goldstein",
           "Copied (the GDELT lookup table, computed by the build).", lambda u: u.record["goldstein"],
           required=True, minimum=-10, maximum=10),
    empty("NumMentions", "integer", "Mentions of the event in GDELT's coverage.", COVERAGE),
    empty("NumSources", "integer", "Sources mentioning the event in GDELT's coverage.", COVERAGE),
    empty("NumArticles", "integer", "Articles mentioning the event in GDELT's coverage.", COVERAGE),
    empty("AvgTone", "number", "Average tone of those articles.",
          "GDELT's tone engine scores every article that mentions the event; the package computes no tone."),
    *_geo_columns("Actor1Geo"),
    *_geo_columns("Actor2Geo"),
    *_geo_columns("ActionGeo"),
    empty("DATEADDED", "integer", "When GDELT added the event, YYYYMMDDHHMMSS (UTC).",
          "A GDELT ingestion time; writing the export time would break byte-identical exports."),
    column("SOURCEURL", "string", "Address of the source article.", "statements.source_id → sources.url",
           "The URL of the piece; empty where it is unknown.", source_url, pattern=r"^https?://\S+$"),
)

LAYOUT = Layout(
    name="gdelt",
    title="GDELT 2.0 events",
    row="One statement of the package, as a GDELT 2.0 event (speaker → target).",
    codebook="The GDELT 2.0 event table's 61 columns in file order, with the GDELT 2.0 codebook's names "
             "(event-coding.md §10, [S]: several public schemas agree; the GDELT 2.0 Event Codebook PDF is not "
             "verified). Variant: the BigQuery tables and GDELT 1.0 call column 1 `GLOBALEVENTID` and column 2 "
             "`SQLDATE`; this export writes `GlobalEventID` and `Day`. Types [U: §10 gives names and formats, not "
             "types]: integers for the YYYYMMDD-style dates and for counts, numbers for scores and coordinates, "
             "strings for codes (`EventCode` keeps its leading zero, as §10 says).",
    units=statement_units,
    columns=COLUMNS,
    decisions=(
        "Rows: one per statement (the incidents are exported in the ACLED and UCDP layouts). A reciprocal CAMEO "
        "act (041, a phone call) is already two statements in the tables, one per direction.",
        "GDELT's files are tab-separated without a header; `--format csv` writes comma-separated values with "
        "the header row, like the other layouts.",
    ),
)
