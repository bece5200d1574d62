"""`init` makes ids from names by transliteration, asks for them where no transliteration is available offline,
strips a byte-order mark from the default title, and never lets a second article take the first one's files."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset
from dataset.__main__ import main
from dataset.authoring.slugs import NoId, ascii_id
from dataset.schema.fields import SLUG
from dataset.validation import validate_package


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def records(folder: Path, source_id: str) -> dict:
    return yaml.safe_load((folder / f"data/records/{source_id}.yaml").read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_default_title_has_no_byte_order_mark_and_the_package_validates(tmp_path):
    text = write(tmp_path / "bom.txt", "\ufeffMinister says the border will reopen\nThe body.\n")
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(text), "--publisher", "Test Gazette"]) == 0
    assert records(folder, "bom")["sources"][0]["title"] == "Minister says the border will reopen"
    assert yaml.safe_load((folder / "package.yaml").read_text(encoding="utf-8"))["title"] == (
        "Minister says the border will reopen")
    assert (folder / "data/sources/bom.txt").read_bytes() == text.read_bytes()  # the text is copied as it is
    assert main(["build", str(folder)]) == 0
    report = validate_package(folder, frictionless=False)
    assert report.valid, report.to_text()
    assert dataset.load("sources", root=folder)["title"].tolist() == ["Minister says the border will reopen"]


@pytest.mark.parametrize(("publisher", "title", "publisher_id", "source_id"), [
    ("Ēxample Gazette", "Ōsaka talks", "example-gazette", "osaka-talks"),
    ("Süddeutsche Zeitung", "Straße nach Łódź", "suddeutsche-zeitung", "strasse-nach-lodz"),
    ("Dagbladet Ørsted", "Þór’s æther: l’été", "dagbladet-orsted", "thor-s-aether-l-ete"),
    ("ＦＵＬＬ Width", "İstanbul ﬁles ٣", "full-width", "istanbul-files-3"),
])
def test_accented_and_latin_names_are_transliterated(tmp_path, publisher, title, publisher_id, source_id):
    text = write(tmp_path / "a.txt", "Headline\nBody.\n")
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(text), "--publisher", publisher, "--title", title]) == 0
    source = records(folder, source_id)["sources"][0]
    assert (source["source_id"], source["publisher_actor_id"], source["title"]) == (source_id, publisher_id, title)
    assert main(["build", str(folder)]) == 0


NON_LATIN = ["Газета", "روزنامه دنیای اقتصاد", "ڈان نیوز", "人民日报", "Dawn ڈان", "Azərbaycan"]


@pytest.mark.parametrize("name", NON_LATIN)
def test_a_name_without_offline_transliteration_asks_for_the_id_and_writes_nothing(tmp_path, capsys, name):
    text = write(tmp_path / "a.txt", "Headline\nBody.\n")
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(text), "--publisher", name]) == 2
    err = capsys.readouterr().err
    assert f"--publisher {name!r} has letters with no transliteration available offline" in err
    assert "give the id with --publisher-id" in err and "Traceback" not in err
    assert main(["init", str(folder), "--text", str(text), "--publisher", "P", "--title", name]) == 2
    err = capsys.readouterr().err
    assert f"--title {name!r} has letters with no transliteration" in err and "give the id with --source-id" in err
    assert main(["init", str(folder), "--text", str(write(tmp_path / f"{name}.txt", "x\n")), "--publisher", "P"]) == 2
    assert "the text file's name" in capsys.readouterr().err
    assert not folder.exists()
    assert main(["init", str(folder), "--text", str(text), "--publisher", name, "--title", name,
                 "--publisher-id", "the-paper", "--source-id", "the-piece"]) == 0
    source = records(folder, "the-piece")["sources"][0]
    assert (source["publisher"], source["publisher_actor_id"], source["title"]) == (name, "the-paper", name)


def test_two_non_latin_articles_in_one_folder_never_share_files(tmp_path, capsys):
    folder = tmp_path / "pkg"
    first = write(tmp_path / "one/article.txt", "Вести с границы\nПервый текст.\n")
    second = write(tmp_path / "two/article.txt", "Другая статья\nВторой текст.\n")
    common = ["--publisher", "Газета", "--publisher-id", "gazeta"]
    assert main(["init", str(folder), "--text", str(first), *common]) == 0  # the id from the file name: article
    before = snapshot(folder)
    for extra in ([], ["--force"], ["--source-id", "article"], ["--source-id", "article", "--force"]):
        assert main(["init", str(folder), "--text", str(second), *common, *extra]) == 2
        err = capsys.readouterr().err
        assert "data/sources/article.txt holds another article" in err and "use --force" not in err
        assert "give this article its own id with --source-id" in err
        assert ("the id made from the text file's name 'article.txt'" in err) == ("--source-id" not in extra)
    assert snapshot(folder) == before
    assert main(["init", str(folder), "--text", str(second), "--source-id", "drugaya", *common]) == 0
    assert records(folder, "drugaya")["actors"] == []  # the publisher is defined once, by the first article
    assert main(["build", str(folder)]) == 0
    assert sorted(dataset.load("sources", root=folder)["source_id"]) == ["article", "drugaya"]
    assert validate_package(folder, frictionless=False).valid


def test_starting_the_same_article_again_needs_force(tmp_path, capsys):
    folder = tmp_path / "pkg"
    text = write(tmp_path / "a.txt", "Headline\nBody.\n")
    assert main(["init", str(folder), "--text", str(text), "--publisher", "P"]) == 0
    assert main(["init", str(folder), "--text", str(text), "--publisher", "P"]) == 2
    assert "a.txt exists: not overwritten (use --force to replace it" in capsys.readouterr().err
    assert main(["init", str(folder), "--text", str(text), "--publisher", "P", "--force"]) == 0


def test_a_source_id_of_another_records_file_is_refused(tmp_path, capsys):
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(write(tmp_path / "a.txt", "A\n")), "--publisher", "P"]) == 0
    moved = folder / "data/records/a.yaml"
    moved.rename(folder / "data/records/renamed.yaml")
    assert main(["init", str(folder), "--text", str(write(tmp_path / "b.txt", "B\n")), "--publisher", "P",
                 "--source-id", "a"]) == 2
    assert "renamed.yaml already defines for another article" in capsys.readouterr().err


def test_a_publisher_id_held_by_another_actor_is_refused_unless_chosen(tmp_path, capsys):
    folder = tmp_path / "pkg"
    assert main(["init", str(folder), "--text", str(write(tmp_path / "a.txt", "A\n")), "--publisher",
                 "Ēxample Gazette"]) == 0
    b = write(tmp_path / "b.txt", "B\n")
    assert main(["init", str(folder), "--text", str(b), "--publisher", "Example gazette"]) == 2
    err = capsys.readouterr().err
    assert "would be the actor 'example-gazette', which" in err and "defines as 'Ēxample Gazette'" in err
    assert not (folder / "data/records/b.yaml").exists()
    assert main(["init", str(folder), "--text", str(b), "--publisher", "Example gazette", "--publisher-id",
                 "example-gazette"]) == 0
    assert records(folder, "b")["sources"][0]["publisher_actor_id"] == "example-gazette"
    assert main(["init", str(folder), "--text", str(b), "--publisher", "P", "--publisher-id", "Bad Id",
                 "--source-id", "c"]) == 2
    assert "--publisher-id 'Bad Id': must be a lowercase slug" in capsys.readouterr().err


ACCENTS = [chr(c) for c in range(0x300, 0x370)]  # the combining diacritical marks


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789 -"), st.lists(
    st.sampled_from(ACCENTS), max_size=2)), min_size=1, max_size=30))
def test_accents_never_change_the_id(letters):
    plain = "".join(ch for ch, _ in letters)
    accented = unicodedata.normalize("NFC", "".join(ch + "".join(marks) for ch, marks in letters))
    try:
        expected = ascii_id(plain)
    except NoId:
        with pytest.raises(NoId):
            ascii_id(accented)
        return
    assert ascii_id(accented) == expected and re.fullmatch(SLUG, expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_an_id_is_a_slug_or_refused_and_never_drops_a_letter(name):
    try:
        ident = ascii_id(name)
    except NoId:
        return
    assert re.fullmatch(SLUG, ident)
    letters = [ch for ch in unicodedata.normalize("NFKD", name.lower()) if unicodedata.category(ch)[0] in "LN"]
    assert len(ident.replace("-", "")) >= len(letters)  # each letter or digit gives one or more
