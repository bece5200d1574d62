"""The build is deterministic and the committed generated files are exactly what it produces: the checkout's
package files (`build`) and the toolkit's own files (`build --toolkit`)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from dataset.authoring.build import build_package, stale_files, toolkit_files


def generate(root):
    """Every generated file of the checkout: its package's and the toolkit's."""
    return {**build_package(root).files, **toolkit_files()}


def test_committed_generated_files_are_current(root):
    assert stale_files(root, generate(root)) == []


def test_two_builds_in_separate_processes_are_byte_identical(root):
    code = ("import hashlib, json, pathlib; from dataset.authoring.build import build_package, toolkit_files; "
            "files = {**build_package(pathlib.Path('.')).files, **toolkit_files()}; "
            "print(json.dumps({p: hashlib.sha256(b).hexdigest() for p, b in files.items()}))")
    runs = [subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert '"data/statements.parquet"' in runs[0]


@pytest.mark.parametrize("options", [[], ["--toolkit"]])
def test_build_check_command_reports_current(root, options):
    done = subprocess.run([sys.executable, "-m", "dataset", "build", "--check", *options], cwd=root,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"\b(\d+) of \1 generated files are current", done.stdout), done.stdout


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
