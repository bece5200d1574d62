"""`init` starts a package folder for one's own article; `build DIR` and `validate DIR` turn it into a package
in this schema; mistakes get messages naming the file, the YAML line, the record and the field."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from encoding_example import TEXT, encode
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset
from dataset.__main__ import main
from dataset.authoring.records import read_yaml
from dataset.schema.tables import RECORD_TABLES, TABLES
from dataset.validation import validate_package

RECORDS = "data/records/gazette-border.yaml"


def start(folder: Path, tmp_path: Path, *extra: str) -> int:
    text = tmp_path / "article.txt"
    text.write_text(TEXT, encoding="utf-8")
    return main(["init", str(folder), "--text", str(text), "--publisher", "Test Gazette", "--source-id",
                 "gazette-border", "--title", "Minister says border crossing will reopen", "--published",
                 "2024-03-05", *extra])


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A package folder started by `init` and encoded with the example's records (not yet built)."""
    folder = tmp_path / "my-package"
    assert start(folder, tmp_path) == 0
    encode(folder / RECORDS)
    return folder


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_init_copies_the_text_records_its_hash_and_writes_a_skeleton_of_every_record_kind(tmp_path):
    folder = tmp_path / "new"
    assert start(folder, tmp_path) == 0
    assert (folder / "data/sources/gazette-border.txt").read_text(encoding="utf-8") == TEXT
    records_text = (folder / RECORDS).read_text(encoding="utf-8")
    data = yaml.safe_load(records_text)
    assert data["text_sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert data["sources"][0] | {"note": None} == {
        "source_id": "gazette-border", "lines": [1, 3], "title": "Minister says border crossing will reopen",
        "publisher": "Test Gazette", "publisher_actor_id": "test-gazette", "url": None,
        "published_date": dt.date(2024, 3, 5), "dateline": None, "language": "en", "note": None}
    assert [a["actor_id"] for a in data["actors"]] == ["test-gazette"]
    assert all(data[name] == [] for name in RECORD_TABLES if name != "actors")
    for name in RECORD_TABLES:  # the commented skeleton names every column a person writes
        for field in TABLES[name].fields:
            assert (f"#   {field.name}:" in records_text or f"# - {field.name}:" in records_text) != field.derived
    for n, line in enumerate(TEXT.removesuffix("\n").split("\n"), start=1):
        assert f"# {n} | {line}".rstrip() in records_text
    assert (folder / "package.yaml").is_file() and "python -m dataset build" in (folder / "README.md").read_text()


def test_a_folder_fresh_from_init_builds_and_validates(tmp_path):
    folder = tmp_path / "new"
    assert start(folder, tmp_path) == 0
    assert main(["build", str(folder)]) == 0
    report = validate_package(folder, frictionless=False)
    assert report.valid, report.to_text()
    assert report.rows == {"sources": 1, "actors": 1, "statements": 0, "incidents": 0, "casualties": 0,
                           "evidence": 0}


def test_init_never_overwrites_without_force(tmp_path, capsys):
    folder = tmp_path / "new"
    assert start(folder, tmp_path) == 0
    (folder / RECORDS).write_text("# my work\n", encoding="utf-8")
    capsys.readouterr()
    assert start(folder, tmp_path) == 2
    assert "gazette-border.txt exists: not overwritten (use --force" in capsys.readouterr().err
    assert (folder / RECORDS).read_text(encoding="utf-8") == "# my work\n"
    assert start(folder, tmp_path, "--force") == 0
    assert "text_sha256:" in (folder / RECORDS).read_text(encoding="utf-8")


def test_init_refuses_a_malformed_date_and_a_non_slug_id(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        start(tmp_path / "a", tmp_path, "--published", "5 March")
    assert stopped.value.code == 2
    text = tmp_path / "article.txt"
    assert main(["init", str(tmp_path / "b"), "--text", str(text), "--publisher", "P", "--source-id", "Bad Id"]) == 2
    assert "--source-id 'Bad Id': must be a lowercase slug" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()


def test_a_second_article_joins_the_package_and_reuses_the_publisher(package, tmp_path):
    second = tmp_path / "second.txt"
    second.write_text("Second piece\nIts body.\n", encoding="utf-8")
    assert main(["init", str(package), "--text", str(second), "--publisher", "Test Gazette"]) == 0
    added = yaml.safe_load((package / "data/records/second.yaml").read_text(encoding="utf-8"))
    assert added["actors"] == [] and added["sources"][0]["publisher_actor_id"] == "test-gazette"
    assert added["sources"][0]["title"] == "Second piece"  # from the first line, flagged for checking
    assert main(["build", str(package)]) == 0
    assert sorted(dataset.load("sources", root=package)["source_id"]) == ["gazette-border", "second"]


def test_encode_build_validate_load_and_rebuild_byte_identically(package, capsys):
    assert main(["build", str(package)]) == 0
    report = validate_package(package)
    assert report.valid, report.to_text()
    assert report.rows == {"sources": 1, "actors": 5, "statements": 1, "incidents": 1, "casualties": 2,
                           "evidence": 9}
    casualties = dataset.load("casualties", root=package)
    assert casualties.set_index("casualty_id")["count_best"].to_dict() == {
        "porto-no-one-injured": 0, "porto-officers-killed": 3}
    evidence = dataset.load("evidence", root=package)
    for row in evidence.itertuples():
        assert TEXT[row.start:row.end] == row.text
    descriptor = dataset.datapackage(root=package)
    assert descriptor["name"] == "my-package" and descriptor["version"] == "0.1.0"
    assert descriptor["title"] == "Minister says border crossing will reopen" and "licenses" not in descriptor
    assert descriptor["sources"] == [{"title": "Minister says border crossing will reopen", "publisher": "Test Gazette",
                                      "version": hashlib.sha256(TEXT.encode()).hexdigest()}]
    before = digests(package)
    assert main(["build", str(package), "--check"]) == 0
    # tables, CSV twins, descriptor, schemas, dataset card, Croissant, explorer page
    assert "34 of 34 generated files are current" in capsys.readouterr().out
    assert main(["build", str(package)]) == 0
    assert digests(package) == before


def test_package_yaml_names_the_package_and_its_licence(package):
    (package / "package.yaml").write_text(
        "name: gazette-events\ntitle: Events in the Test Gazette\nversion: 1.2.0\n"
        "licenses:\n  - {name: CC0-1.0, path: 'https://creativecommons.org/publicdomain/zero/1.0/'}\n",
        encoding="utf-8")
    assert main(["build", str(package)]) == 0
    descriptor = dataset.datapackage(root=package)
    assert (descriptor["name"], descriptor["title"], descriptor["version"]) == (
        "gazette-events", "Events in the Test Gazette", "1.2.0")
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/"}]


def test_a_bad_package_yaml_names_its_line(package, capsys):
    (package / "package.yaml").write_text("name: Gazette Events\ntitle: T\n", encoding="utf-8")
    assert main(["build", str(package)]) == 1
    assert "package.yaml:1: field name: String should match pattern" in capsys.readouterr().err


def test_build_check_exits_1_when_a_generated_file_is_stale(package, capsys):
    assert main(["build", str(package)]) == 0
    csv = package / "data/csv/actors.csv"
    csv.write_bytes(csv.read_bytes().replace(b"Ana Costa", b"Ana Kosta", 1))
    assert main(["build", str(package), "--check"]) == 1
    assert "stale: data/csv/actors.csv differs" in capsys.readouterr().err


def test_build_of_a_folder_without_records_is_unusable_input(tmp_path, capsys):
    assert main(["build", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no records files (data/records/*.yaml)" in err and "python -m dataset init" in err


def test_this_packages_records_built_in_another_folder_give_the_shipped_tables(root, tmp_path):
    copy = tmp_path / "copy"
    for part in ("data/records", "data/sources"):
        shutil.copytree(root / part, copy / part)
    assert main(["build", str(copy)]) == 0
    for name in TABLES:
        for path in (f"data/{name}.parquet", f"data/csv/{name}.csv"):
            assert (copy / path).read_bytes() == (root / path).read_bytes(), path
    for path in (root / "schemas").iterdir():
        assert (copy / "schemas" / path.name).read_bytes() == path.read_bytes()
    assert dataset.datapackage(root=copy)["name"] == "copy"  # the copy describes itself, not this package


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which `fragment` starts in `text`."""
    return text[:text.index(fragment)].count("\n") + 1


# (edit of the encoded records file, the fragment on the line the message must name, what it must say)
ERRORS = [
    pytest.param(('quote: "Armed men", field: reference', 'quote: "armed men", field: reference'),
                 '{line: 3, quote: "armed men"',
                 "actors[4] (actor_id='armed-men') evidence[0]: 'armed men' does not occur in line 3; line 3 reads: "
                 "'Armed men attacked a police station", id="quote-not-on-line-shows-the-line"),
    pytest.param(('quote: "Portugal", field: name', "quote: \"Portugal's\", field: name"),
                 "{line: 2, quote: \"Portugal's\"",
                 "the text prints it with other quotation marks or apostrophes: 'Portugal’s'", id="apostrophe"),
    pytest.param(('quote: "on Monday", field: date', 'quote: "on Monday", field: date}\n      - {line: 3, '
                  'quote: "on Monday", field: date'), '{line: 3, quote: "on Monday"',
                 "'on Monday' does not occur in line 3 (it occurs in line 2)", id="quote-on-another-line"),
    pytest.param(('quote: "police", occurrence: 2, field: reference', 'quote: "police", field: reference'),
                 '{line: 3, quote: "police", field: reference}',
                 "'police' occurs 3 times in line 3: say which with occurrence (1 to 3", id="ambiguous-quote"),
    pytest.param(("speaker_actor_id: ana-costa", "speaker_actor_id: ana-kosta"), "speaker_actor_id: ana-kosta",
                 "statements[0] (statement_id='costa-crossing-will-reopen') field speaker_actor_id: no actor "
                 "'ana-kosta' in any records file; did you mean: ana-costa?", id="unknown-actor-suggests"),
    pytest.param(("    parent_actor_id: portugal\n    role_text", "    parent_actor_id: portugall\n    role_text"),
                 "parent_actor_id: portugall",
                 "actors[2] (actor_id='ana-costa') field parent_actor_id: no actor 'portugall' in any records file; "
                 "did you mean: portugal", id="unknown-parent-suggests"),
    pytest.param(("    incident_id: armed-men-attack-police-station-in-porto\n    outcome: killed",
                  "    incident_id: police-station-attack\n    outcome: killed"), "incident_id: police-station-attack",
                 "field incident_id: no incident 'police-station-attack' in any records file; the incidents are: "
                 "armed-men-attack-police-station-in-porto", id="unknown-incident-lists-ids"),
    pytest.param(("actor_type: unnamed_group", "actor_type: unnamed"), "actor_type: unnamed",
                 "actors[4] (actor_id='armed-men') field actor_type: Input should be 'state'", id="enum"),
    pytest.param(('cameo_code: "190"', 'cameo_code: "19"'), 'cameo_code: "19"',
                 "field cameo_code: '19' is not one of the 291 allowed values of incidents.cameo_code; did you mean: "
                 "196, 195, 194", id="long-enum-suggests"),
    pytest.param(("speaker_actor_id:", "speker_actor_id:"), "speker_actor_id:",
                 "unknown field 'speker_actor_id'; did you mean: speaker_actor_id,", id="misspelt-field"),
    pytest.param(("    text: the crossing will reopen next week.\n", ""), "- statement_id: costa-crossing",
                 "statements[0] (statement_id='costa-crossing-will-reopen') field text: required field 'text' is "
                 "missing", id="missing-field-names-the-record"),
    pytest.param(("count_best: 3", "count_best: three"), "count_best: three",
                 "casualties[0] (casualty_id='porto-officers-killed') field count_best: Input should be a valid "
                 "integer", id="type"),
    pytest.param(("date_start: 2024-03-03", "date_start: 2024-03-02"), "date_text: on Sunday",
                 "incidents (armed-men-attack-police-station-in-porto) field date_text: rules.weekday-matches-text",
                 id="rule-of-the-built-tables-points-at-the-record"),
    pytest.param(("victim_description: 3 officers", "victim_description: three officers"),
                 "victim_description: three officers",
                 "field victim_description: provenance.verbatim", id="provenance-points-at-the-field"),
    pytest.param(("lines: [1, 3]", "lines: [1, 2]"), '{line: 3, quote: "police", occurrence: 2',
                 "actors[3] (actor_id='police-of-portugal') evidence[0]: line 3 lies outside the lines of every "
                 "source of this file (gazette-border: lines 1-2)", id="evidence-outside-the-source-lines"),
    pytest.param(("      - {line: 2, quote: \"Portugal\", field: name}", "      - {line: 2, quote: [Portugal}"),
                 "{line: 2, quote: [Portugal}", "cannot be read as YAML", id="yaml-syntax"),
]


@pytest.mark.parametrize(("edit", "fragment", "message"), ERRORS)
def test_record_errors_name_file_line_record_and_field(package, capsys, edit, fragment, message):
    path = package / RECORDS
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    edited = text.replace(edit[0], edit[1], 1)
    path.write_text(edited, encoding="utf-8")
    assert main(["build", str(package)]) == 1
    err = capsys.readouterr().err
    expected = f"{path}:{line_of(edited, fragment)}: "
    assert any(expected in line and message in line for line in err.splitlines()), err
    assert "Traceback" not in err and not (package / "datapackage.json").exists()


def test_a_text_changed_after_encoding_names_the_hash_line(package, capsys):
    text = package / "data/sources/gazette-border.txt"
    text.write_text(TEXT.replace("Porto", "Braga"), encoding="utf-8")
    assert main(["build", str(package)]) == 1
    records = (package / RECORDS).read_text(encoding="utf-8")
    assert f"{package / RECORDS}:{line_of(records, 'text_sha256:')}: " in capsys.readouterr().err


def test_an_id_defined_in_two_records_files_names_both(package, capsys):
    records = package / RECORDS
    other = package / "data/records/other.yaml"
    other.write_text(records.read_text(encoding="utf-8").replace("source_id: gazette-border", "source_id: other"),
                     encoding="utf-8")
    assert main(["build", str(package)]) == 1
    err = capsys.readouterr().err
    line = line_of(records.read_text(encoding="utf-8"), "- actor_id: portugal")
    assert (f"{other}:{line}: actors[1] actor_id 'portugal' is already defined at {records}:{line}: ids must be "
            "unique across all records files") in err
    assert "source_id 'other'" not in err


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["actor_id", "name", "note", "aliases"]),
                                st.text(alphabet="ab :’\"#-\n", max_size=12), min_size=1), min_size=1, max_size=6),
       st.booleans())
def test_every_value_is_located_on_its_own_line(tmp_path_factory, records, flow):
    """Whatever the values (quotes, colons, newlines) and the style, the line recorded for each key is the line
    on which the YAML writes that key."""
    path = tmp_path_factory.mktemp("yaml") / "r.yaml"
    path.write_text(yaml.safe_dump({"actors": records}, allow_unicode=True, default_flow_style=flow),
                    encoding="utf-8")
    doc = read_yaml(path)
    data, lines = doc.data, doc.lines
    assert data == {"actors": records}
    written = path.read_text(encoding="utf-8").split("\n")
    for i, record in enumerate(records):
        for key in record:
            assert key in written[lines[("actors", i, key)] - 1]
