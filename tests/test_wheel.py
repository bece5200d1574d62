"""What users install: the built wheel, installed into a fresh virtual environment outside the repository,
used from another directory."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import run

from dataset import __version__
from dataset.guide import TOPICS
from dataset.schema.tables import TABLES

pytestmark = pytest.mark.wheel


def test_wheel_members(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n for n in names if n.startswith("dataset/_data/")}
    expected = {"dataset/_data/datapackage.json",
                "dataset/_data/data/sources/tehran-times-2024-01-pakistan-iran.txt"}
    for table in TABLES:
        expected |= {f"dataset/_data/data/{table}.parquet", f"dataset/_data/data/csv/{table}.csv"}
        expected |= {f"dataset/_data/schemas/{table}.{kind}.json" for kind in ("schema", "tableschema", "arrow")}
    assert data == expected
    assert not any("data/records" in n for n in names)
    assert {f"dataset/schema/codebooks/CAMEO.{name}.txt" for name in ("eventcodes", "goldsteinscale")} <= names
    assert f"pakistan_iran_ties_2024-{__version__}.dist-info/METADATA" in names
    assert {f"dataset/_docs/{file}" for file, _ in TOPICS.values()} <= names
    metadata = zipfile.ZipFile(wheel).read(f"pakistan_iran_ties_2024-{__version__}.dist-info/METADATA").decode()
    homepage = json.loads((Path(__file__).resolve().parents[1] / "datapackage.json").read_text())["homepage"]
    assert f"Project-URL: Homepage, {homepage}" in metadata


def test_installed_guide_prints_every_topic_from_the_package_offline(installed, root: Path):
    """A wheel user has no docs/ folder: `guide` reads the documents the wheel ships in dataset/_docs."""
    python, elsewhere = installed
    done = run([str(python), "-m", "dataset", "guide", "encoding"], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (root / "docs" / "encoding-guide.md").read_text(encoding="utf-8")
    listing = run([str(python), "-m", "dataset", "guide"], cwd=elsewhere)
    assert listing.returncode == 0 and all(f"  {topic} " in listing.stdout for topic in TOPICS)
    for topic, (file, _) in TOPICS.items():
        where = run([str(python), "-m", "dataset", "guide", topic, "--path"], cwd=elsewhere)
        assert where.returncode == 0, where.stderr
        path = Path(where.stdout.strip())
        assert "site-packages" in path.parts and path.as_posix().endswith(f"/dataset/_docs/{file}")
        shown = run([str(python), "-m", "dataset", "guide", topic], cwd=elsewhere)
        assert shown.returncode == 0 and shown.stdout == (root / "docs" / file).read_text(encoding="utf-8")


def test_installed_package_is_this_project_and_loads_every_table_with_every_engine(installed):
    python, elsewhere = installed
    script = """
import json, sys
import dataset
out = {"file": dataset.__file__, "version": dataset.__version__,
       "package_version": dataset.datapackage()["version"], "rows": {}}
for engine in ("pandas", "pyarrow", "polars"):
    for name, table in dataset.load_all(engine=engine).items():
        out["rows"].setdefault(name, []).append(len(table) if engine != "pyarrow" else table.num_rows)
out["joined"] = dataset.connect().sql(
    "select count(*) from statements s join actors a on s.speaker_actor_id = a.actor_id").fetchall()[0][0]
out["heavy"] = sorted(m for m in ("pandera", "frictionless", "pydantic") if m in sys.modules)
print(json.dumps(out))
"""
    done = run([str(python), "-c", script], cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "site-packages" in out["file"] and str(python.parent.parent) in out["file"]
    assert out["version"] == out["package_version"] == __version__
    assert out["rows"]["statements"] == [23, 23, 23]
    assert all(len(set(counts)) == 1 for counts in out["rows"].values())
    assert out["joined"] == 23
    assert out["heavy"] == []


def test_installed_validate_and_info_commands(installed):
    python, elsewhere = installed
    done = run([str(python), "-m", "dataset", "validate", "--json"], cwd=elsewhere)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    report = json.loads(done.stdout)
    assert report["valid"] and "site-packages" in report["package"]
    assert [layer["name"] for layer in report["layers"]] == ["files", "schema", "keys", "rules", "provenance",
                                                               "frictionless"]
    info = run([str(python), "-m", "dataset"], cwd=elsewhere)
    assert info.returncode == 0 and f"pakistan-iran-ties-2024 {__version__}" in info.stdout


def test_installed_console_script_validates_and_exits_with_the_report_code(installed, tmp_path: Path):
    """The `pakistan-iran-ties-2024` script (`dataset.__main__:run`, which ends the process without the
    interpreter's teardown) prints the whole report and exits with its code: 0 valid, 2 unreadable."""
    python, elsewhere = installed
    script = python.parent / "pakistan-iran-ties-2024"
    done = run([str(script), "validate", "--json", "--no-frictionless"], cwd=elsewhere)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    assert json.loads(done.stdout)["valid"]
    missing = run([str(script), "validate", str(tmp_path / "nowhere")], cwd=elsewhere)
    assert missing.returncode == 2
    assert missing.stdout.rstrip().endswith("UNREADABLE: 1 problem(s) in 0 rows of 0 tables")


def test_installed_build_without_a_package_folder_says_what_to_give(installed):
    python, elsewhere = installed
    done = run([str(python), "-m", "dataset", "build", "--check"], cwd=elsewhere)
    assert done.returncode == 2
    assert "no records files (data/records/*.yaml) in" in done.stderr and "python -m dataset init" in done.stderr
    assert "Traceback" not in done.stderr
