"""The article's facts, asserted on the built tables; provenance and integrity checked independently of the
validator, with plain Python over the rows."""

from __future__ import annotations

import datetime as dt

import pytest

from dataset.schema.tables import RECORD_TABLES, TABLES

PIECE_A = "tehran-times-pakistan-restores-ties-with-iran"
PIECE_B = "tehran-times-pakistan-embassy-ties-critical"


def by_id(rows, table):
    return {r[TABLES[table].primary_key]: r for r in rows[table]}


def test_row_counts(rows):
    assert {name: len(r) for name, r in rows.items()} == {
        "sources": 2, "actors": 21, "statements": 23, "incidents": 3, "casualties": 3, "evidence": 114}


def test_sources_are_the_two_pieces(rows, article):
    sources = by_id(rows, "sources")
    a, b = sources[PIECE_A], sources[PIECE_B]
    assert article[a["text_start"]:a["text_end"]].startswith("Pakistan decides to fully restore ties with Iran\n")
    assert article[b["text_start"]:b["text_end"]].startswith("Pakistan Embassy says Tehran-Islamabad ties")
    assert a["text_end"] + 1 == b["text_start"] and b["text_end"] == len(article)
    assert a["published_date"] is None and b["published_date"] is None and b["url"] is None
    assert a["published_date_earliest"] == dt.date(2024, 1, 19)
    assert {s["publisher_actor_id"] for s in sources.values()} == {"tehran-times"}


def test_jaish_spellings_are_one_actor(rows):
    actors = by_id(rows, "actors")
    assert sorted(actors["jaish-ul-adl"]["aliases"]) == ["Jaish al-Adl", "Jaish ul-Adl"]
    assert sum("Jaish" in " ".join(a["aliases"]) for a in actors.values()) == 1


def test_roles_and_parents(rows):
    actors = by_id(rows, "actors")
    assert actors["anwaar-ul-haq-kakar"]["role"] == "Caretaker Prime Minister of Pakistan"
    assert actors["anwaar-ul-haq-kakar"]["role_text"] == "Prime Minister"
    assert actors["jalil-abbas-jilani"]["parent_actor_id"] == "government-of-pakistan"
    assert actors["embassy-of-pakistan-tehran"]["parent_actor_id"] == "pakistan"
    assert actors["government-of-iran"]["parent_actor_id"] == "iran"
    confirmed = {"pakistan": "Q843", "iran": "Q794", "reuters": "Q130879"}
    assert {k: a["wikidata_id"] for k, a in actors.items() if a["wikidata_id"]} == confirmed


def test_metonyms_are_evidence_not_aliases(rows):
    actors = by_id(rows, "actors")
    aliases = {alias for a in actors.values() for alias in a["aliases"]}
    assert not aliases & {"Islamabad", "Tehran", "the Zionist regime", "Pakistan’s Foreign Minister"}
    spans = {(e["actor_id"], e["text"]) for e in rows["evidence"] if e["actor_id"]}
    assert ("israel", "the Zionist regime") in spans
    assert ("government-of-pakistan", "Islamabad said") in spans
    assert ("jalil-abbas-jilani", "Pakistan’s Foreign Minister") in spans


def test_friday_decision_and_call(rows):
    statements = by_id(rows, "statements")
    decision = statements["cabinet-decides-to-restore-ties-with-iran"]
    assert (decision["speaker_actor_id"], decision["channel"], decision["cameo_code"]) == (
        "cabinet-of-pakistan", "cabinet_decision", "050")
    assert (decision["reported_by_actor_id"], decision["reporter_source_actor_id"]) == (
        "reuters", "pakistani-media-outlets")
    assert decision["date_start"] == decision["date_end"] == dt.date(2024, 1, 19)
    calls = [s for s in statements.values() if s["cameo_code"] == "041"]
    assert {(s["speaker_actor_id"], s["target_actor_id"]) for s in calls} == {
        ("jalil-abbas-jilani", "hossein-amir-abdollahian"), ("hossein-amir-abdollahian", "jalil-abbas-jilani")}
    on_friday = [s for s in statements.values() if s["date_start"] == dt.date(2024, 1, 19)]
    assert len(on_friday) == 14 and all(s["date_precision"] == "day" for s in on_friday)


def test_direct_quotes_are_exact(rows, article):
    direct = [s for s in rows["statements"] if s["quote_type"] == "direct"]
    assert len(direct) == 8
    for s in direct:
        at = article.index(s["text"])
        assert article[at - 1] in "\"“" and article[at + len(s["text"])] in "\"”"
    embassy = by_id(rows, "statements")["embassy-ties-critical-for-peace"]
    assert embassy["channel"] == "x" and embassy["text"].endswith("development,")
    assert "“" + embassy["text"] + "”" in article


def test_disputed_speaker_is_kept_as_the_article_says(rows):
    axis = by_id(rows, "statements")["jilani-axis-of-security-and-military-cooperation"]
    assert axis["speaker_actor_id"] == "jalil-abbas-jilani" and axis["speaker_disputed"] is True
    assert "Amir-Abdollahian" in axis["note"]
    assert [s["statement_id"] for s in rows["statements"] if s["speaker_disputed"]] == [axis["statement_id"]]


def test_claims_stay_claims(rows):
    assert not any(c["count_best"] >= 50 for c in rows["casualties"])
    operation = by_id(rows, "statements")["amir-abdollahian-operation-neutralized-imminent-threat"]
    assert "over fifty terrorists" in operation["text"]
    assert operation["incident_id"] == "iran-strikes-jaish-ul-adl-in-balochistan"


def test_casualty_figures(rows):
    figures = {(c["incident_id"], c["outcome"]): c for c in rows["casualties"]}
    killed = figures[("jaish-ul-adl-attacks-police-station-in-iran", "killed")]
    injured = figures[("jaish-ul-adl-attacks-police-station-in-iran", "injured")]
    zero = figures[("pakistan-strikes-iranian-positions-near-border", "killed")]
    assert (killed["count_low"], killed["count_best"], killed["count_high"]) == (11, 11, 11)
    assert (injured["count_low"], injured["count_best"], injured["count_high"]) == (6, 6, 6)
    assert killed["claimed_by_actor_id"] == injured["claimed_by_actor_id"] == "tehran-times"
    assert (zero["count_best"], zero["nationality_iso3"], zero["claimed_by_actor_id"], zero["statement_id"]) == (
        0, "IRN", "government-of-iran", "tehran-no-iranian-national-killed")


def test_incidents(rows):
    incidents = by_id(rows, "incidents")
    i, ii, iii = (incidents[k] for k in ("iran-strikes-jaish-ul-adl-in-balochistan",
                                         "pakistan-strikes-iranian-positions-near-border",
                                         "jaish-ul-adl-attacks-police-station-in-iran"))
    assert (i["perpetrator_actor_id"], i["country_iso3"], i["admin1_iso"], i["date_start"], i["date_precision"]) == (
        "iran", "PAK", "PK-BA", dt.date(2024, 1, 16), "day")
    assert i["source_id"] == PIECE_A and ii["source_id"] == iii["source_id"] == PIECE_B
    assert (ii["perpetrator_actor_id"], ii["country_iso3"], ii["date_precision"], ii["external_date"]) == (
        "pakistan", "IRN", "range", dt.date(2024, 1, 18))
    assert ii["date_start"] <= ii["external_date"] <= ii["date_end"]
    assert (iii["date_start"], iii["date_end"], iii["date_precision"], iii["external_date"]) == (
        dt.date(2023, 12, 1), dt.date(2023, 12, 31), "month", dt.date(2023, 12, 15))
    assert {x["event_type"] for x in (i, ii)} == {"Explosions/Remote violence"}
    assert (iii["event_type"], iii["sub_event_type"]) == ("Battles", "Armed clash")
    assert all(x["latitude"] is None and x["longitude"] is None for x in incidents.values())


def test_codes_are_strings_with_leading_zeros(rows):
    codes = {s["cameo_code"] for s in rows["statements"]}
    assert {"010", "041", "050", "0312", "0356", "036"} <= codes


@pytest.mark.parametrize("table", list(TABLES))
def test_keys_unique_and_references_resolve(rows, table):
    keys = [r[TABLES[table].primary_key] for r in rows[table]]
    assert len(keys) == len(set(keys)) and None not in keys
    for fk in TABLES[table].foreign_keys:
        parent = {r[TABLES[fk.references].primary_key] for r in rows[fk.references]}
        assert {r[fk.name] for r in rows[table]} - {None} <= parent, fk.name


def test_evidence_spans_equal_the_text(rows, article):
    for e in rows["evidence"]:
        assert article[e["start"]:e["end"]] == e["text"], e["evidence_id"]
        assert sum(e[k] is not None for k in ("actor_id", "statement_id", "incident_id", "casualty_id")) == 1


def test_every_record_has_evidence_except_the_publisher(rows):
    for table in RECORD_TABLES:
        key = TABLES[table].primary_key
        supported = {e[key] for e in rows["evidence"]}
        assert {r[key] for r in rows[table]} - supported == ({"tehran-times"} if table == "actors" else set())


def test_every_line_of_the_article_is_covered_by_evidence(rows, article):
    covered = [False] * len(article)
    for e in rows["evidence"]:
        covered[e["start"]:e["end"]] = [True] * (e["end"] - e["start"])
    offset = 0
    for number, line in enumerate(article.split("\n"), start=1):
        assert any(covered[offset:offset + len(line)]), f"line {number} has no evidence"
        offset += len(line) + 1
