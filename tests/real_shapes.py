"""Facts about the real files each export layout must drop into: column names in file order, the kind of value
each column holds, how the real file writes it, and the type each common reader gives it. Each list names its
public source. No third-party data rows: `sample_csv` writes made-up values in the real file's text forms, so
that the tests can read them the way the datasets' users do (pandas and polars `read_csv` defaults, DuckDB
`read_csv`).

A column is (name, kind, made-up cell, made-up cell): kind `int`, `float` or `str`; an empty cell is "" (as the
real files leave it). Reader types follow from the kind (`READER_TYPES`), except where a reader types the real
text otherwise (`DUCKDB_OVERRIDES`: DuckDB's sniffer reads date text as DATE or TIMESTAMP).
"""

from __future__ import annotations

from pathlib import Path

READER_TYPES = {
    "pandas": {"int": "int64", "float": "float64", "str": "str"},
    "polars": {"int": "Int64", "float": "Float64", "str": "String"},
    "duckdb": {"int": "BIGINT", "float": "DOUBLE", "str": "VARCHAR"},
}
"""The type each reader gives a column of each kind with its defaults (pandas 3 reads text as its `str` dtype;
an integer column with an empty cell is float64 in pandas)."""

Column = tuple[str, str, str, str]

# ACLED: the 31 columns in the order of dtacled/acledR tests/testthat/setup-acled_api.R (`columns`). Kinds as
# read from the API's CSV: inter1/inter2/interaction are text labels by default (R/acled_api.R: `inter_numeric =
# FALSE` sends `inter_num=0`), numbers with `inter_num=1`; event_date is `YYYY-MM-DD` text (R/acled_api.R filters
# `event_date` with `yyyy-mm-dd` strings).
ACLED_LABELS: tuple[Column, ...] = (
    ("event_id_cnty", "str", "XYZ101", "XYZ102"),
    ("event_date", "str", "2021-03-04", "2021-03-05"),
    ("year", "int", "2021", "2021"),
    ("time_precision", "int", "1", "2"),
    ("disorder_type", "str", "Political violence", "Demonstrations"),
    ("event_type", "str", "Battles", "Protests"),
    ("sub_event_type", "str", "Armed clash", "Peaceful protest"),
    ("actor1", "str", "Military Forces of Testland (2000-)", "Protesters (Testland)"),
    ("assoc_actor_1", "str", "", "Teachers (Testland)"),
    ("inter1", "str", "State Forces", "Protesters"),
    ("actor2", "str", "Rebel group A", ""),
    ("assoc_actor_2", "str", "", "Students (Testland)"),
    ("inter2", "str", "Rebel Groups", ""),
    ("interaction", "str", "State Forces-Rebel Groups", "Sole Protesters"),
    ("civilian_targeting", "str", "", "Civilian targeting"),
    ("iso", "int", "999", "999"),
    ("region", "str", "Middle East", "Middle East"),
    ("country", "str", "Testland", "Testland"),
    ("admin1", "str", "North", "South"),
    ("admin2", "str", "North-West", "South-East"),
    ("admin3", "str", "", "Centre"),
    ("location", "str", "Town A", "Town B"),
    ("latitude", "float", "12.3456", "-1.5"),
    ("longitude", "float", "45.6789", "30.25"),
    ("geo_precision", "int", "1", "2"),
    ("source", "str", "Testland Daily", "Wire service"),
    ("source_scale", "str", "National", "International"),
    ("notes", "str", "On 4 March 2021, a made-up clash.", "On 5 March 2021, a made-up protest."),
    ("fatalities", "int", "2", "0"),
    ("tags", "str", "", "crowd size=no report"),
    ("timestamp", "int", "1614900000", "1614990000"),
)
ACLED_NUMERIC: tuple[Column, ...] = tuple(
    {"inter1": ("inter1", "int", "1", "6"), "inter2": ("inter2", "int", "2", "0"),
     "interaction": ("interaction", "int", "12", "60")}.get(c[0], c) for c in ACLED_LABELS)

# UCDP GED: the 49 columns of the CSV release's header row (GEDEvent_v22_1.csv and later; the same names and order
# as the API's GedDb object, api-evangelist/uppsala json-structure/uppsala-gedevent-structure.json). Dates are
# written `1991-11-24 00:00:00.000` and deaths_* as 0 where none (GED 22.1 rows as mapme-initiative/
# mapme.biodiversity inst/res/ucdp_ged/ged221-csv.gpkg keeps them); active_year is 1/0 and the *_dset_id and
# gwnoa/gwnob columns are numbers in the CSV (GED codebook 22.1; gwnob is empty for non-state sides).
UCDP_CSV: tuple[Column, ...] = (
    ("id", "int", "101", "102"),
    ("relid", "str", "TST-2021-1-101-1", "TST-2021-1-102-2"),
    ("year", "int", "2021", "2021"),
    ("active_year", "int", "1", "0"),
    ("code_status", "str", "Clear", "Clear"),
    ("type_of_violence", "int", "1", "3"),
    ("conflict_dset_id", "int", "900", "901"),
    ("conflict_new_id", "int", "900", "901"),
    ("conflict_name", "str", "Testland: Government", "Group A - Civilians"),
    ("dyad_dset_id", "int", "910", "911"),
    ("dyad_new_id", "int", "910", "911"),
    ("dyad_name", "str", "Government of Testland - Group A", "Group A - Civilians"),
    ("side_a_dset_id", "int", "990", "991"),
    ("side_a_new_id", "int", "990", "991"),
    ("side_a", "str", "Government of Testland", "Group A"),
    ("side_b_dset_id", "int", "992", "1"),
    ("side_b_new_id", "int", "992", "1"),
    ("side_b", "str", "Group A", "Civilians"),
    ("number_of_sources", "int", "2", "1"),
    ("source_article", "str", "Testland Daily, 2021-03-05", "Wire service, 2021-03-06"),
    ("source_office", "str", "Testland Daily", "Wire service"),
    ("source_date", "str", "2021-03-05 00:00:00.000", "2021-03-06 00:00:00.000"),
    ("source_headline", "str", "Made-up headline", "Another made-up headline"),
    ("source_original", "str", "police", "residents"),
    ("where_prec", "int", "1", "4"),
    ("where_coordinates", "str", "Town A town", "North province"),
    ("where_description", "str", "Town A", "North province"),
    ("adm_1", "str", "North province", "North province"),
    ("adm_2", "str", "North-West district", ""),
    ("latitude", "float", "12.3456", "13.0"),
    ("longitude", "float", "45.6789", "46.0"),
    ("geom_wkt", "str", "POINT (45.6789 12.3456)", "POINT (46 13)"),
    ("priogrid_gid", "int", "100001", "100002"),
    ("country", "str", "Testland", "Testland"),
    ("country_id", "int", "999", "999"),
    ("region", "str", "Middle East", "Middle East"),
    ("event_clarity", "int", "1", "2"),
    ("date_prec", "int", "1", "4"),
    ("date_start", "str", "2021-03-04 00:00:00.000", "2021-03-01 00:00:00.000"),
    ("date_end", "str", "2021-03-04 00:00:00.000", "2021-03-31 00:00:00.000"),
    ("deaths_a", "int", "1", "0"),
    ("deaths_b", "int", "2", "0"),
    ("deaths_civilians", "int", "0", "3"),
    ("deaths_unknown", "int", "0", "0"),
    ("best", "int", "3", "3"),
    ("high", "int", "4", "5"),
    ("low", "int", "3", "2"),
    ("gwnoa", "int", "999", "999"),
    ("gwnob", "int", "998", ""),
)

_GDELT_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
_GDELT_GEO = (("Type", "int"), ("FullName", "str"), ("CountryCode", "str"), ("ADM1Code", "str"),
              ("ADM2Code", "str"), ("Lat", "float"), ("Long", "float"), ("FeatureID", "str"))


def _actor(prefix: str) -> tuple[Column, ...]:
    made_up = {"Code": "TSTGOV", "Name": "TESTLAND", "CountryCode": "TST", "Type1Code": "GOV"}
    return tuple((f"{prefix}{c}", "str", made_up.get(c, "XYZ"), "") for c in _GDELT_ACTOR)


def _geo(prefix: str) -> tuple[Column, ...]:
    made_up = {"Type": ("4", "0"), "FullName": ("Town A, North, Testland", ""), "CountryCode": ("TS", ""),
               "ADM1Code": ("TS01", ""), "ADM2Code": ("TS089", ""), "Lat": ("12.3456", ""),
               "Long": ("45.6789", ""), "FeatureID": ("TS01", "")}
    return tuple((f"{prefix}_{c}", kind, *made_up[c]) for c, kind in _GDELT_GEO)


# GDELT 2.0 events: the 61 columns with BigQuery's names and types (linwoodc3/gdeltPyR utils/schema_csvs/
# GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv: INTEGER -> int, FLOAT -> float, STRING -> str). Real rows
# (aamend/spark-gdelt src/test/resources/com/aamend/spark/gdelt/events.csv) fill SQLDATE, MonthYear, Year,
# FractionDate, IsRootEvent, the counts and every *Geo_Type (0 for no location) in every row; EventCode keeps its
# leading zero (`050`), so it is read as text, as the schema's description asks (`GDELT_TEXT_CODES`).
GDELT: tuple[Column, ...] = (
    ("GLOBALEVENTID", "int", "1000000001", "1000000002"),
    ("SQLDATE", "int", "20210304", "20210305"),
    ("MonthYear", "int", "202103", "202103"),
    ("Year", "int", "2021", "2021"),
    ("FractionDate", "float", "2021.1753", "2021.1781"),
    *_actor("Actor1"),
    *_actor("Actor2"),
    ("IsRootEvent", "int", "1", "0"),
    ("EventCode", "str", "042", "0231"),
    ("EventBaseCode", "str", "042", "023"),
    ("EventRootCode", "str", "04", "02"),
    ("QuadClass", "int", "1", "1"),
    ("GoldsteinScale", "float", "1.9", "3.4"),
    ("NumMentions", "int", "4", "1"),
    ("NumSources", "int", "1", "1"),
    ("NumArticles", "int", "4", "1"),
    ("AvgTone", "float", "-1.25", "2.5"),
    *_geo("Actor1Geo"),
    *_geo("Actor2Geo"),
    *_geo("ActionGeo"),
    ("DATEADDED", "int", "20210305101500", "20210305103000"),
    ("SOURCEURL", "str", "https://example.org/a", "https://example.org/b"),
)
GDELT_TEXT_CODES = ("EventCode", "EventBaseCode", "EventRootCode")
"""Read as text in every reader (readers would otherwise drop the leading zero, which the schema warns of)."""

DUCKDB_OVERRIDES = {
    "acled": {"event_date": "DATE"},
    "ucdp-ged": {"source_date": "TIMESTAMP", "date_start": "TIMESTAMP", "date_end": "TIMESTAMP"},
}
"""DuckDB's `read_csv` sniffs the real files' date text into DATE or TIMESTAMP."""

SHAPES: dict[tuple[str, str], tuple[Column, ...]] = {
    ("acled", "labels"): ACLED_LABELS,
    ("acled", "numeric"): ACLED_NUMERIC,
    ("ucdp-ged", "csv"): UCDP_CSV,
    ("gdelt", "bigquery"): GDELT,
}
"""Every (layout, flavor) with a real-shape fixture."""


def sample_csv(columns: tuple[Column, ...], path: Path) -> Path:
    """A two-row CSV of made-up values in the real file's text forms (cells quoted where they hold a comma)."""
    def cell(value: str) -> str:
        return f'"{value}"' if "," in value else value

    lines = [",".join(c[0] for c in columns)] + [",".join(cell(c[i]) for c in columns) for i in (2, 3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def text_columns(layout: str) -> tuple[str, ...]:
    """Columns every reader is told to read as text."""
    return GDELT_TEXT_CODES if layout == "gdelt" else ()


def expected_type(layout: str, column: Column, reader: str) -> str:
    if column[0] in text_columns(layout):
        return READER_TYPES[reader]["str"]
    if reader == "duckdb" and column[0] in DUCKDB_OVERRIDES.get(layout, {}):
        return DUCKDB_OVERRIDES[layout][column[0]]
    if reader == "pandas" and column[1] == "int" and "" in column[2:]:
        return "float64"
    return READER_TYPES[reader][column[1]]

# PLOVER: the record format of openeventdata/PLOVER PLOVER_MANUAL.tex, chapter "Data Fields": the fields of table
# "PLOVER JSON" in its order, and those of the entity, text and citation objects. `event`, `mode` and `context`
# are lists, `actor` and `recipient` lists of entity objects, dates `YYYY-MM-DD`; the manual suggests JSON Lines.
PLOVER_FIELDS = ("id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event",
                 "event_loc", "event_text", "quad_code", "event_scale", "mode", "context", "link", "text",
                 "text_info", "cite_info", "coder", "coded_date", "coded_time", "comment")
PLOVER_LISTS = ("actor", "recipient", "event", "mode", "context")
PLOVER_OBJECTS = {
    "entity": ("code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity",
               "office", "gender", "age"),
    "text_info": ("sequence", "start", "end", "text_story"),
    "cite_info": ("corpus", "citation", "url", "title", "language", "publication", "license", "copyright", "coder",
                  "codebook", "version"),
}
PLOVER_CODEBOOK = r"^plover-[a-z]+-[0-9]+(\.[0-9]+)*$"
"""The citation object's codebook reference, like the manual's `plover-base-1.3.1` or `plover-protest-0.3`."""
PLOVER_MADE_UP = (
    {"id": "TEST-20210304-0001", "date": "2021-03-04", "actor": [{"code": "TST"}], "recipient": [{"code": "XYZ"}],
     "event": ["CONSULT"]},  # the manual's simplest record, with made-up values
    {"id": "TEST-20210305-0002", "date": "2021-03-05", "enddate": "2021-03-06",
     "actor": [{"code": "TST", "sector": "GOV", "identifier_id": "Q1", "office": "Minister"}],
     "recipient": [{"code": "XYZ", "sector": "MIL"}], "event": ["ACCUSE"], "mode": ["disapprove"],
     "context": ["diplomatic"], "text_info": {"start": 10, "end": 42},
     "cite_info": {"url": "https://example.org/c", "publication": "Testland Daily", "codebook": "plover-base-1.3.1"}},
)
