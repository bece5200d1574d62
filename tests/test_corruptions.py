"""The validator against a corrupted copy of the real package: one corruption per rule, and for each the exit code
of `python -m dataset validate` and the layer, table, column (and rule) of the problem it must report.

Every corruption is made in a copy under a temporary folder; the real package is checked unchanged at the end.
Table values are changed with the package's own canonical Parquet writer and the descriptor is updated with the
new size and sha256, so that a case isolates the one rule it is about.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

try:
    import corrupt
except ImportError:  # pytest run with --import-mode=importlib
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corrupt

from corrupt import (
    ANY,
    PIECE_ONE,
    PIECE_TWO,
    ROOT,
    TEXT,
    copy_package,
    csv_file,
    edit_csv,
    edit_descriptor,
    edit_row,
    edit_rows,
    find,
    parquet_file,
    resource,
    rows,
    show,
    text,
    truncate,
    validate,
    write_arrow,
    write_text,
)

from dataset.__main__ import main
from dataset.validation.registry import LAYERS, all_rules

REGISTERED = {rule.id for rule in all_rules()}
REAL_DIGESTS = corrupt.real_package_digests()
"""sha256 of every file of the real package, taken when this module is imported (before any test runs)."""

FAST = settings(max_examples=20, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def _real_package_untouched():
    yield
    assert corrupt.real_package_digests() == REAL_DIGESTS, "the tests modified the real package"


@pytest.fixture
def pkg(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "package")


MODES = ("in-memory", "out-of-core")
"""The two paths of the validator; every case runs on both, and the out-of-core report must equal the other."""


def run_cli(capsys: pytest.CaptureFixture[str], target: Path, *, frictionless: bool = False,
            mode: str = "in-memory") -> tuple[int, dict]:
    """`python -m dataset validate TARGET --json --MODE`, in process: the exit code and the parsed JSON report."""
    capsys.readouterr()
    code = main(["validate", str(target), "--json", f"--{mode}", *([] if frictionless else ["--no-frictionless"])])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert report["exit_code"] == code
    assert report["valid"] == (code == 0)
    assert report["mode"] == mode
    return code, report


def same_findings(report: dict) -> dict:
    """What must not depend on the path: every problem, count, row total and layer outcome (not timings)."""
    return {"problems": report["problems"], "omitted": report["omitted"], "rows": report["rows"],
            "exit_code": report["exit_code"],
            "layers": [{k: v for k, v in layer.items() if k != "seconds"} for layer in report["layers"]]}


class P:
    """A problem of the JSON report, with attribute access (so that `corrupt.find` works on it)."""

    def __init__(self, body: dict[str, Any]):
        self.__dict__.update(body)


def problems_of(report: dict) -> list[P]:
    return [P(p) for p in report["problems"]]


# --- the pristine copy -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_pristine_copy_is_valid(pkg, capsys, mode):
    """Without this, no case below would prove anything: the untouched copy must pass every layer."""
    code, report = run_cli(capsys, pkg, frictionless=True, mode=mode)
    assert code == 0, show(problems_of(report))
    assert report["problems"] == []
    assert [layer["name"] for layer in report["layers"]] == list(LAYERS)
    assert all(layer["ran"] and not layer["skipped"] for layer in report["layers"])


# --- corruption helpers used by the cases ----------------------------------------------------------------------

def retype(name: str, column: str, arrow_type: pa.DataType) -> Callable[[Path], None]:
    """Rewrite a Parquet file with one column cast to another Arrow type (a writer that drifted)."""

    def change(pkg: Path) -> None:
        table = pq.read_table(parquet_file(pkg, name))
        i = table.schema.get_field_index(column)
        table = table.set_column(i, pa.field(column, arrow_type), table.column(column).cast(arrow_type))
        write_arrow(pkg, name, table)

    return change


def cell(name: str, key: str, **changes: Any) -> Callable[[Path], None]:
    return lambda pkg: edit_row(pkg, name, key, **changes)


def moved(column: str, k: int) -> Callable[[dict], int]:
    return lambda row: row[column] + k


def drop_evidence_of(column: str, key: str) -> Callable[[Path], None]:
    return lambda pkg: edit_rows(pkg, "evidence", lambda rs: [r for r in rs if r[column] != key])


def descriptor_change(change: Callable[[dict], object]) -> Callable[[Path], None]:
    return lambda pkg: edit_descriptor(pkg, change)


def straight(value: str) -> str:
    assert "’" in value
    return value.replace("’", "'")


def _duplicate_actor(pkg: Path) -> None:
    edit_rows(pkg, "actors", lambda rs: [*rs, next(dict(r) for r in rs if r["actor_id"] == "reuters")])


def _null_key(pkg: Path) -> None:
    edit_row(pkg, "casualties", "police-station-attack-officers-injured", casualty_id=None)


def _drop_column(pkg: Path) -> None:
    write_arrow(pkg, "actors", pq.read_table(parquet_file(pkg, "actors")).drop_columns(["wikidata_id"]))


def _aliases_as_lengths(pkg: Path) -> None:
    """actors.aliases written as list<int64> (each alias replaced by its length)."""
    table = pq.read_table(parquet_file(pkg, "actors"))
    ints = pa.list_(pa.int64())
    lengths = pa.array([[len(a) for a in v] for v in table.column("aliases").to_pylist()], ints)
    write_arrow(pkg, "actors", table.set_column(table.schema.get_field_index("aliases"), pa.field("aliases", ints),
                                                lengths))


def _extra_column(pkg: Path) -> None:
    table = pq.read_table(parquet_file(pkg, "incidents"))
    write_arrow(pkg, "incidents", table.append_column("severity", pa.array(["high"] * table.num_rows)))


def _evidence_of_casualty_dangles(pkg: Path) -> None:
    def change(rs: list[dict]) -> None:
        row = next(r for r in rs if r["casualty_id"] == "police-station-attack-officers-killed")
        row["casualty_id"] = "ghost-figure"

    edit_rows(pkg, "evidence", change)


def _straight_quote_in_text(pkg: Path) -> None:
    """The curly apostrophe of "Pakistan’s foreign secretary" (offset 4198) becomes a straight one, and the new
    sha256 is recorded, so that only provenance can notice."""
    body = text(pkg)
    assert body[4198] == "’"
    write_text(pkg, body[:4198] + "'" + body[4199:], record_sha=True)


def _edit_text(pkg: Path) -> None:
    body = text(pkg)
    write_text(pkg, body.replace("Reuters", "Reuterz", 1))


def _not_utf8(pkg: Path) -> None:
    (pkg / TEXT).write_bytes(text(pkg).encode("utf-8") + b"\xff\xfe")


def _text_through_symlink(pkg: Path) -> None:
    """The text path stays inside the package as text, but is a link to a file outside it."""
    outside = pkg.parent / "outside.txt"
    outside.write_bytes((pkg / TEXT).read_bytes())
    (pkg / TEXT).unlink()
    (pkg / TEXT).symlink_to(outside)


def _truncate_redeclared(pkg: Path) -> None:
    truncate(parquet_file(pkg, "incidents"))
    corrupt.redeclare(pkg, "incidents")


def _misdeclare_parquet_size(pkg: Path) -> None:
    def change(body: dict) -> None:
        resource(body, "sources")["parquet"]["bytes"] += 1

    edit_descriptor(pkg, change)


def _misdeclare_parquet_hash(pkg: Path) -> None:
    edit_descriptor(pkg, lambda b: resource(b, "statements")["parquet"].update(hash="sha256:" + "0" * 64))


def _two_cycle(pkg: Path) -> None:
    # government-of-pakistan's parent is pakistan; pakistan's parent becomes government-of-pakistan
    edit_row(pkg, "actors", "pakistan", parent_actor_id="government-of-pakistan")


# --- the cases -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Expect:
    exit: int
    layer: Any
    """A layer name, or a set of acceptable ones."""
    table: str | None
    column: Any
    """A column name, None, a set of acceptable names (for a rule over several columns), or ANY."""
    rule: Any = ANY
    """A rule id of dataset.validation.registry."""
    row: Any = ANY
    frictionless: bool = False
    isolated: bool = True
    """No layer before `layer` reports anything: the corruption is seen where it belongs, not earlier."""
    message: str | None = None
    """A substring of the expected problem's message."""


def case(case_id: str, change: Callable[[Path], None], expect: Expect, *, target: str | None = None):
    return pytest.param(change, expect, target, id=case_id)


E = Expect
DENOUNCES = "amir-abdollahian-denounces-zionist-regime"  # a direct quote
DAY_STATEMENT = "amir-abdollahian-calls-jilani"  # day precision, "on Friday afternoon", 2024-01-19 (a Friday)
RANGE_STATEMENT = "officials-willing-to-engage-in-dialogue"  # range 2024-01-16 … 2024-01-31, no date_text
MONTH_INCIDENT = "jaish-ul-adl-attacks-police-station-in-iran"  # month December 2023, "In December"
RANGE_INCIDENT = "pakistan-strikes-iranian-positions-near-border"
DAY_INCIDENT = "iran-strikes-jaish-ul-adl-in-balochistan"  # PAK, Balochistan PK-BA, CAMEO 195, Air/drone strike
INJURED = "police-station-attack-officers-injured"  # 6, 6, 6
KILLED = "police-station-attack-officers-killed"  # 11, 11, 11
QURESHI = "qureshi-refrain-from-escalating-tensions"
# Regression cases: each of these found a validator bug in commit 6da892d, fixed in b788a05 ("Validator fixes found
# by the corruption suite").
#   rules-*-names-*: a cross-column rule named rule.columns[0] (cameo_code, event_type), not the wrong column.
#   rules-piece-range-reversed, provenance-span-offsets-overflow: str.slice with a negative or overflowing
#     length raised polars InvalidOperationError (a traceback, no report).
#   provenance-piece-past-end-of-text: nothing compared sources.text_end with the length of the text.
#   frictionless-csv-*-names-column: only error.field_name was read, so foreign-key, primary-key and extra-label
#     errors had no column (None, None and '').

CASES = [
    # files: presence, readability, sizes and hashes, safe paths, the descriptor, the source text
    case("files-missing-csv", lambda p: csv_file(p, "actors").unlink(),
         E(2, "files", "actors", None, "files.present", message="cannot be read")),
    case("files-missing-parquet", lambda p: parquet_file(p, "evidence").unlink(),
         E(2, "files", "evidence", None, "files.present", message="cannot be read")),
    case("files-truncated-parquet", lambda p: truncate(parquet_file(p, "incidents")),
         E(2, "files", "incidents", None, "files.bytes", message="truncated")),
    case("files-truncated-parquet-redeclared", _truncate_redeclared,
         E(2, "files", "incidents", None, "files.readable", message="cannot be read")),
    case("files-truncated-csv", lambda p: truncate(csv_file(p, "casualties")),
         E(2, "files", "casualties", None, "files.bytes")),
    case("files-parquet-size-misdeclared", _misdeclare_parquet_size, E(2, "files", "sources", None, "files.bytes")),
    case("files-parquet-hash-mismatch", _misdeclare_parquet_hash, E(1, "files", "statements", None, "files.hash")),
    case("frictionless-csv-hash-mismatch",
         lambda p: edit_csv(p, "actors", '"Analysts"', '"Analysis"', declare=False),
         E(1, "frictionless", "actors", None, "frictionless.hash-count", frictionless=True)),
    case("files-source-text-edited", _edit_text,
         E(1, "files", "sources", "text_sha256", "files.hash", row=PIECE_ONE)),
    case("files-source-text-missing", lambda p: (p / TEXT).unlink(),
         E(2, "files", "sources", "text_path", "files.present", message="cannot be read")),
    case("files-source-text-not-utf8", _not_utf8, E(2, "files", "sources", "text_path", "files.readable")),
    case("files-source-text-symlink-out-of-package", _text_through_symlink,
         E(2, "files", "sources", "text_path", "files.path-refused", message="symbolic link")),
    case("files-csv-path-absolute",
         lambda p: edit_descriptor(p, lambda b: resource(b, "actors").update(
             path=str((p / "data" / "csv" / "actors.csv").resolve()))),
         E(2, "files", "actors", None, "files.path-refused", message="outside the package", frictionless=True)),
    case("files-parquet-path-dotdot",
         descriptor_change(lambda b: resource(b, "actors")["parquet"].update(path="data/../data/actors.parquet")),
         E(2, "files", "actors", None, "files.path-refused", message="outside the package")),
    case("files-csv-path-escapes-package",
         descriptor_change(lambda b: resource(b, "evidence").update(path="../package/data/csv/evidence.csv")),
         E(2, "files", "evidence", None, "files.path-refused", message="outside the package")),
    case("files-text-path-dotdot",
         lambda p: edit_rows(p, "sources", lambda rs: [{**r, "text_path": "data/../" + TEXT} for r in rs]),
         E(2, "files", "sources", "text_path", ANY, message="outside the package")),
    case("files-descriptor-missing", lambda p: (p / "datapackage.json").unlink(),
         E(2, "files", None, None, "files.present", message="no data package descriptor")),
    case("files-descriptor-not-json", lambda p: (p / "datapackage.json").write_text('{"resources": [', "utf-8"),
         E(2, "files", None, None, "files.descriptor", message="not a readable JSON descriptor"),
             target="datapackage.json"),
    case("files-descriptor-without-resources", lambda p: (p / "datapackage.json").write_text('{"name": "x"}', "utf-8"),
         E(2, "files", None, None, "files.descriptor")),
    case("files-resource-undeclared",
         descriptor_change(lambda b: b.update(resources=[r for r in b["resources"] if r["name"] != "casualties"])),
         E(2, "files", "casualties", None, "files.present")),
    case("files-parquet-undeclared", descriptor_change(lambda b: resource(b, "sources").pop("parquet")),
         E(2, "files", "sources", None, "files.present")),
    # schema: columns present, types, nulls, enums, ranges, patterns
    case("schema-column-missing", _drop_column, E(1, "schema", "actors", "wikidata_id", "schema.missing-column")),
    case("schema-column-unexpected", _extra_column, E(1, "schema", "incidents", "severity",
        "schema.unexpected-column")),
    case("schema-type-count_best-string", retype("casualties", "count_best", pa.string()),
         E(1, "schema", "casualties", "count_best", "schema.type")),
    case("schema-type-count_best-int32", retype("casualties", "count_best", pa.int32()),
         E(1, "schema", "casualties", "count_best", "schema.type")),
    case("schema-type-date-as-timestamp", retype("incidents", "date_start", pa.timestamp("ms")),
         E(1, "schema", "incidents", "date_start", "schema.type")),
    case("schema-type-aliases-list-of-int", _aliases_as_lengths,
         E(1, "schema", "actors", "aliases", "schema.type")),
    case("schema-null-in-required", cell("incidents", DAY_INCIDENT, location_text=None),
         E(1, "schema", "incidents", "location_text", "schema.required", row=DAY_INCIDENT)),
    case("schema-enum", cell("statements", DENOUNCES, channel="telegram"),
         E(1, "schema", "statements", "channel", "schema.enum", row=DENOUNCES)),
    case("schema-range-above-maximum", cell("incidents", DAY_INCIDENT, latitude=95.0, longitude=65.0),
         E(1, "schema", "incidents", "latitude", "schema.maximum", row=DAY_INCIDENT)),
    case("schema-range-below-minimum", cell("casualties", INJURED, count_low=-1),
         E(1, "schema", "casualties", "count_low", "schema.minimum", row=INJURED)),
    case("schema-integer-range", cell("incidents", RANGE_INCIDENT, geo_precision=4),
         E(1, "schema", "incidents", "geo_precision", "schema.maximum", row=RANGE_INCIDENT)),
    case("schema-pattern", cell("actors", "reuters", wikidata_id="Q0130879"),
         E(1, "schema", "actors", "wikidata_id", "schema.pattern", row="reuters")),
    case("schema-empty-string", cell("statements", DAY_STATEMENT, date_text=""),
         E(1, "schema", "statements", "date_text", "schema.not-empty", row=DAY_STATEMENT)),
    case("schema-empty-list-item", cell("actors", "reuters", aliases=["Reuters", ""]),
         E(1, "schema", "actors", "aliases", ANY, row="reuters")),
    case("schema-evidence-field-unknown", cell("evidence", "actor-reuters-01", field="colour"),
         E(1, "schema", "evidence", "field", "schema.enum", row="actor-reuters-01")),
    case("schema-null-list-item", cell("actors", "reuters", aliases=["Reuters", None]),
         E(1, "schema", "actors", "aliases", ANY, row="reuters")),
    # keys: primary keys unique and non-null, foreign keys resolved
    case("keys-primary-key-duplicated", _duplicate_actor,
         E(1, "keys", "actors", "actor_id", "keys.primary-key", row="reuters")),
    case("keys-primary-key-null", _null_key,
         E(1, "keys", "casualties", "casualty_id", "keys.primary-key", isolated=False)),
    case("keys-foreign-key", cell("statements", DAY_STATEMENT, speaker_actor_id="nobody-at-all"),
         E(1, "keys", "statements", "speaker_actor_id", "keys.foreign-key", row=DAY_STATEMENT)),
    case("keys-foreign-key-self-reference", cell("actors", "reuters", parent_actor_id="no-such-parent"),
         E(1, "keys", "actors", "parent_actor_id", "keys.foreign-key", row="reuters")),
    case("keys-foreign-key-evidence-to-casualty", _evidence_of_casualty_dangles,
         E(1, "keys", "evidence", "casualty_id", "keys.foreign-key", row=f"casualty-{KILLED}-01")),
    case("keys-foreign-key-nullable", cell("casualties", INJURED, statement_id="ghost-statement"),
         E(1, "keys", "casualties", "statement_id", "keys.foreign-key", row=INJURED)),
    # rules across columns and rows
    case("rules-counts-low-above-best", cell("casualties", INJURED, count_low=7),
         E(1, "rules", "casualties", {"count_low", "count_best", "count_high"}, "rules.counts-ordered", row=INJURED)),
    case("rules-counts-best-above-high", cell("casualties", KILLED, count_best=12),
         E(1, "rules", "casualties", {"count_low", "count_best", "count_high"}, "rules.counts-ordered", row=KILLED)),
    case("rules-count-not-in-its-evidence", cell("casualties", KILLED, count_low=12, count_best=12, count_high=12),
         E(1, "rules", "casualties", {"count_low", "count_best", "count_high"}, "rules.count-in-evidence", row=KILLED,
           message="count_best is 12, a number its count evidence does not print: it prints 11")),
    case("rules-date-start-after-end", cell("statements", RANGE_STATEMENT, date_start=dt.date(2024, 2, 1)),
         E(1, "rules", "statements", {"date_start", "date_end"}, "rules.date-order", row=RANGE_STATEMENT)),
    case("rules-day-precision-two-days", cell("statements", DAY_STATEMENT, date_end=dt.date(2024, 1, 20)),
         E(1, "rules", "statements", {"date_precision", "date_start", "date_end"}, "rules.day-precision",
           row=DAY_STATEMENT)),
    case("rules-week-precision-too-long", cell("incidents", RANGE_INCIDENT, date_precision="week"),
         E(1, "rules", "incidents", {"date_precision", "date_start", "date_end"}, "rules.week-precision",
           row=RANGE_INCIDENT)),
    case("rules-month-window-short", cell("incidents", MONTH_INCIDENT, date_end=dt.date(2023, 12, 30)),
         E(1, "rules", "incidents", {"date_precision", "date_start", "date_end"}, "rules.month-precision",
           row=MONTH_INCIDENT)),
    case("rules-year-window", cell("incidents", MONTH_INCIDENT, date_precision="year"),
         E(1, "rules", "incidents", {"date_precision", "date_start", "date_end"}, "rules.year-precision",
           row=MONTH_INCIDENT)),
    case("rules-weekday-mismatch",
         cell("statements", DAY_STATEMENT, date_start=dt.date(2024, 1, 20), date_end=dt.date(2024, 1, 20)),
         E(1, "rules", "statements", {"date_text", "date_start"}, "rules.weekday-matches-text", row=DAY_STATEMENT)),
    case("rules-iso3166-1-unknown-country", cell("actors", "pakistan", country_iso3="ZZZ"),
         E(1, "rules", "actors", "country_iso3", "rules.iso3166-1-exists", row="pakistan")),
    case("rules-iso3166-1-unknown-nationality",
         cell("casualties", "pakistani-strike-iranian-nationals-killed", nationality_iso3="XXX"),
         E(1, "rules", "casualties", "nationality_iso3", "rules.iso3166-1-exists")),
    case("rules-iso3166-2-unknown-subdivision", cell("incidents", DAY_INCIDENT, admin1_iso="PK-ZZ"),
         E(1, "rules", "incidents", "admin1_iso", "rules.iso3166-2-exists", row=DAY_INCIDENT)),
    case("rules-iso3166-2-other-country", cell("incidents", DAY_INCIDENT, admin1_iso="IR-11"),
         E(1, "rules", "incidents", {"admin1_iso", "country_iso3"}, "rules.iso3166-2-in-country", row=DAY_INCIDENT)),
    case("rules-acled-names-sub_event_type", cell("incidents", DAY_INCIDENT, sub_event_type="Armed clash"),
         E(1, "rules", "incidents", "sub_event_type", "rules.acled-sub-event-of-event", row=DAY_INCIDENT)),
    case("rules-goldstein-names-goldstein", cell("incidents", DAY_INCIDENT, goldstein=5.0),
         E(1, "rules", "incidents", "goldstein", "rules.goldstein-of-cameo", row=DAY_INCIDENT)),
    case("rules-quad-class-names-quad_class", cell("statements", DAY_STATEMENT, quad_class=3),
         E(1, "rules", "statements", "quad_class", "rules.quad-class-of-cameo", row=DAY_STATEMENT)),
    case("rules-own-parent", cell("actors", "government-of-pakistan", parent_actor_id="government-of-pakistan"),
         E(1, "rules", "actors", "parent_actor_id", "rules.not-own-ancestor", row="government-of-pakistan")),
    case("rules-ancestry-two-cycle", _two_cycle,
         E(1, "rules", "actors", "parent_actor_id", "rules.not-own-ancestor", row="pakistan")),
    case("rules-evidence-supports-two-records",
         cell("evidence", "actor-analysts-01", statement_id="analysts-western-linked-individuals-fuel-tensions"),
         E(1, "rules", "evidence", {"actor_id", "statement_id", "incident_id", "casualty_id"},
           "rules.supports-exactly-one-record", row="actor-analysts-01")),
    case("rules-evidence-supports-no-record", cell("evidence", "actor-reuters-01", actor_id=None),
         E(1, "rules", "evidence", {"actor_id", "statement_id", "incident_id", "casualty_id"},
           "rules.supports-exactly-one-record", row="actor-reuters-01")),
    case("rules-evidence-field-of-another-table", cell("evidence", "actor-reuters-01", field="count"),
         E(1, "rules", "evidence", {"field", "actor_id", "statement_id", "incident_id", "casualty_id"},
           "rules.field-of-its-record", row="actor-reuters-01")),
    case("rules-coordinates-unpaired", cell("incidents", DAY_INCIDENT, latitude=27.0),
         E(1, "rules", "incidents", {"latitude", "longitude"}, "rules.coordinates-paired", row=DAY_INCIDENT)),
    case("rules-piece-range-reversed", cell("sources", PIECE_TWO, text_start=5500),
         E(1, "rules", "sources", {"text_start", "text_end"}, "rules.piece-range", row=PIECE_TWO)),
    case("rules-empty-span", cell("evidence", "actor-iran-02", end=moved("start", 0)),
         E(1, "rules", "evidence", {"start", "end"}, "rules.span-not-empty", row="actor-iran-02")),
    # provenance: spans, verbatim values, evidence of every record, first reporting source
    case("provenance-span-moved-by-one", cell("evidence", "actor-iran-02", start=moved("start", 1),
                                               end=moved("end", 1)),
         E(1, "provenance", "evidence", {"text", "start", "end"}, "provenance.span-matches-text", row="actor-iran-02")),
    case("provenance-span-past-end-of-text", cell("evidence", "actor-analysts-01", end=5199),
         E(1, "provenance", "evidence", "end", "provenance.span-in-text", row="actor-analysts-01")),
    case("provenance-span-offsets-overflow", cell("evidence", "actor-iran-02", start=-(2**62), end=2**62),
         E(1, "provenance", "evidence", {"start", "end"}, "provenance.span-in-text", row="actor-iran-02",
             isolated=False)),
    case("provenance-piece-past-end-of-text", cell("sources", PIECE_TWO, text_end=5300),
         E(1, "provenance", "sources", "text_end", "provenance.piece-in-text", row=PIECE_TWO)),
    case("provenance-span-outside-its-piece", cell("evidence", "actor-analysts-01", source_id=PIECE_ONE),
         E(1, "provenance", "evidence", "source_id", "provenance.span-in-piece", row="actor-analysts-01")),
    case("provenance-curly-quote-straightened-in-statement",
         cell("statements", QURESHI, text=lambda r: straight(r["text"])),
         E(1, "provenance", "statements", "text", "provenance.verbatim", row=QURESHI)),
    case("provenance-curly-quote-straightened-in-evidence",
         cell("evidence", f"statement-{QURESHI}-01", text=lambda r: straight(r["text"])),
         E(1, "provenance", "evidence", "text", "provenance.span-matches-text", row=f"statement-{QURESHI}-01")),
    case("provenance-curly-quote-straightened-in-source-text", _straight_quote_in_text,
         E(1, "provenance", "evidence", "text", "provenance.span-matches-text", row=f"statement-{QURESHI}-01")),
    case("provenance-direct-quote-edited", cell("statements", DENOUNCES,
                                                 text=lambda r: r["text"].replace("massacre", "killing")),
         E(1, "provenance", "statements", "text", "provenance.verbatim", row=DENOUNCES)),
    case("provenance-alias-not-in-text", cell("actors", "reuters", aliases=["Reuters", "Routers"]),
         E(1, "provenance", "actors", "aliases", "provenance.verbatim", row="reuters")),
    case("provenance-role-text-not-in-text", cell("actors", "jalil-abbas-jilani",
                                                  role_text="Foreign Minister of Mars"),
         E(1, "provenance", "actors", "role_text", "provenance.verbatim", row="jalil-abbas-jilani")),
    case("provenance-date-text-not-in-text", cell("incidents", MONTH_INCIDENT, date_text="In November"),
         E(1, "provenance", "incidents", "date_text", "provenance.verbatim", row=MONTH_INCIDENT)),
    case("provenance-location-text-not-in-text", cell("incidents", MONTH_INCIDENT,
                                                      location_text="northeastern Iran"),
         E(1, "provenance", "incidents", "location_text", "provenance.verbatim", row=MONTH_INCIDENT)),
    case("provenance-victim-description-not-in-text", cell("casualties", KILLED, victim_description="12 officers"),
         E(1, "provenance", "casualties", "victim_description", "provenance.verbatim", row=KILLED)),
    case("provenance-dateline-not-in-text", cell("sources", PIECE_ONE, dateline="ISLAMABAD"),
         E(1, "provenance", "sources", "dateline", "provenance.verbatim", row=PIECE_ONE)),
    case("provenance-actor-without-evidence", drop_evidence_of("actor_id", "reuters"),
         E(1, "provenance", "actors", {None, "actor_id"}, "provenance.has-evidence", row="reuters")),
    case("provenance-statement-without-evidence",
         drop_evidence_of("statement_id", "islamabad-struck-residence-of-separatists"),
         E(1, "provenance", "statements", {None, "statement_id"}, "provenance.has-evidence",
           row="islamabad-struck-residence-of-separatists")),
    case("provenance-statement-first-source", cell("statements", "jilani-terrorism-common-enemy",
                                                   source_id=PIECE_TWO),
         E(1, "provenance", "statements", "source_id", "provenance.first-reporting-source",
             row="jilani-terrorism-common-enemy")),
    case("provenance-incident-first-source", cell("incidents", DAY_INCIDENT, source_id=PIECE_TWO),
         E(1, "provenance", "incidents", "source_id", "provenance.first-reporting-source", row=DAY_INCIDENT)),
    # frictionless: the CSV twins against the Parquet files, and the frictionless library on the CSVs
    case("frictionless-twin-differs-parquet-edited", cell("statements", DAY_STATEMENT, channel="unspecified"),
         E(1, "frictionless", "statements", "channel", "frictionless.csv-twin", row=DAY_STATEMENT, frictionless=True)),
    case("frictionless-twin-differs-csv-edited", lambda p: edit_csv(p, "actors", '"Analysts"', '"Analysis"'),
         E(1, "frictionless", "actors", "name", "frictionless.csv-twin", row="analysts", frictionless=True)),
    case("frictionless-csv-enum", lambda p: edit_csv(p, "casualties", '"injured"', '"wounded"'),
         E(1, "frictionless", "casualties", "outcome", "frictionless.constraint-error", row=INJURED,
             frictionless=True)),
    case("frictionless-csv-null-list-item",
         lambda p: edit_csv(p, "actors", '"[""Reuters""]","media"', '"[""Reuters"", null]","media"'),
         E(1, "frictionless", "actors", "aliases", "frictionless.constraint-error", row="reuters", frictionless=True)),
    case("frictionless-csv-type", lambda p: edit_csv(p, "casualties", '"injured",6,6,6', '"injured",6,six,6'),
         E(1, "frictionless", "casualties", "count_best", "frictionless.type-error", row=INJURED, frictionless=True)),
    case("frictionless-csv-foreign-key-names-column",
         lambda p: edit_csv(p, "casualties", '"government-of-iran"', '"ghost"'),
         E(1, "frictionless", "casualties", "claimed_by_actor_id", "frictionless.foreign-key", frictionless=True)),
    case("frictionless-csv-primary-key-names-column",
         lambda p: edit_csv(p, "casualties", f'"{KILLED}"', f'"{INJURED}"'),
         E(1, "frictionless", "casualties", "casualty_id", "frictionless.primary-key", frictionless=True)),
    case("frictionless-csv-extra-column-names-column",
         lambda p: edit_csv(p, "sources", "text_end,note\n", "text_end,note,extra\n"),
         E(1, "frictionless", "sources", "extra", "frictionless.extra-label", frictionless=True)),
]


def matching(problems: list, expect: Expect) -> list:
    """The problems that have the expected layer, table, column, rule and row (a set: any of its members)."""
    wanted = {"layer": expect.layer, "table": expect.table, "column": expect.column, "rule": expect.rule,
              "row": expect.row}
    exact = {k: (ANY if isinstance(v, (set, frozenset)) else v) for k, v in wanted.items()}
    return [p for p in find(problems, **exact)
            if all(getattr(p, k) in v for k, v in wanted.items() if isinstance(v, (set, frozenset)))]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("change", "expect", "target"), CASES)
def test_corruption_is_reported(pkg, capsys, change, expect: Expect, target, mode):
    change(pkg)
    where = pkg / target if target else pkg
    code, report = run_cli(capsys, where, frictionless=expect.frictionless, mode=mode)
    if mode != "in-memory":
        _, in_memory = run_cli(capsys, where, frictionless=expect.frictionless)
        assert same_findings(report) == same_findings(in_memory)
    problems = problems_of(report)
    assert code == expect.exit, show(problems)
    assert {p.rule for p in problems} <= REGISTERED, show(problems)  # every problem under a registered id
    assert all(p.title for p in problems), show(problems)
    found = matching(problems, expect)
    assert found, f"expected [{expect.layer}] {expect.table}/{expect.row}/{expect.column}: {expect.rule}; got\n" + \
        show(problems)
    if expect.message:
        assert any(expect.message in p.message for p in found), show(found)
    if expect.exit == 1:  # invalid data, not an unreadable package: no problem is fatal
        assert not [p for p in problems if p.fatal], show(problems)
    if expect.isolated:
        first = min(LAYERS.index(layer) for layer in (expect.layer if isinstance(expect.layer, set) else
                                                      {expect.layer}))
        assert not [p for p in problems if p.layer in LAYERS[:first]], show(problems)


def test_enough_distinct_cases():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 30


# --- the two-cycle and self-parent: exactly the actors on the cycle ---------------------------------------------

def test_two_cycle_flags_exactly_the_cycle(pkg):
    _two_cycle(pkg)
    flagged = {p.row for p in find(validate(pkg).problems, rule="rules.not-own-ancestor")}
    # the descendants of the cycle (anwaar-ul-haq-kakar, embassy-of-pakistan-tehran, …) are not their own ancestor
    assert flagged == {"pakistan", "government-of-pakistan"}


def test_self_parent_flags_only_itself(pkg):
    edit_row(pkg, "actors", "iran", parent_actor_id="iran")
    flagged = {p.row for p in find(validate(pkg).problems, rule="rules.not-own-ancestor")}
    assert flagged == {"iran"}


# --- properties over a space of inputs (hypothesis) ------------------------------------------------------------

def _with_copy(change: Callable[[Path], None]):
    """Validate (frictionless off) a fresh copy of the package after `change`; a hypothesis example cannot use the
    function-scoped `pkg` fixture."""
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_package(Path(folder) / "package")
        change(copy)
        return validate(copy)


counts = st.integers(min_value=0, max_value=30)


@FAST
@given(low=counts, best=counts, high=counts)
def test_counts_flagged_exactly_when_not_ordered(low, best, high):
    report = _with_copy(cell("casualties", INJURED, count_low=low, count_best=best, count_high=high))
    flagged = find(report.problems, layer="rules", table="casualties", row=INJURED, rule="rules.counts-ordered")
    assert bool(flagged) == (not low <= best <= high), show(report.problems)
    evidenced = {low, best, high} == {6}  # its span reads "injuring 6 others" (the rule count_in_evidence)
    assert report.exit_code == (0 if low <= best <= high and evidenced else 1), show(report.problems)


BODY = (ROOT / TEXT).read_text(encoding="utf-8")
SPANS = {r["evidence_id"]: (r["start"], r["end"]) for r in rows(ROOT, "evidence")}


@FAST
@given(evidence_id=st.sampled_from(sorted(SPANS)), k=st.integers(min_value=-40, max_value=40).filter(bool))
def test_evidence_shift_flagged_by_span_matches_text(evidence_id, k):
    start, end = SPANS[evidence_id]
    assume(start + k >= 0 and end + k <= len(BODY))
    report = _with_copy(cell("evidence", evidence_id, start=start + k, end=end + k))
    flagged = find(report.problems, layer="provenance", table="evidence", row=evidence_id,
        rule="provenance.span-matches-text")
    same = BODY[start + k:end + k] == BODY[start:end]  # only a shift along a run of repeated characters
    assert bool(flagged) == (not same), show(report.problems)
    if not same:
        assert report.exit_code == 1


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@st.composite
def windows(draw) -> tuple[str, dt.date, dt.date]:
    """A precision and a window: either one that fits the precision, nudged by at most a day at each end, or an
    arbitrary pair of dates."""
    precision = draw(st.sampled_from(["day", "week", "month", "year", "range"]))
    start = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31)))
    if draw(st.booleans()):
        return precision, start, draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31)))
    if precision == "day":
        end = start
    elif precision == "week":
        end = start + dt.timedelta(days=draw(st.integers(0, 6)))
    elif precision == "month":
        start, end = start.replace(day=1), _month_end(start)
    elif precision == "year":
        start, end = dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    else:
        end = start + dt.timedelta(days=draw(st.integers(0, 60)))
    nudge = st.integers(-1, 1).map(lambda n: dt.timedelta(days=n))
    return precision, start + draw(nudge), end + draw(nudge)


def expected_date_rules(precision: str, start: dt.date, end: dt.date) -> set[str]:
    rules = set()
    if start > end:
        rules.add("rules.date-order")
    if precision == "day" and start != end:
        rules.add("rules.day-precision")
    if precision == "week" and (end - start).days > 6:
        rules.add("rules.week-precision")
    if precision == "month" and not (start.day == 1 and end == _month_end(start)):
        rules.add("rules.month-precision")
    if precision == "year" and not (start.timetuple().tm_yday == 1 and end == dt.date(start.year, 12, 31)):
        rules.add("rules.year-precision")
    return rules


@FAST
@given(window=windows())
def test_date_windows_flagged_exactly_when_they_do_not_fit_their_precision(window):
    precision, start, end = window
    # the incident dated "In December": its date_text names no weekday, so only the window rules apply
    report = _with_copy(cell("incidents", MONTH_INCIDENT, date_precision=precision, date_start=start, date_end=end))
    flagged = {p.rule for p in find(report.problems, layer="rules", table="incidents", row=MONTH_INCIDENT)}
    assert flagged == expected_date_rules(precision, start, end), show(report.problems)


@QUICK
@given(day=st.dates(min_value=dt.date(2023, 12, 1), max_value=dt.date(2024, 2, 29)))
def test_weekday_of_a_day_flagged_exactly_when_not_the_named_one(day):
    # "on Friday afternoon"
    report = _with_copy(cell("statements", DAY_STATEMENT, date_start=day, date_end=day))
    flagged = find(report.problems, layer="rules", table="statements", row=DAY_STATEMENT,
        rule="rules.weekday-matches-text")
    assert bool(flagged) == (day.weekday() != 4), show(report.problems)


@QUICK
@given(code=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
def test_country_code_flagged_exactly_when_not_iso3166(code):
    import pycountry

    report = _with_copy(cell("actors", "pakistan", country_iso3=code))
    flagged = find(report.problems, layer="rules", table="actors", row="pakistan", column="country_iso3",
                   rule="rules.iso3166-1-exists")
    assert bool(flagged) == (pycountry.countries.get(alpha_3=code) is None), show(report.problems)


PARENTS = {r["actor_id"]: r["parent_actor_id"] for r in rows(ROOT, "actors")}
ACTOR_IDS = sorted(PARENTS)


def on_cycle(parents: dict[str, str | None]) -> set[str]:
    """The actors that are their own ancestor (a plain walk of each parent chain)."""
    looped = set()
    for actor in parents:
        seen, at = set(), parents[actor]
        while at is not None and at not in seen:
            if at == actor:
                looped.add(actor)
                break
            seen.add(at)
            at = parents.get(at)
    return looped


@QUICK
@given(data=st.data())
def test_ancestry_flags_exactly_the_actors_on_a_cycle(data):
    chosen = data.draw(st.lists(st.sampled_from(ACTOR_IDS), min_size=1, max_size=6, unique=True))
    parents = dict(PARENTS)
    for actor in chosen:
        parents[actor] = data.draw(st.sampled_from(ACTOR_IDS), label=f"parent of {actor}")
    report = _with_copy(lambda p: edit_rows(p, "actors", lambda rs: [{**r, "parent_actor_id": parents[r["actor_id"]]}
                                                                     for r in rs]))
    flagged = {p.row for p in find(report.problems, layer="rules", table="actors", rule="rules.not-own-ancestor")}
    assert flagged == on_cycle(parents)
    assert all(p.column == "parent_actor_id" for p in find(report.problems, rule="rules.not-own-ancestor"))


# --- the command line: exit 2, a clear message, never a traceback -----------------------------------------------

CLI_CASES = [
    pytest.param(lambda p: (p / "datapackage.json").unlink(), ".", ["--json"], "no data package descriptor",
                 id="cli-missing-descriptor"),
    pytest.param(lambda p: (p / "datapackage.json").write_text("not json {", "utf-8"), "datapackage.json", [],
                 "is not a readable JSON descriptor", id="cli-descriptor-not-json"),
    pytest.param(lambda p: truncate(parquet_file(p, "statements")), ".", ["--no-frictionless"],
                 "'data/statements.parquet' has", id="cli-truncated-parquet"),
    pytest.param(lambda p: parquet_file(p, "evidence").unlink(), "datapackage.json", ["--json", "--no-frictionless"],
                 "'data/evidence.parquet' cannot be read", id="cli-missing-parquet"),
    pytest.param(lambda p: (p / TEXT).unlink(), ".", ["--no-frictionless"], "source text", id="cli-missing-text"),
    pytest.param(descriptor_change(lambda b: resource(b, "actors")["parquet"].update(path="/etc/passwd")), ".",
                 ["--no-frictionless"], "outside the package", id="cli-absolute-path"),
]


@pytest.mark.parametrize(("change", "target", "options", "message"), CLI_CASES)
def test_cli_unusable_package_exits_2_without_traceback(pkg, change, target, options, message):
    change(pkg)
    done = subprocess.run([sys.executable, "-m", "dataset", "validate", str(pkg / target), *options],
                          capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert message in output, output[-3000:]
    if "--json" in options:
        report = json.loads(done.stdout)
        assert report["exit_code"] == 2 and any(p["fatal"] for p in report["problems"])
    else:
        assert "UNREADABLE" in done.stdout


def test_cli_reversed_piece_range_is_reported_without_traceback(pkg):
    edit_row(pkg, "sources", PIECE_ONE, text_start=3000)
    done = subprocess.run([sys.executable, "-m", "dataset", "validate", str(pkg), "--no-frictionless"],
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    assert done.returncode == 1
    assert f"[rules] table sources row {PIECE_ONE} column text_start: rules.piece-range" in done.stdout


def test_cli_misuse_exits_2_without_traceback(pkg):
    done = subprocess.run([sys.executable, "-m", "dataset", "validate", str(pkg), "--no-such-option"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert "unrecognized arguments" in done.stderr


def test_cli_invalid_data_exits_1_with_the_problem_named(pkg):
    edit_row(pkg, "casualties", INJURED, count_low=7)
    done = subprocess.run([sys.executable, "-m", "dataset", "validate", str(pkg), "--no-frictionless"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"[rules] table casualties row {INJURED} column count_low: rules.counts-ordered" in done.stdout
    assert "INVALID" in done.stdout and "Traceback" not in done.stdout + done.stderr


# --- last: the real package --------------------------------------------------------------------------------------

def test_zz_real_package_is_unchanged():
    """Runs last in file order; the module fixture checks again after every test of this module has run."""
    assert corrupt.real_package_digests() == REAL_DIGESTS
    assert {p for p in REAL_DIGESTS if p.endswith(".parquet")} == {f"data/{n}.parquet" for n in (
        "sources", "actors", "statements", "incidents", "casualties", "evidence")}


# --- bad input at scale: capped lists, full counts ---------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_problems_are_capped_per_rule_with_the_total_kept(pkg, capsys, mode):
    """Every evidence span moved by one character: each is reported by provenance.span-matches-text, but only the first
    CAP are listed; the JSON keeps the total, per rule and per layer, and the text says how many there are."""
    from dataset.validation.report import CAP

    body = text(pkg)
    moved_spans = [r for r in rows(pkg, "evidence")
                   if r["end"] < len(body) and body[r["start"] + 1:r["end"] + 1] != r["text"]]
    assert len(moved_spans) > CAP
    edit_rows(pkg, "evidence", lambda rs: [{**r, "start": r["start"] + 1, "end": r["end"] + 1} for r in rs])
    code, report = run_cli(capsys, pkg, mode=mode)
    assert code == 1
    listed = find(problems_of(report), layer="provenance", table="evidence", rule="provenance.span-matches-text")
    assert len(listed) == CAP
    assert [p.row for p in listed] == sorted(p.row for p in listed)  # the first CAP by row key
    omitted = [o for o in report["omitted"] if o["rule"] == "provenance.span-matches-text"]
    assert omitted == [{"layer": "provenance", "table": "evidence", "column": "text",
                        "rule": "provenance.span-matches-text", "total": len(moved_spans), "listed": CAP}]
    layer = next(layer for layer in report["layers"] if layer["name"] == "provenance")
    assert layer["listed"] == sum(p["layer"] == "provenance" for p in report["problems"])
    assert layer["problems"] == layer["listed"] + sum(o["total"] - o["listed"] for o in report["omitted"]
                                                      if o["layer"] == "provenance")
    assert not any(p["fatal"] for p in report["problems"])
    main(["validate", str(pkg), "--no-frictionless", f"--{mode}"])
    out = capsys.readouterr().out
    assert f"provenance.span-matches-text: {len(moved_spans)} problems, the first {CAP} listed above" in out
    assert "Traceback" not in out
