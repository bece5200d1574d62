"""The loader: one call gives a correctly typed table in pandas, pyarrow or polars, offline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dataset
from dataset import loader
from dataset.schema.tables import TABLES


def test_import_name_belongs_to_this_project(root):
    # PyPI has an unrelated project that also imports as `dataset`.
    assert Path(dataset.__file__).resolve().parent == root / "dataset"
    assert hasattr(dataset, "load") and dataset.datapackage()["name"] == "pakistan-iran-ties-2024"


def test_version_is_defined_once_and_agrees(root):
    assert dataset.datapackage()["version"] == dataset.__version__
    assert 'dynamic = ["version"]' in (root / "pyproject.toml").read_text()


def test_tables_and_paths():
    assert dataset.tables() == tuple(TABLES)
    for name in dataset.tables():
        assert dataset.path(name).is_file() and dataset.path(name).suffix == ".parquet"


@pytest.mark.parametrize("name", list(TABLES))
def test_pandas_dtypes_follow_the_definition(name):
    frame = dataset.load(name)
    assert list(frame.columns) == list(TABLES[name].field_names)
    for field in TABLES[name].fields:
        dtype = frame[field.name].dtype
        if field.enum:
            assert isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == list(field.enum)
        elif field.type == "integer":
            assert dtype == pd.Int64Dtype()
        elif field.type == "number":
            assert dtype == pd.Float64Dtype()
        elif field.type == "boolean":
            assert dtype == pd.BooleanDtype()
        elif field.type == "date":
            assert dtype == pd.ArrowDtype(pa.date32())
        elif field.type == "string":
            assert dtype == pd.StringDtype()
        else:
            assert all(v is None or isinstance(v, list) for v in frame[field.name])


def test_integers_with_nulls_stay_integers():
    incidents = dataset.load("incidents")
    assert incidents["geo_precision"].dtype == pd.Int64Dtype()
    casualties = dataset.load("casualties")
    assert casualties["count_best"].tolist() == [0, 6, 11]


@pytest.mark.parametrize("name", list(TABLES))
def test_every_engine_holds_the_values_of_the_parquet_file(name):
    stored = pq.read_table(dataset.path(name))
    as_pyarrow = dataset.load(name, engine="pyarrow")
    for field in TABLES[name].fields:
        assert pa.types.is_dictionary(as_pyarrow.schema.field(field.name).type) == bool(field.enum)
    assert as_pyarrow.cast(stored.schema).equals(stored)
    as_polars = dataset.load(name, engine="polars")
    assert as_polars.cast({c: pl.String for c, t in as_polars.schema.items() if isinstance(t, pl.Enum)}).equals(
        pl.from_arrow(stored))
    as_pandas = dataset.load(name)
    expected = stored.to_pylist()
    got = [{k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
           for row in as_pandas.astype(object).to_dict("records")]
    assert got == expected


def test_unicode_survives_every_engine():
    texts = [dataset.load("statements", engine=e)["text"] for e in ("pandas", "polars")]
    texts.append(dataset.load("statements", engine="pyarrow")["text"].to_pylist())
    for column in texts:
        values = list(column)
        assert any("’" in v for v in values) and any(v.endswith("development,") for v in values)
    headline = dataset.load("evidence")
    assert "Pakistan Embassy says Tehran-Islamabad ties 'critical' for regional peace" in set(headline["text"])


@pytest.mark.parametrize("name", list(TABLES))
def test_pandas_round_trip_through_parquet_keeps_dtypes(name, tmp_path):
    frame = dataset.load(name)
    frame.to_parquet(tmp_path / "t.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "t.parquet"), frame)


def test_load_all_and_connect():
    frames = dataset.load_all()
    assert set(frames) == set(TABLES)
    rows = dataset.connect().sql(
        "select a.name, count(*) from statements s join actors a on s.speaker_actor_id = a.actor_id "
        "group by a.name order by 2 desc, 1 limit 2").fetchall()
    assert rows == [("Jalil Abbas Jilani", 8), ("Hossein Amir-Abdollahian", 5)]


def test_source_text_offsets_index_the_whole_file():
    evidence = dataset.load("evidence", engine="pyarrow").to_pylist()
    for row in evidence:
        assert dataset.source_text(row["source_id"])[row["start"]:row["end"]] == row["text"]
    piece = dataset.source_text("tehran-times-pakistan-embassy-ties-critical", piece=True)
    assert piece.startswith("Pakistan Embassy says") and piece.endswith("misunderstandings.")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: dataset.load("actor"), "choose one of: sources, actors, statements"),
    (lambda: dataset.load("actors", engine="spark"), "choose one of: pandas, pyarrow, polars"),
    (lambda: dataset.path("nope"), "unknown table 'nope'"),
    (lambda: dataset.source_text("nope"), "unknown source_id 'nope'"),
])
def test_wrong_names_get_errors_that_list_the_choices(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_missing_engine_library_names_the_install_command(monkeypatch):
    real = __import__("importlib").import_module

    def fake(name, *args):
        if name == "polars":
            raise ModuleNotFoundError("No module named 'polars'", name="polars")
        return real(name, *args)

    monkeypatch.setattr("importlib.import_module", fake)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'pakistan-iran-ties-2024\[polars\]'"):
        loader.load("actors", engine="polars")


def test_a_table_is_read_once_while_its_file_is_unchanged():
    assert dataset.load("actors", engine="pyarrow") is dataset.load("actors", engine="pyarrow")


def test_loading_imports_no_validation_library(root):
    code = ("import sys, dataset; dataset.load_all(); dataset.load_all(engine='polars'); dataset.connect(); "
            "print(sorted(m for m in ('pandera', 'frictionless', 'pydantic', 'yaml') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_import_dataset_leaves_the_export_layouts_until_export_is_used(root):
    code = ("import sys, dataset; before = 'dataset.exports' in sys.modules; "
            "frame = dataset.export('acled'); from dataset import export; "
            "print(before, 'dataset.exports' in sys.modules, export is dataset.export, len(frame) > 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True", "True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'exprot'"):
        dataset.exprot  # noqa: B018


def test_info_command_lists_every_table(root):
    done = subprocess.run([sys.executable, "-m", "dataset"], cwd=root, capture_output=True, text=True, check=True)
    assert f"pakistan-iran-ties-2024 {dataset.__version__}" in done.stdout and "CC-BY-4.0" in done.stdout
    for name in TABLES:
        assert f"  {name} " in done.stdout
    assert "statements     23 rows" in done.stdout


@pytest.mark.parametrize(("command", "blocked", "extra"), [
    (["validate"], "pandera", "validate"), (["build"], "yaml", "validate"),
    (["build", "--toolkit"], "pycountry", "build"),
    (["figures"], "matplotlib", "docs")])
def test_a_command_without_its_extra_names_the_install_command(root, command, blocked, extra):
    code = (f"import sys; sys.modules[{blocked!r}] = None\n"
            f"from dataset.__main__ import main; sys.exit(main({command!r}))")
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert f"pip install 'pakistan-iran-ties-2024[{extra}]'" in done.stderr and "Traceback" not in done.stderr


def test_root_loads_another_package_in_this_schema(tmp_path: Path):
    """`root=` reads a package folder (or its descriptor) other than the installed data: here a copy of the
    package with one actor removed from the Parquet file, so the rows can only come from the copy."""
    import shutil

    import pyarrow.parquet as pq

    for part in ("datapackage.json", "data"):
        source = loader.data_root() / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / part)
    actors = pq.read_table(tmp_path / "data" / "actors.parquet")
    pq.write_table(actors.slice(1), tmp_path / "data" / "actors.parquet")
    assert len(dataset.load("actors", root=tmp_path)) == actors.num_rows - 1
    assert len(dataset.load("actors", engine="polars", root=tmp_path / "datapackage.json")) == actors.num_rows - 1
    assert dataset.path("actors", root=tmp_path) == tmp_path / "data" / "actors.parquet"
    assert dataset.connect(root=tmp_path).sql("select count(*) from actors").fetchall() == [(actors.num_rows - 1,)]
    assert dataset.datapackage(root=tmp_path)["name"] == dataset.datapackage()["name"]
    some_source = dataset.load("sources")["source_id"][0]
    assert dataset.source_text(some_source, root=tmp_path) == dataset.source_text(some_source)
    with pytest.raises(FileNotFoundError, match=r"no datapackage\.json"):
        dataset.load("actors", root=tmp_path / "data")
