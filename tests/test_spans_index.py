"""The validator's code-point → byte index of the source texts: every slice it gives equals Python's slice of
the decoded text with its line ends read as "\\n" (the offset rule of `dataset.schema.lineends`), for any
Unicode text (1- to 4-byte characters, CR and LF among them), any span, and texts split over several buffers."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dataset.schema.lineends import normalize_line_ends
from dataset.validation import spans_index
from dataset.validation.spans_index import TextIndex

_characters = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from("\r\n"))  # line ends often
texts = st.lists(st.text(alphabet=_characters, max_size=40), min_size=1, max_size=5)


@st.composite
def spans(draw) -> tuple[list[str], list[tuple[int, int, int]]]:
    chosen = draw(texts)
    picks = []
    for _ in range(draw(st.integers(1, 30))):
        i = draw(st.integers(0, len(chosen) - 1))
        length = len(normalize_line_ends(chosen[i]))
        start = draw(st.integers(0, length))
        picks.append((i, start, draw(st.integers(start, length))))
    return chosen, picks


def _slices(chosen: list[str], picks: list[tuple[int, int, int]]) -> list[str]:
    index = TextIndex({f"t{i}": t.encode("utf-8") for i, t in enumerate(chosen)})
    frame = index.frame
    assert frame["text_length"].to_list() == [len(normalize_line_ends(t)) for t in chosen]
    buffer = pl.Series([frame["buffer"][i] for i, _, _ in picks], dtype=pl.Int64)
    base = [frame["cp_base"][i] for i, _, _ in picks]
    start = pl.Series([b + s for b, (_, s, _) in zip(base, picks, strict=True)], dtype=pl.Int64)
    end = pl.Series([b + e for b, (_, _, e) in zip(base, picks, strict=True)], dtype=pl.Int64)
    return index.slices(buffer, start, end).to_list()


@settings(max_examples=200, deadline=None)
@given(spans())
def test_slices_equal_python_slices(case):
    chosen, picks = case
    assert _slices(chosen, picks) == [normalize_line_ends(chosen[i])[s:e] for i, s, e in picks]


@settings(max_examples=50, deadline=None)
@given(spans())
def test_texts_over_several_buffers(case):
    """Buffers of at most 50 bytes, so that most examples spread their texts over several buffers (a single
    text stays whole in one buffer, whatever its size)."""
    chosen, picks = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spans_index, "_VIEW_LIMIT", 50)
        index = TextIndex({f"t{i}": t.encode("utf-8") for i, t in enumerate(chosen)})
        several = len(index.buffers) > 1
        assert _slices(chosen, picks) == [normalize_line_ends(chosen[i])[s:e] for i, s, e in picks]
    assert several or len(chosen) == 1 or sum(len(t.encode()) for t in chosen) <= 50


def test_the_article_spans(root, rows, article):
    """The real evidence rows: the index gives each span's recorded text."""
    evidence = rows["evidence"]
    picks = [(0, r["start"], r["end"]) for r in evidence]
    assert _slices([article], picks) == [r["text"] for r in evidence]


def test_many_spans_in_random_order_give_their_slices_in_row_order(article):
    """The spans are resolved in offset order and put back in row order: 3,000 random spans of the article."""
    import random

    rng = random.Random(7)
    picks = [(0, s, rng.randint(s, len(article))) for s in (rng.randint(0, len(article)) for _ in range(3000))]
    assert _slices([article], picks) == [article[s:e] for _, s, e in picks]
