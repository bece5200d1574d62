"""ACLED: the 31 columns of ACLED's public export, one row per incident (docs/references.md, ACLED)."""

from __future__ import annotations

from typing import Any

from dataset.exports import claims
from dataset.exports.layouts import Column, Unit, column, empty, flavors
from dataset.exports.package import PackageRows, midpoint, same_month, window_days
from dataset.schema import codes


def incident_units(package: PackageRows) -> list[Unit]:
    """One unit per incident, with its casualty rows and its two actors."""
    return [Unit("incidents", r, package, (*claims.casualty_keys(package, r["incident_id"]),
                                            ("actors", r["perpetrator_actor_id"]), ("actors", r["target_actor_id"])))
            for r in package.records("incidents")]


def time_precision(record: dict[str, Any]) -> int | None:
    """ACLED time_precision of a date window: 1 a day, 2 a week, 3 a month; None where ACLED has no code
    (a year, or a window longer than one calendar month)."""
    precision = record["date_precision"]
    if precision == "day" or window_days(record) == 1:
        return 1
    if precision == "week" or (precision == "range" and window_days(record) <= 7):
        return 2
    if precision in ("month", "range") and same_month(record):
        return 3
    return None


def event_day(unit: Unit):
    return midpoint(unit.record["date_start"], unit.record["date_end"]) if time_precision(unit.record) else None


def event_date(unit: Unit) -> str | None:
    """event_date as the ACLED API writes it: `YYYY-MM-DD` text."""
    day = event_day(unit)
    return None if day is None else day.isoformat()


def inter(unit: Unit, role: str) -> int | None:
    """ACLED actor type, from the actor's own type: state forces (state, government, security forces) are 1 in
    their own country and 8 (External/Other Forces) outside it; 0 for no second actor; other actors have no
    code in the tables (ACLED splits armed groups into 2/3/4 by aims the article does not state)."""
    actor_id = unit.record[role]
    if actor_id is None:
        return 0 if role == "target_actor_id" else None
    if not unit.package.is_state_force(actor_id):
        return None
    actor = unit.package.actor(actor_id)
    return 1 if actor["country_iso3"] == unit.record["country_iso3"] else 8


def interaction(unit: Unit) -> int | None:
    """The two inter codes, smaller first (18, not 81); X0 for a sole actor (inter2 0), as ACLED writes it."""
    first, second = inter(unit, "perpetrator_actor_id"), inter(unit, "target_actor_id")
    if first is None or second is None:
        return None
    code = first * 10 if second == 0 else min(first, second) * 10 + max(first, second)
    return code if code in codes.ACLED_INTERACTIONS else None


INTER_LABELS = {code: label for code, label in codes.ACLED_INTER.items() if code}
"""The text labels of the inter codes, as acledR's `acled_transform_interaction` writes them
(dtacled/acledR: R/acled_transform_interaction.R, the `Inter1/Inter2` column of `acled_interaction_codes`)."""
SOLE_LABELS = {1: "Sole State Forces", 2: "Sole Rebel Groups", 3: "Sole Political Militias",
               4: "Sole Identity Militias", 5: "Sole Rioters", 6: "Sole Protesters", 7: "Sole Civilians",
               8: "Sole Others"}
"""acledR's labels of the sole-actor codes X0 (R/acled_transform_interaction.R; `80` is `Sole Others` there)."""


def inter_label(unit: Unit, role: str) -> str | None:
    """inter1/inter2 as the ACLED API returns them by default (`inter_num=0`): the actor type's label; empty for
    no second actor (the label list has none for 0) or an unknown type."""
    return INTER_LABELS.get(inter(unit, role))  # type: ignore[arg-type]


def interaction_label(unit: Unit) -> str | None:
    """interaction as text: `State Forces-External/Other Forces` (the two labels, smaller code first), or
    `Sole State Forces` for a sole actor, as acledR writes them."""
    code = interaction(unit)
    if code is None:
        return None
    first, second = divmod(code, 10)
    return SOLE_LABELS[first] if second == 0 else f"{INTER_LABELS[first]}-{INTER_LABELS[second]}"


def _killed(unit: Unit) -> list[claims.Claim]:
    return claims.claims(unit.package, unit.record["incident_id"], "killed")


def fatalities(unit: Unit) -> int:
    """The most conservative claimant total; 0 when the article gives no figure, as ACLED records no
    information on fatalities (the notes say so)."""
    chosen = claims.most_conservative(_killed(unit))
    return 0 if chosen is None else chosen.low


def notes(unit: Unit) -> str:
    """ACLED-style notes: when and what, then the fatality figure chosen and every other claim."""
    r, package = unit.record, unit.package
    window = str(r["date_start"]) if r["date_start"] == r["date_end"] else f"{r['date_start']} to {r['date_end']}"
    when = f'"{r["date_text"]}" ({window})' if r["date_text"] else f"{window}, not dated by the article"
    parts = [f"Date: {when}. Place: {r['location_text']}. {r['description']}"]
    killed = _killed(unit)
    chosen = claims.most_conservative(killed)
    if chosen is None:
        parts.append("Fatalities: the article gives no figure; 0 is ACLED's code for no information.")
    else:
        parts.append(f"Fatalities: {chosen.low}, the most conservative figure: "
                     f"{claims.describe(package, chosen, 'killed')}.")
        parts += [f"Other claim: {claims.describe(package, c, 'killed')}." for c in killed if c is not chosen]
    parts += [f"Injured (no ACLED column): {claims.describe(package, c, 'injured')}."
              for c in claims.claims(package, r["incident_id"], "injured")]
    if time_precision(r) is None:
        parts.append("The date window has no ACLED time_precision, so event_date and time_precision are empty.")
    return " ".join(parts)


INTER_RULE = ("From the actor's own type: state forces (actor type state, government or security_forces) are 1 in "
              "their own country and 8 outside it (ACLED's actor types: dtacled/acledR, vignette "
              "`actors_interactions`; "
              "docs/references.md, ACLED); inter2 is 0 when the incident has no second actor. Other actors stay "
              "empty: ACLED splits armed groups into 2, 3 or 4 by aims the article does not state.")
def _inter(name: str, role: str, flavor: str) -> tuple[Column, ...]:
    src = f"actors.actor_type, actors.country_iso3, incidents.country_iso3 (incidents.{role})"
    if flavor == "numeric":
        return (column(name, "integer", f"ACLED actor type of {name.replace('inter', 'actor')}, as a number.", src,
                       INTER_RULE, lambda u: inter(u, role), codes=tuple(codes.ACLED_INTER)),)
    return (column(name, "string", f"ACLED actor type of {name.replace('inter', 'actor')}, as its label.", src,
                   INTER_RULE + " Written as its label (`State Forces`, `External/Other Forces`), as the API "
                   "returns it by default; 0 has no label and stays empty.", lambda u: inter_label(u, role),
                   enum=tuple(INTER_LABELS.values())),)


def _interaction(flavor: str) -> Column:
    if flavor == "numeric":
        return column("interaction", "integer", "The two inter codes, smaller first.", "inter1, inter2",
                      "Both digits, smaller first (18, not 81); X0 (e.g. 10) for a sole actor, as ACLED writes it; "
                      "empty when either inter code is unknown.", interaction, codes=codes.ACLED_INTERACTIONS)
    return column("interaction", "string", "The two actor types, as a label.", "inter1, inter2",
                  "The two labels joined by `-`, smaller code first (`State Forces-External/Other Forces`); "
                  "`Sole State Forces` … for a sole actor (code X0), as acledR writes them; empty when either "
                  "inter code is unknown.", interaction_label)


def _round4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _columns(flavor: str) -> tuple[Column, ...]:
    return (
        empty("event_id_cnty", "string", "ACLED's event identifier (country prefix and number).",
              "ACLED assigns it; this package has no ACLED identifier, so it stays empty (the row's own ids are in "
              "`dataset_provenance`)."),
        column("event_date", "string", "Date of the event, `YYYY-MM-DD` text as the ACLED API writes it.",
               "incidents.date_start, incidents.date_end",
               "The mid-point of the window (ACLED codes the mid-point for a week or a month), as `YYYY-MM-DD` text "
               "(the API's JSON and CSV carry text; pandas and polars read it as text); empty when time_precision has "
               "no code.", event_date, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        column("year", "integer", "Year of event_date.", "incidents.date_start, incidents.date_end",
               "The year of event_date.", lambda u: (d.year if (d := event_day(u)) else None)),
        column("time_precision", "integer", "1 actual date, 2 a week, 3 the month.",
               "incidents.date_precision, incidents.date_start, incidents.date_end",
               "day → 1, week → 2, month → 3 (dtacled/acledR, vignette `time`; docs/references.md, ACLED). A `range` "
               "window gets the code of the smallest "
               "ACLED unit that contains it: 1 for one day, 2 for at most 7 days, 3 within one calendar month; a "
               "`year` or a longer window has no ACLED code and stays empty (noted in `notes`).",
               lambda u: time_precision(u.record), codes=tuple(codes.ACLED_TIME_PRECISION)),
        column("disorder_type", "string", "ACLED disorder type.", "incidents.disorder_type", "Copied.",
               lambda u: u.record["disorder_type"], required=True, enum=codes.ACLED_DISORDER_TYPES),
        column("event_type", "string", "ACLED event type.", "incidents.event_type", "Copied.",
               lambda u: u.record["event_type"], required=True, enum=codes.ACLED_EVENT_TYPES),
        column("sub_event_type", "string", "ACLED sub-event type.", "incidents.sub_event_type", "Copied.",
               lambda u: u.record["sub_event_type"], required=True, enum=codes.ACLED_ALL_SUB_EVENT_TYPES),
        column("actor1", "string", "First actor (ACLED implies no direction).",
               "incidents.perpetrator_actor_id → actors.name",
               "The perpetrator's name in this package. It is not ACLED's actor-dictionary string (such as "
               "`Military Forces of Iran (1989-)`): the article does not say which force acted.",
               lambda u: u.package.actor_name(u.record["perpetrator_actor_id"]), required=True),
        empty("assoc_actor_1", "string", "Actors associated with actor1, `;`-separated.",
              "The tables record one perpetrator per incident and no associated actors."),
        *_inter("inter1", "perpetrator_actor_id", flavor),
        column("actor2", "string", "Second actor.", "incidents.target_actor_id → actors.name",
               "The target's name in this package (as for actor1).",
               lambda u: u.package.actor_name(u.record["target_actor_id"])),
        empty("assoc_actor_2", "string", "Actors associated with actor2, `;`-separated.",
              "The tables record one target per incident and no associated actors."),
        *_inter("inter2", "target_actor_id", flavor),
        _interaction(flavor),
        column("civilian_targeting", "string", "`Civilian targeting` when civilians were the main target.",
               "incidents.event_type", "`Civilian targeting` for Violence against civilians; otherwise empty "
               "(the tables name no civilian target).",
               lambda u: codes.ACLED_CIVILIAN_TARGETING[0] if u.record["event_type"] == "Violence against civilians"
               else None, enum=codes.ACLED_CIVILIAN_TARGETING),
        column("iso", "integer", "ISO 3166-1 numeric code of the country.", "incidents.country_iso3",
               "ISO 3166-1 numeric code of the alpha-3 code, from pycountry's ISO data (dataset/schema/iso3166.json).",
               lambda u: u.package.iso_numeric(u.record["country_iso3"]), required=True, minimum=1, maximum=999),
        empty("region", "string", "ACLED region.", "ACLED's own region list is not among the project's references."),
        column("country", "string", "Country name.", "incidents.country_iso3 → actors.name (the state actor)",
               "The name of the package's state actor with that ISO code.",
               lambda u: u.package.country_name(u.record["country_iso3"])),
        column("admin1", "string", "First-level administrative division.", "incidents.admin1",
               "Copied (empty when the article names none).", lambda u: u.record["admin1"]),
        empty("admin2", "string", "Second-level administrative division.", "The article names none."),
        empty("admin3", "string", "Third-level administrative division.", "The article names none."),
        column("location", "string", "Where the event happened.", "incidents.location_text",
               "The article's words for the place (the article names no town).", lambda u: u.record["location_text"]),
        column("latitude", "number", "Latitude, four decimals.", "incidents.latitude", "Rounded to four decimals; "
               "empty when the article locates the event no closer than a region.",
               lambda u: _round4(u.record["latitude"]), minimum=-90, maximum=90),
        column("longitude", "number", "Longitude, four decimals.", "incidents.longitude", "As latitude.",
               lambda u: _round4(u.record["longitude"]), minimum=-180, maximum=180),
        column("geo_precision", "integer", "1 a town, 2 near a place or part of a region, 3 only the region.",
               "incidents.geo_precision", "Copied (coded to ACLED's scale in the tables).",
               lambda u: u.record["geo_precision"], required=True, codes=tuple(codes.ACLED_GEO_PRECISION)),
        column("source", "string", "The source of the report.", "incidents.source_id → sources.publisher",
               "The publisher of the piece that reports the incident.",
               lambda u: u.package.source(u.record["source_id"])["publisher"], required=True),
        empty("source_scale", "string", "Scale of the source (Local … International).",
              "The tables do not record the publisher's scale."),
        column("notes", "string", "Description of the event, with the fatality figure chosen and every other claim.",
               "incidents.date_text, date_start, date_end, location_text, description; casualties",
               "Generated text: the article's date words and window, the place, the description, the fatality "
               "figure chosen with its claimant, the other claims (killed and injured; ACLED has no injured "
               "column).", notes, required=True),
        column("fatalities", "integer", "Reported fatalities: the most conservative estimate.",
               "casualties.count_low (outcome killed), casualties.claimed_by_actor_id",
               "Per claimant the sum of its killed figures' count_low; the lowest claimant total (ACLED: \"the most "
               "conservative estimate\"). A stated zero is 0. When the article gives no figure: 0, as ACLED's codebook "
               "says (\"No information on fatalities is recorded as 0 reported fatalities\" [S: a third-party copy of "
               "the codebook table]), and `notes` says that no figure was given. ACLED's defaults for reports of "
               "deaths without a number (3 or 10: dtacled/acledR, vignette `fatalities`) are not applied: the "
               "article reports no deaths "
               "there.",
               fatalities, required=True, minimum=0),
        empty("tags", "string", "ACLED tags (e.g. crowd size).", "The tables record no ACLED tags."),
        empty("timestamp", "integer", "Unix time of ACLED's last upload of the row.",
              "An ACLED upload time; this package does not upload to ACLED, and writing the export time would "
              "break byte-identical exports."),
    )


NAME = "acled"
DISTRIBUTIONS = {
    "labels": "The ACLED API's default response (acledR `acled_api(inter_numeric = FALSE)`: R/acled_api.R sends "
              "`inter_num=0`), its JSON or CSV read by pandas or polars `read_csv` defaults or DuckDB `read_csv`: "
              "actor types as text labels, `event_date` as `YYYY-MM-DD` text.",
    "numeric": "The ACLED API with `inter_num=1` (acledR `inter_numeric = TRUE`, as acledR's own tests call it): "
               "inter1, inter2 and interaction as numbers, `event_date` as `YYYY-MM-DD` text.",
}


FLAVORS = flavors(
    NAME, DISTRIBUTIONS, _columns,
    title="ACLED",
    row="One incident of the package, as an ACLED event.",
    codebook="ACLED's public export, 31 columns from `event_id_cnty` to `timestamp` (the acledR codebook, "
             "dtacled/acledR: data/acled_codebook.rda; docs/references.md, ACLED), in the order acledR checks the "
             "API's columns in (dtacled/acledR: tests/testthat/setup-acled_api.R).",
    units=incident_units,
    decisions=(
        "Rows: one per incident. Statements are not exported to ACLED: by ACLED's event categories "
        "(docs/references.md, ACLED: acledR's vignette `event_types`) interstate diplomacy (calls, restoring ties) "
        "is outside ACLED's scope, and Strategic developments are, by definition, not systematically coded; no "
        "statement of the article is an ACLED strategic development "
        "(they are calls, decisions and remarks between states), so the ACLED export has no statement rows.",
        "Conflicting claims: `fatalities` is the most conservative claimant total; every claim, the chosen one "
        "first, is written in `notes` with its claimant.",
        "Dates: ACLED has no year level and no code for a window; see `time_precision`.",
        "`civilian_targeting` writes `Civilian targeting`, the value in the project's ACLED code list "
        "(docs/references.md, ACLED); a third-party "
        "copy of the codebook table prints `Civilians targeted`. No incident of the article fills it.",
    ),
)
