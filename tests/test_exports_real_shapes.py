"""Each export drops into a frame read from its real distribution's files: the same columns in the same order,
no object column, no changed type, in pandas (`concat`), polars (`concat(how="vertical")`) and DuckDB
(`UNION ALL BY NAME`). The real shapes (names, order, kinds, text forms, reader types) are in `real_shapes`,
with their public sources; the files read here hold made-up values only."""

from __future__ import annotations

import duckdb
import pandas as pd
import polars as pl
import pytest
from real_shapes import DUCKDB_OVERRIDES, SHAPES, expected_type, sample_csv, text_columns

import dataset

CASES = sorted(SHAPES)


def _pandas(layout: str, path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={c: str for c in text_columns(layout)})


def _polars(layout: str, path) -> pl.DataFrame:
    return pl.read_csv(path, schema_overrides={c: pl.String for c in text_columns(layout)})


def _duckdb(con: duckdb.DuckDBPyConnection, layout: str, path) -> duckdb.DuckDBPyRelation:
    types = {c: "VARCHAR" for c in text_columns(layout)}
    return con.read_csv(str(path), dtype=types) if types else con.read_csv(str(path))


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real-shapes")
    return {case: sample_csv(SHAPES[case], folder / f"{case[0]}-{case[1]}.csv") for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_the_fixture_reads_as_the_real_files_read(samples, case):
    """The recorded reader types are what pandas, polars and DuckDB give the made-up file (a check on the
    fixture: it must describe how the readers type the real text forms)."""
    layout, _ = case
    columns = SHAPES[case]
    frame = _pandas(layout, samples[case])
    assert [str(frame[c[0]].dtype) for c in columns] == [expected_type(layout, c, "pandas") for c in columns]
    schema = _polars(layout, samples[case]).schema
    assert [str(schema[c[0]]) for c in columns] == [expected_type(layout, c, "polars") for c in columns]
    con = duckdb.connect()
    rel = _duckdb(con, layout, samples[case])
    assert [str(t) for t in rel.types] == [expected_type(layout, c, "duckdb") for c in columns]


@pytest.mark.parametrize("case", CASES)
def test_pandas_concat_keeps_every_column_and_dtype(samples, case):
    layout, flavor = case
    user = _pandas(layout, samples[case])
    export = dataset.export(layout, strict=True, flavor=flavor)
    merged = pd.concat([user, export], ignore_index=True)
    assert list(export.columns) == list(user.columns) == list(merged.columns)
    assert len(merged) == len(user) + len(export) and len(export) > 0
    for name in merged.columns:
        theirs, ours, both = str(user[name].dtype), str(export[name].dtype), str(merged[name].dtype)
        assert both != "object", name
        # An integer column the export leaves empty in some row is pandas' nullable Int64: a real int64 column
        # becomes Int64 (and a float64 one Float64), the same values, never object or text.
        allowed = {theirs} | ({"Int64"} if (theirs, ours) == ("int64", "Int64") else set()) | (
            {"Float64"} if (theirs, ours) == ("float64", "Int64") else set())
        assert both in allowed, (name, theirs, ours, both)
    dates = [c for c in merged.columns if "date" in c.lower() and merged[c].dtype == "str"]
    assert merged.sort_values(dates).shape == merged.shape  # a sort on the text dates works (it raised on mixes)


@pytest.mark.parametrize("case", CASES)
def test_polars_vertical_concat_keeps_the_schema(samples, case):
    layout, flavor = case
    user = _polars(layout, samples[case])
    export = dataset.export(layout, engine="polars", strict=True, flavor=flavor)
    merged = pl.concat([user, export], how="vertical")
    assert merged.schema == user.schema and merged.height == user.height + export.height


@pytest.mark.parametrize("case", CASES)
def test_duckdb_union_all_by_name_keeps_the_types(samples, case):
    """DuckDB sniffs the real files' date text into DATE/TIMESTAMP: the export's text casts to those types
    (CAST raises on any other form); every other column unions with its type unchanged."""
    layout, flavor = case
    con = duckdb.connect()
    user = _duckdb(con, layout, samples[case])
    con.register("theirs", user)
    con.register("ours", dataset.export(layout, engine="pyarrow", strict=True, flavor=flavor))
    sniffed = DUCKDB_OVERRIDES.get(layout, {})
    replace = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in sniffed.items())
    ours = f"SELECT * REPLACE ({replace}) FROM ours" if replace else "SELECT * FROM ours"
    merged = con.sql(f"SELECT * FROM theirs UNION ALL BY NAME {ours}")
    assert merged.columns == user.columns
    assert merged.types == user.types
    assert len(merged.fetchall()) == len(user.fetchall()) + len(dataset.export(layout, engine="pyarrow"))


def test_plover_records_are_the_manuals_records(tmp_path):
    """The PLOVER export is the manual's JSON record: its fields in the manual's order, lists where the manual has
    lists, entity/text/citation objects with the manual's field names, dates as strings, the codebook reference
    in the manual's form; `json_normalize` of the records gives only columns a frame of manual records has."""
    import json
    import re
    import subprocess
    import sys

    from real_shapes import PLOVER_CODEBOOK, PLOVER_FIELDS, PLOVER_LISTS, PLOVER_MADE_UP, PLOVER_OBJECTS

    out = tmp_path / "plover.json"
    subprocess.run([sys.executable, "-m", "dataset", "export", "plover", "--strict", "--format", "json", "--out",
                    str(out)], check=True, capture_output=True)
    records = json.loads(out.read_text(encoding="utf-8"))
    assert records
    for rec in records:
        keys = list(rec)
        assert keys == [f for f in PLOVER_FIELDS if f in keys] and {"id", "date", "actor", "event"} <= set(keys)
        assert all(rec[f] is None or isinstance(rec[f], list) for f in PLOVER_LISTS)
        for entity in (*rec["actor"], *(rec["recipient"] or [])):
            assert set(entity) <= set(PLOVER_OBJECTS["entity"])
        assert set(rec["text_info"]) <= set(PLOVER_OBJECTS["text_info"])
        assert set(rec["cite_info"]) <= set(PLOVER_OBJECTS["cite_info"])
        assert re.fullmatch(PLOVER_CODEBOOK, rec["cite_info"]["codebook"])
        assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", rec["date"]) and isinstance(rec["event"][0], str)
    theirs, ours = pd.json_normalize(list(PLOVER_MADE_UP)), pd.json_normalize(records)
    allowed = {*PLOVER_FIELDS, *(f"{o}.{f}" for o in ("text_info", "cite_info") for f in PLOVER_OBJECTS[o])}
    assert set(ours.columns) <= allowed and set(theirs.columns) <= allowed
    merged = pd.concat([theirs, ours], ignore_index=True)
    assert len(merged) == len(theirs) + len(ours) and str(merged["date"].dtype) == str(theirs["date"].dtype)
    assert set(ours.columns) & set(theirs.columns) == set(ours.columns) - {"cite_info.title", "cite_info.language"}
