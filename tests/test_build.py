"""The build is deterministic and the committed generated files are exactly what it produces."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dataset.build import generate, stale_files


def test_committed_generated_files_are_current(root):
    assert stale_files(root, generate(root)) == []


def test_two_builds_in_separate_processes_are_byte_identical(root):
    code = ("import hashlib, json, pathlib; from dataset.build import generate; "
            "print(json.dumps({p: hashlib.sha256(b).hexdigest() for p, b in generate(pathlib.Path('.')).items()}))")
    runs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert '"data/statements.parquet"' in runs[0]


def test_build_check_command_reports_current(root):
    done = subprocess.run([sys.executable, "-m", "dataset", "build", "--check"], cwd=root, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    count = len(generate(root))
    assert f"{count} of {count} generated files are current" in done.stdout


def test_build_check_detects_a_stale_file(root, tmp_path, monkeypatch):
    files = generate(root)
    edited = dict(files)
    edited["data/csv/actors.csv"] = files["data/csv/actors.csv"].replace(b"Analysts", b"Analysis", 1)
    (tmp_path / "data" / "csv").mkdir(parents=True)
    for path, data in edited.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    assert stale_files(tmp_path, files) == ["data/csv/actors.csv"]


@pytest.mark.parametrize("command", [["frictionless", "validate", "datapackage.json"]])
def test_official_frictionless_cli_accepts_the_package(root, command):
    frictionless = [sys.executable, "-m", "frictionless", *command[1:]]
    done = subprocess.run(frictionless, cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
    assert done.stdout.count("VALID") >= 6
