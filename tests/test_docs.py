"""Generated documentation (data dictionary, dataset card, Croissant) and the hand-written metadata files."""

from __future__ import annotations

import hashlib
import json
import re
import socket
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

import dataset
from dataset.authoring.metadata import CardText, read_metadata
from dataset.schema import docs
from dataset.schema.tables import TABLES

MLCROISSANT_WARNINGS_ALLOWED = ('Property "https://schema.org/datePublished" is recommended',)
"""The descriptor has no release date (the generated files carry no timestamps), so Croissant's recommended
`datePublished` is absent on purpose."""


@pytest.fixture(scope="module")
def descriptor(root: Path) -> dict[str, Any]:
    return json.loads((root / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def row_counts(root: Path) -> dict[str, int]:
    return {name: pq.read_metadata(root / "data" / f"{name}.parquet").num_rows for name in TABLES}


@pytest.fixture(scope="module")
def card(root: Path) -> CardText:
    return read_metadata(root, []).card


@pytest.fixture(scope="module")
def languages(root: Path) -> list[str]:
    return sorted(set(pq.read_table(root / "data" / "sources.parquet", columns=["language"])["language"].to_pylist()))


@pytest.fixture(scope="module")
def generated(descriptor: dict[str, Any], row_counts: dict[str, int], languages: list[str],
              card: CardText) -> dict[str, bytes]:
    return {
        docs.DICTIONARY_PATH: docs.data_dictionary(),
        docs.CARD_PATH: docs.dataset_card(descriptor, row_counts, languages, card),
        docs.CROISSANT_PATH: docs.croissant(descriptor, languages, card),
    }


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to open a network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access is disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("path", [docs.DICTIONARY_PATH, docs.CARD_PATH, docs.CROISSANT_PATH])
def test_committed_docs_are_what_the_generators_produce(root: Path, generated: dict[str, bytes], path: str) -> None:
    assert (root / path).read_bytes() == generated[path], f"{path} is stale: rebuild with `python -m dataset build`"


@pytest.mark.parametrize("path", [docs.DICTIONARY_PATH, docs.CARD_PATH, docs.CROISSANT_PATH])
def test_generated_docs_are_utf8_text_ending_in_one_newline(generated: dict[str, bytes], path: str) -> None:
    text = generated[path].decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_generators_are_deterministic(descriptor: dict[str, Any], row_counts: dict[str, int], languages: list[str],
                                      card: CardText, generated: dict[str, bytes]) -> None:
    shuffled = dict(reversed(list(row_counts.items())))
    assert docs.dataset_card(descriptor, shuffled, languages, card) == generated[docs.CARD_PATH]
    assert docs.data_dictionary() == generated[docs.DICTIONARY_PATH]
    assert docs.croissant(json.loads(json.dumps(descriptor)), languages, card) == generated[docs.CROISSANT_PATH]


def _sections(markdown: str) -> dict[str, str]:
    """Level-2 sections of a Markdown document, by heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_data_dictionary_names_every_table_and_column(generated: dict[str, bytes]) -> None:
    sections = _sections(generated[docs.DICTIONARY_PATH].decode("utf-8"))
    assert list(sections) == list(TABLES)
    for name, table in TABLES.items():
        rows = re.findall(r"^\| `([a-z0-9_]+)` \|", sections[name], flags=re.MULTILINE)
        assert rows == list(table.field_names), name
        assert f"Primary key: `{table.primary_key}`" in sections[name]
        for fk in table.foreign_keys:
            target = TABLES[str(fk.references)]
            assert f"`{fk.name}` → `{target.name}.{target.primary_key}`" in sections[name]


def test_data_dictionary_marks_verbatim_and_derived_columns(generated: dict[str, bytes]) -> None:
    sections = _sections(generated[docs.DICTIONARY_PATH].decode("utf-8"))
    for name, table in TABLES.items():
        lines = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z0-9_]+)` \|.*$", sections[name],
                                                             flags=re.MULTILINE)}
        for field in table.fields:
            assert ("verbatim from the article" in lines[field.name]) == field.verbatim, (name, field.name)
            assert ("computed by the build" in lines[field.name]) == field.derived, (name, field.name)


def _front_matter(card: str) -> dict[str, Any]:
    assert card.startswith("---\n")
    return yaml.safe_load(card.split("---\n", 2)[1])


def test_card_configs_list_every_table(generated: dict[str, bytes]) -> None:
    meta = _front_matter(generated[docs.CARD_PATH].decode("utf-8"))
    assert [c["config_name"] for c in meta["configs"]] == list(TABLES)
    for config in meta["configs"]:
        assert config["data_files"] == [{"split": "train", "path": f"data/{config['config_name']}.parquet"}]
    assert meta["license"] == "cc-by-4.0"
    assert meta["language"] == ["en"]
    assert meta["size_categories"] == ["n<1K"]
    assert meta["pretty_name"] and meta["tags"]


def test_card_row_counts_are_the_parquet_row_counts(generated: dict[str, bytes], row_counts: dict[str, int]) -> None:
    card = generated[docs.CARD_PATH].decode("utf-8")
    stated = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `([a-z_]+)` \| (\d+) \|", card, re.MULTILINE)}
    assert stated == row_counts
    assert f"{sum(row_counts.values())} rows in all" in card


def test_croissant_hashes_are_the_descriptor_parquet_hashes(root: Path, generated: dict[str, bytes],
                                                           descriptor: dict[str, Any]) -> None:
    doc = json.loads(generated[docs.CROISSANT_PATH])
    expected = {r["parquet"]["path"]: r["parquet"]["hash"].removeprefix("sha256:") for r in descriptor["resources"]}
    files = {f["contentUrl"]: f["sha256"] for f in doc["distribution"]}
    assert files == expected
    assert set(files) == {f"data/{name}.parquet" for name in TABLES}
    for path, digest in files.items():
        assert hashlib.sha256((root / path).read_bytes()).hexdigest() == digest, path
    assert {f["encodingFormat"] for f in doc["distribution"]} == {"application/x-parquet"}


def test_croissant_record_sets_mirror_the_tables(generated: dict[str, bytes], descriptor: dict[str, Any]) -> None:
    doc = json.loads(generated[docs.CROISSANT_PATH])
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert doc["version"] == descriptor["version"] == dataset.__version__
    record_sets = {rs["@id"]: rs for rs in doc["recordSet"]}
    assert list(record_sets) == list(TABLES)
    for name, table in TABLES.items():
        fields = {f["name"]: f for f in record_sets[name]["field"]}
        assert list(fields) == list(table.field_names), name
        assert record_sets[name]["key"] == {"@id": f"{name}/{table.primary_key}"}
        for field in table.fields:
            out = fields[field.name]
            assert out["dataType"] == docs.CROISSANT_TYPES[field.type]
            assert out.get("repeated", False) == (field.type == "list")
            assert out["source"] == {"fileObject": {"@id": f"{name}.parquet"}, "extract": {"column": field.name}}
            if field.references and field.references != name:
                target = TABLES[field.references]
                assert out["references"] == {"field": {"@id": f"{target.name}/{target.primary_key}"}}
            else:
                assert "references" not in out


def _mlcroissant() -> Any:
    try:
        import mlcroissant
    except ImportError:
        pytest.skip("mlcroissant is not installed (pip install mlcroissant); the Croissant file is not checked")
    return mlcroissant


@pytest.mark.usefixtures("no_network")
def test_mlcroissant_validates_the_croissant_file_offline(root: Path) -> None:
    mlc = _mlcroissant()
    metadata = mlc.Dataset(jsonld=str(root / docs.CROISSANT_PATH)).metadata  # raises ValidationError on errors
    assert not metadata.ctx.issues.errors
    unexpected = [w for w in metadata.ctx.issues.warnings if not any(a in w for a in MLCROISSANT_WARNINGS_ALLOWED)]
    assert unexpected == []


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("name", list(TABLES))
def test_mlcroissant_reads_every_record_set_offline(root: Path, name: str, row_counts: dict[str, int]) -> None:
    mlc = _mlcroissant()
    # contentUrl is relative to the package root, while mlcroissant resolves relative paths against the
    # folder of the JSON-LD file (docs/): map each FileObject to its file. A fresh Dataset per record set,
    # because mlcroissant 1.1.1 fails when one Dataset object generates several record sets.
    mapping = {f"{table}.parquet": str(root / "data" / f"{table}.parquet") for table in TABLES}
    records = list(mlc.Dataset(jsonld=str(root / docs.CROISSANT_PATH), mapping=mapping).records(name))
    assert len(records) == row_counts[name]
    key = TABLES[name].primary_key
    read = sorted(r[f"{name}/{key}"].decode("utf-8") for r in records)
    assert read == sorted(pq.read_table(root / "data" / f"{name}.parquet", columns=[key])[key].to_pylist())


def test_citation_version_is_the_package_and_descriptor_version(root: Path, descriptor: dict[str, Any]) -> None:
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == dataset.__version__ == descriptor["version"]


def test_citation_metadata(root: Path, descriptor: dict[str, Any]) -> None:
    citation = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert citation["title"] == descriptor["title"]
    assert citation["license"] == descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert citation["authors"] == [{"name": "pakistan-iran-ties-2024 contributors"}]
    urls = {s["path"] for s in descriptor["sources"] if s.get("path")}
    articles = [r for r in citation["references"] if r["type"] == "newspaper-article"]
    assert urls and urls <= {r.get("url") for r in articles}


def test_changelog_has_an_entry_for_the_current_version(root: Path) -> None:
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = re.search(rf"^## \[{re.escape(dataset.__version__)}\].*?(?=^## |\Z)", changelog, re.MULTILINE | re.DOTALL)
    assert entry, f"CHANGELOG.md has no entry for {dataset.__version__}"
    for heading in ("### Schema", "### Data", "### Code", "### Docs"):
        assert heading in entry.group(0)


def test_datasheet_row_counts_are_the_parquet_row_counts(root: Path, row_counts: dict[str, int]) -> None:
    datasheet = (root / "DATASHEET.md").read_text(encoding="utf-8")
    stated = {m.group(1): int(m.group(2))
              for m in re.finditer(r"^\| `([a-z_]+)` \| (\d+) \|", datasheet, re.MULTILINE)}
    assert stated == row_counts
    assert f"{sum(row_counts.values())} rows in all" in datasheet
