"""The one definition is sound, and every derived face of the schema agrees with it."""

from __future__ import annotations

import json
import re

import pytest

from dataset.schema import codes
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.datapackage import table_schema
from dataset.schema.models import ROW_MODELS
from dataset.schema.tables import TABLES
from dataset.validation.schema import PANDERA_SCHEMAS, POLARS_TYPES

ALL_FIELDS = [(t.name, f) for t in TABLES.values() for f in t.fields]


def test_primary_keys_are_first_singular_ids_and_slugs():
    for table in TABLES.values():
        pk = table.fields[0]
        assert pk.name == table.primary_key and pk.name.endswith("_id") and pk.required and pk.pattern


@pytest.mark.parametrize(("table", "field"), ALL_FIELDS, ids=[f"{t}.{f.name}" for t, f in ALL_FIELDS])
def test_field_is_well_formed(table, field):
    assert field.description.strip() and field.description[0].isupper()
    assert re.fullmatch(r"[a-z][a-z0-9_]*", field.name)
    if field.pattern:
        re.compile(field.pattern)
        assert "(?=" not in field.pattern and "(?!" not in field.pattern  # Rust regex (polars) has no look-around
    if field.enum:
        assert field.type == "string" and len(set(field.enum)) == len(field.enum)
    if field.references:
        assert field.references in TABLES and field.name.endswith("_id")


def test_foreign_key_columns_are_named_after_what_they_reference():
    for table in TABLES.values():
        for fk in table.foreign_keys:
            assert fk.name.endswith(TABLES[fk.references].primary_key), (table.name, fk.name)


def test_code_lists_come_from_the_standards():
    assert codes.CAMEO["050"][1] == 3.5 and codes.CAMEO["195"][1] == -10.0
    assert all(re.fullmatch(r"[0-2][0-9]{2,3}", c) for c in codes.CAMEO)
    assert codes.gdelt_quad_class("041") == 1 and codes.gdelt_quad_class("112") == 3
    assert codes.gdelt_quad_class("161") == 4 and codes.gdelt_quad_class("195") == 4
    assert len(codes.ACLED_ALL_SUB_EVENT_TYPES) == 25


@pytest.mark.parametrize("name", list(TABLES))
def test_every_face_agrees_with_the_definition(name, root):
    table = TABLES[name]
    names = list(table.field_names)
    required = {f.name for f in table.fields if f.required}

    arrow = ARROW_SCHEMAS[name]
    assert arrow.names == names
    assert {f.name for f in arrow if not f.nullable} == required
    assert all(f.metadata[b"description"].decode() == table.field(f.name).description for f in arrow)
    assert set(json.loads(arrow.metadata[b"dataset:columns"])) == set(names)

    pandera = PANDERA_SCHEMAS[name]
    assert list(pandera.columns) == names and pandera.strict is True
    for f in table.fields:
        assert pandera.columns[f.name].dtype.type == POLARS_TYPES[f.type]
        assert pandera.columns[f.name].nullable is (not f.required)

    json_schema = ROW_MODELS[name].model_json_schema()
    assert list(json_schema["properties"]) == names and set(json_schema["required"]) == required
    for f in table.fields:
        prop = json_schema["properties"][f.name]
        assert prop["description"] == f.description
        if f.enum:
            options = prop.get("anyOf", [prop])
            assert [f.enum] == [tuple(o["enum"]) for o in options if "enum" in o]

    frictionless = table_schema(table)
    assert [f["name"] for f in frictionless["fields"]] == names
    assert frictionless["primaryKey"] == [table.primary_key]
    assert [fk["fields"][0] for fk in frictionless["foreignKeys"]] == [f.name for f in table.foreign_keys]
    descriptor = json.loads((root / "datapackage.json").read_text())
    (resource,) = [r for r in descriptor["resources"] if r["name"] == name]
    assert resource["schema"] == frictionless
    committed = json.loads((root / "schemas" / f"{name}.tableschema.json").read_text())
    assert committed == frictionless
