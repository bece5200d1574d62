"""Layer 4, rules across columns and rows, each one polars expression evaluated over a whole table.

A rule's expression is true for a good row; a null result passes, because missing values are the schema
layer's concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from dataset.schema import codes
from dataset.schema.iso3166 import iso3166
from dataset.schema.tables import RECORD_TABLES, TABLES, evidence_fields
from dataset.validation.counts import check_counts
from dataset.validation.registry import rule_id
from dataset.validation.report import CAP, Findings, Problem, excerpt

LAYER = "rules"


@dataclass(frozen=True)
class Rule:
    tables: tuple[str, ...]
    name: str
    """Its id in dataset.validation.registry (checked when the rule is made)."""
    columns: tuple[str, ...]
    """The columns the rule reads; the first is the one a failing row is reported against."""
    expression: pl.Expr
    message: str
    detail: pl.Expr | None = None
    """A failing row's own message (naming its values and what was expected), in place of `message`."""

    def __post_init__(self) -> None:
        rule_id(self.name)


@cache
def iso_codes() -> tuple[list[str], list[str], dict[str, str]]:
    """ISO 3166-1 alpha-3 codes, ISO 3166-2 codes, and alpha-3 → alpha-2, from the code list the build
    extracts from pycountry's ISO data (`dataset/schema/iso3166.json`)."""
    data = iso3166()
    return sorted(data["alpha_2_of_alpha_3"]), data["subdivisions"], data["alpha_2_of_alpha_3"]


def _col(name: str) -> pl.Expr:
    return pl.col(name)


def _precision(value: str) -> pl.Expr:
    return _col("date_precision") != value


_WEEKDAY = _col("date_text").str.to_lowercase().str.extract(
    r"\b(" + "|".join(d.lower() for d in codes.WEEKDAYS) + r")\b", 1
).replace_strict({d.lower(): i for i, d in enumerate(codes.WEEKDAYS, start=1)}, default=None,
                 return_dtype=pl.Int8)
_RECORD_KEYS = tuple(TABLES[t].primary_key for t in RECORD_TABLES)


def _field_of_its_record() -> pl.Expr:
    """True where an evidence row's `field` is one the table of the record it supports allows. One cause, one
    problem: a value no table allows is the schema's `isin` concern, and a row that does not support exactly one
    record is `supports_exactly_one_record`'s."""
    fits = pl.lit(True)
    for table in RECORD_TABLES:
        fits = pl.when(_col(TABLES[table].primary_key).is_not_null()).then(
            _col("field").is_in(evidence_fields(TABLES[table]))).otherwise(fits)
    one = pl.sum_horizontal(*(_col(key).is_not_null().cast(pl.Int8) for key in _RECORD_KEYS)) == 1
    known = _col("field").is_in(TABLES["evidence"].field("field").enum or ())
    return ~one | ~known | fits


_SUB_EVENT_TO_EVENT = {sub: event for event, subs in codes.ACLED_SUB_EVENT_TYPES.items() for sub in subs}
_START, _END = _col("date_start"), _col("date_end")
_TEXT_LIST = pl.List(pl.String)
_PLOVER, _MODE, _CAMEO = _col("plover_event_type"), _col("plover_mode"), _col("cameo_code")
_PLOVER_EXPECTED = _CAMEO.replace_strict({c: list(t) for c, t in codes.PLOVER_OF_CAMEO.items()}, default=None,
                                         return_dtype=_TEXT_LIST)
_PLOVER_EXPECTED_TEXT = _CAMEO.replace_strict(
    {c: " or ".join(t) or "no PLOVER type (PLOVER drops CAMEO roots 01 and 02)"
     for c, t in codes.PLOVER_OF_CAMEO.items()},
    default=None, return_dtype=pl.String)
_MODES_OF_TYPE = _PLOVER.replace_strict({t: list(m) for t, m in codes.PLOVER_MODES_OF_TYPE.items()}, default=None,
                                        return_dtype=_TEXT_LIST)
_DATED = ("statements", "incidents")
_CODED = ("statements", "incidents")


def rules() -> list[Rule]:
    alpha3, subdivisions, alpha2_of = iso_codes()
    return [
        Rule(("casualties",), "rules.counts-ordered", ("count_low", "count_best", "count_high"),
             (_col("count_low") <= _col("count_best")) & (_col("count_best") <= _col("count_high")),
             "count_low <= count_best <= count_high must hold"),
        Rule(_DATED, "rules.date-order", ("date_start", "date_end"), _START <= _END, "date_start is after date_end"),
        Rule(_DATED, "rules.day-precision", ("date_precision", "date_start", "date_end"),
             _precision("day") | (_START == _END), "a 'day' precision means one day: date_start == date_end"),
        Rule(_DATED, "rules.week-precision", ("date_precision", "date_start", "date_end"),
             _precision("week") | ((_END - _START).dt.total_days() <= 6), "a 'week' window spans at most 7 days"),
        Rule(_DATED, "rules.month-precision", ("date_precision", "date_start", "date_end"),
             _precision("month") | ((_START.dt.day() == 1) & (_START.dt.month_end() == _END)),
             "a 'month' window runs from the first to the last day of one month"),
        Rule(_DATED, "rules.year-precision", ("date_precision", "date_start", "date_end"),
             _precision("year") | ((_START.dt.ordinal_day() == 1) & (_END.dt.year() == _START.dt.year())
                                   & (_END.dt.month() == 12) & (_END.dt.day() == 31)),
             "a 'year' window runs from 1 January to 31 December of one year"),
        Rule(_DATED, "rules.weekday-matches-text", ("date_text", "date_precision", "date_start"),
             _WEEKDAY.is_null() | _precision("day") | (_START.dt.weekday() == _WEEKDAY),
             "the resolved date does not fall on the weekday its date_text names"),
        Rule(_CODED, "rules.goldstein-of-cameo", ("goldstein", "cameo_code"),
             _col("goldstein") == _col("cameo_code").replace_strict(
                 {k: v[1] for k, v in codes.CAMEO.items()}, default=None, return_dtype=pl.Float64),
             "goldstein is not the GDELT Goldstein score of cameo_code"),
        Rule(_CODED, "rules.quad-class-of-cameo", ("quad_class", "cameo_code"),
             _col("quad_class") == _col("cameo_code").replace_strict(
                 {k: codes.gdelt_quad_class(k) for k in codes.CAMEO}, default=None, return_dtype=pl.Int64),
             "quad_class is not the GDELT QuadClass of cameo_code"),
        Rule(_CODED, "rules.plover-type-of-cameo", ("plover_event_type", "cameo_code"),
             pl.when(_PLOVER_EXPECTED.list.len() == 0).then(_PLOVER.is_null())
             .otherwise(_PLOVER_EXPECTED.list.contains(_PLOVER).fill_null(False)),
             "plover_event_type does not agree with cameo_code (CAMEO → PLOVER, PLOVER manual 2.0)",
             pl.format("plover_event_type {} does not agree with cameo_code {}: expected {} (CAMEO → PLOVER: the "
                       "PLOVER manual's table and CAMEO2PLOVER-2021)", _PLOVER.fill_null("null"), _CAMEO,
                       _PLOVER_EXPECTED_TEXT)),
        Rule(_CODED, "rules.plover-mode-of-type", ("plover_mode", "plover_event_type"),
             _MODE.is_null() | _MODES_OF_TYPE.list.contains(_MODE).fill_null(False),
             "plover_mode is not one of its plover_event_type's modes (PLOVER manual 2.0)",
             pl.format("plover_mode {} is not a mode of plover_event_type {}: its modes are {}", _MODE,
                       _PLOVER.fill_null("null"), _PLOVER.replace_strict(
                           {t: ", ".join(m) or "none" for t, m in codes.PLOVER_MODES_OF_TYPE.items()},
                           default="none (no event type)", return_dtype=pl.String))),
        Rule(("statements",), "rules.platform-of-social-media", ("channel_platform", "channel"),
             _col("channel_platform").is_null() | (_col("channel") == "social_media"),
             "channel_platform is set only for a statement whose channel is social_media"),
        Rule(("incidents",), "rules.acled-sub-event-of-event", ("sub_event_type", "event_type"),
             _col("sub_event_type").replace_strict(_SUB_EVENT_TO_EVENT, default=None) == _col("event_type"),
             "sub_event_type is not one of its event_type's ACLED sub-event types"),
        Rule(("actors", "incidents"), "rules.iso3166-1-exists", ("country_iso3",),
             _col("country_iso3").is_in(alpha3), "not an ISO 3166-1 alpha-3 country code"),
        Rule(("casualties",), "rules.iso3166-1-exists", ("nationality_iso3",),
             _col("nationality_iso3").is_in(alpha3), "not an ISO 3166-1 alpha-3 country code"),
        Rule(("incidents",), "rules.iso3166-2-exists", ("admin1_iso",),
             _col("admin1_iso").is_in(subdivisions), "not an ISO 3166-2 subdivision code"),
        Rule(("incidents",), "rules.iso3166-2-in-country", ("admin1_iso", "country_iso3"),
             _col("admin1_iso").str.slice(0, 2) == _col("country_iso3").replace_strict(alpha2_of, default=None),
             "admin1_iso is a subdivision of another country than country_iso3"),
        Rule(("incidents",), "rules.coordinates-paired", ("latitude", "longitude"),
             _col("latitude").is_null() == _col("longitude").is_null(),
             "latitude and longitude must both be set or both be null"),
        Rule(("sources",), "rules.piece-range", ("text_start", "text_end"), _col("text_start") < _col("text_end"),
             "text_start must be before text_end"),
        Rule(("evidence",), "rules.span-not-empty", ("start", "end"), _col("start") < _col("end"),
             "start must be before end"),
        Rule(("evidence",), "rules.supports-exactly-one-record",
             ("actor_id", "statement_id", "incident_id", "casualty_id"),
             pl.sum_horizontal(*(_col(c).is_not_null().cast(pl.Int8)
                                 for c in ("actor_id", "statement_id", "incident_id", "casualty_id"))) == 1,
             "an evidence row must support exactly one record: set exactly one of its four record keys"),
        Rule(("evidence",), "rules.field-of-its-record", ("field", *_RECORD_KEYS), _field_of_its_record(),
             "field is not a column or aspect of the table of the record the span supports "
             "(dataset.schema.tables.evidence_fields)"),
    ]


def check_rules(frames: dict[str, pl.LazyFrame]) -> Findings:
    """`frames` holds only structurally sound tables. One aggregate query per table counts the failing rows of
    every rule; a rule with failures then lists its first `CAP` rows."""
    found = Findings()
    by_table: dict[str, list[Rule]] = {}
    for rule in rules():
        for name in rule.tables:
            if name in frames:
                by_table.setdefault(name, []).append(rule)
    names = list(by_table)
    counts = pl.collect_all([frames[n].select(_fails(r).sum().alias(str(i)) for i, r in enumerate(by_table[n]))
                             for n in names])
    for name, result in zip(names, counts, strict=True):
        pk = TABLES[name].primary_key
        for rule, count in zip(by_table[name], result.row(0), strict=True):
            if not count:
                continue
            detail = [] if rule.detail is None else [rule.detail.alias(_DETAIL)]
            failing = frames[name].filter(_fails(rule)).head(CAP).select(pk, *rule.columns, *detail).collect()
            found.add((Problem(LAYER, name, row[pk], rule.columns[0], rule.name, row.get(_DETAIL) or rule.message,
                               excerpt(", ".join(f"{c}={row[c]!s}" for c in rule.columns), 120))
                       for row in failing.iter_rows(named=True)), count)
    if "actors" in frames:
        found.extend(_ancestry(frames["actors"].select("actor_id", "parent_actor_id").collect()))
    found.extend(check_counts(frames))
    return found


_DETAIL = "__detail"


def _fails(rule: Rule) -> pl.Expr:
    return rule.expression.fill_null(True).not_()


def _ancestry(actors: pl.DataFrame) -> Findings:
    """Actors that are their own ancestor, found by walking all parent chains one generation at a time."""
    edges = actors.select("actor_id", "parent_actor_id").filter(pl.col("parent_actor_id").is_not_null())
    chains = edges.rename({"actor_id": "start", "parent_actor_id": "ancestor"})
    in_cycle: set[str] = set()
    for _ in range(actors.height + 1):
        looped = chains.filter(pl.col("start") == pl.col("ancestor"))["start"].to_list()
        in_cycle.update(looped)
        chains = chains.filter(~pl.col("start").is_in(list(in_cycle)) & ~pl.col("ancestor").is_in(list(in_cycle)))
        chains = chains.join(edges, left_on="ancestor", right_on="actor_id").select(
            "start", pl.col("parent_actor_id").alias("ancestor"))
        if chains.is_empty():
            break
    looped = sorted(in_cycle)
    found = Findings()
    found.add((Problem(LAYER, "actors", actor, "parent_actor_id", "rules.not-own-ancestor",
                       "the actor is its own ancestor: its parent_actor_id chain loops back to it", excerpt(actor))
               for actor in looped[:CAP]), len(looped))
    return found
