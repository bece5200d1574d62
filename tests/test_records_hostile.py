"""Records files as a hostile contributor writes them (issue 19): every one ends in one clear line per problem
naming the file and the line, `build` exits 1, no traceback, in well under a second and bounded memory; and
codes written as YAML numbers are refused with "quote it", never converted (issue 21)."""

from __future__ import annotations

import string
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from encoding_example import TEXT, encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset.__main__ import main
from dataset.authoring import yaml_reader
from dataset.authoring.metadata import read_metadata
from dataset.authoring.records import RecordError, parse_yaml, record_file
from dataset.authoring.yaml_reader import MAX_BYTES, MAX_DEPTH, MAX_VALUES, read_yaml
from dataset.schema.tables import EVIDENCE_ASPECTS, RECORD_TABLES, TABLES, evidence_fields

RECORDS = "data/records/gazette-border.yaml"

BILLION_LAUGHS = "\n".join(
    [' a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'.strip()]
    + [f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
) + "\n"


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Path:
    """A package folder started by `init` and encoded with the example's records (valid; not yet built)."""
    tmp = tmp_path_factory.mktemp("hostile")
    text, folder = tmp / "article.txt", tmp / "pkg"
    text.write_text(TEXT, encoding="utf-8")
    assert main(["init", str(folder), "--text", str(text), "--publisher", "Test Gazette", "--source-id",
                 "gazette-border", "--title", "Minister says border crossing will reopen", "--published",
                 "2024-03-05"]) == 0
    encode(folder / RECORDS)
    return folder


@pytest.fixture
def package(started: Path, tmp_path: Path) -> Path:
    """A fresh copy of the started package for one test to spoil."""
    folder = tmp_path / "pkg"
    subprocess.run(["cp", "-r", str(started), str(folder)], check=True)
    return folder


def build_fails(folder: Path, capsys, *expected: str) -> list[str]:
    """Build `folder`: exit 1, one line per problem (each naming the records file and a line), containing each
    expected message, no traceback. Returns the problem lines."""
    started = time.perf_counter()
    assert main(["build", str(folder)]) == 1
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    assert "Traceback" not in err
    header, *problems = err.rstrip("\n").split("\n")
    assert header.startswith(f"The records in {folder} cannot be built ({len(problems)} problem(s)):")
    for line in problems:
        assert line.startswith(f"  {folder / RECORDS}:"), line
        assert line.removeprefix(f"  {folder / RECORDS}:").split(":")[0].isdigit(), line
    for message in expected:
        assert any(message in line for line in problems), (message, problems)
    return [line.strip() for line in problems]


def edit(folder: Path, old: str, new: str) -> str:
    path = folder / RECORDS
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def line_number(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# --- bombs and recursion -------------------------------------------------------------------------------------

def test_billion_laughs_is_refused_at_its_first_anchor_in_a_millisecond_with_bounded_memory(loader):
    assert len(BILLION_LAUGHS.encode()) < 600  # the "431-byte file" (9 levels of 9 aliases: 9^9 lols)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(RecordError) as caught:
        parse_yaml(BILLION_LAUGHS, "bomb.yaml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 0.5 and peak < 2_000_000, (elapsed, peak)
    assert caught.value.problems == ["bomb.yaml:1: YAML anchors and aliases (&a, *a) are not allowed: write "
                                     "each value out in full"]


def test_billion_laughs_from_the_command_line_exits_1_with_one_line(package):
    (package / RECORDS).write_text(BILLION_LAUGHS, encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "dataset", "build", str(package)], capture_output=True,
                          text=True, timeout=60)
    assert time.perf_counter() - started < 30
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[1:] == [f"  {package / RECORDS}:1: YAML anchors and aliases (&a, *a) are "
                                            "not allowed: write each value out in full"]


HOSTILE = [
    ("&x [*x]\n", 1, "YAML anchors and aliases (&x, *x) are not allowed"),
    ("a: &x {b: *x}\n", 1, "YAML anchors and aliases (&x, *x) are not allowed"),
    ("a: 1\nb: *nowhere\n", 2, "YAML anchors and aliases (&nowhere, *nowhere) are not allowed"),
    ("a: {x: 1}\nb:\n  <<: {y: 2}\n", 3, "YAML merge keys (<<) are not allowed"),
    ("[" * 5000 + "]" * 5000, 1, "nest"),
    ("{a: " * 5000 + "1" + "}" * 5000, 1, "nest"),
    ("".join(" " * i + "-\n" for i in range(5000)), MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} levels deep"),
    ("".join(" " * i + "k:\n" for i in range(5000)), MAX_DEPTH + 1, f"nested more than {MAX_DEPTH} levels deep"),
]
HOSTILE_IDS = ["self-recursive", "mapping-recursive", "alias-without-anchor", "merge-key", "5000-flow-lists",
               "5000-flow-mappings", "5000-block-lists", "5000-block-mappings"]


@pytest.fixture(params=["libyaml", "pure-python"])
def loader(request, monkeypatch):
    """Both parsers PyYAML may have: LibYAML's (when installed) and its own."""
    if request.param == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is installed without LibYAML")
    monkeypatch.setattr(yaml_reader, "_Loader", yaml.CSafeLoader if request.param == "libyaml" else yaml.SafeLoader)


@pytest.mark.parametrize(("text", "line", "message"), HOSTILE, ids=HOSTILE_IDS)
def test_aliases_merge_keys_and_deep_nesting_are_one_error_with_their_line(loader, text, line, message):
    started = time.perf_counter()
    with pytest.raises(RecordError) as caught:
        parse_yaml(text, "r.yaml")
    assert time.perf_counter() - started < 2  # about 0.01 s; the margin is for a loaded machine
    [problem] = caught.value.problems
    assert problem.startswith(f"r.yaml:{line}: ") and message in problem, problem


@pytest.mark.parametrize(("text", "line", "message"), HOSTILE, ids=HOSTILE_IDS)
def test_build_exits_1_with_one_line_on_each_hostile_records_file(package, capsys, text, line, message):
    (package / RECORDS).write_text(text, encoding="utf-8")
    [problem] = build_fails(package, capsys, message)
    assert problem.startswith(f"{package / RECORDS}:{line}: ")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "- a list\n", "just text\n", "~\n"])
def test_a_records_file_that_is_not_a_mapping_is_one_line(package, capsys, text):
    (package / RECORDS).write_text(text, encoding="utf-8")
    [problem] = build_fails(package, capsys, "the top level must be a mapping")
    assert problem.startswith(f"{package / RECORDS}:1: ")


def test_the_depth_limit_allows_thirty_two_levels_and_refuses_thirty_three():
    assert parse_yaml("a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH)), "ok.yaml").data
    with pytest.raises(RecordError, match=f"deep.yaml:{MAX_DEPTH + 1}: nested more than {MAX_DEPTH} levels"):
        parse_yaml("a:\n" + "".join("  " * i + "- \n" for i in range(1, MAX_DEPTH + 1)), "deep.yaml")


def test_an_oversized_file_is_refused_before_it_is_parsed(package, capsys):
    path = package / RECORDS
    with path.open("w", encoding="utf-8") as f:
        f.write("a: [")  # never closed: a parse would fail later, and slowly
        f.write("1," * (MAX_BYTES // 2))
    assert path.stat().st_size > MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(RecordError) as caught:
        read_yaml(path)
    assert time.perf_counter() - started < 0.5
    assert caught.value.problems == [f"{path}: the file has {path.stat().st_size:,} bytes, more than the "
                                     f"{MAX_BYTES:,} bytes (16 MiB) a records or metadata file may have: split it "
                                     "into one records file per source text"]
    assert main(["build", str(package)]) == 1
    assert "16 MiB" in capsys.readouterr().err


def test_a_file_of_more_values_than_the_limit_is_refused_within_seconds():
    text = "a:\n- [" + ",".join(["1"] * (MAX_VALUES + 10)) + "]\n"
    started = time.perf_counter()
    with pytest.raises(RecordError) as caught:
        parse_yaml(text, "many.yaml")
    assert time.perf_counter() - started < 10  # about 1.5 s; the margin is for a loaded machine
    assert caught.value.problems == [f"many.yaml:2: more than {MAX_VALUES:,} values (keys, scalars, lists and "
                                     "mappings) in one file: split it into one records file per source text"]
    # the mapping, its key, the outer and the inner list are four values
    assert len(parse_yaml("a:\n- [" + ",".join(["1"] * (MAX_VALUES - 4)) + "]\n", "ok.yaml").data["a"][0]) == \
        MAX_VALUES - 4


def test_text_given_to_the_parser_has_the_same_limit():
    with pytest.raises(RecordError, match="more than the 16,777,216 bytes"):
        parse_yaml("#" * (MAX_BYTES + 1), "big.yaml")


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!python/object/apply:os.system ['true']\n", "cannot be read as YAML: the tag !!python/object/apply"),
    ("a: !!binary aGVsbG8=\n", "the tag !!binary is not allowed"),
    ("a: !!set {x}\n", "the tag !!set is not allowed"),
    ("a: !custom x\n", "the tag !custom is not allowed"),
    ("a: 1\n---\nb: 2\n", "a second YAML document"),
    ("? [a]\n: b\n", "a mapping key must be a plain value"),
    ("a: \x07\n", "cannot be read as YAML: unacceptable character #x0007"),
    ("a: 2024-02-30\n", "'2024-02-30' cannot be read as a date: day is out of range for month"),
    ("a: " + "9" * 5000 + "\n", "cannot be read as a number: Exceeds the limit (4300 digits)"),
    ("a: [\n", "cannot be read as YAML"),
], ids=["python-object", "binary", "set", "custom", "two-documents", "complex-key", "control-character",
        "impossible-date", "huge-integer", "unclosed"])
def test_what_yaml_could_do_but_records_never_need_is_one_line_naming_the_file(loader, text, message):
    with pytest.raises(RecordError) as caught:
        parse_yaml(text, "r.yaml")
    [problem] = caught.value.problems
    assert problem.startswith("r.yaml:") and message in problem and "\n" not in problem, problem


# --- keys written twice ----------------------------------------------------------------------------------------

def test_a_key_written_twice_names_both_lines(package, capsys):
    text = edit(package, "    cameo_code: \"010\"\n", "    cameo_code: \"010\"\n    date_text: on Monday\n")
    first = line_number(text, "    date_text: on Monday")
    second = line_number(text, "    cameo_code: \"010\"\n    date_text") + 1
    assert build_fails(package, capsys) == [f"{package / RECORDS}:{second}: key 'date_text' written twice (first at "
                                            f"line {first})"]


def test_every_key_written_twice_is_reported_and_keys_read_alike_are_the_same_key():
    with pytest.raises(RecordError) as caught:
        parse_yaml("a: 1\nb: 2\na: 3\nc: {x: 1, x: 2}\n1: one\n0x1: also one\n", "r.yaml")
    assert caught.value.problems == ["r.yaml:3: key 'a' written twice (first at line 1)",
                                     "r.yaml:4: key 'x' written twice (first at line 4)",
                                     "r.yaml:6: key 1 written twice (first at line 5)"]


# --- numbers, booleans, dates and nulls where text is expected ----------------------------------------------------

@pytest.mark.parametrize(("written", "message"), [
    ("195", "cameo_code is written as a number (195); it is text (a code, an id or words): quote it: '195'"),
    ("010", "cameo_code is written as a number (010, which YAML reads as 8); it is text (a code, an id or words): "
            "quote it: '010'"),
    ("0312", "cameo_code is written as a number (0312, which YAML reads as 202); it is text"),
    ("1.0", "cameo_code is written as a number (1.0); it is text"),
], ids=["195", "octal-010", "octal-0312", "float"])
def test_a_code_written_as_a_yaml_number_must_be_quoted(package, capsys, written, message):
    text = edit(package, '    cameo_code: "010"', f"    cameo_code: {written}")
    [problem] = build_fails(package, capsys, message)
    assert problem.startswith(f"{package / RECORDS}:{line_number(text, f'cameo_code: {written}')}: statements[0] "
                              "(statement_id='costa-crossing-will-reopen') field cameo_code: ")


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    country_iso3: PRT\n    evidence:\n      - {line: 2, quote: \"Portugal\"",
     "    country_iso3: NO\n    evidence:\n      - {line: 2, quote: \"Portugal\"",
     "country_iso3 is written as a boolean (NO, which YAML reads as false); it is text"),
    ("    date_text: on Monday", "    date_text: 2024-03-04",
     "date_text is written as a date (2024-03-04); it is text (a code, an id or words): quote it: '2024-03-04'"),
    ("    victim_description: 3 officers", "    victim_description: 3",
     "victim_description is written as a number (3); it is text"),
    ("    aliases: [Portugal]", "    aliases: [Portugal, 1974]", "aliases[1] is written as a number (1974)"),
    ("    aliases: [Portugal]", "    aliases: [Portugal, null]",
     "aliases[1] is null (written 'null'): a value is required here"),
    ("    aliases: [Portugal]", "    aliases: [~]", "aliases[0] is null (written '~')"),
    ("    aliases: [Portugal]", "    aliases:\n      - Portugal\n      -\n", "aliases[1] is null: a value is required"),
], ids=["norway", "date", "count-as-description", "number-in-list", "null-in-list", "tilde-in-list",
        "empty-in-list"])
def test_text_columns_refuse_what_yaml_typed_by_itself(package, capsys, old, new, message):
    edit(package, old, new)
    [problem] = build_fails(package, capsys, message)
    assert " field " in problem  # it names the record and the field


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    count_best: 3", "    count_best: 03", "count_best is written 03, which YAML reads as 3: write the "
                                                "number in plain decimal digits, or quote it if it is text: '03'"),
    ("    count_high: 3", "    count_high: 010", "count_high is written 010, which YAML reads as 8"),
    ("    count_high: 3", "    count_high: 1_0", "count_high is written 1_0, which YAML reads as 10"),
    ("    count_high: 3", "    count_high: 1:10", "count_high is written 1:10, which YAML reads as 70"),
    ("      - {line: 2, field: text}", "      - {line: 0x2, field: text}",
     "line is written 0x2, which YAML reads as 2"),
    ("    speaker_disputed: false", "    speaker_disputed: no",
     "speaker_disputed is written no, which YAML reads as false: write true or false"),
], ids=["leading-zero", "octal", "underscore", "sexagesimal", "hexadecimal", "yes-no"])
def test_numbers_yaml_reads_otherwise_than_they_look_are_refused_never_converted(package, capsys, old, new, message):
    edit(package, old, new)
    [problem] = build_fails(package, capsys, message)
    assert " field " in problem  # it names the record and the field


def test_quoted_codes_and_plain_numbers_and_dates_still_load(package, capsys):
    assert main(["build", str(package)]) == 0, capsys.readouterr().err


def test_package_yaml_is_read_by_the_same_strict_reader(package):
    (package / "package.yaml").write_text("name: pkg\ntitle: T\nversion: 1.0\nkeywords: &k [a]\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"package.yaml:4: YAML anchors and aliases \(&k, \*k\)"):
        read_metadata(package, [])
    (package / "package.yaml").write_text("name: pkg\ntitle: T\nversion: 1.0\ntitle: U\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"package\.yaml:4: key 'title' written twice"):
        read_metadata(package, [])
    (package / "package.yaml").write_text("name: pkg\ntitle: T\nversion: 1.0\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        read_metadata(package, [])
    assert caught.value.problems == [f"{package / 'package.yaml'}:3: field version: version is written as a number "
                                     "(1.0); it is text (a code, an id or words): quote it: '1.0'"]


# --- fuzzing -----------------------------------------------------------------------------------------------------

_SCALARS = st.one_of(
    st.sampled_from(["010", "0x1F", "1_000", "1:30", "yes", "NO", "~", "null", "2024-01-05", "2024-02-30", ".inf",
                     "=", "<<", "'q'", '"q"', "&a", "*a", "!!str 1", "!!python/name:os.system", "- x", "a: b",
                     "[", "{", "#", "|", ">", "%YAML", "---", "...", "\t", "195", "-1", "1e3", "1.5"]),
    st.text(alphabet=string.printable + "’é\u2028", max_size=8),
)
_KEYS = st.one_of(st.sampled_from(["actors", "statements", "evidence", "line", "field", "quote", "text_path",
                                   "cameo_code", "aliases", "<<", "?", "1"]), st.text(max_size=5))
_DOCS = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=20)


def _render(value, indent: int = 0) -> str:
    """`value` written as YAML by hand, without escaping: the scalars go in raw, so the result is often not
    what it seems, or not YAML at all."""
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k}:\n{_render(v, indent + 2)}" if isinstance(v, dict | list) and v
                       else f"{pad}{k}: {_render(v).strip()}\n" for k, v in value.items()) or f"{pad}{{}}\n"
    if isinstance(value, list):
        return "".join(f"{pad}-\n{_render(v, indent + 2)}" if isinstance(v, dict | list) and v
                       else f"{pad}- {_render(v).strip()}\n" for v in value) or f"{pad}[]\n"
    return f"{pad}{value}\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS, st.booleans())
def test_any_yaml_ish_document_loads_or_raises_record_error_and_nothing_else(value, dumped):
    text = yaml.safe_dump(value, allow_unicode=True) if dumped else _render(value)
    try:
        doc = parse_yaml(text, "fuzz.yaml")
    except RecordError as err:
        assert err.problems and all(p.startswith("fuzz.yaml") and "\n" not in p for p in err.problems)
        return
    try:  # where it loads, it reads what PyYAML reads (PyYAML cannot read a lone '=' or '<<' value)
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.constructor.ConstructorError:
        expected = doc.data
    assert doc.data == expected
    try:
        record_file(doc, Path("fuzz.yaml"))
    except RecordError as err:
        assert err.problems and all(p.startswith("fuzz.yaml") for p in err.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}:,-?&*!|>'\"#%@` \n\tax01<=~", max_size=60))
def test_any_text_loads_or_raises_record_error_and_nothing_else(text):
    try:
        parse_yaml(text, "fuzz.yaml")
    except RecordError as err:
        assert err.problems and all(p.startswith("fuzz.yaml") and "\n" not in p for p in err.problems)


# --- evidence field names follow the columns they support ------------------------------------------------------

MENTION = '      - {line: 3, quote: "Armed men attacked a police station in Porto on Sunday", field: mention}\n'


def test_an_evidence_field_may_name_any_column_of_its_record_such_as_admin1(package, capsys):
    edit(package, MENTION, MENTION + '      - {line: 3, quote: "Porto", occurrence: 1, field: admin1}\n')
    assert main(["build", str(package)]) == 0, capsys.readouterr().err
    evidence = pq.read_table(package / "data/evidence.parquet").to_pylist()
    assert [e["text"] for e in evidence if e["field"] == "admin1"] == ["Porto"]


@pytest.mark.parametrize(("field", "message"), [
    ("admin_1", "'admin_1' is not a column or aspect of incidents; did you mean: admin1"),
    ("count", "'count' is not a column or aspect of incidents"),
    ("Mention", "'Mention' is not a column or aspect of incidents; did you mean: mention?"),
])
def test_an_evidence_field_its_table_does_not_have_is_refused_with_the_nearest(package, capsys, field, message):
    text = edit(package, MENTION, MENTION.replace("field: mention", f"field: {field}"))
    [problem] = build_fails(package, capsys, message)
    assert problem.startswith(f"{package / RECORDS}:{line_number(text, f'field: {field}')}: incidents[0] "
                              "(incident_id='armed-men-attack-police-station-in-porto') field evidence.0.field: ")


def test_evidence_fields_are_the_written_columns_their_roles_and_the_documented_aspects():
    incidents = evidence_fields(TABLES["incidents"])
    assert {"admin1", "location_text", "perpetrator", "perpetrator_actor_id", "mention", "date"} <= set(incidents)
    assert not {"incident_id", "source_id", "goldstein", "count", "headline"} & set(incidents)
    assert set(evidence_fields(TABLES["actors"])) >= {"name", "aliases", "reference", "parent"}
    union = {f for name in RECORD_TABLES for f in evidence_fields(TABLES[name])}
    assert TABLES["evidence"].field("field").enum == tuple(sorted(union))
    guide = (Path(__file__).resolve().parents[1] / "docs" / "encoding-guide.md").read_text(encoding="utf-8")
    for aspect, (_, tables) in EVIDENCE_ASPECTS.items():
        assert f"`{aspect}`" in guide and set(tables) <= set(RECORD_TABLES)
