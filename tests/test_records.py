"""Curated records: mistakes get messages that name the file, the record and the field; YAML is loaded safely."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataset.authoring.records import RecordError, load_record_file
from dataset.authoring.spans import LineIndex, SpanError

GOOD = """
text_path: data/sources/x.txt
text_sha256: {sha}
sources:
  - source_id: piece
    lines: [1, 2]
    title: T
    publisher: P
    publisher_actor_id: p
    language: en
actors:
  - actor_id: p
    name: P
    aliases: []
    actor_type: media
    evidence: []
"""


def write(tmp_path, text):
    path = tmp_path / "records.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    records = load_record_file(write(tmp_path, GOOD.format(sha="ab" * 32)))
    assert records.sources[0].text_path == "data/sources/x.txt" and records.actors[0].actor_id == "p"


@pytest.mark.parametrize(("edit", "expected"), [
    (("actor_type: media", "actor_type: newspaper"), "actors[0] (actor_id='p') field actor_type"),
    (("actor_id: p", "actor_id: P x"), "actors[0] (actor_id='P x') field actor_id"),
    (("language: en", "language: 7"), "sources[0] (source_id='piece') field language"),
    (("    aliases: []", "    aliases: []\n    colour: red"), "actors[0] (actor_id='p') field colour"),
    (("lines: [1, 2]", "lines: [1]"), "sources[0] (source_id='piece') field lines"),
])
def test_errors_name_file_record_and_field(tmp_path, edit, expected):
    path = write(tmp_path, GOOD.format(sha="ab" * 32).replace(*edit))
    with pytest.raises(RecordError) as caught:
        load_record_file(path)
    assert any(str(path) in p and expected in p for p in caught.value.problems), caught.value.problems


def test_yaml_cannot_construct_python_objects(tmp_path):
    path = write(tmp_path, GOOD.format(sha="ab" * 32) + "x: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(RecordError, match="cannot be read as YAML"):
        load_record_file(path)


def test_strings_are_not_coerced(tmp_path):
    path = write(tmp_path, GOOD.format(sha="ab" * 32).replace("title: T", "title: 2024"))
    with pytest.raises(RecordError, match="field title"):
        load_record_file(path)


TEXT = "first line’s “quote”\nsecond line, second line\nthird"


def test_locate_finds_code_point_offsets():
    lines = LineIndex(TEXT)
    span = lines.locate(1, "“quote”")
    assert TEXT[span.start:span.end] == "“quote”"
    assert lines.locate(2, "second line", occurrence=2).start == TEXT.index("second line", 25)


@pytest.mark.parametrize(("line", "quote", "occurrence", "message"), [
    (2, "second line", None, "occurs 2 times in line 2: say which"),
    (1, "third", None, "does not occur in line 1"),
    (4, "x", None, "line 4 does not exist"),
    (2, "second", 3, "occurs 2 time"),
])
def test_locate_refuses_what_is_not_there_or_ambiguous(line, quote, occurrence, message):
    with pytest.raises(SpanError, match=message):
        LineIndex(TEXT).locate(line, quote, occurrence)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab’“”\u00e9 ", min_size=0, max_size=12), min_size=1, max_size=5), st.data())
def test_every_unique_substring_of_a_line_is_located_exactly(lines_text, data):
    text = "\n\n".join(lines_text)  # blank lines between: no quote can run on across a line break
    index = LineIndex(text)
    number = data.draw(st.integers(1, len(lines_text)))
    line = lines_text[number - 1]
    number = 2 * number - 1
    if not line:
        return
    i = data.draw(st.integers(0, len(line) - 1))
    j = data.draw(st.integers(i + 1, len(line)))
    quote = line[i:j]
    count = sum(line.startswith(quote, k) for k in range(len(line)))
    span = index.locate(number, quote, occurrence=1 if count > 1 else None)
    assert text[span.start:span.end] == quote


@pytest.mark.parametrize(("line", "quote", "message"), [
    (1, "second line", "'second line' does not occur in line 1 (it occurs in line 2); line 1 reads: "
                       "'first line’s “quote”'"),
    (1, "line's", "the text prints it with other quotation marks or apostrophes: 'line’s'"),
    (1, '"quote"', "the text prints it with other quotation marks or apostrophes: '“quote”'"),
])
def test_a_quote_not_on_its_line_shows_the_line_and_what_differs(line, quote, message):
    with pytest.raises(SpanError) as caught:
        LineIndex(TEXT).locate(line, quote)
    assert message in str(caught.value)


def test_a_long_line_is_shown_around_the_nearest_match():
    text = "x" * 1000 + " the Foreign Minister of Pakistan " + "y" * 1000
    with pytest.raises(SpanError) as caught:
        LineIndex(text).locate(1, "the foreign minister of Pakistan")
    shown = str(caught.value).split("line 1 reads: ")[1]
    assert "Minister of Pakistan" in shown and shown.startswith("'…x") and len(shown) < 400


def test_record_errors_carry_the_yaml_line(tmp_path):
    text = GOOD.format(sha="ab" * 32).replace("actor_type: media", "actor_type: newspaper")
    path = write(tmp_path, text)
    with pytest.raises(RecordError) as caught:
        load_record_file(path)
    line = text[:text.index("actor_type: newspaper")].count("\n") + 1
    assert caught.value.problems[0].startswith(f"{path}:{line}: actors[0] (actor_id='p') field actor_type: ")
