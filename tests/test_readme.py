"""The README shows real rows, and its commands are the ones CI runs."""

from __future__ import annotations

import re

from dataset.schema.tables import TABLES


def _sample_tables(readme: str) -> dict[str, list[list[str]]]:
    samples = {}
    for name, body in re.findall(r"^### (\w+)\n\n((?:\|.*\n)+)", readme, flags=re.M):
        lines = [line.strip("|").split(" | ") for line in body.strip().splitlines()]
        samples[name] = [lines[0], *lines[2:]]
    return samples


def test_readme_sample_rows_are_rows_of_the_tables(root, rows):
    samples = _sample_tables((root / "README.md").read_text(encoding="utf-8"))
    assert set(samples) == set(TABLES)
    for name, (header, *shown) in samples.items():
        header = [h.strip() for h in header]
        assert header[0] == TABLES[name].primary_key and len(shown) >= 2
        by_key = {r[header[0]]: r for r in rows[name]}
        for cells in shown:
            row = by_key[cells[0].strip()]
            for column, cell in zip(header, cells, strict=True):
                cell = cell.strip().replace("\\|", "|")
                value = row[column]
                if cell == "∅":
                    assert value is None, (name, column)
                elif isinstance(value, list):
                    assert cell == (", ".join(value) if value else "[]"), (name, column)
                else:
                    assert str(value).startswith(cell.removesuffix("…")), (name, column, cell)


def test_ci_runs_the_readme_test_command(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = "python3 -m pip install -e '.[test]' && python3 -m pytest"
    assert command in readme
    assert command in (root / ".ci" / "run").read_text(encoding="utf-8")
