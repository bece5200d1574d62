"""The validator's registry of layers and rules (dataset.validation.registry): stable ids, ids independent of the
code lists, `validate --skip`/`--only`, and the pandera schemas agreeing with the validator on corrupted tables."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pandera.polars as pa
import polars as pl
import pytest
from pandera.errors import SchemaErrors

import dataset.validation.schema as schema_layer
from dataset.__main__ import main
from dataset.schema.tables import TABLES
from dataset.validation import validate_package
from dataset.validation.counts import RULE as COUNT_RULE
from dataset.validation.registry import LAYERS, RULE_LIST, RULES, UnknownRule, all_rules, resolve
from dataset.validation.report import CAP, Findings, Omitted, Problem
from dataset.validation.rules import rules
from dataset.validation.rules_doc import rules_page
from tests.corrupt import copy_package, parquet_file
from tests.test_corruptions import CASES, cell

PINNED = [
    "files.descriptor", "files.present", "files.path-refused", "files.bytes", "files.hash", "files.readable",
    "files.resources", "schema.missing-column", "schema.unexpected-column", "schema.type", "schema.required",
    "schema.enum", "schema.pattern", "schema.not-empty", "schema.minimum", "schema.maximum", "schema.list-items",
    "keys.primary-key", "keys.foreign-key", "rules.counts-ordered", "rules.date-order", "rules.day-precision",
    "rules.week-precision", "rules.month-precision", "rules.year-precision", "rules.weekday-matches-text",
    "rules.goldstein-of-cameo", "rules.quad-class-of-cameo", "rules.plover-type-of-cameo",
    "rules.plover-mode-of-type", "rules.platform-of-social-media", "rules.acled-sub-event-of-event",
    "rules.iso3166-1-exists", "rules.iso3166-2-exists", "rules.iso3166-2-in-country", "rules.coordinates-paired",
    "rules.piece-range", "rules.span-not-empty", "rules.supports-exactly-one-record", "rules.field-of-its-record",
    "rules.not-own-ancestor", "rules.count-in-evidence", "provenance.piece-in-text", "provenance.verbatim",
    "provenance.span-in-text", "provenance.span-matches-text", "provenance.span-in-piece", "provenance.has-evidence",
    "provenance.first-reporting-source", "frictionless.reference", "frictionless.descriptor",
    "frictionless.csv-twin",
]
"""Every id this project defines, written out: changing or dropping one breaks users' --skip lists and CI
filters, so it must be a deliberate edit here."""


def test_ids_are_pinned():
    assert [rule.id for rule in RULE_LIST] == PINNED
    assert LAYERS == ("files", "schema", "keys", "rules", "provenance", "frictionless")
    assert all(rule.layer in LAYERS and rule.title and rule.description for rule in RULE_LIST)


def test_every_registered_rule_of_the_rules_layer_has_its_check():
    """No registry entry without a check: the rules layer's ids are those of its expressions and two walks."""
    made = {rule.name for rule in rules()} | {"rules.not-own-ancestor", COUNT_RULE}
    assert made == {rule.id for rule in RULE_LIST if rule.layer == "rules"}
    assert set(schema_layer._RULE_OF_CHECK.values()) | {"schema.required", "schema.type", "schema.missing-column",
                                                        "schema.unexpected-column"} == {
        rule.id for rule in RULE_LIST if rule.layer == "schema"}


def test_frictionless_ids_come_from_frictionless():
    ids = {rule.id for rule in all_rules()}
    assert {"frictionless.hash-count", "frictionless.type-error", "frictionless.foreign-key"} <= ids
    assert len(ids) == len(all_rules())  # no id defined twice


def test_rules_page_lists_every_rule():
    page = rules_page().decode("utf-8")
    assert all(f"`{rule.id}`" in page for rule in all_rules())
    assert (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_bytes() == rules_page()


def _bad_cameo() -> dict[str, pl.LazyFrame]:
    statements = pl.read_parquet(Path(__file__).resolve().parents[1] / "data" / "statements.parquet")
    return {"statements": statements.with_columns(pl.lit("999").alias("cameo_code")).head(1).lazy()}


def test_adding_a_code_changes_no_id(monkeypatch):
    """A bad cameo_code is `schema.enum` before and after a code is added to the list (pandera's error text, which
    lists the codes, once was the id)."""
    before = schema_layer.check_schema(_bad_cameo()).problems
    table = TABLES["statements"]
    grown = tuple(dataclasses.replace(f, enum=(*f.enum, "998")) if f.name == "cameo_code" else f
                  for f in table.fields)
    grown_table = dataclasses.replace(table, fields=grown)
    monkeypatch.setitem(schema_layer.PANDERA_SCHEMAS, "statements", schema_layer.pandera_schema(grown_table))
    monkeypatch.setitem(schema_layer.TABLES, "statements", grown_table)
    after = schema_layer.check_schema(_bad_cameo()).problems
    assert [(p.column, p.rule) for p in before] == [(p.column, p.rule) for p in after] == [("cameo_code",
                                                                                          "schema.enum")]
    assert "998" not in after[0].message and len(after[0].message) < 80


def test_resolve_refuses_unknown_names_with_suggestions():
    with pytest.raises(UnknownRule, match=r"rules\.goldstein-of-cameo"):
        resolve(skip=["rules.goldstien-of-cameo"])
    with pytest.raises(UnknownRule, match="did you mean rules"):
        resolve(only=["rule"])
    with pytest.raises(UnknownRule, match="cannot be skipped"):
        resolve(skip=["files"])
    assert resolve(skip=["keys", "schema.enum", "frictionless.hash-count"], only=["keys", "schema"]) == (
        frozenset({"keys", "rules", "provenance", "frictionless"}),
        frozenset({"schema.enum", "frictionless.hash-count"}))


def _cli(capsys, *args: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["validate", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_skip_a_rule_and_only_a_layer(tmp_path, capsys):
    pkg = copy_package(tmp_path / "package")
    cell("statements", "amir-abdollahian-calls-jilani", goldstein=9.9)(pkg)
    code, report = _cli(capsys, str(pkg), "--no-frictionless")
    assert code == 1 and {p["rule"] for p in report["problems"]} == {"rules.goldstein-of-cameo"}
    assert report["problems"][0]["title"] == RULES["rules.goldstein-of-cameo"].title
    code, report = _cli(capsys, str(pkg), "--no-frictionless", "--skip", "rules.goldstein-of-cameo")
    assert code == 0 and report["skipped_rules"] == ["rules.goldstein-of-cameo"]
    assert all(layer["ran"] for layer in report["layers"][:5])
    code, report = _cli(capsys, str(pkg), "--skip", "rules", "--skip", "frictionless.csv-twin")
    assert code == 0 and [layer["name"] for layer in report["layers"] if not layer["ran"]] == ["rules"]
    code, report = _cli(capsys, str(pkg), "--only", "schema", "--only", "keys")
    assert code == 0 and [layer["name"] for layer in report["layers"] if layer["ran"]] == ["files", "schema", "keys"]
    capsys.readouterr()
    text_code = main(["validate", str(pkg), "--no-frictionless", "--skip", "rules.goldstein-of-cameo"])
    assert text_code == 0 and "skipped rule: rules.goldstein-of-cameo" in capsys.readouterr().out
    assert validate_package(pkg, frictionless=False, skip=["rules"]).valid


@pytest.mark.parametrize("argv", [["--skip", "rules.no-such-rule"], ["--only", "keyz"], ["--skip", "files"]])
def test_unknown_ids_are_a_usage_error(capsys, argv):
    capsys.readouterr()
    assert main(["validate", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "\n" not in err.strip()


def test_the_library_changes_no_interpreter_setting(tmp_path):
    before = sys.getswitchinterval()
    validate_package(copy_package(tmp_path / "package"), frictionless=True)
    assert sys.getswitchinterval() == before


# --- the pandera face agrees with the validator ----------------------------------------------------------------

SCHEMA_CASES = [c for c in CASES if c.values[1].layer == "schema"]


def _pandera_failures(name: str, frame: pl.DataFrame) -> set[tuple[str | None, str | None]]:
    """(column, row key) of every failure pandera itself reports when the user validates the frame."""
    key = TABLES[name].primary_key
    try:
        schema_layer.PANDERA_SCHEMAS[name].validate(frame, lazy=True)
    except SchemaErrors as err:
        out = set()
        for case in err.failure_cases.iter_rows(named=True):
            index = case["index"]
            column = case["column"] if case["schema_context"] == "Column" else case["failure_case"]
            row = None
            if index is not None and frame.schema.get(key) == pl.String:
                row = frame[key][int(index)]
            out.add((column, row))
        return out
    return set()


@pytest.mark.parametrize(("change", "expect", "target"), SCHEMA_CASES)
def test_pandera_schemas_agree_with_the_validator(tmp_path, change, expect, target):
    """On every schema case of the corruption suite, the pandera schema a user can call on the table fails the same
    (column, row) pairs as the validator's schema layer."""
    pkg = copy_package(tmp_path / "package")
    change(pkg)
    report = validate_package(pkg, frictionless=False)
    validator = {(p.column, p.row if p.row is None or not p.row.startswith("#") else None)
                 for p in report.problems if p.layer == "schema" and p.table == expect.table}
    frame = pl.read_parquet(parquet_file(pkg, expect.table))
    assert validator and _pandera_failures(expect.table, frame) == validator, report.to_text()


def test_an_uncapped_list_is_capped_and_counted_per_rule():
    """The frictionless layer's problems (frictionless lists them all) are capped like every other layer's."""
    problems = [Problem("frictionless", "actors", str(i), "name", "frictionless.type-error", "bad") for i in range(25)]
    problems.append(Problem("frictionless", "actors", "x", "name", "frictionless.constraint-error", "bad"))
    found = Findings.capped(problems)
    assert len(found.problems) == CAP + 1
    assert found.omitted == [Omitted("frictionless", "actors", "name", "frictionless.type-error", 25, CAP)]


def test_pandera_schema_is_a_public_face():
    assert all(isinstance(s, pa.DataFrameSchema) for s in schema_layer.PANDERA_SCHEMAS.values())
