"""Text as it is (issue 21): a quote may run on across a line break; LF, CRLF and CR versions of one text give
identical offsets and slices in the build, the validator, `dataset.source_text` and the explorer; a quote that
differs from the text only by Unicode normalization gets a message that says so. Every text here is written for
these tests."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

try:
    import explore_browser
except ImportError:  # pytest run with --import-mode=importlib
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    import explore_browser

import dataset
from dataset.__main__ import main
from dataset.authoring.spans import LineIndex, SpanError
from dataset.schema.lineends import normalize_line_ends
from dataset.validation import validate_frames, validate_package

LINE_ENDS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}

# Lines of a made-up report; the quotation is wrapped over lines 2 and 3.
LINES = [
    "Envoys meet at the border",
    "The envoy said the talks were “useful for",
    "regional calm” and left on Tuesday.",
    "Officials in Ca\u0301diz welcomed the talks.",
]
WRAPPED = "useful for regional calm"

STATEMENT = f"""statements:
  - statement_id: envoy-talks-useful
    speaker_actor_id: envoy
    quote_type: direct
    text: {WRAPPED}
    channel: public_remarks
    date_start: 2024-03-05
    date_end: 2024-03-05
    date_precision: day
    date_text: on Tuesday
    date_resolution: A made-up report; its Tuesday is 2024-03-05.
    cameo_code: "010"
    speaker_disputed: false
    evidence:
      - {{line: 2, field: text}}
      - {{line: 2, quote: "The envoy said", field: speaker}}
      - {{line: 3, quote: "on Tuesday", field: date}}
"""


def actor(actor_id: str, line: int, quote: str) -> str:
    """An actor record whose alias is `quote` and whose evidence is `quote` on `line`."""
    quoted = json.dumps(quote, ensure_ascii=False)
    return (f"  - actor_id: {actor_id}\n    name: {actor_id.capitalize()}\n    aliases: [{quoted}]\n"
            f"    actor_type: person\n    evidence:\n      - {{line: {line}, quote: {quoted}, field: reference}}\n")


def package(folder: Path, text: bytes, actors: str = "", statements: str = "") -> Path:
    """A package started by `init` from `text` (bytes as they are), with `actors` and `statements` added."""
    folder.mkdir(parents=True)
    article = folder.parent / f"{folder.name}.txt"
    article.write_bytes(text)
    assert main(["init", str(folder / "pkg"), "--text", str(article), "--publisher", "Test Gazette",
                 "--source-id", "report", "--title", "Envoys meet at the border"]) == 0
    records = folder / "pkg" / "data" / "records" / "report.yaml"
    body = records.read_text(encoding="utf-8").replace("\nstatements: []\n", "\n" + actors + (
        statements or "statements: []\n"), 1)
    records.write_text(body, encoding="utf-8")
    return folder / "pkg"


def evidence_rows(pkg: Path) -> list[tuple[str, int, int, str]]:
    frame = dataset.load("evidence", engine="polars", root=pkg).sort("evidence_id")
    return list(frame.select("evidence_id", "start", "end", "text").iter_rows())


def tables(pkg: Path) -> dict[str, pl.DataFrame]:
    """The package's tables as the build hands them to the validator."""
    return {name: pl.read_parquet(pkg / "data" / f"{name}.parquet") for name in dataset.tables()}


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Path]:
    """The report with each kind of line end, built."""
    built = {}
    for name, end in LINE_ENDS.items():
        text = end.join(LINES) + end
        pkg = package(tmp_path_factory.mktemp(name) / "report", text.encode("utf-8"),
                      actor("envoy", 2, "The envoy"), STATEMENT)
        assert main(["build", str(pkg)]) == 0
        built[name] = pkg
    return built


def test_a_quotation_wrapped_over_two_lines_is_a_statements_text(versions):
    pkg = versions["LF"]
    report = validate_package(pkg)
    assert report.valid, report.to_text()
    statement = dataset.load("statements", root=pkg).iloc[0]
    assert statement["text"] == WRAPPED
    (span,) = [row for row in evidence_rows(pkg) if row[0] == "statement-envoy-talks-useful-01"]
    assert span[3] == "useful for\nregional calm"
    assert dataset.source_text("report", root=pkg)[span[1]:span[2]] == span[3]


@pytest.mark.parametrize("name", ["CRLF", "CR"])
def test_crlf_and_cr_texts_give_the_offsets_and_slices_of_the_lf_text(versions, name):
    """Was: the build counted CR as a character and `source_text` did not, so every slice after the first line
    was off by one character per earlier line."""
    assert validate_package(versions[name]).valid
    assert evidence_rows(versions[name]) == evidence_rows(versions["LF"])
    text = dataset.source_text("report", root=versions[name])
    assert text == dataset.source_text("report", root=versions["LF"]) and "\r" not in text
    for _, start, end, quoted in evidence_rows(versions[name]):
        assert text[start:end] == quoted


def test_the_validator_reads_crlf_texts_by_the_same_rule(versions):
    """The validator's span index normalizes a text with CR: a span recorded at LF offsets is found in the
    CRLF file, and a span recorded at the file's raw offsets is refused."""
    pkg = versions["CRLF"]
    frames = tables(pkg)
    raw = (pkg / "data" / "sources" / "report.txt").read_bytes().decode("utf-8")
    texts = {"data/sources/report.txt": raw}
    assert validate_frames(frames, texts).valid
    row = frames["evidence"]["evidence_id"].to_list().index("actor-envoy-01")
    start = raw.index("The envoy")
    shifted = frames["evidence"].with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(start).otherwise(pl.col("start")).alias("start"),
        pl.when(pl.int_range(pl.len()) == row).then(start + 9).otherwise(pl.col("end")).alias("end"))
    report = validate_frames({**frames, "evidence": shifted}, texts)
    assert [p.rule for p in report.problems] == ["provenance.span-matches-text"]


def test_an_nfc_quote_on_an_nfd_line_says_which_form_each_is(tmp_path, capsys):
    text = ("\n".join(LINES) + "\n").encode("utf-8")
    pkg = package(tmp_path / "nfc", text, actor("cadiz", 4, unicodedata.normalize("NFC", "Ca\u0301diz")))
    assert main(["build", str(pkg)]) == 1
    err = capsys.readouterr().err
    assert "'Cádiz' does not occur in line 4 (the quote is NFC, the text on line 4 is NFD: the same characters " \
           "in another Unicode form; copy the quote from the text)" in err
    assert re.search(r"report\.yaml:\d+: actors\[1\] \(actor_id='cadiz'\) evidence\[0\]", err)


def test_an_nfd_quote_on_an_nfc_line_says_so_too():
    with pytest.raises(SpanError, match="the quote is NFD, the text on line 1 is NFC: the same characters"):
        LineIndex("Die Stra\u00dfe nach Cáceres\n").locate(1, unicodedata.normalize("NFD", "Cáceres"))


def test_a_quote_that_differs_otherwise_gets_no_normalization_hint():
    with pytest.raises(SpanError) as caught:
        LineIndex("Officials in Ca\u0301diz\n").locate(1, "Cadiz")
    assert "Unicode" not in str(caught.value)


def test_the_validator_says_when_a_value_or_span_differs_only_by_normalization(versions):
    pkg = versions["LF"]
    frames = tables(pkg)
    texts = {"data/sources/report.txt": dataset.source_text("report", root=pkg)}
    nfd = "Officials in Ca\u0301diz"
    start = texts["data/sources/report.txt"].index(nfd)
    frames["actors"] = frames["actors"].with_columns(
        pl.when(pl.col("actor_id") == "envoy").then(pl.lit([unicodedata.normalize("NFC", nfd)]))
        .otherwise(pl.col("aliases")).alias("aliases"))
    evidence = frames["evidence"]
    is_envoy = pl.col("evidence_id") == "actor-envoy-01"
    frames["evidence"] = evidence.with_columns(
        pl.when(is_envoy).then(start).otherwise(pl.col("start")).alias("start"),
        pl.when(is_envoy).then(start + len(nfd)).otherwise(pl.col("end")).alias("end"),
        pl.when(is_envoy).then(pl.lit(unicodedata.normalize("NFC", nfd))).otherwise(pl.col("text")).alias("text"))
    messages = {p.rule: p.message for p in validate_frames(frames, texts).problems}
    assert messages["provenance.span-matches-text"].endswith(
        "not the recorded span text; the recorded span is NFC, the text at these offsets is NFD: the same "
        "characters in another Unicode form; copy the recorded span from the text")
    frames["evidence"] = evidence.with_columns(
        pl.when(is_envoy).then(start).otherwise(pl.col("start")).alias("start"),
        pl.when(is_envoy).then(start + len(nfd)).otherwise(pl.col("end")).alias("end"),
        pl.when(is_envoy).then(pl.lit(nfd)).otherwise(pl.col("text")).alias("text"))
    messages = {p.rule: p.message for p in validate_frames(frames, texts).problems}
    assert messages == {"provenance.verbatim": "the value does not occur verbatim in any evidence span of the "
                        "record; the value is NFC, the text of its evidence span is NFD: the same characters in "
                        "another Unicode form; copy the value from the text"}


WORDS = st.sampled_from(["talks", "envoy", "said", "Cádiz", "Ca\u0301diz", "Ñandú", "N\u0303andu\u0301", "calm",
                         "“useful”", "peace,", "2024"])


@settings(max_examples=6, deadline=None)
@given(lines=st.lists(st.lists(WORDS, min_size=1, max_size=5), min_size=2, max_size=5), data=st.data())
def test_random_texts_give_identical_offsets_and_slices_with_any_line_ends(tmp_path_factory, lines, data):
    """Random texts of NFC and NFD words with mixed line ends, and a quote of consecutive words (across line
    breaks too) chosen in the normalized text: the mixed version and the all-LF, all-CRLF and all-CR versions
    build and validate, with identical offsets, and `source_text` slices give the quoted words."""
    words = [(n, w) for n, line in enumerate(lines, start=1) for w in line]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, min(first + 4, len(words) - 1)))
    quote = " ".join(w for _, w in words[first:last + 1])
    line = words[first][0]
    record = actor("quoted", line, quote).replace("field: reference}", "field: reference, occurrence: 1}")
    mixed = data.draw(st.lists(st.sampled_from(list(LINE_ENDS.values())), min_size=len(lines), max_size=len(lines)))
    versions = {"mixed": mixed, **{name: [end] * len(lines) for name, end in LINE_ENDS.items()}}
    found = {}
    for name, ends in versions.items():
        text = "".join(" ".join(ws) + end for ws, end in zip(lines, ends, strict=True))
        pkg = package(tmp_path_factory.mktemp(name) / "random", text.encode("utf-8"), record)
        assert main(["build", str(pkg)]) == 0
        assert validate_package(pkg).valid
        source = dataset.source_text("report", root=pkg)
        assert source == normalize_line_ends(text)
        rows = evidence_rows(pkg)
        for _, start, end, quoted in rows:
            assert source[start:end] == quoted
            assert re.sub(r"[ \t]*\n[ \t]*", " ", quoted) == quote
        found[name] = rows
    assert all(rows == found["LF"] for rows in found.values())


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(WORDS, min_size=1, max_size=4), min_size=1, max_size=6),
       indent=st.sampled_from(["", " ", "\t "]), data=st.data())
def test_a_quote_of_consecutive_words_is_located_across_any_line_breaks(lines, indent, data):
    """Many more texts than the build test, at the level of `LineIndex`: words joined by spaces, lines by line
    breaks with spaces or tabs around them; the span of a quote of consecutive words starts in its line, is the
    text at its offsets, and reads as the quote once its line breaks are read as spaces."""
    text = normalize_line_ends("".join(indent + " ".join(ws) + indent + data.draw(st.sampled_from(["\n", "\r\n", "\r"]))
                                       for ws in lines))
    words = [(n, w) for n, line in enumerate(lines, start=1) for w in line]
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    quote = " ".join(w for _, w in words[first:last + 1])
    index = LineIndex(text)
    span = index.locate(words[first][0], quote, occurrence=1)
    assert index.line_of(span.start) == words[first][0]
    assert text[span.start:span.end] == span.text
    assert re.sub(r"[ \t]*\n[ \t]*", " ", span.text) == quote


@pytest.fixture(scope="module")
def browser():
    with explore_browser.chromium() as browser:
        yield browser


def test_the_explorer_draws_a_span_of_a_crlf_text_on_its_words(versions, browser, tmp_path):
    """The page of the CRLF package: every span is drawn on exactly its words (was: each shifted by one
    character per earlier line)."""
    pkg = versions["CRLF"]
    page_file = tmp_path / "page.html"
    assert main(["explore", str(pkg), "--out", str(page_file)]) == 0
    opened = explore_browser.open_file(browser, page_file)
    try:
        drawn = opened.page.eval_on_selector_all(".ev", """nodes => {
            const text = {};
            for (const n of nodes) text[n.dataset.ev] = (text[n.dataset.ev] || "") + n.textContent;
            return text;
        }""")
        assert drawn == {evidence_id: quoted for evidence_id, _, _, quoted in evidence_rows(pkg)}
        assert drawn["actor-envoy-01"] == "The envoy"
        assert drawn["statement-envoy-talks-useful-01"] == "useful for\nregional calm"
        assert opened.errors == []
    finally:
        opened.close()


def test_the_guides_example_of_a_quote_across_lines_gives_the_span_it_states():
    guide = (Path(__file__).resolve().parents[1] / "docs" / "encoding-guide.md").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"<!-- example: across lines -->\n```(\w+)\n(.*?)\n```", guide, re.S))
    record = yaml.safe_load(blocks["yaml"])
    lines = LineIndex(blocks["text"] + "\n")
    first, speaker = (lines.locate(ref["line"], ref.get("quote") or record[ref["field"]])
                      for ref in record["evidence"])
    assert (first.start, first.end, first.text) == (31, 55, "useful for\nregional calm")
    assert "the first span is `useful for⏎regional calm` (offsets 31 to 55)" in guide
    assert speaker.text == "The envoy said"
