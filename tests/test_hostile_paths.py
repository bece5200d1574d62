"""Hostile packages, end to end (issue 19): each case builds a hostile copy of the real package (or of its records)
in a scratch folder, runs the command in a child process with a timeout and with every network connection made
to fail loudly, and checks the exit code, a message naming the resource and the reason, no traceback, no
connection attempted, and that nothing of a file planted outside the package reaches the output.

Families: reads outside the package, network, writes outside, never ends, type confusion, silent wrong answers.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from corrupt import (  # tests/ is on sys.path: see tests/conftest.py
    TEXT,
    copy_package,
    csv_file,
    edit_descriptor,
    edit_row,
    parquet_file,
    redeclare,
    resource,
    rows,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dataset
from dataset.schema.arrow_schema import ARROW_SCHEMAS
from dataset.schema.csv_twin import write_csv
from dataset.schema.parquet_io import canonical
from dataset.schema.tables import TABLES
from dataset.validation import validate_package
from dataset.validation.files import load_package
from dataset.validation.frictionless_check import frictionless_descriptor

ROOT = Path(__file__).resolve().parents[1]
PLANTED = "PLANTED-SECRET-LINE"
"""A line of every file planted outside the package: it must never appear in any output."""
TIMEOUT = 120
"""Seconds a command may take before the test fails (each finishes in a few)."""

SITECUSTOMIZE = textwrap.dedent('''
    """Loaded by every child process of tests/test_hostile_paths.py: any network connection fails loudly and is
    recorded in the file NO_NETWORK_MARK names."""
    import os
    import socket

    def _refuse(*args, **kwargs):
        with open(os.environ["NO_NETWORK_MARK"], "a", encoding="utf-8") as mark:
            mark.write(f"network use attempted: {args!r}\\n")
        raise OSError("network use blocked by the test")

    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
''')


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "package")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the package with planted files a hostile package may point at."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "planted.csv").write_text(f"actor_id,name\n{PLANTED}-1,{PLANTED}-2\n")
    (folder / "planted.json").write_text(json.dumps({"fields": [{"name": f"{PLANTED}-3", "type": "string"}]}))
    (folder / "planted.txt").write_text(f"{PLANTED}-4\n")
    return folder


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m dataset ARGS` (or `-m dataset.hive` when ARGS start with "hive") in a child process whose
    sockets all fail; checks no traceback and no connection attempt, and the time it took."""
    site = tmp_path / "no-network"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE)
    mark = tmp_path / "network-attempts.txt"
    module = ["-m", "dataset.hive", *args[1:]] if args[0] == "hive" else ["-m", "dataset", *args]
    started = time.monotonic()
    done = subprocess.run([sys.executable, *module], capture_output=True, text=True, timeout=TIMEOUT, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{ROOT}",
                               "NO_NETWORK_MARK": str(mark), **(env or {})})
    assert time.monotonic() - started < TIMEOUT / 2
    assert "Traceback" not in done.stderr, done.stderr
    assert not mark.exists(), mark.read_text()
    assert PLANTED not in done.stdout + done.stderr
    return done


def validate(tmp_path: Path, target: Path, *flags: str, text: bool = False) -> tuple[int, dict[str, Any], str]:
    """`validate TARGET --json` and, with `text`, `validate TARGET` (text): the exit code, the JSON report and the
    text report; both renderings agree on the exit code."""
    as_json = run(tmp_path, "validate", str(target), "--json", *flags)
    if not text:
        return as_json.returncode, json.loads(as_json.stdout), ""
    as_text = run(tmp_path, "validate", str(target), *flags)
    assert as_json.returncode == as_text.returncode
    return as_json.returncode, json.loads(as_json.stdout), as_text.stdout


def problem(report: dict[str, Any], table: str | None, *fragments: str) -> dict[str, Any]:
    """The problem of `table` whose message holds every fragment (the test fails, showing all, if none)."""
    found = [p for p in report["problems"] if p["table"] == table and all(f in p["message"] for f in fragments)]
    assert found, json.dumps(report["problems"], indent=1)
    return found[0]


def change(pkg: Path, name: str, **properties: Any) -> None:
    edit_descriptor(pkg, lambda body: resource(body, name).update(properties))


# --- reads outside the package ---------------------------------------------------------------------------------

def test_a_csv_twin_linked_outside_is_refused_and_never_quoted(pkg: Path, outside: Path, tmp_path: Path):
    csv_file(pkg, "actors").unlink()
    csv_file(pkg, "actors").symlink_to(outside / "planted.csv")
    code, report, text = validate(tmp_path, pkg, text=True)
    assert code == 2
    problem(report, "actors", "symbolic link", "refused")
    assert "table actors" in text and "symbolic link" in text
    assert not [p for p in report["problems"] if p["layer"] == "frictionless" and p["table"] == "actors"]
    # one cause, one problem: the tables whose foreign keys point into actors are not failed for it
    assert [(p["layer"], p["table"]) for p in report["problems"]] == [("files", "actors")]


def test_a_schema_read_through_a_link_outside_is_refused(pkg: Path, outside: Path, tmp_path: Path):
    (pkg / "data" / "schema.json").symlink_to(outside / "planted.json")
    change(pkg, "actors", schema="data/schema.json")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "actors", "schema is not an inline object", "nothing is fetched or opened")


def test_a_parquet_file_outside_is_refused_by_every_command(pkg: Path, outside: Path, tmp_path: Path):
    shutil.copyfile(parquet_file(pkg, "incidents"), outside / "incidents.parquet")
    edit_descriptor(pkg, lambda b: resource(b, "incidents")["parquet"].update(path=str(outside / "incidents.parquet")))
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "incidents", "absolute, outside the package")
    # explore and export refuse a package that cannot be read with the validator's exit code, 2
    for command, exit_code in ((["export", "acled", str(pkg)], 2), (["hive", str(pkg), str(tmp_path / "hive")], 2),
                               (["explore", str(pkg), "--out", str(tmp_path / "page.html")], 2)):
        done = run(tmp_path, *command)
        assert done.returncode == exit_code and "outside the package" in done.stderr, (command, done.stderr)
    assert not (tmp_path / "page.html").exists()


def test_a_text_folder_linked_outside_is_refused(pkg: Path, outside: Path, tmp_path: Path):
    shutil.move(pkg / "data" / "sources", outside / "sources")
    (pkg / "data" / "sources").symlink_to(outside / "sources")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "sources", "symbolic link")
    assert not [p for p in report["problems"] if p["rule"] == "provenance.has-evidence"]


# --- the network -------------------------------------------------------------------------------------------------

REMOTE = "http://192.0.2.1/hostile"
"""An address of TEST-NET-1 (RFC 5737): nothing is there, and no connection is ever attempted."""


@pytest.mark.parametrize(("edit", "table", "reason"), [
    (lambda p: change(p, "actors", path=f"{REMOTE}/actors.csv"), "actors", "URL"),
    (lambda p: change(p, "actors", schema=f"{REMOTE}/schema.json"), "actors", "schema is not an inline object"),
    (lambda p: change(p, "statements", dialect=f"{REMOTE}/dialect.json"), "statements", "dialect is not an inline"),
    (lambda p: edit_descriptor(p, lambda b: resource(b, "evidence")["schema"].update({"$ref": f"{REMOTE}/s.json"})),
     "evidence", "$ref"),
    (lambda p: change(p, "casualties", profile=f"{REMOTE}/profile.json"), "casualties", "profile other than"),
    (lambda p: edit_descriptor(p, lambda b: b.update(profile=f"{REMOTE}/profile.json")), None, "profile other than"),
    (lambda p: edit_descriptor(p, lambda b: b.update({"$schema": f"{REMOTE}/profile.json"})), None, "$schema"),
    (lambda p: edit_descriptor(p, lambda b: resource(b, "sources")["parquet"].update(path=f"{REMOTE}/s.parquet")),
     "sources", "URL"),
], ids=["path", "schema", "dialect", "ref", "resource-profile", "package-profile", "package-schema", "parquet"])
def test_remote_references_are_refused_and_nothing_is_fetched(pkg: Path, tmp_path: Path, edit: Callable, table,
                                                              reason: str):
    edit(pkg)
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, table, reason)
    # every other command that reads a package, in a child process whose sockets fail loudly (see `run`): none
    # fetches, none prints a traceback; a package they refuse is refused with the validator's code
    for command in (["export", "acled", str(pkg)], ["explore", str(pkg), "--out", str(tmp_path / "page.html")],
                    ["hive", str(pkg), str(tmp_path / "hive")]):
        assert run(tmp_path, *command).returncode in (0, 2), command


def test_in_process_validation_opens_no_socket(pkg: Path, monkeypatch: pytest.MonkeyPatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a network connection was attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    change(pkg, "actors", schema=f"{REMOTE}/schema.json", dialect=f"{REMOTE}/dialect.json")
    change(pkg, "statements", path=f"{REMOTE}/statements.csv")
    report = validate_package(pkg, frictionless=True)
    assert report.exit_code == 2
    assert {p.table for p in report.problems if "refused" in p.message} >= {"actors", "statements"}


# --- writes outside the package ----------------------------------------------------------------------------------

@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A package folder holding this package's records and texts, ready to build."""
    folder = tmp_path / "records-package"
    for part in ("data/records", "data/sources"):
        shutil.copytree(ROOT / part, folder / part)
    return folder


def test_build_never_writes_through_a_link(records: Path, outside: Path, tmp_path: Path):
    (records / "datapackage.json").symlink_to(outside / "planted.txt")
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 2 and "datapackage.json" in done.stderr and "symbolic link" in done.stderr
    assert (outside / "planted.txt").read_text() == f"{PLANTED}-4\n"
    (records / "datapackage.json").unlink()
    (records / "data" / "csv").symlink_to(outside, target_is_directory=True)
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 2 and "data/csv" in done.stderr and "symbolic link" in done.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["planted.csv", "planted.json", "planted.txt"]


def test_build_reads_no_package_yaml_through_a_link_out_or_a_fifo(records: Path, outside: Path, tmp_path: Path):
    (records / "package.yaml").symlink_to(outside / "planted.txt")
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 2 and "package.yaml" in done.stderr and "symbolic link" in done.stderr
    (records / "package.yaml").unlink()
    os.mkfifo(records / "package.yaml")
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 2 and "package.yaml" in done.stderr and "FIFO" in done.stderr


def test_export_and_load_refuse_a_fifo_parquet_file(pkg: Path, tmp_path: Path):
    _fifo(parquet_file(pkg, "statements"))
    done = run(tmp_path, "export", "plover", str(pkg))
    assert done.returncode == 2 and "statements" in done.stderr and "FIFO" in done.stderr
    with pytest.raises(ValueError, match="FIFO"):
        dataset.load("statements", root=pkg)


def test_hive_output_stays_under_out(pkg: Path, tmp_path: Path):
    change(pkg, "actors", path="../x/actors.csv")
    shutil.copytree(pkg / "data" / "csv", tmp_path / "x")
    done = run(tmp_path, "hive", str(pkg), str(tmp_path / "out" / "hive"))
    assert done.returncode == 2 and "actors" in done.stderr and "'..'" in done.stderr
    assert not (tmp_path / "out" / "x").exists()


def test_hive_refuses_a_part_outside_and_a_non_object_resource(pkg: Path, tmp_path: Path):
    edit_descriptor(pkg, lambda b: b["resources"].insert(1, "actors"))
    done = run(tmp_path, "hive", str(pkg), str(tmp_path / "out1"))
    assert done.returncode == 2 and "resources[1] is a string, not an object" in done.stderr
    edit_descriptor(pkg, lambda b: b["resources"].pop(1))
    edit_descriptor(pkg, lambda b: resource(b, "evidence")["parquet"].update(path="data/../../evidence.parquet"))
    done = run(tmp_path, "hive", str(pkg), str(tmp_path / "out2"))
    assert done.returncode == 2 and "evidence" in done.stderr and "'..'" in done.stderr


# --- never ends --------------------------------------------------------------------------------------------------

def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


@pytest.mark.parametrize(("target", "table", "reason"), [
    ("data/actors.parquet", "actors", "FIFO"), ("data/csv/incidents.csv", "incidents", "FIFO"),
    (TEXT, "sources", "FIFO"), ("datapackage.json", None, "FIFO"),
])
def test_a_fifo_is_refused_not_waited_on(pkg: Path, tmp_path: Path, target: str, table: str | None, reason: str):
    _fifo(pkg / target)
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    if table is None:
        assert "FIFO" in report["problems"][0]["message"]
    else:
        problem(report, table, reason)


def test_fifo_records_and_texts_are_refused_by_build(records: Path, tmp_path: Path):
    text = next((records / "data" / "sources").iterdir())
    _fifo(text)
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 1 and "FIFO" in done.stderr and text.name in done.stderr
    yaml = next((records / "data" / "records").iterdir())
    _fifo(yaml)
    done = run(tmp_path, "build", str(records))
    assert done.returncode == 2 and "FIFO" in done.stderr and yaml.name in done.stderr


def test_a_gzip_bomb_csv_twin_is_refused_at_once(pkg: Path, tmp_path: Path):
    header = csv_file(pkg, "actors").read_text().splitlines()[0]
    body = (header + "\n" + "x," * (len(header.split(",")) - 1) + "x\n" * 2_000_000).encode()
    (pkg / "data" / "csv" / "actors.csv.gz").write_bytes(gzip.compress(body, 9))
    assert (pkg / "data" / "csv" / "actors.csv.gz").stat().st_size < 200_000
    change(pkg, "actors", path="data/csv/actors.csv.gz")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "actors", "compressed CSV twins are not read")
    change(pkg, "actors", path="data/csv/actors.csv", compression="gz")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "actors", "compressed CSV twins are not read")


# --- type confusion and recursion ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "message"), [
    (lambda b: b["resources"][2].update(name=["actors"]), "resources[2].name is a list, not a string"),
    (lambda b: b["resources"].insert(3, ["x"]), "resources[3] is a list, not an object"),
    (lambda b: b.update(resources={"actors": {}}), "resources is an object, not a list"),
    (lambda b: b["resources"][1].update(parquet="data/actors.parquet"), "resources[1].parquet is a string"),
    (lambda b: b.update(custom=json.loads("[" * 900 + "]" * 900)), "nested deeper than 64 levels"),
], ids=["name-list", "resource-list", "resources-object", "parquet-string", "custom-900-deep"])
def test_type_confusion_is_exit_2_with_the_json_path(pkg: Path, tmp_path: Path, body: Callable, message: str):
    edit_descriptor(pkg, body)
    code, report, text = validate(tmp_path, pkg, text=True)
    assert code == 2 and message in report["problems"][0]["message"] and message in text
    for command in (["export", "plover", str(pkg)], ["hive", str(pkg), str(tmp_path / "hive")]):
        done = run(tmp_path, *command)
        assert done.returncode == 2 and message in done.stderr, (command, done.stderr)


def test_a_descriptor_nested_100000_levels_is_a_clean_error(pkg: Path, tmp_path: Path):
    (pkg / "datapackage.json").write_text('{"resources": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2 and "nested deeper than 64 levels" in report["problems"][0]["message"]


def test_a_nul_byte_in_a_path_still_gives_a_json_report(pkg: Path, tmp_path: Path):
    change(pkg, "evidence", path="data/csv/evi\x00dence.csv")
    code, report, _ = validate(tmp_path, pkg)
    assert code == 2
    problem(report, "evidence", "NUL byte")


# --- silent wrong answers ------------------------------------------------------------------------------------------

def test_a_second_resource_of_a_name_never_hides_a_broken_first(pkg: Path, tmp_path: Path):
    def duplicate(body: dict[str, Any]) -> None:
        good = json.loads(json.dumps(resource(body, "actors")))
        resource(body, "actors")["parquet"]["path"] = "data/missing.parquet"
        body["resources"].append(good)

    edit_descriptor(pkg, duplicate)
    code, report, _ = validate(tmp_path, pkg, "--no-frictionless")
    assert code == 2
    problem(report, "actors", "2 resources named 'actors'", "resources[1], resources[6]")
    problem(report, "actors", "data/missing.parquet", "cannot be read")
    edit_descriptor(pkg, lambda b: resource(b, "actors")["parquet"].update(path="data/actors.parquet"))
    code, report, _ = validate(tmp_path, pkg, "--no-frictionless")
    assert code == 1 and [p["rule"] for p in report["problems"]] == ["files.resources"]


def test_problem_order_does_not_depend_on_the_hash_seed(pkg: Path, tmp_path: Path):
    def extra(body: dict[str, Any]) -> None:
        for name in ("zeta", "alpha", "mu", "beta"):
            body["resources"].append({**resource(body, "actors"), "name": name})

    edit_descriptor(pkg, extra)
    (pkg / TEXT).unlink()
    reports = [run(tmp_path, "validate", str(pkg), "--json", "--no-frictionless", env={"PYTHONHASHSEED": seed})
               for seed in ("1", "2", "3")]
    problems = [json.loads(done.stdout)["problems"] for done in reports]
    assert problems[0] == problems[1] == problems[2]
    assert [p["table"] for p in problems[0] if p["rule"] == "files.resources"] == ["alpha", "beta", "mu", "zeta"]


def test_a_missing_text_is_one_problem(pkg: Path, tmp_path: Path):
    (pkg / TEXT).unlink()
    code, report, _ = validate(tmp_path, pkg, "--no-frictionless")
    assert code == 2
    assert [(p["table"], p["rule"]) for p in report["problems"]] == [("sources", "files.present")]


def test_a_corrupt_data_page_is_the_same_problem_in_memory_and_out_of_core(pkg: Path, tmp_path: Path):
    path = parquet_file(pkg, "evidence")
    data = bytearray(path.read_bytes())
    data[200:1200] = bytes(1000)  # the first data pages; the footer stays readable
    path.write_bytes(bytes(data))
    redeclare(pkg, "evidence")
    found = {}
    for mode in ("--in-memory", "--out-of-core"):
        code, report, _ = validate(tmp_path, pkg, "--no-frictionless", mode)
        assert code == 2
        found[mode] = [(p["layer"], p["table"], p["rule"], p["fatal"]) for p in report["problems"]]
    assert found["--in-memory"] == found["--out-of-core"] == [("files", "evidence", "files.readable", True)]


def test_a_ten_megabyte_note_is_valid_data(pkg: Path, tmp_path: Path):
    key = rows(pkg, "actors")[0]["actor_id"]
    edit_row(pkg, "actors", key, note="long note. " * 1_000_000)
    table = pa.Table.from_pylist(rows(pkg, "actors"), schema=ARROW_SCHEMAS["actors"])
    write_csv(canonical(table, ARROW_SCHEMAS["actors"], TABLES["actors"].primary_key), csv_file(pkg, "actors"))
    redeclare(pkg, "actors", parquet=False, csv=True)
    assert csv_file(pkg, "actors").stat().st_size > 10_000_000
    done = run(tmp_path, "validate", str(pkg), "--json")
    assert done.returncode == 0, done.stdout


# --- fuzzing -----------------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=12)
HOSTILE_PATHS = st.sampled_from(["../datapackage.json", "/etc/passwd", "http://192.0.2.1/x.csv", "data\\x.csv",
                                 "data/csv/../csv/actors.csv", "data/csv/a\x00.csv", "data", "//host/x", "", "."])
HOSTILE_PATH_VALUES = {"../datapackage.json", "/etc/passwd", "http://192.0.2.1/x.csv", "data\\x.csv",
                       "data/csv/a\x00.csv", "//host/x", ""}
KEYS = st.sampled_from(["name", "path", "parquet", "schema", "dialect", "bytes", "hash", "compression", "profile",
                        "format", "scheme", "$ref"])


@pytest.fixture(scope="module")
def fuzz_package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pkg = copy_package(tmp_path_factory.mktemp("fuzz") / "package")
    return pkg, (pkg / "datapackage.json").read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(TABLES) - 1), key=KEYS, value=JSON_VALUES | HOSTILE_PATHS,
       part=st.booleans())
def test_fuzzed_descriptors_give_a_report_never_an_exception(fuzz_package: tuple[Path, str], index: int, key: str,
                                                             value: Any, part: bool):
    """Any value in any property of a resource (or of its Parquet entry): a report with an exit code, and the
    descriptor frictionless would be given holds only contained CSV twins and inline schemas."""
    pkg, original = fuzz_package
    body = json.loads(original)
    target = body["resources"][index]["parquet"] if part else body["resources"][index]
    target[key] = value
    (pkg / "datapackage.json").write_text(json.dumps(body), encoding="utf-8")
    report = validate_package(pkg, frictionless=False)
    assert report.exit_code in (0, 1, 2) and json.loads(report.to_json())["exit_code"] == report.exit_code
    if key in ("path", "name") and not part and isinstance(value, str) and value in HOSTILE_PATH_VALUES:
        assert report.exit_code == 2
    package, _ = load_package(pkg)
    if package.descriptor:
        given_to_frictionless, _ = frictionless_descriptor(package)
        for given_resource in given_to_frictionless["resources"]:
            assert given_resource["path"] == package.csv_twins[given_resource["name"]]
            assert all(isinstance(given_resource.get(k, {}), dict) for k in ("schema", "dialect"))
            assert "$ref" not in json.dumps(given_resource)
