"""GDELT 2.0 event table: its 61 columns in file order, one row per statement (docs/references.md, GDELT 2.0 events
and CAMEO)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dataset.exports.layouts import Column, Layout, Unit, column, empty
from dataset.exports.package import PackageRows
from dataset.schema import codes

ACTOR_ROLES = {"Actor1": "speaker_actor_id", "Actor2": "target_actor_id"}


def statement_units(package: PackageRows) -> list[Unit]:
    """One unit per statement, with its speaker and target."""
    units = []
    for r in package.records("statements"):
        actors = tuple(("actors", a) for a in (r["speaker_actor_id"], r["target_actor_id"]) if a)
        units.append(Unit("statements", r, package, actors))
    return units


def event_day(unit: Unit) -> dt.date:
    """The day GDELT gives the event: the day itself for a one-day window; for a longer window its last day,
    the latest day the article's dating allows (GDELT dates an event by the report that carries it, never after
    it). The whole window stays in the statements table, which `dataset_provenance` names."""
    return unit.record["date_end"]


def _date_number(unit: Unit, form: str) -> int:
    """The event's day as a number in GDELT's form: `%Y%m%d`, `%Y%m` or `%Y` read as a number."""
    day = event_day(unit)
    return {"%Y%m%d": day.year * 10000 + day.month * 100 + day.day, "%Y%m": day.year * 100 + day.month,
            "%Y": day.year}[form]


def fraction_date(day: dt.date) -> float:
    """YYYY.FFFF with FFFF = ((month - 1) * 30 + day) / 365, rounded to four decimals, as real GDELT 2.0 rows
    carry it (2008-03-25 → 2008.2329, 2017-03-23 → 2017.2274, 2018-02-21 → 2018.1397 in aamend/spark-gdelt's
    events.csv; 2014-02-18 → 2014.1315). The codebook's text says `MONTH * 30`, which the rows do not follow."""
    return round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)


def is_root_event(unit: Unit) -> int:
    """1 when a span of the statement's text starts in the lead paragraph of its piece, else 0."""
    package, r = unit.package, unit.record
    start, end = package.lead_paragraph(r["source_id"])
    spans = package.evidence_rows("statements", r["statement_id"], "text")
    return int(any(start <= span.start < end for span in spans))


def num_mentions(unit: Unit) -> int:
    """Mentions of the event in the one article: the statement's `text` spans (at least 1)."""
    return max(1, len(unit.package.evidence_rows("statements", unit.record["statement_id"], "text")))


def actor_code(unit: Unit, role: str) -> str | None:
    return unit.package.cameo_part(unit.record[role], 0)


def code_part(unit: Unit, role: str, index: int) -> str | None:
    """The index-th three-letter part of a CAMEO actor code: 0 the country, 1–3 the agent types."""
    return unit.package.cameo_part(unit.record[role], index + 1)


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
              "The tables record none (the CAMEO codebook, docs/references.md, CAMEO, publishes no code for Jaish "
              "ul-Adl)."),
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
        column(f"{prefix}_Type", "integer", "GDELT geographic resolution (0 none, 1 country … 5 world city).", "",
               "0, GDELT's value for no location (real rows write 0 and leave the other Geo columns empty): the "
               "tables do not locate statements.", lambda u: 0, required=True, codes=(0, 1, 2, 3, 4, 5)),
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
    empty("GLOBALEVENTID", "integer", "GDELT's event identifier.",
          "GDELT assigns it; an invented number could collide with a real GDELT event (the row's own ids are in "
          "`dataset_provenance`)."),
    column("SQLDATE", "integer", "Date of the event, YYYYMMDD.", "statements.date_start, statements.date_end",
           "Every event is dated, as in GDELT: the day for a one-day window; for a longer window its last day (the "
           "latest day the article's dating allows: GDELT dates an event by the report that carries it, never "
           "after it). The window itself is in the statements table.", lambda u: _date_number(u, "%Y%m%d"),
           required=True, minimum=10000101, maximum=99991231),
    column("MonthYear", "integer", "YYYYMM.", "SQLDATE", "The month of SQLDATE.",
           lambda u: _date_number(u, "%Y%m"), required=True),
    column("Year", "integer", "YYYY.", "SQLDATE", "The year of SQLDATE.", lambda u: _date_number(u, "%Y"),
           required=True),
    column("FractionDate", "number", "YYYY.FFFF: the year plus the fraction of it elapsed.", "SQLDATE",
           "YYYY + ((month − 1) × 30 + day) / 365, four decimals, as real GDELT 2.0 rows carry it (2014-02-18 → "
           "2014.1315); the codebook's `MONTH * 30` is off by a month against its own rows.",
           lambda u: fraction_date(event_day(u)), required=True),
    *_actor_columns("Actor1", ACTOR_ROLES["Actor1"]),
    *_actor_columns("Actor2", ACTOR_ROLES["Actor2"]),
    column("IsRootEvent", "integer", "1 if the event is in the lead paragraph.",
           "evidence.start (field `text`), sources.text_start, evidence (field `headline`)",
           "1 when a `text` span of the statement starts in the lead paragraph of its piece (the first line after "
           "the piece's headline), else 0: GDELT's flag for events in a document's lead paragraph.", is_root_event,
           required=True, codes=(0, 1)),
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
    column("NumMentions", "integer", "Mentions of the event in the documents where it was first seen.",
           "evidence (field `text`) of the statement",
           "GDELT counts the mentions in the documents of the update that first saw the event, several mentions in "
           "one document included; here that is one article: the number of the statement's `text` spans (1 for "
           "one).", num_mentions, required=True, minimum=1),
    column("NumSources", "integer", "Sources mentioning the event where it was first seen.", "",
           "1: the event is coded from one source (GDELT's count for an event first seen in one source).",
           lambda u: 1, required=True, minimum=1),
    column("NumArticles", "integer", "Documents mentioning the event where it was first seen.", "",
           "1: the event is coded from one article.", lambda u: 1, required=True, minimum=1),
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
NAME = "gdelt"

LAYOUT = Layout(
    name=NAME,
    flavor="bigquery",
    distribution="GDELT 2.0 events as BigQuery's `gdelt-bq.gdeltv2.events` table and the header-row schema GDELT "
                 "users load name and type them (linwoodc3/gdeltPyR: utils/schema_csvs/"
                 "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv): INTEGER as 64-bit integers, FLOAT as "
                 "doubles, STRING as text (`EventCode` keeps its leading zero); the raw tab-separated files have the "
                 "same 61 columns in the same order, without a header.",
    title="GDELT 2.0 events",
    row="One statement of the package, as a GDELT 2.0 event (speaker → target).",
    codebook="The GDELT 2.0 event table's 61 columns in file order with BigQuery's names and types "
             "(linwoodc3/gdeltPyR: utils/schema_csvs/GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv). The "
             "codebook PDF spells columns 1 and 2 `GlobalEventID` and `Day`; BigQuery, gdeltPyR and the header-row "
             "file name them `GLOBALEVENTID` and `SQLDATE`, as this export does.",
    units=statement_units,
    columns=COLUMNS,
    decisions=(
        "Rows: one per statement (the incidents are exported in the ACLED and UCDP layouts). A reciprocal CAMEO "
        "act (041, a phone call) is already two statements in the tables, one per direction.",
        "GDELT's files are tab-separated without a header; `--format csv` writes comma-separated values with "
        "the header row, like the other layouts.",
        "Readers: pandas, polars and DuckDB read `EventCode`, `EventBaseCode` and `EventRootCode` as numbers by "
        "default, dropping the leading zero; GDELT's schema asks for text, so read them as text (`dtype=str`, "
        "`schema_overrides={…: pl.String}`, `types={…: 'VARCHAR'}`), as the export writes them.",
        "Columns no rule can fill stay empty, as GDELT leaves unknowns blank: the event id, the actors' "
        "group/ethnic/religion codes, AvgTone (GDELT's tone engine), the actor and action geography beyond "
        "`*Geo_Type` 0, and DATEADDED (an ingestion time).",
    ),
)

FLAVORS = {LAYOUT.flavor: LAYOUT}
