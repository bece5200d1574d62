"""A package made by `init` for someone else's article is described by its own metadata and data only: its
descriptor, dataset card, Croissant file and explorer page carry none of this checkout's article (the schema's
descriptions are true of every package), and its `package.yaml` reaches every one of them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from dataset.__main__ import main
from dataset.authoring.build import build_package, stale_files
from dataset.explore import EXPLORER_PATH
from dataset.schema import docs

TEXT = (
    "Le ministre annonce la réouverture du pont\n"
    "LYON - La ministre Claire Martin a déclaré lundi que le pont rouvrira la semaine prochaine.\n"
)
"""A short fictional article, written for this test."""

TITLE = "Le ministre annonce la réouverture du pont"
RECORDS = "data/records/pont-de-lyon.yaml"
ACTOR = """
  - actor_id: claire-martin
    name: Claire Martin
    aliases: [Claire Martin]
    actor_type: person
    country_iso3: FRA
    role_text: ministre
    evidence:
      - {line: 2, quote: "ministre Claire Martin", field: name}
"""

ARTICLE_WORDS = ("Tehran Times", "Tehran", "Pakistan", "Islamabad", "Iran", "Zionist", "Baloch", "Jaish",
                 "January 2024", "restore ties", "fully restore", "regional peace", "two pieces")
"""This checkout's article: its publisher, places, parties, month and phrases of its two titles."""
TOOLKIT_NAME = "pakistan-iran-ties-2024"
"""The distribution that provides the schema and the commands: a package may name its toolkit."""
PACKAGE_DOCUMENTS = ("datapackage.json", docs.CARD_PATH, docs.CROISSANT_PATH, EXPLORER_PATH)


def article_words_in(text: str) -> list[str]:
    """The words of this checkout's article found in `text` (any case), the toolkit's name aside."""
    text = text.replace(TOOLKIT_NAME, "")
    return [w for w in ARTICLE_WORDS if re.search(re.escape(w), text, re.IGNORECASE)]


@pytest.fixture(scope="module")
def le_monde(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package started by `init` for a French article of Le Monde, with one actor encoded, and built."""
    tmp = tmp_path_factory.mktemp("generic")
    text = tmp / "article.txt"
    text.write_text(TEXT, encoding="utf-8")
    folder = tmp / "le-pont"
    assert main(["init", str(folder), "--text", str(text), "--publisher", "Le Monde", "--title", TITLE,
                 "--source-id", "pont-de-lyon", "--language", "fr", "--published", "2025-06-02"]) == 0
    records = folder / RECORDS
    start = records.read_text(encoding="utf-8")
    assert "\n\nstatements: []\n" in start, "init's records file changed shape"
    records.write_text(start.replace("\n\nstatements: []\n", ACTOR + "\nstatements: []\n", 1), encoding="utf-8")
    assert main(["build", str(folder)]) == 0
    return folder


def test_the_article_words_are_found_where_they_are():
    """The check itself can fail: it finds the words in this checkout's own card and ignores the toolkit name."""
    assert article_words_in("encodes one Tehran Times article") == ["Tehran Times", "Tehran"]
    assert article_words_in("pip install pakistan-iran-ties-2024") == []
    assert article_words_in("Pakistan–Iran") == ["Pakistan", "Iran"]


@pytest.mark.parametrize("path", PACKAGE_DOCUMENTS)
def test_a_new_package_carries_none_of_this_article(le_monde: Path, path: str):
    assert article_words_in((le_monde / path).read_text(encoding="utf-8")) == []


def test_the_schema_documents_carry_none_of_this_article():
    assert article_words_in(docs.data_dictionary().decode("utf-8")) == []


def test_this_checkout_still_says_what_its_article_is(root: Path):
    """The sentences moved out of the schema live in the checkout's package.yaml and still reach its files."""
    card = (root / docs.CARD_PATH).read_text(encoding="utf-8")
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert "Tehran Times" in package["title"] and "Tehran Times" in package["resources"][0]["description"]
    assert "## Limitations" in card and "encodes one Tehran Times article (two pieces)" in card


@pytest.mark.parametrize("path", PACKAGE_DOCUMENTS)
def test_a_new_package_carries_its_own_title(le_monde: Path, path: str):
    assert TITLE in (le_monde / path).read_text(encoding="utf-8")


def test_a_new_package_names_its_publisher_and_language(le_monde: Path):
    package = json.loads((le_monde / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "le-pont" and package["sources"][0]["publisher"] == "Le Monde"
    card = (le_monde / docs.CARD_PATH).read_text(encoding="utf-8")
    front = card.split("---")[1]
    assert "language:\n- fr\n" in front and "license: unknown" in front
    assert "(Le Monde)" in card and "Le Monde, “" + TITLE in card
    assert "## Limitations" not in card  # none written: none invented
    croissant = json.loads((le_monde / docs.CROISSANT_PATH).read_text(encoding="utf-8"))
    assert croissant["inLanguage"] == "fr" and "license" not in croissant and "url" not in croissant
    assert croissant["isBasedOn"][0]["publisher"]["name"] == "Le Monde"


def test_package_yaml_reaches_the_descriptor_card_and_croissant(le_monde: Path, tmp_path: Path):
    folder = shutil.copytree(le_monde, tmp_path / "le-pont")
    (folder / "package.yaml").write_text(
        "name: ponts\ntitle: Les ponts de Lyon\nversion: 2.0.0\nhomepage: 'https://example.org/ponts'\n"
        "licenses:\n  - {name: CC0-1.0, path: 'https://creativecommons.org/publicdomain/zero/1.0/'}\n"
        "tables:\n  sources: Une seule dépêche.\n"
        "card:\n  limitations: [Un seul article.]\n  citation_note: un article du Monde\n", encoding="utf-8")
    built = build_package(folder)
    sources = next(r for r in built.descriptor["resources"] if r["name"] == "sources")
    assert sources["description"].endswith(" Une seule dépêche.")
    card = built.files[docs.CARD_PATH].decode("utf-8")
    assert "license: cc0-1.0" in card and "- Un seul article." in card
    assert "note = {Data licence CC0-1.0; un article du Monde}" in card
    assert "\\url{https://example.org/ponts}" in card
    croissant = json.loads(built.files[docs.CROISSANT_PATH])
    assert croissant["url"] == "https://example.org/ponts" and croissant["recordSet"][0]["description"].endswith(
        " Une seule dépêche.")


def test_an_unknown_table_in_package_yaml_names_its_line(le_monde: Path, tmp_path: Path, capsys):
    folder = shutil.copytree(le_monde, tmp_path / "copy")
    (folder / "package.yaml").write_text("name: ponts\ntitle: T\ntables:\n  bridges: x\n", encoding="utf-8")
    assert main(["build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "package.yaml:3: field tables: Value error, no table called 'bridges'" in err


def test_this_checkouts_package_built_elsewhere_is_the_checkouts_files(root: Path, tmp_path: Path):
    """One build path: the checkout's records, texts and package.yaml copied to any folder build into exactly the
    checkout's committed package files (tables, CSV twins, descriptor, schemas, card, Croissant, explorer)."""
    copy = tmp_path / "elsewhere"
    for part in ("data/records", "data/sources"):
        shutil.copytree(root / part, copy / part)
    shutil.copy(root / "package.yaml", copy / "package.yaml")
    files = build_package(copy).files
    assert {"datapackage.json", docs.CARD_PATH, docs.CROISSANT_PATH, EXPLORER_PATH} <= set(files)
    assert stale_files(root, files) == []


def test_a_new_package_rebuilds_byte_identically(le_monde: Path):
    assert stale_files(le_monde, build_package(le_monde).files) == []


def test_build_toolkit_and_dir_are_exclusive(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "somewhere", "--toolkit"])
    assert stopped.value.code == 2 and "give DIR or --toolkit, not both" in capsys.readouterr().err
