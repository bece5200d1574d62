"""CSV exports are safe to open in a spreadsheet: a text cell that begins with a formula trigger gets a leading
`'` (OWASP's CSV Injection rule) unless --raw-csv / raw_csv=True; numbers, Parquet and JSON are never changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset
from dataset.__main__ import main
from dataset.exports.write import FORMULA_TRIGGERS, NEUTRALIZER, neutralize_formulas, to_bytes

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"


def _read_csv(data: bytes, names: list[str] | None = None) -> pa.Table:
    """A CSV export read back with every column as text (no inference, no nulls)."""
    header = data.split(b"\n", 1)[0].decode("utf-8").split(",") if names is None else names
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
                                   quoted_strings_can_be_null=False)
    return pacsv.read_csv(io.BytesIO(data), parse_options=pacsv.ParseOptions(newlines_in_values=True),
                          convert_options=convert)


def _expected(cell: str) -> str:
    return NEUTRALIZER + cell if cell.startswith(FORMULA_TRIGGERS) else cell


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid copy of the package whose actor names begin with every trigger (and one is a HYPERLINK formula)
    and whose publisher is a DDE formula."""
    from corrupt import copy_package, edit_rows, validate

    pkg = copy_package(tmp_path_factory.mktemp("hostile") / "pkg")
    prefixes = ["-", "+", "@", "\t", "\r", "="]
    edit_rows(pkg, "actors", lambda rs: [{**r, "name": HYPERLINK if r["actor_id"] == "iran"
                                          else prefixes[i % len(prefixes)] + r["name"]} for i, r in enumerate(rs)])
    edit_rows(pkg, "sources", lambda rs: [{**r, "publisher": DDE} for r in rs])
    assert validate(pkg).valid
    return pkg


def _export(pkg: Path, out: Path, layout: str, *flags: str) -> bytes:
    assert main(["export", layout, str(pkg), *flags, "--out", str(out)]) == 0
    return out.read_bytes()


def test_formula_cells_are_neutralized_in_csv_by_default(hostile, tmp_path):
    acled = _read_csv(_export(hostile, tmp_path / "acled.csv", "acled")).to_pydict()
    assert "'" + HYPERLINK in acled["actor1"] and set(acled["source"]) == {"'" + DDE}
    gdelt = _read_csv(_export(hostile, tmp_path / "gdelt.csv", "gdelt", "--strict")).to_pydict()
    names = {n for n in gdelt["Actor1Name"] + gdelt["Actor2Name"] if n}
    assert {n[1] for n in names} == set(FORMULA_TRIGGERS)  # every trigger occurs, each neutralized
    assert all(n.startswith(NEUTRALIZER) for n in names)


def test_raw_csv_writes_the_cells_as_they_are(hostile, tmp_path):
    raw = _read_csv(_export(hostile, tmp_path / "acled.csv", "acled", "--raw-csv")).to_pydict()
    assert HYPERLINK in raw["actor1"] and set(raw["source"]) == {DDE}
    table = dataset.export("gdelt", engine="pyarrow", root=hostile, strict=True)
    assert to_bytes(table, "csv", raw_csv=True) == _export(hostile, tmp_path / "gdelt.csv", "gdelt", "--strict",
                                                           "--raw-csv")


def test_parquet_and_json_are_not_changed(hostile, tmp_path):
    table = dataset.export("acled", engine="pyarrow", root=hostile)
    assert HYPERLINK in table.column("actor1").to_pylist()
    parquet = pq.read_table(io.BytesIO(_export(hostile, tmp_path / "acled.parquet", "acled", "--format", "parquet")))
    assert parquet.equals(table)
    rows = json.loads(_export(hostile, tmp_path / "acled.json", "acled", "--format", "json"))
    assert [r["actor1"] for r in rows] == table.column("actor1").to_pylist()
    assert {r["source"] for r in rows} == {DDE}


def test_only_text_columns_change():
    notes = ["=1+1", "+1", "-1", "@SUM(A1)", "\tTab", "\rCR", "plain", "'quoted", "", None]
    table = pa.table({
        "note": notes,
        "large": pa.array(notes, pa.large_string()),
        "count": [-5] * len(notes),
        "score": [-2.5] * len(notes),
        "aliases": [["-x", "=y"]] * len(notes),
    })
    safe = neutralize_formulas(table)
    want = [None if n is None else _expected(n) for n in notes]
    assert safe.column("note").to_pylist() == want and safe.column("large").to_pylist() == want
    assert safe.schema == table.schema
    for name in ("count", "score", "aliases"):
        assert safe.column(name).equals(table.column(name))
    text = to_bytes(table, "csv").decode("utf-8")
    assert "\n\"'=1+1\"," in text or "\n'=1+1," in text
    assert ",-5,-2.5," in text and '"[""-x"", ""=y""]"' in text


def test_the_real_exports_negative_goldstein_scores_stay_numbers():
    table = dataset.export("gdelt", engine="pyarrow", strict=True)
    negative = [g for g in table.column("GoldsteinScale").to_pylist() if g is not None and g < 0]
    assert negative
    read = pacsv.read_csv(io.BytesIO(to_bytes(table, "csv")))
    assert read.column("GoldsteinScale").to_pylist() == table.column("GoldsteinScale").to_pylist()


CELLS = st.tuples(st.sampled_from(["", NEUTRALIZER, " ", *FORMULA_TRIGGERS]), st.text()).map("".join)
"""Random text, often beginning with a trigger, a quote or a space."""


@given(st.lists(CELLS, min_size=1, max_size=20))
def test_csv_read_back_is_the_cell_with_a_quote_exactly_when_it_began_with_a_trigger(cells):
    table = pa.table({"cell": pa.array(cells, pa.string())})
    assert _read_csv(to_bytes(table, "csv"), ["cell"]).column("cell").to_pylist() == [_expected(c) for c in cells]
    assert _read_csv(to_bytes(table, "csv", raw_csv=True), ["cell"]).column("cell").to_pylist() == cells
