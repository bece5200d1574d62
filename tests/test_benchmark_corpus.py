"""The benchmark corpus generator writes a valid package of varied copies: a ~10k-row corpus passes every
validation layer, frictionless included; its copies' texts, names, numbers and dates differ; every quoted span
is its text's slice; it is deterministic; and its Parquet files do not compress better than real data. No
timing is asserted."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import (  # noqa: E402
    PARQUET_DESCRIPTOR,
    copies_for_rows,
    parquet_bytes_per_row,
    parquet_column_bytes_per_row,
    write_corpus,
)
from benchmarks.variation import Lexicon, make_params, map_numbers, number_range  # noqa: E402
from dataset.schema.tables import TABLES  # noqa: E402

pytest.importorskip("frictionless")
pytest.importorskip("pandera")

REAL_TEXT = ROOT / "data" / "sources" / "tehran-times-2024-01-pakistan-iran.txt"


def _real_rows() -> dict[str, int]:
    return {name: pq.read_metadata(ROOT / "data" / f"{name}.parquet").num_rows for name in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, dict[str, int]]:
    out = tmp_path_factory.mktemp("corpus")
    copies = copies_for_rows(10_000)
    return out, copies, write_corpus(out, copies)


def test_corpus_is_a_valid_package(corpus: tuple[Path, int, dict[str, int]]) -> None:
    from dataset.validation import validate_package

    out, _, rows = corpus
    report = validate_package(out, frictionless=True)
    assert report.valid, report.to_text()
    assert report.rows == rows


def test_row_counts_are_copies_of_the_real_package(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, copies, rows = corpus
    assert rows == {name: n * copies for name, n in _real_rows().items()}
    assert 9_000 <= sum(rows.values()) <= 11_000
    assert len(list((out / "data" / "sources").glob("corpus-*.txt"))) == copies


def test_ids_are_fresh_and_foreign_keys_follow(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, _, _ = corpus
    actors = pq.read_table(out / "data" / "actors.parquet", columns=["actor_id", "parent_actor_id"])
    ids = actors.column("actor_id").to_pylist()
    assert len(set(ids)) == len(ids)
    assert all(i.rsplit("-c", 1)[1].isdigit() for i in ids)
    parents = {p for p in actors.column("parent_actor_id").to_pylist() if p}
    assert parents <= set(ids)
    real = set(pq.read_table(ROOT / "data" / "actors.parquet", columns=["actor_id"]).column(0).to_pylist())
    stems = {i.rsplit("-c", 1)[0] for i in ids}
    assert len(stems) > 10 * len(real)  # the ids' words vary by copy too, not only the suffix


def test_texts_differ_from_each_other_and_from_the_real_one(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, copies, _ = corpus
    texts = [p.read_text(encoding="utf-8") for p in sorted((out / "data" / "sources").glob("corpus-*.txt"))]
    real = REAL_TEXT.read_text(encoding="utf-8")
    assert len(set(texts)) == copies
    assert real not in texts
    lines = [set(t.split("\n")) for t in texts]
    assert all(len(a & b) < len(a) // 2 for a, b in itertools.pairwise(lines))  # most lines differ


def test_every_span_is_its_text_slice(corpus: tuple[Path, int, dict[str, int]]) -> None:
    """The validator proves it for all rows; here a sample is checked directly, by code points."""
    out, _, _ = corpus
    evidence = pq.read_table(out / "data" / "evidence.parquet", columns=["source_id", "start", "end", "text"])
    sources = pq.read_table(out / "data" / "sources.parquet").to_pylist()
    by_id = {s["source_id"]: s for s in sources}
    rows = evidence.to_pylist()
    for row in rows[:: max(1, len(rows) // 200)]:
        source = by_id[row["source_id"]]
        text = (out / source["text_path"]).read_text(encoding="utf-8")
        assert text[row["start"]:row["end"]] == row["text"]
        assert source["text_start"] <= row["start"] < row["end"] <= source["text_end"]


def test_names_numbers_and_dates_vary_with_the_text(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, copies, _ = corpus
    actors = pq.read_table(out / "data" / "actors.parquet", columns=["name"]).column(0).to_pylist()
    assert len(set(actors)) > 10 * _real_rows()["actors"]
    casualties = pq.read_table(out / "data" / "casualties.parquet").to_pylist()
    for row in casualties:  # a count the victim description prints is the count of the row
        number = row["victim_description"].split()[0]
        if number.isdigit():
            assert row["count_low"] == row["count_best"] == row["count_high"] == int(number)
    assert len({r["count_best"] for r in casualties}) > 10
    statements = pq.read_table(out / "data" / "statements.parquet", columns=["date_start"]).column(0).to_pylist()
    assert len(set(statements)) > copies // 2


def test_deterministic_and_seeded(tmp_path: Path) -> None:
    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    write_corpus(tmp_path / "a", 3)
    write_corpus(tmp_path / "b", 3)
    write_corpus(tmp_path / "c", 3, seed=7)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    a, c = files(tmp_path / "a"), files(tmp_path / "c")
    assert a.keys() == c.keys()
    assert a["data/sources/corpus-000000.txt"] != c["data/sources/corpus-000000.txt"]


def test_parquet_does_not_compress_better_than_real_data(corpus: tuple[Path, int, dict[str, int]]) -> None:
    """Column data (the Parquet files less their footers) per row is within 3× of the shipped package's.
    The files' total bytes per row are not comparable: the shipped package's 166 rows carry six footers
    (schema with descriptions, statistics) of about 450 bytes per row, which 10k rows share out to ~8."""
    out, _, _ = corpus
    corpus_column, real_column = parquet_column_bytes_per_row(out), parquet_column_bytes_per_row(ROOT)
    assert real_column / 3 <= corpus_column <= real_column * 3, (corpus_column, real_column)
    assert parquet_bytes_per_row(out) > 50  # identical copies were ~30 at 10k rows, ~29 at 1M


def test_several_copies_per_text_file_shift_offsets(tmp_path: Path) -> None:
    """Copies sharing one text file have their offsets shifted by the text before them; still valid."""
    from dataset.validation import validate_package

    rows = write_corpus(tmp_path, 5, copies_per_text=2)
    assert len(list((tmp_path / "data" / "sources").glob("*.txt"))) == 3
    report = validate_package(tmp_path, frictionless=False)
    assert report.valid, report.to_text()
    assert sum(rows.values()) == 5 * sum(_real_rows().values())
    sources = pq.read_table(tmp_path / "data" / "sources.parquet").to_pylist()
    assert len({s["text_path"] for s in sources}) == 3
    assert max(s["text_start"] for s in sources) > len(REAL_TEXT.read_text(encoding="utf-8"))


def test_parquet_descriptor_names_the_parquet_files(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, _, _ = corpus
    descriptor = json.loads((out / PARQUET_DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource["path"] == f"data/{resource['name']}.parquet"
        assert resource["format"] == "parquet"
        assert "bytes" not in resource
        assert (out / resource["path"]).is_file()
        assert resource["schema"]["foreignKeys"]  # every table has at least one


def test_cli_prints_bytes_per_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.corpus import main

    assert main([str(tmp_path), "--copies", "2"]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line["parquet_bytes_per_row"] == round(parquet_bytes_per_row(tmp_path), 1)
    assert line["total_rows"] == 2 * sum(_real_rows().values())


_TEXT = st.text(alphabet=st.sampled_from("ab Cd Ef 19 7 2024-01-19 December Friday, -’é\n"), max_size=80)


@settings(max_examples=60, deadline=None)
@given(text=_TEXT, cuts=st.lists(st.integers(0, 80), max_size=8), seed=st.integers(0, 2**32 - 1))
def test_a_cut_text_renders_each_range_as_its_slice(text: str, cuts: list[int], seed: int) -> None:
    """However a text is cut, every range between cuts renders, in every copy, as the rendered text's slice at
    the offsets summed from the pieces' lengths (the rule every span, offset and verbatim value relies on)."""
    lexicon = Lexicon([text, "Ab Cd efgh Ijkl"], ["abcd-efgh"])
    cuts = sorted({c for c in cuts if c <= len(text)} | {0, len(text)})
    template, starts = lexicon.text_template(text, cuts)
    params = make_params(np.random.default_rng(seed), 4, lexicon, 1)
    rendered = lexicon.render(template, params).to_pylist()
    lengths = lexicon.lengths[lexicon.ids(template, params)]
    cum = np.concatenate([np.zeros((4, 1), dtype=np.int64), np.cumsum(lengths, axis=1)], axis=1)
    index = {int(s): q for q, s in enumerate(starts)}
    ranges = [(index[a], index[b]) for a, b in itertools.pairwise(cuts)]
    pieces = lexicon.render(template.select(ranges), params).to_pylist()
    for c in range(4):
        assert len(rendered[c]) == cum[c, -1]
        for k, (q0, q1) in enumerate(ranges):
            assert pieces[c * len(ranges) + k] == rendered[c][cum[c, q0]:cum[c, q1]]
        assert rendered[c].count("\n") == text.count("\n")  # fixed pieces stay


@settings(max_examples=40, deadline=None)
@given(digits=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_numbers_map_one_to_one_within_their_digit_count(digits: int, seed: int) -> None:
    low, count = number_range(digits)
    values = np.arange(low, low + count)
    params = make_params(np.random.default_rng(seed), 3, Lexicon([], []), 1)
    mapped = map_numbers(values, np.full(count, digits), params)
    for row in mapped:
        assert len(set(row.tolist())) == count
        assert all(len(str(v)) == digits for v in row.tolist())
