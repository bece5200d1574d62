"""`python -m dataset guide` from the checkout: every topic prints its document, `--path` says where it is, the list
names every topic, the wheel is told to ship every topic's file, and `init`'s template points at the guide rather
than at a file a wheel user does not have. tests/test_wheel.py runs the same command from the installed wheel."""

from __future__ import annotations

from pathlib import Path

import pytest

from dataset import exports, guide
from dataset.__main__ import main

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("topic", list(guide.TOPICS))
def test_every_topic_prints_its_document_and_its_path(topic, capsys):
    assert main(["guide", topic]) == 0
    text = capsys.readouterr().out
    assert text == (DOCS / guide.TOPICS[topic][0]).read_text(encoding="utf-8")
    assert text.startswith(("#", "<!--"))
    assert main(["guide", topic, "--path"]) == 0
    assert Path(capsys.readouterr().out.strip()) == DOCS / guide.TOPICS[topic][0]


def test_the_topics_are_the_documents_and_every_export_layout():
    assert {"encoding", "dictionary", "codes", "exports", "references"} <= set(guide.TOPICS)
    assert {t for t in guide.TOPICS if t.startswith("exports/")} == {f"exports/{n}" for n in exports.LAYOUTS}
    shipped = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert {file for file, _ in guide.TOPICS.values()} <= shipped


def test_without_a_topic_the_list_has_one_line_per_topic(capsys):
    assert main(["guide"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.startswith("  ")]
    assert listed == list(guide.TOPICS)
    assert main(["guide", "--path"]) == 0
    assert Path(capsys.readouterr().out.strip()) == DOCS


def test_an_unknown_topic_is_misuse_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["guide", "encodings"])
    assert stop.value.code == 2
    assert "invalid choice: 'encodings'" in capsys.readouterr().err


def test_the_wheel_ships_every_topics_file():
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((DOCS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    shipped = set()
    for source, target in included.items():
        if target.startswith("dataset/_docs/"):
            inside = target.removeprefix("dataset/_docs/")
            assert source == f"docs/{inside}"  # the same layout as docs/, so the topics' relative names hold
            found = DOCS / inside
            shipped |= {inside} if found.is_file() else {f"{inside}/{p.name}" for p in found.glob("*.md")}
    assert {file for file, _ in guide.TOPICS.values()} <= shipped


def test_inits_template_points_at_the_guide_command(tmp_path):
    text = tmp_path / "article.txt"
    text.write_text("A headline\nA body that says something.\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "pkg"), "--text", str(text), "--publisher", "Test Gazette"]) == 0
    (records,) = (tmp_path / "pkg" / "data" / "records").glob("*.yaml")
    head = records.read_text(encoding="utf-8")[:400]
    assert "`python -m dataset guide encoding`" in head and "docs/encoding-guide.md" not in head
