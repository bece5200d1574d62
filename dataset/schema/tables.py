"""The six tables: what one row is, their columns (from `dataset.schema.fields`), and their keys.

`TABLES` is the single definition every schema face is derived from. Foreign keys are not listed separately:
they are the columns whose field has `references` set.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataset.schema import codes
from dataset.schema.fields import (
    CAMEO_CODE,
    COUNTRY_ISO3,
    DATE_END,
    DATE_PRECISION,
    DATE_RESOLUTION,
    DATE_START,
    DATE_TEXT,
    DIRECT_OR_INDIRECT,
    GOLDSTEIN,
    PLOVER_EVENT_TYPE,
    PLOVER_MODE,
    QUAD_CLASS,
    SOURCE_ID,
    Field,
    key,
    note,
    ref,
)


@dataclass(frozen=True)
class Table:
    name: str
    """Plural snake_case table name; also the resource name and the Parquet file stem."""
    title: str
    row: str
    """What one row is, in one sentence."""
    description: str
    fields: tuple[Field, ...]

    @property
    def primary_key(self) -> str:
        return self.fields[0].name

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def foreign_keys(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.references)


SOURCES = Table(
    "sources",
    "Sources",
    "One piece of the article (a headline and its body) within the shipped source text file.",
    "The pieces of text the dataset encodes. A text file may hold several pieces published together; every "
    "offset in the dataset is a Unicode code-point offset into the whole text file.",
    (
        key("source_id", "piece"),
        Field("title", "string", "Headline of the piece, as printed."),
        Field("publisher", "string", "Name of the publisher."),
        ref("publisher_actor_id", "actors", "The publisher as an actor.", required=True),
        Field("url", "string", "Address of the piece online. Null where unknown.", required=False,
              pattern=r"^https?://\S+$"),
        Field("published_date", "date", "Publication date. Null where the article does not print it.",
              required=False),
        Field("published_date_earliest", "date",
              "Earliest possible publication date, inferred from the dated events the piece reports.",
              required=False),
        Field("dateline", "string", "The dateline printed at the start of the body. Null if none.",
              required=False, verbatim=True),
        Field("language", "string", "ISO 639-1 code of the language of the text.", pattern=r"^[a-z]{2}$"),
        Field("text_path", "string",
              "Path of the text file holding the piece, relative to the data package (forward slashes).",
              pattern=r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.txt$"),
        Field("text_sha256", "string", "SHA-256 of the whole text file, in hex.", pattern=r"^[0-9a-f]{64}$"),
        Field("text_start", "integer", "Code-point offset where the piece starts in the text file.",
              minimum=0, unit="characters", derived=True),
        Field("text_end", "integer", "Code-point offset where the piece ends (exclusive).",
              minimum=0, unit="characters", derived=True),
        note("source"),
    ),
)

ACTORS = Table(
    "actors",
    "Actors",
    "One actor the article names, refers to or gives a voice: a state, body, person, group or outlet.",
    "Every actor of the article. Aliases are the names and spellings the article prints; metonyms and titles "
    "that stand for an actor (a capital standing for its government, an office standing for its holder) are "
    "evidence rows of that actor instead. Roles are as of the article's date.",
    (
        key("actor_id", "actor"),
        Field("name", "string", "Canonical name (normalized from context sources where the article's "
              "spelling differs)."),
        Field("aliases", "list", "Every name or spelling of the actor that the article prints, verbatim.",
              verbatim=True),
        Field("actor_type", "string", "Kind of actor.", enum=(
            "state", "government", "government_body", "person", "armed_group", "security_forces",
            "diplomatic_mission", "media", "unnamed_group",
        )),
        COUNTRY_ISO3.but(description="ISO 3166-1 alpha-3 code of the country the actor belongs to. Null "
                         "where neither the article nor a confirmed context source says."),
        ref("parent_actor_id", "actors",
            "The actor this one belongs to (person → government, body → government, government → state, "
            "embassy → state). Null for top-level actors."),
        Field("role", "string", "Office as of the article, normalized from context sources (e.g. "
              "'Prime Minister of France'). Null for non-persons.", required=False),
        Field("role_text", "string", "The article's own words for the office. Null if it prints none.",
              required=False, verbatim=True),
        Field("cameo_actor_code", "string",
              "CAMEO/Phoenix actor code: ISO alpha-3 country plus agent (e.g. 'FRAGOV'). Null where no "
              "code is published for the actor.", required=False, pattern=r"^(?:[A-Z]{3}){1,3}$"),
        Field("wikidata_id", "string", "Wikidata identifier, only where confirmed by a context source.",
              required=False, pattern=r"^Q[1-9][0-9]*$"),
        note("actor"),
    ),
)

CHANNELS: dict[str, str] = {
    "phone_call": "a telephone call",
    "x": "a post on X (Twitter); kept from the first release, the same as `social_media` on X",
    "news_agency_report": "carried by a news agency's report",
    "cabinet_decision": "a decision of a cabinet or council, announced",
    "public_remarks": "remarks made in public (to reporters, at an event)",
    "unspecified": "the article does not say",
    "interview": "an interview with a journalist or outlet",
    "broadcast": "a televised or radio address or appearance",
    "press_release": "a press release",
    "written_statement": "a written statement other than a press release (a communiqué, a ministry statement)",
    "press_conference": "a press conference or news briefing",
    "speech": "a speech",
    "social_media": "a social-media post (the platform in `channel_platform`)",
    "letter": "a letter",
}
"""Statement channels: how officials speak. The first six are the first release's values, spelt as they were so
that its rows stay valid; the project's own list (no published standard codes channels)."""
PLATFORMS = ("x", "facebook", "telegram", "instagram", "youtube", "other")
"""Social-media platforms for `channel_platform` (`x`: X, formerly Twitter)."""

STATEMENTS = Table(
    "statements",
    "Statements",
    "One utterance, reported decision or verbal interaction, attributed to its speaker as the article "
    "attributes it.",
    "Who said or decided what, to or about whom, when and through which channel, coded in CAMEO and PLOVER. "
    "Claims stay claims: a number inside a statement is the speaker's claim, not a fact of the dataset.",
    (
        key("statement_id", "statement"),
        SOURCE_ID,
        ref("speaker_actor_id", "actors", "Who made the statement or decision, as the article attributes it.",
            required=True),
        ref("target_actor_id", "actors", "Whom the statement is addressed to or about (the CAMEO target). "
            "Null if none."),
        ref("incident_id", "incidents", "The violent incident the statement is about. Null if none."),
        Field("quote_type", "string", "Whether the text is a direct quotation (words inside quotation marks) or "
              "indirect (reported speech or a reported decision).", enum=DIRECT_OR_INDIRECT),
        Field("text", "string", "Verbatim text: for a direct quote, the exact characters between the "
              "quotation marks; for indirect speech, the printed words that carry the reported content, "
              "speaker and verb included.", verbatim=True),
        Field("channel", "string", "How the statement was made, as the article says: "
              + "; ".join(f"`{c}` {what}" for c, what in CHANNELS.items()) + ".", enum=tuple(CHANNELS)),
        Field("channel_platform", "string", "The social-media platform of a `social_media` statement, where the "
              "article names it (`other`: a platform not listed). Null otherwise, and when the article does not "
              "say.", required=False, enum=PLATFORMS),
        ref("reported_by_actor_id", "actors", "The outlet the article cites for the statement (e.g. "
            "a news agency). Null when the article reports it directly."),
        ref("reporter_source_actor_id", "actors", "The source the reporting outlet itself cites (e.g. the "
            "local media a news agency quotes). Null if none."),
        DATE_START.but(description="Earliest date on which the statement can have been made."),
        DATE_END.but(description="Latest date on which the statement can have been made."),
        DATE_PRECISION,
        DATE_TEXT,
        DATE_RESOLUTION,
        CAMEO_CODE,
        GOLDSTEIN,
        QUAD_CLASS,
        PLOVER_EVENT_TYPE.but(enum=codes.PLOVER_EVENT_TYPES),
        PLOVER_MODE.but(enum=codes.PLOVER_MODES),
        Field("speaker_disputed", "boolean",
              "True when another source attributes the words to someone else (see note)."),
        note("statement"),
    ),
)

INCIDENTS = Table(
    "incidents",
    "Incidents",
    "One violent event the article reports.",
    "Violent events coded in ACLED, CAMEO and PLOVER terms, located and dated as precisely as the article "
    "allows. Who struck what is as the article says it; each side's own account is in `statements`.",
    (
        key("incident_id", "incident"),
        SOURCE_ID,
        ref("perpetrator_actor_id", "actors", "Who carried out the violence, as the article says.",
            required=True),
        ref("target_actor_id", "actors", "Who or what was attacked, as the article says.", required=True),
        Field("target_text", "string", "The article's words for what was attacked.", verbatim=True),
        Field("disorder_type", "string", "ACLED disorder type.", enum=codes.ACLED_DISORDER_TYPES),
        Field("event_type", "string", "ACLED event type (exact string).", enum=codes.ACLED_EVENT_TYPES),
        Field("sub_event_type", "string", "ACLED sub-event type (exact string), one of its event type's.",
              enum=codes.ACLED_ALL_SUB_EVENT_TYPES),
        CAMEO_CODE,
        GOLDSTEIN,
        QUAD_CLASS,
        PLOVER_EVENT_TYPE.but(enum=codes.PLOVER_EVENT_TYPES),
        PLOVER_MODE.but(enum=codes.PLOVER_MODES),
        DATE_START,
        DATE_END,
        DATE_PRECISION,
        DATE_TEXT,
        DATE_RESOLUTION,
        Field("external_date", "date", "The exact day given by other sources where the article's window is "
              "wider (annotation only; see external_date_source).", required=False),
        Field("external_date_source", "string", "Source of external_date.", required=False),
        COUNTRY_ISO3.but(description="ISO 3166-1 alpha-3 code of the country where the event happened.",
                         required=True),
        Field("admin1", "string", "First-level administrative division, as the article names it. Null when "
              "the article does not name one.", required=False),
        Field("admin1_iso", "string", "ISO 3166-2 code of admin1.", required=False,
              pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$"),
        Field("location_text", "string", "The article's words for where the event happened.", verbatim=True),
        Field("latitude", "number", "Latitude (WGS 84). Null: the article does not locate the event more "
              "precisely than a region.", required=False, minimum=-90, maximum=90, unit="degrees"),
        Field("longitude", "number", "Longitude (WGS 84). Null with latitude.", required=False,
              minimum=-180, maximum=180, unit="degrees"),
        Field("geo_precision", "integer", "ACLED geo_precision: 1 a town, 2 near a known place or a small "
              "part of a region, 3 only the region.", minimum=1, maximum=3),
        Field("where_prec", "integer", "UCDP GED where_prec: 1 exact location … 4 ADM1, 5 larger than ADM1 "
              "or non-specific, 6 country, 7 water or airspace.", minimum=1, maximum=7),
        Field("description", "string", "One neutral sentence in the dataset's words."),
        note("incident"),
    ),
)

CASUALTIES = Table(
    "casualties",
    "Casualties",
    "One casualty figure for one incident, outcome and victim group, as stated by one claimant.",
    "UCDP-style figures with low, best and high counts, one row per claimant: a figure is a claim and is never "
    "overwritten by another party's. A stated zero is a row with zero; a figure the article does not give is "
    "absent.",
    (
        key("casualty_id", "casualty figure"),
        SOURCE_ID,
        ref("incident_id", "incidents", "The incident the figure belongs to.", required=True),
        Field("outcome", "string", "What happened to the victims.", enum=("killed", "injured")),
        Field("count_low", "integer", "Lowest count the claim allows.", minimum=0, unit="persons"),
        Field("count_best", "integer", "Best count of the claim.", minimum=0, unit="persons"),
        Field("count_high", "integer", "Highest count the claim allows.", minimum=0, unit="persons"),
        Field("victim_description", "string", "The article's words for the victims.", verbatim=True),
        ref("victim_actor_id", "actors", "The victims as an actor, where they are one. Null otherwise."),
        COUNTRY_ISO3.but(name="nationality_iso3", description="ISO 3166-1 alpha-3 code of the victims' "
                         "nationality, where the article states it."),
        ref("claimed_by_actor_id", "actors", "Who states the figure; the publisher when the article states "
            "it in its own voice.", required=True),
        ref("statement_id", "statements", "The statement that makes the claim, if any."),
        note("figure"),
    ),
)

EVIDENCE_ASPECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reference": ("a way the article refers to the record other than its name: a metonym (a capital for its "
                  "state), a title, a pronoun, a second naming", ("actors", "incidents")),
    "mention": ("a passage that mentions the incident without being its own account", ("incidents",)),
    "headline": ("the headline of the piece that reports the statement", ("statements",)),
    "summary": ("the article's own summary of what was said, apart from the statement's text", ("statements",)),
    "date": ("the words that date the event (its date_start and date_end)", ("statements", "incidents")),
    "count": ("the words that give the figure (its count_low, count_best and count_high)", ("casualties",)),
}
"""The aspects an evidence span may support besides a record's own columns: name → (what, record tables)."""


def evidence_fields(table: Table) -> tuple[str, ...]:
    """The values of `evidence.field` for a span of a row of `table`: a column a person writes (not its key), a
    reference to another record by its role (the column without `_actor_id` / `_id`: `speaker`, `perpetrator`,
    `reported_by`), or one of the table's `EVIDENCE_ASPECTS`."""
    written = [f for f in table.fields if not f.derived and f.name != table.primary_key]
    roles = [f.name.removesuffix("_id").removesuffix("_actor") for f in written if f.references]
    aspects = [name for name, (_, tables) in EVIDENCE_ASPECTS.items() if table.name in tables]
    return tuple(sorted({*(f.name for f in written), *roles, *aspects}))


EVIDENCE = Table(
    "evidence",
    "Evidence",
    "One span of the source text that supports one record.",
    "Character-exact provenance: each span is a W3C Web Annotation TextPositionSelector (Unicode code-point "
    "offsets, half-open) into the source text file, and supports exactly one actor, statement, incident or "
    "casualty row.",
    (
        key("evidence_id", "evidence span").but(derived=True),
        SOURCE_ID.but(description="The piece that holds the span."),
        Field("start", "integer", "Code-point offset of the first character of the span in the text file.",
              minimum=0, unit="characters", derived=True),
        Field("end", "integer", "Code-point offset just past the span (exclusive).", minimum=1,
              unit="characters", derived=True),
        Field("text", "string", "The span's text: exactly the source text from start to end.", verbatim=True),
        Field("field", "string", "The column or aspect of the record the span supports: one of the record's own "
              "columns (name, text, admin1, …), another record it names by its role (speaker, perpetrator, …), or "
              "an aspect (reference, mention, headline, summary, date, count) of the tables the encoding guide "
              "names for it.", required=False,
              enum=tuple(sorted({f for t in (ACTORS, STATEMENTS, INCIDENTS, CASUALTIES) for f in evidence_fields(t)}))),
        ref("actor_id", "actors", "The actor the span supports."),
        ref("statement_id", "statements", "The statement the span supports."),
        ref("incident_id", "incidents", "The incident the span supports."),
        ref("casualty_id", "casualties", "The casualty figure the span supports."),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (SOURCES, ACTORS, STATEMENTS, INCIDENTS, CASUALTIES, EVIDENCE)}
RECORD_TABLES = ("actors", "statements", "incidents", "casualties")
"""Tables whose rows are curated records that must each have evidence."""
