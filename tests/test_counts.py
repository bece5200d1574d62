"""The rule rules.count-in-evidence: a casualty figure's counts are numbers its count evidence prints (digits and
English number words), checked for English sources and skipped for others."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from encoding_example import encode
from hypothesis import given, settings
from hypothesis import strategies as st
from test_init import RECORDS, line_of, start

from dataset.__main__ import main
from dataset.schema.numbers import PATTERN, numbers_of
from dataset.validation import validate_package
from dataset.validation.counts import COUNT_COLUMNS, RULE, check_counts

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """0..999 in English words, as a test writes them (independently of the rule's reader)."""
    hundreds, rest = divmod(n, 100)
    below = ONES[rest] if rest < 20 else TENS[rest // 10] + ("-" + ONES[rest % 10] if rest % 10 else "")
    if not hundreds:
        return below
    return f"{ONES[hundreds]} hundred" + (f" and {below}" if rest else "")


@pytest.mark.parametrize(("run", "numbers"), [
    ("11", (11,)), ("1,200", (1200,)), ("four", (4,)), ("Eleven", (11,)), ("twenty-four", (24,)),
    ("ninety nine", (99,)), ("two hundred and five", (205,)), ("a hundred", (100,)), ("a dozen", (12,)),
    ("three dozen", (36,)), ("2 million", (2_000_000,)), ("1.5 million", (1_500_000,)),
    ("two million three hundred thousand", (2_300_000,)), ("No one", (0,)), ("none", (0,)), ("no", (0,)),
    ("zero", (0,)), ("a", (1,)), ("16-18", (16, 18)), ("3 and 4", (3, 4)), ("twelve thirteen", (12, 13)),
    ("1.5", ()), ("1,5", ()), ("1,5 million", ()), ("1.200.300", ()),
])
def test_numbers_are_read_as_english_writes_them(run, numbers):
    assert numbers_of(run) == numbers


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["one", "twenty", "-", "hundred", "and", " ", "  ", "a", "no", "women", "11", "1,200",
                                 "1.5", ",", "dozens", "É", "\n", "x"]), max_size=14))
def test_python_and_polars_find_the_same_runs(parts):
    """PATTERN serves both: polars (the validator, a whole column at once) and Python's re (the explorer)."""
    text = "".join(parts)
    assert pl.Series([text]).str.extract_all(PATTERN).to_list()[0] == re.findall(PATTERN, text)


def frames(spans: list[tuple[str, str]], low: int, best: int, high: int, language: str = "en"
           ) -> dict[str, pl.LazyFrame]:
    """The columns the rule reads: one English (or other) source, one figure, its evidence spans."""
    return {
        "sources": pl.LazyFrame({"source_id": ["s"], "language": [language]}),
        "casualties": pl.LazyFrame({"casualty_id": ["c"], "source_id": ["s"], "count_low": [low],
                                    "count_best": [best], "count_high": [high]}),
        "evidence": pl.LazyFrame({"casualty_id": ["c"] * len(spans) + [None],
                                  "field": [f for f, _ in spans] + ["count"],
                                  "text": [t for _, t in spans] + ["99 other people, a record not this figure's"]}),
    }


def failing(found) -> dict[str, str]:
    assert all(p.table == "casualties" and p.row == "c" and p.rule == RULE for p in found.problems)
    return {p.column: p.message for p in found.problems}


def test_a_count_the_span_does_not_print_names_the_column_the_numbers_and_the_count():
    found = check_counts(frames([("count", "four children were killed")], 5, 5, 5))
    assert failing(found) == {c: f"{c} is 5, a number its count evidence does not print: it prints 4"
                              for c in COUNT_COLUMNS}
    assert found.problems[0].value == "four children were killed"
    assert not check_counts(frames([("count", "four children were killed")], 4, 4, 4)).problems


@pytest.mark.parametrize(("spans", "counts", "bad"), [
    ([("count", "3 women and 4 children")], (7, 7, 7), []),  # the sum of one span's numbers
    ([("count", "3 women"), ("count", "4 children")], (7, 7, 7), []),  # the sum over the spans
    ([("count", "3 women and 4 children")], (3, 4, 7), []),
    ([("count", "3 women and 4 children")], (6, 6, 6), list(COUNT_COLUMNS)),
    ([("count", "killing 5"), ("count_high", "up to a dozen, officials said")], (5, 5, 12), []),
    ([("count", "killing 5"), ("count_high", "up to a dozen, officials said")], (5, 12, 12), ["count_best"]),
    ([("count", "No one was injured")], (0, 0, 0), []),
    ([("count", "No one was injured")], (0, 1, 1), ["count_best", "count_high"]),
    ([("count", "the commander was killed")], (1, 1, 1), []),  # no number printed: nothing contradicts it
    ([("count", "killing 11 officers on 16 January")], (16, 16, 16), []),  # any number it prints
    ([("count", "two hundred and five bodies")], (250, 250, 250), list(COUNT_COLUMNS)),
    ([("date", "four days later"), ("count", "9 were killed")], (4, 4, 4), list(COUNT_COLUMNS)),  # not a count span
])
def test_counts_against_their_spans(spans, counts, bad):
    assert sorted(failing(check_counts(frames(spans, *counts)))) == sorted(bad)


def test_a_source_in_another_language_is_skipped():
    assert not check_counts(frames([("count", "quatre enfants"), ("count", "4 enfants")], 5, 5, 5, "fr")).problems
    assert check_counts(frames([("count", "4 children")], 5, 5, 5, "en")).problems


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 999), st.integers(0, 999), st.booleans())
def test_a_number_in_digits_or_words_supports_its_count_and_no_other(number, other, words):
    text = f"killing {in_words(number) if words else number} civilians, the ministry said"
    assert not check_counts(frames([("count", text)], number, number, number)).problems
    found = failing(check_counts(frames([("count", text)], other, other, other)))
    assert sorted(found) == ([] if other == number else sorted(COUNT_COLUMNS))
    if other != number:
        assert found["count_best"].endswith(f"it prints {number}")


def test_the_build_names_the_record_line_of_a_count_its_evidence_contradicts(tmp_path: Path, capsys):
    folder = tmp_path / "pkg"
    assert start(folder, tmp_path) == 0
    encode(folder / RECORDS)
    path = folder / RECORDS
    text = path.read_text(encoding="utf-8").replace("count_best: 3\n    count_high: 3",
                                                    "count_best: 5\n    count_high: 5", 1)
    path.write_text(text, encoding="utf-8")
    assert main(["build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert (f"{path}:{line_of(text, 'count_best: 5')}: casualties (porto-officers-killed) field count_best: "
            "rules.count-in-evidence: count_best is 5, a number its count evidence does not print: it prints 3") in err


def test_the_shipped_package_passes(root):
    report = validate_package(root, frictionless=False)
    assert not [p for p in report.problems if p.rule == RULE], report.to_text()
