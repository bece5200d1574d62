"""docs/encoding-guide.md is tested by building it: every YAML snippet quoted from this package's records is
still in the records file, and the guide's complete example (its text, its `init` command and its records)
builds into a valid package with the row counts the guide states."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dataset.__main__ import main
from dataset.validation import validate_package

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "encoding-guide.md"
REAL_RECORDS = "data/records/tehran-times-2024-01-pakistan-iran.yaml"
BLOCK = re.compile(r"(?:<!-- (?P<marker>[^>]+) -->\n)?```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.S)


def blocks() -> list[tuple[str | None, str, str]]:
    """(marker, language, body) of every fenced block of the guide."""
    return [(m["marker"], m["lang"], m["body"]) for m in BLOCK.finditer(GUIDE.read_text(encoding="utf-8"))]


def example(marker: str) -> str:
    (body,) = [b for m, _, b in blocks() if m == f"example: {marker}"]
    return body


def test_every_yaml_block_is_checked():
    yaml_blocks = [(m, b) for m, lang, b in blocks() if lang == "yaml"]
    assert len(yaml_blocks) >= 10
    assert all(m in ("from this package's records", "example: records", "example: across lines")
               for m, _ in yaml_blocks)


@pytest.mark.parametrize("snippet", [b for m, _, b in blocks() if m == "from this package's records"])
def test_snippets_are_copied_from_the_real_records(root, snippet):
    real = (root / REAL_RECORDS).read_text(encoding="utf-8")
    assert "\n" + snippet + "\n" in real, snippet.splitlines()[0]


def test_the_complete_example_builds_and_validates_as_the_guide_says(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("border-crossing.txt").write_text(example("text") + "\n", encoding="utf-8")
    command = shlex.split(example("command"))
    assert command[:3] == ["python", "-m", "dataset"]
    assert main(command[3:]) == 0
    folder = Path(command[4])
    (records,) = (folder / "data" / "records").glob("*.yaml")
    records.write_text(example("records") + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", str(folder)]) == 0
    written = re.search(r"built (\d+) files", capsys.readouterr().out)
    assert written and f"then writes {written[1]} files" in GUIDE.read_text(encoding="utf-8")
    report = validate_package(folder)
    assert report.valid, report.to_text()
    rows = report.rows
    stated = (f"{rows['sources']} source, {rows['actors']} actors,\n{rows['statements']} statements, "
              f"{rows['incidents']} incident, {rows['casualties']} casualty figures and {rows['evidence']} "
              "evidence spans")
    assert stated in GUIDE.read_text(encoding="utf-8")
    (code,) = [b for _, lang, b in blocks() if lang == "python"]
    exec(compile(code, str(GUIDE), "exec"), {})  # the guide's loading example runs against the built folder
