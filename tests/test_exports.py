"""The exports in the layouts of ACLED, UCDP GED, GDELT 2.0 and PLOVER: exact layouts validated by schemas derived
from the registry, the article's facts in each layout, provenance, determinism and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import real_shapes
from hypothesis import given
from hypothesis import strategies as st

import dataset
from dataset.exports import LAYOUTS, PackageRows, layout, to_arrow
from dataset.exports.acled import time_precision
from dataset.exports.schema import EXPORT_SCHEMAS, export_schema
from dataset.exports.ucdp import date_prec
from dataset.schema import codes

# The target datasets' column lists, from the real-shape fixtures (tests/real_shapes.py names their sources): an
# oracle independent of the registry.
ACLED_COLUMNS = tuple(c[0] for c in real_shapes.ACLED_LABELS)
GDELT_COLUMNS = [c[0] for c in real_shapes.GDELT]
UCDP_COLUMNS = tuple(c[0] for c in real_shapes.UCDP_CSV)
# The fields §2's table names: every one is a column of the layout.
SECTION_2_FIELDS = (
    "type_of_violence", "conflict_name", "dyad_name", "side_a", "side_b", "gwnoa", "gwnob", "event_clarity",
    "date_prec", "date_start", "date_end", "where_prec", "where_description", "adm_1", "adm_2", "latitude",
    "longitude", "priogrid_gid", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low",
    "high", "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original",
)


@pytest.fixture(scope="module")
def exports() -> dict[str, pa.Table]:
    return {name: dataset.export(name, engine="pyarrow") for name in LAYOUTS}


def _provenance(row: dict) -> dict:
    return json.loads(row["dataset_provenance"])


def _unvalidated(name: str, root, flavor: str | None = None) -> pa.Table:
    """A layout of a package edited to reach one case of a rule, through the layout engine alone: `dataset.export`
    validates a package first, and these edits need not make a valid one (the count a claim's evidence prints, an
    actor cut loose from its parent)."""
    return to_arrow(layout(name, flavor), PackageRows(root), False)[0]


def _row_of(table: pa.Table, record: str) -> dict:
    (row,) = [r for r in table.to_pylist() if record in _provenance(r)["records"]]
    return row


def test_the_four_layouts_have_their_codebooks_columns_in_file_order(exports):
    assert list(LAYOUTS) == ["acled", "ucdp-ged", "gdelt", "plover"]
    assert exports["acled"].column_names == [*ACLED_COLUMNS, "dataset_provenance"] and len(ACLED_COLUMNS) == 31
    assert exports["gdelt"].column_names == [*GDELT_COLUMNS, "dataset_provenance"] and len(GDELT_COLUMNS) == 61
    assert exports["ucdp-ged"].column_names == [*UCDP_COLUMNS, "dataset_provenance"]
    assert set(SECTION_2_FIELDS) <= set(UCDP_COLUMNS)
    assert exports["plover"].column_names == [
        "id", "date", "enddate", "actor", "recipient", "event", "mode", "context", "text_info", "cite_info",
        "dataset_provenance"]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_each_export_passes_its_layouts_pandera_schema(exports, name):
    frame = pl.from_arrow(exports[name])
    EXPORT_SCHEMAS[name].validate(frame, lazy=True)
    strict = dataset.export(name, engine="polars", strict=True)
    export_schema(LAYOUTS[name], strict=True).validate(strict, lazy=True)
    assert strict.columns == frame.columns[:-1] and strict.height == frame.height


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_the_schema_rejects_what_the_codebook_forbids(exports, name):
    """A wrong code, a wrong type and a column out of order each fail the layout's schema."""
    import pandera.errors

    frame = pl.from_arrow(exports[name])
    coded = next(c for c in LAYOUTS[name].columns if c.codes or c.field.enum or c.field.pattern)
    bad_value = 99 if coded.codes else "not-a-code"
    typed = next(c for c, t in frame.schema.items() if t != pl.String)
    broken = [frame.with_columns(pl.lit(bad_value, dtype=frame.schema[coded.name]).alias(coded.name)),
              frame.select(frame.columns[1], frame.columns[0], *frame.columns[2:]),
              frame.with_columns(pl.lit("text").alias(typed))]
    for bad in broken:
        with pytest.raises((pandera.errors.SchemaErrors, pandera.errors.SchemaError)):
            EXPORT_SCHEMAS[name].validate(bad, lazy=True)


def test_engines_agree(exports):
    for name, table in exports.items():
        frame = dataset.export(name)
        assert isinstance(frame, pd.DataFrame) and list(frame.columns) == table.column_names
        assert isinstance(dataset.export(name, engine="polars"), pl.DataFrame)
        assert pa.Table.from_pandas(frame, preserve_index=False).to_pylist() == table.to_pylist()
    frame = dataset.export("acled")
    assert str(frame["fatalities"].dtype) == "int64" and str(frame["timestamp"].dtype) == "Int64"  # empty cells
    assert str(frame["event_date"].dtype) == "str" and not (frame.dtypes == "object").any()
    with pytest.raises(ValueError, match="choose one of: acled, ucdp-ged, gdelt, plover"):
        dataset.export("cameo")


def test_rask_police_station_attack_in_acled_and_ucdp_terms(exports, rows, article):
    """The December attack on a police station: 11 killed as the article prints it, the claimant named."""
    (incident,) = [i for i in rows["incidents"] if i["target_text"] == "a police station in southeastern Iran"]
    (killed,) = [c for c in rows["casualties"] if c["incident_id"] == incident["incident_id"]
                 and c["outcome"] == "killed"]
    assert "killing 11 officers" in article and killed["count_best"] == 11
    claimant = next(a["name"] for a in rows["actors"] if a["actor_id"] == killed["claimed_by_actor_id"])

    acled = _row_of(exports["acled"], f"incidents:{incident['incident_id']}")
    assert acled["fatalities"] == killed["count_low"] == 11
    assert (acled["event_type"], acled["sub_event_type"]) == (incident["event_type"], incident["sub_event_type"])
    assert acled["time_precision"] == 3 and acled["event_date"] == "2023-12-16"  # month → mid-point, as text
    assert acled["iso"] == 364 and acled["country"] == "Iran" and acled["inter2"] == "State Forces"
    assert acled["inter1"] is None and acled["interaction"] is None  # Jaish ul-Adl's inter code is not given
    assert f"claimed by {claimant}" in acled["notes"] and "6 injured" in acled["notes"]

    ucdp = _row_of(exports["ucdp-ged"], f"incidents:{incident['incident_id']}")
    assert (ucdp["low"], ucdp["best"], ucdp["high"]) == (11, 11, 11)
    assert (ucdp["side_a"], ucdp["side_b"], ucdp["deaths_a"], ucdp["deaths_b"]) == (
        "Government of Iran", "Jaish ul-Adl", 11, 0)
    assert ucdp["best"] == ucdp["deaths_a"] + ucdp["deaths_b"] + ucdp["deaths_civilians"] + ucdp["deaths_unknown"]
    assert ucdp["date_prec"] == 4 and (ucdp["date_start"], ucdp["date_end"]) == (
        f"{incident['date_start']} 00:00:00.000", f"{incident['date_end']} 00:00:00.000")
    assert claimant in ucdp["source_original"] and ucdp["where_prec"] == incident["where_prec"]
    assert f"casualties:{killed['casualty_id']}" in _provenance(ucdp)["records"]


def test_ucdp_leaves_out_incidents_without_a_death_and_says_so(rows):
    table, left_out = to_arrow(LAYOUTS["ucdp-ged"], PackageRows())
    with_deaths = {c["incident_id"] for c in rows["casualties"] if c["outcome"] == "killed" and c["count_best"] > 0}
    exported = {_provenance(r)["records"][-1].split(":")[1] for r in table.to_pylist()}
    assert exported == with_deaths
    assert {u.key for u, _ in left_out} == {i["incident_id"] for i in rows["incidents"]} - with_deaths
    assert all("at least 1 death" in reason for _, reason in left_out)


def test_acled_conservative_zero_and_unknown_toll(exports, rows):
    """A stated zero is 0 fatalities; an incident the article gives no figure for is 0 too (ACLED's code for no
    information, no 3/10 default) and its notes say that the article gives no figure."""
    counted = {c["incident_id"] for c in rows["casualties"] if c["outcome"] == "killed"}
    uncounted = [i["incident_id"] for i in rows["incidents"] if i["incident_id"] not in counted]
    assert uncounted
    for incident_id in uncounted:
        row = _row_of(exports["acled"], f"incidents:{incident_id}")
        assert row["fatalities"] == 0 and "the article gives no figure" in row["notes"]
    zero = next(c for c in rows["casualties"] if c["count_best"] == 0)
    assert _row_of(exports["acled"], f"incidents:{zero['incident_id']}")["fatalities"] == 0
    pakistan = _row_of(exports["acled"], "incidents:pakistan-strikes-iranian-positions-near-border")
    assert (pakistan["inter1"], pakistan["inter2"], pakistan["interaction"]) == (
        "External/Other Forces", "State Forces", "State Forces-External/Other Forces")  # state forces abroad
    numeric = _row_of(dataset.export("acled", engine="pyarrow", flavor="numeric"),
                      "incidents:pakistan-strikes-iranian-positions-near-border")
    assert (numeric["inter1"], numeric["inter2"], numeric["interaction"]) == (8, 1, 18)


def test_friday_19_january_statements_as_gdelt_events(exports, rows):
    friday = [s for s in rows["statements"] if s["date_start"] == s["date_end"] == dt.date(2024, 1, 19)]
    assert len(friday) >= 10
    for statement in friday:
        event = _row_of(exports["gdelt"], f"statements:{statement['statement_id']}")
        assert event["SQLDATE"] == 20240119 and event["MonthYear"] == 202401 and event["Year"] == 2024
        assert event["FractionDate"] == 2024.0521  # ((1 - 1) * 30 + 19) / 365
        assert event["EventCode"] == statement["cameo_code"]
        assert event["EventRootCode"] == statement["cameo_code"][:2]
        assert event["GoldsteinScale"] == statement["goldstein"] == codes.CAMEO[statement["cameo_code"]][1]
        assert event["QuadClass"] == statement["quad_class"] == codes.gdelt_quad_class(statement["cameo_code"])
        speaker = next(a for a in rows["actors"] if a["actor_id"] == statement["speaker_actor_id"])
        assert event["Actor1Code"] == speaker["cameo_actor_code"] and event["Actor1Name"] == speaker["name"]
    call = _row_of(exports["gdelt"], "statements:jilani-calls-amir-abdollahian")
    assert (call["EventCode"], call["Actor1Code"], call["Actor2Code"], call["Actor1Type1Code"]) == (
        "041", "PAKGOV", "IRNGOV", "GOV")
    assert all(exports["gdelt"].column(c).null_count == exports["gdelt"].num_rows  # never invented
               for c in ("GLOBALEVENTID", "AvgTone", "DATEADDED"))


def test_gdelt_csv_keeps_leading_zeros():
    csv = subprocess.run([sys.executable, "-m", "dataset", "export", "gdelt", "--strict"], capture_output=True,
                         check=True).stdout.decode()
    header, *lines = csv.splitlines()
    assert header.split(",") == GDELT_COLUMNS and len(lines) == len(dataset.load("statements"))
    assert any(',"041","041","04",' in line for line in lines)


def test_plover_records_keep_the_event_and_its_span(exports, rows, article):
    typed = {s["statement_id"]: s for s in rows["statements"] if s["plover_event_type"]}
    table = exports["plover"]
    assert sorted(table.column("id").to_pylist()) == sorted(typed)
    for record in table.to_pylist():
        statement = typed[record["id"]]
        assert record["event"] == [statement["plover_event_type"]]
        assert record["mode"] == ([statement["plover_mode"]] if statement["plover_mode"] else None)
        assert article[record["text_info"]["start"]:record["text_info"]["end"]] == statement["text"]
        assert (record["date"], record["enddate"]) == (statement["date_start"].isoformat(),
                                                      statement["date_end"].isoformat())
        assert record["cite_info"]["codebook"] == "plover-base-2.0"
    call = next(r for r in table.to_pylist() if r["id"] == "jilani-calls-amir-abdollahian")
    ((actor,), (recipient,)) = call["actor"], call["recipient"]
    assert (actor["code"], actor["sector"], recipient["code"], call["mode"]) == ("PAK", "GOV", "IRN", ["phone"])


def test_provenance_names_real_rows_and_their_evidence(exports, rows):
    keys = {f"{t}:{r[next(iter(r))]}" for t, table in rows.items() for r in table}
    evidence = {e["evidence_id"]: e for e in rows["evidence"]}
    for name, table in exports.items():
        for row in table.to_pylist():
            prov = _provenance(row)
            assert prov["records"] and set(prov["records"]) <= keys, name
            assert prov["evidence"] and set(prov["evidence"]) <= set(evidence), name


@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), days=st.integers(0, 800),
       precision=st.sampled_from(["day", "week", "month", "year", "range"]))
def test_precision_codes_follow_the_window(start, days, precision):
    """ACLED time_precision and UCDP date_prec of any window: a code of the codebook, or none where the codebook
    has no level for it; a `range` window gets the code of the smallest unit that contains it."""
    end = start + dt.timedelta(days=days)
    record = {"date_start": start, "date_end": end, "date_precision": precision}
    acled, ucdp = time_precision(record), date_prec(record)
    one_month, one_year = (start.year, start.month) == (end.year, end.month), start.year == end.year
    assert acled in (None, *codes.ACLED_TIME_PRECISION) and ucdp in (None, *codes.UCDP_DATE_PREC)
    if days == 0:
        assert acled == 1
    if precision == "range":
        expected_acled = 1 if days == 0 else 2 if days <= 6 else 3 if one_month else None
        expected_ucdp = (1 if days == 0 else 2 if days <= 5 else 3 if days == 6 else 4 if one_month
                         else 5 if one_year else None)
        assert (acled, ucdp) == (expected_acled, expected_ucdp)
    else:
        assert ucdp == {"day": 1, "week": 3, "month": 4, "year": 5}[precision]
        if precision == "year" and days:
            assert acled is None  # ACLED has no year level


def test_exports_are_byte_identical_across_processes(tmp_path):
    """Every layout in every format, written twice by the command in two processes."""
    script = ("import sys; from dataset.__main__ import main\n"
              "for name in ('acled', 'ucdp-ged', 'gdelt', 'plover'):\n"
              "    for form in ('csv', 'parquet', 'json', 'jsonl'):\n"
              "        assert main(['export', name, '--format', form, '--out', f'{sys.argv[1]}/{name}.{form}']) == 0\n")
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        subprocess.run([sys.executable, "-c", script, str(tmp_path / run)], check=True, capture_output=True)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 16
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert pl.read_parquet(tmp_path / "a" / "acled.parquet").columns == [*ACLED_COLUMNS, "dataset_provenance"]
    assert len(json.loads((tmp_path / "a" / "gdelt.json").read_text(encoding="utf-8"))) == len(
        dataset.load("statements"))


@pytest.mark.parametrize(("args", "listed"), [
    (["export", "acled-v2"], "'acled', 'ucdp-ged', 'gdelt', 'plover'"),
    (["export", "acled", "--format", "xlsx"], "'csv', 'parquet', 'json'"),
])
def test_unknown_layout_or_format_exits_2_listing_the_valid_ones(args, listed):
    done = subprocess.run([sys.executable, "-m", "dataset", *args], capture_output=True, text=True)
    assert done.returncode == 2 and listed in done.stderr and "Traceback" not in done.stderr


def test_export_of_a_missing_package_exits_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dataset", "export", "acled", str(tmp_path)], capture_output=True,
                          text=True)
    assert done.returncode == 2 and "no datapackage.json" in done.stderr and "Traceback" not in done.stderr


def test_command_names_the_rows_a_layout_leaves_out(rows):
    done = subprocess.run([sys.executable, "-m", "dataset", "export", "plover", "--format", "json"],
                          capture_output=True, text=True, check=True)
    untyped = sorted(s["statement_id"] for s in rows["statements"] if s["plover_event_type"] is None)
    assert sorted(re.findall(r"left out statements:(\S+):", done.stderr)) == untyped
    assert len(json.loads(done.stdout)) == len(rows["statements"]) - len(untyped)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_json_lines_read_back_as_the_export(name):
    """`--format jsonl` of every layout: one JSON object a line (LF after each), each line parsed alone by json and
    the whole by `pandas.read_json(lines=True)` give the export's rows, nested objects as objects and lists as
    lists. PLOVER writes JSON Lines without `--format` (its real records' form)."""
    args = [sys.executable, "-m", "dataset", "export", name]
    done = subprocess.run([*args, "--format", "jsonl"], capture_output=True, check=True)
    text = done.stdout.decode("utf-8")
    lines = text.split("\n")
    assert lines[-1] == "" and all(lines[:-1])
    records = [json.loads(line) for line in lines[:-1]]
    table = dataset.export(name, engine="pyarrow")
    expected = json.loads(json.dumps(table.to_pylist(), default=str))
    assert records == expected and all(list(r) == table.column_names for r in records)
    frame = pd.read_json(io.StringIO(text), lines=True, dtype=False)
    assert list(frame.columns) == table.column_names and len(frame) == table.num_rows
    for column in table.column_names:
        assert [None if v is None or v != v else v for v in frame[column].tolist()] == [r[column] for r in expected]
    default = subprocess.run(args, capture_output=True, check=True).stdout
    assert (default == done.stdout) is (name == "plover")
    if name == "plover":
        first = records[0]
        assert isinstance(first["actor"], list) and isinstance(first["actor"][0], dict)
        assert isinstance(first["event"], list) and isinstance(first["cite_info"], dict)


def test_export_reads_another_package_folder(root):
    other = dataset.export("gdelt", engine="pyarrow", root=root / "datapackage.json")
    assert other.equals(dataset.export("gdelt", engine="pyarrow"))


def test_exporting_imports_no_validation_library():
    code = ("import sys, dataset\n"
            "for name in ('acled', 'ucdp-ged', 'gdelt', 'plover'): dataset.export(name, engine='pyarrow')\n"
            "print(sorted(m for m in ('pandera', 'pydantic', 'frictionless', 'polars') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_crosswalk_documents_every_column_and_why_empty_ones_stay_empty(root):
    for name, target in LAYOUTS.items():
        doc = (root / "docs" / "exports" / f"{name}.md").read_text(encoding="utf-8")
        for column in target.columns:
            assert f"| `{column.name}` |" in doc, (name, column.name)
            if column.fill is None:
                assert f"- `{column.name}`: {column.rule}" in doc
    index = (root / "docs" / "exports" / "index.md").read_text(encoding="utf-8")
    assert all(f"[{name}.md]({name}.md)" in index for name in LAYOUTS)


def test_readme_merge_examples_run(root, tmp_path):
    """The README's Exports section merges each layout into a frame of that dataset's columns."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exports", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    namespace = {f"{name.replace('-', '_')}_df": dataset.export(name, strict=True).iloc[0:0] for name in LAYOUTS}
    for (name, flavor), shape in real_shapes.SHAPES.items():  # frames read from files of the real shapes
        if flavor == LAYOUTS[name].flavor:
            path = real_shapes.sample_csv(shape, tmp_path / f"{name}.csv")
            frame = pd.read_csv(path, dtype={c: str for c in real_shapes.text_columns(name)})
            namespace[f"{name.replace('-', '_')}_df"] = frame
    exec(code, namespace)
    assert len(namespace["acled"]) == len(dataset.export("acled")) + 2
    assert list(namespace["gdelt"].columns) == GDELT_COLUMNS and len(namespace["gdelt"]) == len(
        dataset.export("gdelt")) + 2
    assert not any((namespace[n].dtypes == "object").any() for n in ("acled", "ucdp", "gdelt"))


def test_export_follows_the_package_at_root(tmp_path):
    """Another package in this schema: a changed claim changes the exported toll."""
    from corrupt import copy_package, edit_row

    pkg = copy_package(tmp_path / "pkg")
    edit_row(pkg, "casualties", "police-station-attack-officers-killed", count_low=9, count_best=10, count_high=12)
    acled = _unvalidated("acled", pkg)
    ucdp = _unvalidated("ucdp-ged", pkg / "datapackage.json")
    assert 9 in acled.column("fatalities").to_pylist()
    assert (ucdp.column("low")[0].as_py(), ucdp.column("best")[0].as_py(), ucdp.column("high")[0].as_py()) == (
        9, 10, 12)


def test_export_of_a_broken_package_names_the_row_and_exits_1(tmp_path):
    from corrupt import copy_package, edit_row

    pkg = copy_package(tmp_path / "pkg")
    edit_row(pkg, "incidents", "jaish-ul-adl-attacks-police-station-in-iran", perpetrator_actor_id="nobody")
    done = subprocess.run([sys.executable, "-m", "dataset", "export", "acled", str(pkg)], capture_output=True,
                          text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "table incidents row jaish-ul-adl-attacks-police-station-in-iran column perpetrator_actor_id" in done.stderr
    assert "'nobody'" in done.stderr and done.stdout == ""


def test_parquet_is_not_written_to_a_terminal():
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "dataset", "export", "acled", "--format", "parquet"],
                              stdout=follower, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2 and "--out FILE" in done.stderr


def test_state_forces_codes_come_from_the_actors_own_type(tmp_path):
    """Issue 21: ACLED inter codes and UCDP sides read the actor's own type; an unrelated government actor (here
    'Government of Iran' cut loose from the state 'Iran') changes nothing for a strike by the state itself."""
    from corrupt import copy_package, edit_row, rows, write_rows

    pkg = copy_package(tmp_path / "pkg")
    edit_row(pkg, "actors", "government-of-iran", parent_actor_id=None)
    strike = "iran-strikes-jaish-ul-adl-in-balochistan"
    acled = _row_of(_unvalidated("acled", pkg, "numeric"), f"incidents:{strike}")
    assert (acled["inter1"], acled["inter2"], acled["interaction"]) == (8, None, None)  # Iran's forces abroad
    # A death on the strike: UCDP puts the state (by its own type) on side A, the group on side B.
    (police,) = [c for c in rows(pkg, "casualties") if c["casualty_id"] == "police-station-attack-officers-killed"]
    write_rows(pkg, "casualties", [*rows(pkg, "casualties"), {
        **police, "casualty_id": "strike-deaths", "incident_id": strike, "victim_actor_id": "jaish-ul-adl",
        "count_low": 2, "count_best": 2, "count_high": 2}])
    ucdp = _row_of(_unvalidated("ucdp-ged", pkg), f"incidents:{strike}")
    assert (ucdp["side_a"], ucdp["side_b"], ucdp["deaths_a"], ucdp["deaths_b"], ucdp["best"]) == (
        "Iran", "Jaish ul-Adl", 0, 2, 2)


def test_ucdp_source_date_is_the_sources_publication_date(tmp_path):
    from corrupt import copy_package, edit_row

    pkg = copy_package(tmp_path / "pkg")
    assert dataset.export("ucdp-ged", engine="pyarrow", root=pkg).column("source_date").to_pylist() == [None]
    for source in ("tehran-times-pakistan-restores-ties-with-iran", "tehran-times-pakistan-embassy-ties-critical"):
        edit_row(pkg, "sources", source, published_date=dt.date(2024, 1, 19))
    for flavor, text in (("csv", "2024-01-19 00:00:00.000"), ("api", "2024-01-19T00:00:00")):
        ucdp = dataset.export("ucdp-ged", engine="pyarrow", root=pkg, flavor=flavor)
        assert ucdp.column("source_date").to_pylist() == [text]


def test_ucdp_flavors_type_the_ids_as_each_distribution_does():
    csv, api = (dataset.export("ucdp-ged", engine="pyarrow", strict=True, flavor=f) for f in ("csv", "api"))
    assert csv.column_names == api.column_names
    changed = {n: (str(csv.schema.field(n).type), str(api.schema.field(n).type)) for n in csv.column_names
               if csv.schema.field(n).type != api.schema.field(n).type}
    assert changed == {"active_year": ("int64", "bool"), "conflict_dset_id": ("int64", "string"),
                       "dyad_dset_id": ("int64", "string"), "side_a_dset_id": ("int64", "string"),
                       "side_b_dset_id": ("int64", "string"), "gwnoa": ("int64", "string"),
                       "gwnob": ("int64", "string")}
    assert api.column("date_start")[0].as_py() == "2023-12-01T00:00:00"


def test_acled_sole_actor_and_no_second_actor_codes(tmp_path):
    """ACLED writes 0 for no second actor and X0 for a sole actor (acledR: `Sole State Forces`)."""
    from corrupt import copy_package, edit_row

    pkg = copy_package(tmp_path / "pkg")
    edit_row(pkg, "incidents", "pakistan-strikes-iranian-positions-near-border", target_actor_id=None)
    key = "incidents:pakistan-strikes-iranian-positions-near-border"
    numeric = _row_of(_unvalidated("acled", pkg, "numeric"), key)
    labels = _row_of(_unvalidated("acled", pkg), key)
    assert (numeric["inter1"], numeric["inter2"], numeric["interaction"]) == (8, 0, 80)
    assert (labels["inter1"], labels["inter2"], labels["interaction"]) == ("External/Other Forces", None,
                                                                           "Sole Others")


def test_gdelt_fills_what_real_rows_always_fill(exports, rows, article):
    gdelt = exports["gdelt"].to_pylist()
    assert all(r["SQLDATE"] and r["MonthYear"] == r["SQLDATE"] // 100 and r["Year"] == r["SQLDATE"] // 10000
               for r in gdelt)
    assert {(r["NumSources"], r["NumArticles"]) for r in gdelt} == {(1, 1)} and min(r["NumMentions"] for r in gdelt)
    assert all(r[f"{p}_Type"] == 0 and r[f"{p}_Lat"] is None for r in gdelt for p in ("Actor1Geo", "ActionGeo"))
    lead_ends = {"tehran-times-pakistan-restores-ties-with-iran": article.index("\n", article.index("\n") + 1)}
    for r in gdelt:
        statement = next(s for s in rows["statements"] if f"statements:{s['statement_id']}" in
                         _provenance(r)["records"])
        (span, *_) = sorted((e for e in rows["evidence"] if e["statement_id"] == statement["statement_id"]
                             and e["field"] == "text"), key=lambda e: e["start"])
        if statement["source_id"] in lead_ends:
            assert r["IsRootEvent"] == int(span["start"] < lead_ends[statement["source_id"]])
    assert {r["IsRootEvent"] for r in gdelt} == {0, 1}


@given(day=st.dates(dt.date(1979, 1, 1), dt.date(2099, 12, 31)))
def test_fraction_date_follows_the_rows_formula(day):
    from dataset.exports.gdelt import fraction_date

    value = fraction_date(day)
    assert value == round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)
    assert day.year < value < day.year + 1.0001


def test_fraction_date_matches_real_rows():
    from dataset.exports.gdelt import fraction_date

    # Dates and FractionDate values of real GDELT 2.0 rows (aamend/spark-gdelt events.csv) and the example.
    for day, value in ((dt.date(2008, 3, 25), 2008.2329), (dt.date(2017, 3, 23), 2017.2274),
                       (dt.date(2018, 2, 21), 2018.1397), (dt.date(2014, 2, 18), 2014.1315)):
        assert fraction_date(day) == value


def test_unknown_flavor_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="choose one of: labels, numeric"):
        dataset.export("acled", flavor="csv")
    done = subprocess.run([sys.executable, "-m", "dataset", "export", "ucdp-ged", "--flavor", "xml"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "choose one of: csv, api" in done.stderr and "Traceback" not in done.stderr
