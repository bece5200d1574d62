"""The benchmark corpus generator writes a valid package: a ~10k-row corpus passes every validation layer,
frictionless included, so the generator the benchmarks rely on stays correct. No timing is asserted."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import PARQUET_DESCRIPTOR, copies_for_rows, write_corpus  # noqa: E402
from dataset.tables import TABLES  # noqa: E402

pytest.importorskip("frictionless")
pytest.importorskip("pandera")


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


def test_several_copies_per_text_file_shift_offsets(tmp_path: Path) -> None:
    """Copies sharing one text file have their offsets shifted by the text before them; still valid."""
    from dataset.validation import validate_package

    rows = write_corpus(tmp_path, 5, copies_per_text=2)
    assert len(list((tmp_path / "data" / "sources").glob("*.txt"))) == 3
    report = validate_package(tmp_path, frictionless=False)
    assert report.valid, report.to_text()
    assert sum(rows.values()) == 5 * sum(_real_rows().values())


def test_parquet_descriptor_names_the_parquet_files(corpus: tuple[Path, int, dict[str, int]]) -> None:
    out, _, _ = corpus
    descriptor = json.loads((out / PARQUET_DESCRIPTOR).read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert resource["path"] == f"data/{resource['name']}.parquet"
        assert resource["format"] == "parquet"
        assert "bytes" not in resource
        assert (out / resource["path"]).is_file()
        assert resource["schema"]["foreignKeys"]  # every table has at least one
