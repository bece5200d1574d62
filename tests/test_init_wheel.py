"""From a fresh virtual environment holding only the built wheel with its `validate` extra (what the README tells a
new user to install), outside this checkout: start a package for a short article with `init`, encode it,
`build`, `validate`, load it with `root=`, rebuild byte-identically; and build a copy of this package's own
records and text into the shipped tables."""

from __future__ import annotations

import hashlib
import json
import shutil
import venv
from pathlib import Path

import pytest
from conftest import run
from encoding_example import TEXT, encode

from dataset.schema.tables import TABLES

pytestmark = pytest.mark.wheel


@pytest.fixture(scope="module")
def validate_only(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv with the wheel and only its `validate` extra."""
    env_dir = tmp_path_factory.mktemp("venv-validate")
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    done = run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[validate]"], cwd=env_dir)
    assert done.returncode == 0, done.stderr
    return python


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_installed_wheel_inits_builds_validates_and_loads_a_users_package(validate_only, tmp_path):
    python = validate_only
    work = tmp_path / "work"
    work.mkdir()
    (work / "article.txt").write_text(TEXT, encoding="utf-8")
    done = run([str(python), "-m", "dataset", "init", "gazette", "--text", "article.txt", "--publisher",
                "Test Gazette", "--source-id", "gazette-border", "--published", "2024-03-05"], cwd=work)
    assert done.returncode == 0, done.stderr
    encode(work / "gazette/data/records/gazette-border.yaml")
    done = run([str(python), "-m", "dataset", "build", "gazette"], cwd=work)
    assert done.returncode == 0, done.stderr
    done = run([str(python), "-m", "dataset", "validate", "gazette", "--json"], cwd=work)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    report = json.loads(done.stdout)
    assert report["valid"] and report["rows"]["casualties"] == 2 and report["rows"]["evidence"] == 9
    script = ("import json, dataset; frame = dataset.load('casualties', root='gazette'); "
              "print(json.dumps({'counts': sorted(frame['count_best'].tolist()), "
              "'name': dataset.datapackage(root='gazette')['name'], 'file': dataset.__file__}))")
    done = run([str(python), "-c", script], cwd=work)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out == {"counts": [0, 3], "name": "gazette", "file": out["file"]} and "site-packages" in out["file"]
    before = digests(work / "gazette")
    done = run([str(python), "-m", "dataset", "build"], cwd=work / "gazette")  # no DIR: the current folder
    assert done.returncode == 0 and "0 changed" in done.stdout, done.stderr
    assert digests(work / "gazette") == before


def test_installed_wheel_builds_this_packages_records_into_the_shipped_tables(installed, root, tmp_path):
    python, _ = installed
    copy = tmp_path / "copy"
    for part in ("data/records", "data/sources"):
        shutil.copytree(root / part, copy / part)
    done = run([str(python), "-m", "dataset", "build", str(copy)], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in TABLES:
        for path in (f"data/{name}.parquet", f"data/csv/{name}.csv"):
            assert (copy / path).read_bytes() == (root / path).read_bytes(), path


def test_installed_build_errors_name_the_file_and_line(validate_only, tmp_path):
    python = validate_only
    (tmp_path / "article.txt").write_text(TEXT, encoding="utf-8")
    assert run([str(python), "-m", "dataset", "init", "pkg", "--text", "article.txt", "--publisher", "Test Gazette"],
               cwd=tmp_path).returncode == 0
    records = tmp_path / "pkg/data/records/article.yaml"
    records.write_text(records.read_text(encoding="utf-8").replace("publisher_actor_id: test-gazette",
                                                                   "publisher_actor_id: test-gazete"), encoding="utf-8")
    done = run([str(python), "-m", "dataset", "build", "pkg"], cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("pkg/data/records/article.yaml:13: sources[0] (source_id='article') field publisher_actor_id: no actor "
            "'test-gazete' in any records file; did you mean: test-gazette?") in done.stderr
