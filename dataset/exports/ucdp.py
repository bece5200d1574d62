"""UCDP GED: the columns of the UCDP GED event (the API's `GedDb` object), one row per incident with at least
one reported death (docs/references.md, UCDP GED)."""

from __future__ import annotations

from typing import Any

from dataset.exports import claims
from dataset.exports.acled import incident_units
from dataset.exports.layouts import Column, Unit, column, empty, flavors
from dataset.exports.package import same_month, same_year, window_days
from dataset.schema import codes


def date_prec(record: dict[str, Any]) -> int | None:
    """UCDP date_prec of a date window: day → 1, week → 3, month → 4, year → 5; a `range` window gets the code
    of what it spans (1 one day, 2 two to six days, 3 seven days, 4 within one calendar month, 5 within one
    year); None beyond a year."""
    precision, days = record["date_precision"], window_days(record)
    fixed = {"day": 1, "week": 3, "month": 4, "year": 5}
    if precision in fixed:
        return fixed[precision]
    if days == 1:
        return 1
    if days <= 6:
        return 2
    if days == 7:
        return 3
    if same_month(record):
        return 4
    return 5 if same_year(record) else None


def sides(unit: Unit) -> tuple[str | None, str | None]:
    """(side_a, side_b) actor ids: the government side first when exactly one side is a state's forces (GED's
    convention: side_a is a government), else the perpetrator first. A state's forces stand for their
    government."""
    package, r = unit.package, unit.record
    perpetrator, target = r["perpetrator_actor_id"], r["target_actor_id"]
    state = [a for a in (perpetrator, target) if package.is_state_force(a)]
    if len(state) == 1:
        other = target if state[0] == perpetrator else perpetrator
        return package.state_side(state[0]), other
    return perpetrator, target


def _side_of(unit: Unit, actor_id: str | None) -> str:
    """Which death column a victim actor counts in: 'a', 'b' or 'unknown'."""
    if actor_id is None:
        return "unknown"
    package = unit.package
    victim = package.state_side(actor_id) if package.is_state_force(actor_id) else actor_id
    side_a, side_b = sides(unit)
    return "a" if victim == side_a else "b" if victim == side_b else "unknown"


def _killed(unit: Unit) -> list[claims.Claim]:
    return claims.claims(unit.package, unit.record["incident_id"], "killed")


def best_claim(unit: Unit) -> claims.Claim | None:
    return claims.publisher_or_lowest(unit.package, unit.record, _killed(unit))


def deaths(unit: Unit, side: str) -> int:
    """Best-estimate deaths of one side: the figures of the claim chosen for best whose victims are that side;
    0 where that claim counts none of them, as GED writes it, so that the four columns sum to `best`."""
    chosen = best_claim(unit)
    rows = [r for r in chosen.rows if _side_of(unit, r["victim_actor_id"]) == side] if chosen else []
    return sum(r["count_best"] for r in rows)


def low(unit: Unit) -> int | None:
    return min((c.low for c in _killed(unit)), default=None)


def high(unit: Unit) -> int | None:
    return max((c.high for c in _killed(unit)), default=None)


def best(unit: Unit) -> int | None:
    chosen = best_claim(unit)
    return None if chosen is None else chosen.best


def source_original(unit: Unit) -> str:
    """Who gives each figure: the chosen claim first, then the others; injuries last (GED records none)."""
    package, chosen = unit.package, best_claim(unit)
    killed = sorted(_killed(unit), key=lambda c: c is not chosen)
    text = [claims.describe(package, c, "killed") + (" (best)" if c is chosen else "") for c in killed]
    text += [claims.describe(package, c, "injured") + " (no GED column)"
             for c in claims.claims(package, unit.record["incident_id"], "injured")]
    return "; ".join(text)


def excluded(unit: Unit) -> str | None:
    """GED's unit: an event with at least one direct death."""
    total = best(unit)
    if total is None:
        return "the article gives no death toll (GED records only events with at least 1 death)"
    if total < 1:
        return "the article's figures give no death (GED records only events with at least 1 death)"
    return None


def _name(unit: Unit, index: int) -> str | None:
    return unit.package.actor_name(sides(unit)[index])


def _piece(unit: Unit) -> dict[str, Any]:
    return unit.package.source(unit.record["source_id"])


def _not_ucdp(what: str) -> str:
    return f"{what} is assigned by UCDP; this package has none."


DATE_FORMS = {"csv": "%Y-%m-%d 00:00:00.000", "api": "%Y-%m-%dT00:00:00"}
"""How each distribution writes a date: the CSV release `1991-11-24 00:00:00.000` (GED 22.1 as read by
mapme-initiative/mapme.biodiversity, inst/res/ucdp_ged/ged221-csv.gpkg); the API an ISO 8601 `datetime` string."""


def date_text(day, flavor: str) -> str | None:
    return None if day is None else day.strftime(DATE_FORMS[flavor])


def source_date(unit: Unit, flavor: str) -> str | None:
    """The publication date of the piece that reports the incident, when the package knows it."""
    return date_text(_piece(unit)["published_date"], flavor)


def _id(name: str, description: str, what: str, flavor: str) -> Column:
    """A UCDP identifier the package has none of: a number in the CSV release, text in the API (`*_dset_id`,
    `gwnoa`, `gwnob`)."""
    return empty(name, "integer" if flavor == "csv" else "string", description, _not_ucdp(what))


def _columns(flavor: str) -> tuple[Column, ...]:
    return (
        empty("id", "integer", "UCDP event identifier.", _not_ucdp("The event id")),
        empty("relid", "string", "UCDP release identifier of the event.", _not_ucdp("The release id")),
        column("year", "integer", "Year of the event.", "incidents.date_start, incidents.date_end",
               "The year of the window; empty when it spans two years.",
               lambda u: u.record["date_start"].year if same_year(u.record) else None),
        empty("active_year", "integer" if flavor == "csv" else "boolean",
              "Whether the dyad reached UCDP's threshold that year (1/0 in the CSV release, a boolean in the API).",
              "A UCDP classification of its dyads; the tables have none."),
        empty("code_status", "string", "UCDP coding status.", _not_ucdp("The coding status")),
        column("type_of_violence", "integer", "1 state-based, 2 non-state, 3 one-sided violence.",
               "incidents.event_type", "3 for ACLED Violence against civilians (one-sided by definition); otherwise "
               "empty: 1 or 2 depends on whether UCDP lists the dyad as a conflict, which the article does not "
               "say.",
               lambda u: 3 if u.record["event_type"] == "Violence against civilians" else None,
               codes=tuple(codes.UCDP_TYPE_OF_VIOLENCE)),
        _id("conflict_dset_id", "UCDP conflict id (old scheme).", "The conflict id", flavor),
        empty("conflict_new_id", "integer", "UCDP conflict id.", _not_ucdp("The conflict id")),
        empty("conflict_name", "string", "UCDP conflict name.", _not_ucdp("The conflict name")),
        _id("dyad_dset_id", "UCDP dyad id (old scheme).", "The dyad id", flavor),
        empty("dyad_new_id", "integer", "UCDP dyad id.", _not_ucdp("The dyad id")),
        empty("dyad_name", "string", "UCDP dyad name.", _not_ucdp("The dyad name")),
        _id("side_a_dset_id", "UCDP actor id of side A (old scheme).", "The actor id", flavor),
        empty("side_a_new_id", "integer", "UCDP actor id of side A.", _not_ucdp("The actor id")),
        column("side_a", "string", "Side A (a government where one side is a state's forces).",
               "incidents.perpetrator_actor_id, incidents.target_actor_id → actors (name, actor_type, parent_actor_id)",
               "When exactly one side is a state's forces by its own actor type (state, government, security_forces), "
               "side A is that side: the government it belongs to by its own parent chain (e.g. Police of Iran → "
               "Government of Iran), or the state actor itself; otherwise the perpetrator. Names are the package's, "
               "not UCDP's actor list.", lambda u: _name(u, 0), required=True),
        _id("side_b_dset_id", "UCDP actor id of side B (old scheme).", "The actor id", flavor),
        empty("side_b_new_id", "integer", "UCDP actor id of side B.", _not_ucdp("The actor id")),
        column("side_b", "string", "Side B.", "incidents.perpetrator_actor_id, incidents.target_actor_id → actors.name",
               "The other side.", lambda u: _name(u, 1), required=True),
        column("number_of_sources", "integer", "Number of sources the coding rests on.", "incidents.source_id",
               "1: the incident is coded from one article.", lambda u: 1, required=True, minimum=1),
        column("source_article", "string", "The source: outlet and address.", "sources.publisher, sources.url",
               "Publisher and URL of the piece that reports the incident (URL omitted where unknown).",
               lambda u: ", ".join(v for v in (_piece(u)["publisher"], _piece(u)["url"]) if v), required=True),
        column("source_office", "string", "The outlet.", "sources.publisher", "Copied.",
               lambda u: _piece(u)["publisher"], required=True),
        column("source_date", "string", "Date of the source, in the distribution's date form.",
               "incidents.source_id → sources.published_date",
               "The publication date of the piece, written as the distribution writes dates; empty where the package "
               "does not know it (the article does not print it).", lambda u: source_date(u, flavor)),
        column("source_headline", "string", "Headline of the source.", "sources.title", "Copied.",
               lambda u: _piece(u)["title"], required=True),
        column("source_original", "string", "Who the figures come from.",
               "casualties (claimed_by_actor_id → actors.name, counts, victim_description)",
               "Every claim with its claimant: the one chosen for best first (marked), then the others, then "
               "injuries (GED records none).", source_original, required=True),
        column("where_prec", "integer", "1 exact location … 7 water or airspace.", "incidents.where_prec",
               "Copied (coded to UCDP's scale in the tables).", lambda u: u.record["where_prec"], required=True,
               codes=tuple(codes.UCDP_WHERE_PREC)),
        empty("where_coordinates", "string", "The place whose coordinates are used.",
              "The article gives no coordinates."),
        column("where_description", "string", "Description of the place.", "incidents.location_text",
               "The article's words.", lambda u: u.record["location_text"], required=True),
        column("adm_1", "string", "First-level administrative division.", "incidents.admin1", "Copied.",
               lambda u: u.record["admin1"]),
        empty("adm_2", "string", "Second-level administrative division.", "The article names none."),
        column("latitude", "number", "Latitude.", "incidents.latitude", "Copied.", lambda u: u.record["latitude"],
               minimum=-90, maximum=90),
        column("longitude", "number", "Longitude.", "incidents.longitude", "Copied.", lambda u: u.record["longitude"],
               minimum=-180, maximum=180),
        column("geom_wkt", "string", "The point as WKT.", "incidents.latitude, incidents.longitude",
               "`POINT (longitude latitude)` when both are known; else empty.",
               lambda u: (f"POINT ({u.record['longitude']} {u.record['latitude']})"
                          if u.record["latitude"] is not None and u.record["longitude"] is not None else None)),
        empty("priogrid_gid", "integer", "PRIO-GRID cell.", "Needs coordinates, which the article does not give."),
        column("country", "string", "Country name.", "incidents.country_iso3 → actors.name (the state actor)",
               "The name of the package's state actor with that ISO code.",
               lambda u: u.package.country_name(u.record["country_iso3"])),
        empty("country_id", "integer", "Gleditsch–Ward number of the country.",
              "G–W numbers are not among the project's references (they are not ISO codes)."),
        empty("region", "string", "UCDP region.", "UCDP's region list is not among the project's references."),
        empty("event_clarity", "integer", "1 the reporting identifies the event fully, 2 otherwise.",
              "A UCDP coder's judgement the tables do not record.", codes=tuple(codes.UCDP_EVENT_CLARITY)),
        column("date_prec", "integer", "1 exact date … 5 a known year.",
               "incidents.date_precision, incidents.date_start, incidents.date_end",
               "day → 1, week → 3, month → 4, year → 5 (UCDP's date_prec codes, docs/references.md, UCDP GED). A "
               "`range` window gets the code of what "
               "it spans: 1 one day, 2 two to six days, 3 seven days, 4 within one calendar month, 5 within one year; "
               "empty beyond.", lambda u: date_prec(u.record), codes=tuple(codes.UCDP_DATE_PREC)),
        column("date_start", "string", "Earliest possible date, in the distribution's date form.",
               "incidents.date_start", "Copied, as text: `2024-01-16 00:00:00.000` in the CSV release, "
               "`2024-01-16T00:00:00` in the API.", lambda u: date_text(u.record["date_start"], flavor), required=True),
        column("date_end", "string", "Latest possible date, in the distribution's date form.", "incidents.date_end",
               "As date_start.", lambda u: date_text(u.record["date_end"], flavor), required=True),
        column("deaths_a", "integer", "Deaths on side A (best estimate).",
               "casualties.count_best, casualties.victim_actor_id",
               "From the claim chosen for best: its figures whose victim actor is side A (or a force of it); 0 when "
               "that claim counts none on side A, as GED writes it, so that best = deaths_a + deaths_b + "
               "deaths_civilians + deaths_unknown holds as in every GED row.",
               lambda u: deaths(u, "a"), required=True, minimum=0),
        column("deaths_b", "integer", "Deaths on side B (best estimate).",
               "casualties.count_best, casualties.victim_actor_id", "As deaths_a, for side B.",
               lambda u: deaths(u, "b"), required=True, minimum=0),
        column("deaths_civilians", "integer", "Civilian deaths (best estimate).", "",
               "0: the tables mark no victim group as civilians, so the claim chosen for best counts its figures "
               "in the other three columns (figures without a victim actor in deaths_unknown).", lambda u: 0,
               required=True, minimum=0),
        column("deaths_unknown", "integer", "Deaths of unknown status (best estimate).",
               "casualties.count_best, casualties.victim_actor_id",
               "From the claim chosen for best: its figures whose victim actor is neither side, or not recorded; 0 "
               "when there are none.", lambda u: deaths(u, "unknown"), required=True, minimum=0),
        column("best", "integer", "Best estimate of deaths (the sum of the four deaths columns).",
               "casualties.count_best, casualties.claimed_by_actor_id",
               "The claim the article states in its own voice (the publisher's) when there is one, else the lowest "
               "claimant's best; per claimant the sum of its killed figures.", best, required=True, minimum=1),
        column("high", "integer", "Highest reliable estimate.", "casualties.count_high",
               "The highest claimant total of count_high.", high, required=True, minimum=1),
        column("low", "integer", "Lowest reliable estimate.", "casualties.count_low",
               "The lowest claimant total of count_low.", low, required=True, minimum=0),
        empty("gwnoa", "integer" if flavor == "csv" else "string", "Gleditsch–Ward number of side A.",
              "G–W numbers are not among the project's references."),
        empty("gwnob", "integer" if flavor == "csv" else "string", "Gleditsch–Ward number of side B.",
              "G–W numbers are not among the project's references."),
    )


NAME = "ucdp-ged"
DISTRIBUTIONS = {
    "csv": "The GED CSV release (`GEDEvent_v22_1.csv` and later; the form most analysts hold), read by pandas or "
           "polars `read_csv` defaults or DuckDB `read_csv`: active_year 1/0, the `*_dset_id` ids and gwnoa/gwnob "
           "numbers, dates as `1991-11-24 00:00:00.000` text, deaths_* written 0 where none.",
    "api": "The UCDP API's `GedDb` object (ucdpapi.pcr.uu.se; the OpenAPI types as api-evangelist/uppsala "
           "json-structure/uppsala-gedevent-structure.json gives them): active_year boolean, the `*_dset_id` ids and "
           "gwnoa/gwnob strings, dates as ISO 8601 datetime strings.",
}


FLAVORS = flavors(
    NAME, DISTRIBUTIONS, _columns,
    title="UCDP GED",
    row="One incident of the package with at least one reported death, as a UCDP GED event.",
    codebook="The 49 columns of the UCDP GED event as the UCDP API's `GedDb` object gives them, in that order "
             "(`api-evangelist/uppsala:json-structure/uppsala-gedevent-structure.json`; docs/references.md, UCDP "
             "GED; the GED codebook PDF is not verified). That file names no GED release. The CSV release's header "
             "row has the same 49 names in the same order (GED 22.1 onwards).",
    units=incident_units,
    decisions=(
        "Rows: one per incident that the article gives at least one death for. GED's unit of analysis is an "
        "event \"resulting in at least 1 direct death\" (Sundberg and Melander 2013; docs/references.md, UCDP GED), "
        "so an incident without a death toll, "
        "or whose only figures are zeros, is left out; `python -m dataset export` names each one on stderr.",
        "Conflicting claims: `low` is the lowest claimant total, `high` the highest, `best` the article's own "
        "figure when it gives one (else the lowest); `source_original` lists every claim with its claimant.",
    ),
    exclude=excluded,
)
