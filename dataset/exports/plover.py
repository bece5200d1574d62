"""PLOVER / POLECAT event records, flattened into columns, one row per statement with a PLOVER event type
(event-coding.md §4)."""

from __future__ import annotations

from typing import Any

from dataset import codes
from dataset.exports.gdelt import statement_units
from dataset.exports.layouts import Column, Layout, Unit, column, empty

CODEBOOK = "PLOVER draft 2.0"


def _actor(unit: Unit, role: str) -> dict[str, Any] | None:
    return unit.package.actor(unit.record[role])


def sector(unit: Unit, role: str) -> str | None:
    """The PLOVER sector: the agent part of the actor's CAMEO code when PLOVER lists it as a sector."""
    actor = _actor(unit, role)
    code = actor and actor["cameo_actor_code"]
    agent = code[3:6] if code and len(code) >= 6 else None
    return agent if agent in codes.PLOVER_SECTORS else None


def _text_span(unit: Unit) -> dict[str, Any]:
    (span, *_) = unit.package.evidence_rows("statements", unit.record["statement_id"], "text")
    return span


def _entity_columns(prefix: str, role: str) -> tuple[Column, ...]:
    who = "actor (the speaker)" if prefix == "actor" else "recipient (the target)"
    src = f"statements.{role} → actors"
    return (
        column(f"{prefix}_code", "string", f"3-letter country code of the {who}.", f"{src}.country_iso3",
               "The actor's ISO 3166-1 alpha-3 code; empty where unknown.",
               lambda u: (a := _actor(u, role)) and a["country_iso3"], pattern=r"^[A-Z]{3}$"),
        column(f"{prefix}_sector", "string", f"PLOVER sector of the {who}.", f"{src}.cameo_actor_code",
               "The agent part of the CAMEO actor code when it is a PLOVER sector (GOV, COP, …); else empty.",
               lambda u: sector(u, role), enum=codes.PLOVER_SECTORS),
        empty(f"{prefix}_entity_text", "string", f"The article's words for the {who}.",
              "The tables keep no span of the entity's mention alone: a statement's `speaker` evidence is the "
              "clause that attributes it (e.g. 'He added'), and its target has no span."),
        column(f"{prefix}_identifier_id", "string", f"Wikidata identifier of the {who}.", f"{src}.wikidata_id",
               "Copied; empty where no identifier is confirmed.", lambda u: (a := _actor(u, role)) and a["wikidata_id"],
               pattern=r"^Q[1-9][0-9]*$"),
        column(f"{prefix}_office", "string", f"Office of the {who}.", f"{src}.role", "Copied (persons only).",
               lambda u: (a := _actor(u, role)) and a["role"]),
    )


def excluded(unit: Unit) -> str | None:
    if unit.record["plover_event_type"] is None:
        return f"PLOVER has no event type for CAMEO {unit.record['cameo_code']} (it drops CAMEO roots 01 and 02)"
    return None


COLUMNS: tuple[Column, ...] = (
    column("id", "string", "Identifier of the event record.", "statements.statement_id",
           "The statement's id: PLOVER leaves record ids to the dataset that produces the records.",
           lambda u: u.record["statement_id"], required=True),
    column("date", "date", "Date of the event (ISO 8601); the window's first day.", "statements.date_start",
           "Copied.", lambda u: u.record["date_start"], required=True),
    column("enddate", "date", "Last day of the event's window.", "statements.date_end", "Copied.",
           lambda u: u.record["date_end"], required=True),
    column("event_type", "string", "PLOVER event type.", "statements.plover_event_type", "Copied.",
           lambda u: u.record["plover_event_type"], required=True, enum=codes.PLOVER_EVENT_TYPES),
    column("mode", "string", "PLOVER mode (how).", "statements.plover_mode", "Copied; empty when the article "
           "does not say.", lambda u: u.record["plover_mode"], enum=codes.PLOVER_MODES),
    empty("context", "string", "PLOVER contexts (why), `;`-separated.",
          "The tables record no PLOVER context."),
    *_entity_columns("actor", "speaker_actor_id"),
    *_entity_columns("recipient", "target_actor_id"),
    column("text_info_start", "integer", "Code-point offset where the event's text starts in the source text.",
           "evidence.start (field `text`)", "The start of the statement's text span.",
           lambda u: _text_span(u)["start"], required=True, minimum=0),
    column("text_info_end", "integer", "Code-point offset just past the event's text (exclusive).",
           "evidence.end (field `text`)", "The end of the statement's text span.",
           lambda u: _text_span(u)["end"], required=True, minimum=1),
    column("cite_info_url", "string", "Address of the source.", "statements.source_id → sources.url",
           "Copied; empty where unknown.", lambda u: u.package.source(u.record["source_id"])["url"],
           pattern=r"^https?://\S+$"),
    column("cite_info_publication", "string", "The publication.", "statements.source_id → sources.publisher",
           "Copied.", lambda u: u.package.source(u.record["source_id"])["publisher"], required=True),
    column("cite_info_codebook", "string", "The codebook the event is coded in.", "",
           f"`{CODEBOOK}`, the version the tables' PLOVER codes follow.", lambda u: CODEBOOK, required=True),
    empty("size_dead", "integer", "People killed.", "Statements carry no casualty figures (a number in a "
          "statement is a claim, kept in `casualties` against its incident)."),
    empty("size_injured", "integer", "People injured.", "As size_dead."),
    empty("size_arrested", "integer", "People arrested.", "As size_dead."),
    empty("link", "string", "Related event records.", "The tables link no statements to one another."),
)

NAME = "plover"
LAYOUT = Layout(
    name=NAME,
    flavor="manual",
    distribution="",
    title="PLOVER / POLECAT",
    row="One statement of the package that has a PLOVER event type, as a PLOVER event record.",
    codebook="The PLOVER event record of the PLOVER manual, draft 2.0 (event-coding.md §4, [V] the manual; its "
             "record format is \"still under development\"; POLECAT's own column names are [U]). PLOVER records "
             "are JSON objects whose `actor` and `recipient` are lists of entities and whose `text_info`, "
             "`cite_info` and `size` are objects. Flattening: one column per entity field, prefixed `actor_` or "
             "`recipient_` (the tables have one speaker and at most one target per statement, so each list has at "
             "most one entity), and `text_info_`, `cite_info_`, `size_` for the objects' fields.",
    units=statement_units,
    columns=COLUMNS,
    decisions=(
        "Rows: one per statement with a PLOVER event type. PLOVER drops CAMEO roots 01 and 02, so statements "
        "coded 01x or 02x are left out; `python -m dataset export` names each one on stderr. Incidents are "
        "exported in the ACLED and UCDP layouts.",
    ),
    exclude=excluded,
)

FLAVORS = {LAYOUT.flavor: LAYOUT}
