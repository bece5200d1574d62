"""PLOVER / POLECAT: the PLOVER manual's JSON event record, one per statement with a PLOVER event type, with its
list and object fields as the manual defines them (`actor`/`recipient` lists of entity objects, `event`, `mode`
and `context` lists, `text_info` and `cite_info` objects), to write as JSON Lines (docs/references.md, PLOVER
and POLECAT)."""

from __future__ import annotations

from typing import Any

from dataset.exports.gdelt import statement_units
from dataset.exports.layouts import Column, Layout, Unit, column, empty, record
from dataset.schema import codes
from dataset.schema.fields import Field

NAME = "plover"
CODEBOOK = "plover-base-2.0"
"""The codebook reference in the manual's form (`plover-base-1.3.1`, `plover-protest-0.3`, PLOVER_MANUAL.tex,
table "Information object for citations"); 2.0 is the manual's version (its title page: "DRAFT Version: 2.0")."""
MANUAL = "openeventdata/PLOVER: PLOVER_MANUAL.tex, chapter \"Data Fields\""

ENTITY = (
    Field("code", "string", "3-character top-level entity code: the actor's ISO 3166-1 alpha-3 country code.",
          required=False, pattern=r"^[A-Z]{3}$"),
    Field("sector", "string", "PLOVER sector (GOV, MIL, …): the agent part of the actor's CAMEO code when PLOVER "
          "lists it as a sector.", required=False, enum=codes.PLOVER_SECTORS),
    Field("identifier_id", "string", "Wikidata identifier of the entity.", required=False,
          pattern=r"^Q[1-9][0-9]*$"),
    Field("identifier_text", "string", "The entity's canonical name.", required=False),
    Field("office", "string", "Office or official position (persons).", required=False),
)
TEXT_INFO = (
    Field("start", "integer", "Code-point offset where the event's text starts in the source text file.",
          minimum=0),
    Field("end", "integer", "Code-point offset just past the event's text (exclusive).", minimum=1),
)
CITE_INFO = (
    Field("url", "string", "URL of the text.", required=False),
    Field("title", "string", "Title of the text.", required=False),
    Field("language", "string", "Language of the text (ISO 639-1).", required=False),
    Field("publication", "string", "Name of the text's publisher."),
    Field("codebook", "string", "The codebook the record is coded in, in the manual's form."),
)


def sector(actor: dict[str, Any]) -> str | None:
    code = actor["cameo_actor_code"]
    agent = code[3:6] if code and len(code) >= 6 else None
    return agent if agent in codes.PLOVER_SECTORS else None


def entities(unit: Unit, role: str) -> list[dict[str, Any]] | None:
    """The manual's list of entity objects: the statement's one speaker or target; None when there is none."""
    actor = unit.package.actor(unit.record[role])
    if actor is None:
        return None
    return [{"code": actor["country_iso3"], "sector": sector(actor), "identifier_id": actor["wikidata_id"],
             "identifier_text": actor["name"], "office": actor["role"]}]


def text_info(unit: Unit) -> dict[str, int]:
    (span, *_) = unit.package.evidence_rows("statements", unit.record["statement_id"], "text")
    return {"start": span.start, "end": span.end}


def cite_info(unit: Unit) -> dict[str, Any]:
    source = unit.package.source(unit.record["source_id"])
    return {"url": source["url"], "title": source["title"], "language": source["language"],
            "publication": source["publisher"], "codebook": CODEBOOK}


def excluded(unit: Unit) -> str | None:
    if unit.record["plover_event_type"] is None:
        return f"PLOVER has no event type for CAMEO {unit.record['cameo_code']} (it drops CAMEO roots 01 and 02)"
    return None


ENTITY_RULE = ("One entity object for the statement's {who}: `code` its ISO 3166-1 alpha-3 country, `sector` the "
               "agent part of its CAMEO code when PLOVER lists it as a sector, `identifier_id` its Wikidata id, "
               "`identifier_text` its canonical name, `office` its role (persons); each empty where unknown. "
               "`entity_text` is not written: the tables keep no span of the entity's mention alone.")

COLUMNS: tuple[Column, ...] = (
    column("id", "string", "Unique identifier of the record.", "statements.statement_id",
           "The statement's id: PLOVER leaves record ids to the dataset that produces the records.",
           lambda u: u.record["statement_id"], required=True),
    column("date", "string", "Date of the event, `YYYY-MM-DD` (a JSON string).", "statements.date_start",
           "The window's first day, as `YYYY-MM-DD` text.", lambda u: u.record["date_start"].isoformat(),
           required=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    column("enddate", "string", "Last day of the event, `YYYY-MM-DD`.", "statements.date_end",
           "The window's last day, as `YYYY-MM-DD` text.", lambda u: u.record["date_end"].isoformat(),
           required=True, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    record("actor", "List of entity objects: who acts.", "statements.speaker_actor_id → actors",
           ENTITY_RULE.format(who="speaker"), lambda u: entities(u, "speaker_actor_id"), ENTITY, repeated=True,
           required=True),
    record("recipient", "List of entity objects: who the event is directed at.",
           "statements.target_actor_id → actors", ENTITY_RULE.format(who="target") + " Empty when there is no "
           "target.", lambda u: entities(u, "target_actor_id"), ENTITY, repeated=True),
    column("event", "list", "List of event categories.", "statements.plover_event_type",
           "A list of the one PLOVER event type.", lambda u: [u.record["plover_event_type"]], required=True),
    column("mode", "list", "List of modes.", "statements.plover_mode",
           "A list of the one PLOVER mode; empty (null) when the article does not say.",
           lambda u: None if u.record["plover_mode"] is None else [u.record["plover_mode"]]),
    empty("context", "list", "List of contexts.", "The tables record no PLOVER context."),
    record("text_info", "textInfo object for the text.", "evidence.start, evidence.end (field `text`)",
           "`start` and `end` of the statement's first text span, code-point offsets into the source text file.",
           text_info, TEXT_INFO, required=True),
    record("cite_info", "citeInfo object for the text.",
           "statements.source_id → sources.url, title, language, publisher",
           f"The piece's URL, title, language and publisher, and `codebook` `{CODEBOOK}` (the manual's form of a "
           "codebook reference, e.g. `plover-base-1.3.1`; 2.0 is the manual's version).", cite_info, CITE_INFO,
           required=True),
)

LAYOUT = Layout(
    name=NAME,
    flavor="manual",
    distribution=f"The PLOVER manual's JSON event record ({MANUAL}: tables \"PLOVER JSON\", \"Information object "
                 "for entities\", \"… for text\", \"… for citations\"), written as JSON Lines, one "
                 "record a line, as the manual suggests (the command's default format for this layout; "
                 "`pandas.read_json(..., lines=True)` reads it, and `pandas.json_normalize` of the records gives the "
                 "columns a normalized frame of real records has). Dates are JSON strings.",
    title="PLOVER / POLECAT",
    row="One statement of the package that has a PLOVER event type, as a PLOVER event record.",
    codebook=f"The PLOVER event record of the PLOVER manual, draft 2.0 ({MANUAL}; the chapter says it is \"still "
             "under development\"). Fields in the order of its table \"PLOVER JSON\", the ones the tables can fill: "
             "id, date, enddate, actor, recipient, event, mode, context, text_info, cite_info.",
    units=statement_units,
    columns=COLUMNS,
    decisions=(
        "Rows: one per statement with a PLOVER event type. PLOVER drops CAMEO roots 01 and 02, so statements "
        "coded 01x or 02x are left out; `python -m dataset export` names each one on stderr. Incidents are "
        "exported in the ACLED and UCDP layouts.",
        "Format: `python -m dataset export plover` writes JSON Lines (`--format jsonl`, one record a line, LF "
        "after each) unless `--format` says otherwise: the nested `actor`, `recipient`, `text_info` and "
        "`cite_info` are JSON objects (lists of objects for `actor` and `recipient`), `event`, `mode` and "
        "`context` JSON lists, empty cells null. `--format json` writes the same records as one JSON array; CSV "
        "(`--format csv`) writes the list and object fields as JSON text, as the package's CSV twins write list "
        "columns.",
    ),
    exclude=excluded,
    default_format="jsonl",
)

FLAVORS = {LAYOUT.flavor: LAYOUT}
