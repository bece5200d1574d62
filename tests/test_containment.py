"""The containment rule (`dataset.containment`): every path a package names stays in its folder, names a regular
file, and is opened without blocking; writers never write through a link; descriptors are bounded in size and
depth, and type confusion is reported with the JSON path of the bad value."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset import containment
from dataset.containment import (
    DEPTH_LIMIT,
    Folder,
    Refused,
    check_relative,
    load_descriptor,
    open_regular,
    output_path,
    read_bytes,
    read_existing,
    write_bytes,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A package folder and a folder outside it, with links in and out: `pkg/out` → outside, `pkg/in` →
    `pkg/data`, `pkg/data/secret` → outside/secret.txt, `pkg/data/alias.txt` → `pkg/data/a.txt`."""
    pkg, outside = tmp_path / "pkg", tmp_path / "outside"
    (pkg / "data").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("planted secret line\n")
    (pkg / "data" / "a.txt").write_text("inside\n")
    (pkg / "out").symlink_to(outside)
    (pkg / "in").symlink_to(pkg / "data")
    (pkg / "data" / "secret").symlink_to(outside / "secret.txt")
    (pkg / "data" / "alias.txt").symlink_to("a.txt")
    return pkg, outside


@pytest.mark.parametrize(("declared", "reason"), [
    (None, "not a string"), (["data/a.txt"], "not a string"), ("", "not a string"), (3, "not a string"),
    ("data/a\x00.txt", "NUL byte"), ("http://example.org/a.csv", "URL"), ("file:///etc/passwd", "URL"),
    ("//host/share/a.csv", "remote"), ("C:/data/a.csv", "URL"), ("data\\a.txt", "backslash"),
    ("/etc/passwd", "absolute"), ("../a.txt", "'..'"), ("data/../../a.txt", "'..'"), ("data//a.txt", "empty part"),
    ("data/", "empty part"),
])
def test_unusable_paths_are_refused_with_the_reason(declared: object, reason: str):
    with pytest.raises(Refused, match=reason if reason != "'..'" else r"'\.\.'"):
        check_relative(declared)


def test_links_staying_inside_are_followed_and_links_out_refused(tree: tuple[Path, Path]):
    pkg, _ = tree
    folder = Folder(pkg)
    assert folder.read_bytes("data/alias.txt", 100) == b"inside\n"
    assert folder.read_bytes("in/a.txt", 100) == b"inside\n"
    for declared in ("data/secret", "out/secret.txt"):
        with pytest.raises(Refused, match="outside the package through a symbolic link"):
            folder.read_bytes(declared, 100)


def test_anything_but_a_regular_file_is_refused(tree: tuple[Path, Path]):
    pkg, _ = tree
    with pytest.raises(Refused, match="a folder, not a regular file"):
        Folder(pkg).read_bytes("data", 100)
    with pytest.raises(Refused, match="a character device"):
        open_regular("/dev/null")
    with pytest.raises(FileNotFoundError):
        Folder(pkg).stat("data/missing.txt")


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    """Checked, and opened directly (as if swapped in after a check): neither waits for a writer. Run in a child
    process with a timeout, so that a regression fails instead of hanging the suite."""
    os.mkfifo(tmp_path / "fifo")
    script = textwrap.dedent(f"""
        from dataset.containment import Folder, Refused, open_regular
        for attempt in (lambda: Folder({str(tmp_path)!r}).stat("fifo"),
                        lambda: Folder({str(tmp_path)!r}).read_bytes("fifo", 10),
                        lambda: open_regular({str(tmp_path / "fifo")!r})):
            try:
                attempt()
            except Refused as err:
                print(err)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("it is a FIFO, not a regular file: refused") == 3


def test_reads_are_bounded(tree: tuple[Path, Path]):
    pkg, _ = tree
    assert read_bytes(pkg, "data/a.txt", 7) == b"inside\n"
    with pytest.raises(Refused, match="larger than the limit of 6 bytes"):
        read_bytes(pkg, "data/a.txt", 6)


SEGMENTS = st.sampled_from(["data", "a.txt", "in", "out", "secret", "secret.txt", "alias.txt", "..", ".", "",
                            "a:b", "x\\y", "\x00", "http:", "~", "pkg", "outside"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(SEGMENTS, min_size=1, max_size=6), lead=st.sampled_from(["", "/", "//", "./"]),
       noise=st.text(max_size=8))
def test_no_path_resolves_outside_the_folder(tree: tuple[Path, Path], parts: list[str], lead: str, noise: str):
    pkg, _ = tree
    folder = Folder(pkg)
    for declared in (lead + "/".join(parts), lead + "/".join(parts) + noise, noise):
        try:
            path = folder.resolve(declared)
        except Refused:
            continue
        real = os.path.realpath(path)
        assert real == os.path.realpath(pkg) or real.startswith(os.path.realpath(pkg) + os.sep), (declared, real)


# --- writing -------------------------------------------------------------------------------------------------

def test_writers_never_write_through_a_link(tree: tuple[Path, Path]):
    pkg, outside = tree
    (pkg / "datapackage.json").symlink_to(outside / "secret.txt")
    for relative in ("datapackage.json", "out/new.txt", "in/new.txt", "data/secret", "../x.txt"):
        with pytest.raises(Refused):
            write_bytes(pkg, relative, b"overwritten")
        with pytest.raises(Refused):
            read_existing(pkg, relative)
    assert (outside / "secret.txt").read_text() == "planted secret line\n"
    assert not (outside / "new.txt").exists() and not (pkg / "data" / "new.txt").exists()


def test_writes_replace_the_file_rather_than_write_into_it(tree: tuple[Path, Path]):
    """A hard link cannot be told from a file by its path; replacing the file leaves the other name intact."""
    pkg, outside = tree
    os.link(outside / "secret.txt", pkg / "data" / "hard.txt")
    write_bytes(pkg, "data/hard.txt", b"new\n")
    assert (pkg / "data" / "hard.txt").read_bytes() == b"new\n"
    assert (outside / "secret.txt").read_text() == "planted secret line\n"
    write_bytes(pkg, "data/deep/er/b.txt", b"b")
    assert read_existing(pkg, "data/deep/er/b.txt") == b"b" and read_existing(pkg, "data/none.txt") is None
    assert not [p for p in (pkg / "data").rglob("*.tmp")]


def test_an_existing_non_file_target_is_refused(tmp_path: Path):
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(Refused, match="FIFO"):
        output_path(tmp_path, "fifo")
    (tmp_path / "file").write_text("x")
    with pytest.raises(Refused, match="not a folder"):
        output_path(tmp_path, "file/below.txt")


# --- descriptors ---------------------------------------------------------------------------------------------

def _descriptor(tmp_path: Path, body: object) -> Path:
    path = tmp_path / "datapackage.json"
    path.write_text(body if isinstance(body, str) else json.dumps(body))
    return path


def _nested(depth: int) -> str:
    return '{"resources": [], "x": ' + "[" * depth + "]" * depth + "}"


def test_depth_is_limited_before_recursion_can_explode(tmp_path: Path):
    ok = load_descriptor(_descriptor(tmp_path, _nested(DEPTH_LIMIT - 1)))
    assert ok.body["resources"] == [] and ok.root == tmp_path
    for depth in (DEPTH_LIMIT, 900, 100_000):
        with pytest.raises(Refused, match=f"nested deeper than {DEPTH_LIMIT} levels"):
            load_descriptor(_descriptor(tmp_path, _nested(depth)))


def test_size_is_limited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(containment, "DESCRIPTOR_LIMIT", 100)
    with pytest.raises(Refused, match="larger than the limit of 100 bytes"):
        load_descriptor(_descriptor(tmp_path, {"resources": [], "pad": "x" * 200}))


@pytest.mark.parametrize(("body", "where"), [
    ([], "the top level is a list"),
    ({"resources": {"name": "actors"}}, "resources is an object, not a list"),
    ({"resources": [{"name": "a"}, {"name": "b"}, {"name": ["actors"]}]}, "resources[2].name is a list"),
    ({"resources": [{"name": "a"}, "actors"]}, "resources[1] is a string, not an object"),
    ({"resources": [{"name": "a", "parquet": "data/a.parquet"}]}, "resources[0].parquet is a string"),
    ({"resources": [{"name": "a", "parquet": {"layout": "hive", "parts": {}}}]}, "resources[0].parquet.parts is an"),
    ({"resources": [{"name": "a", "parquet": {"layout": "hive", "parts": [{}, 7]}}]},
     "resources[0].parquet.parts[1] is a number"),
])
def test_type_confusion_names_the_json_path(tmp_path: Path, body: object, where: str):
    with pytest.raises(Refused) as caught:
        load_descriptor(_descriptor(tmp_path, body))
    assert where in str(caught.value)


def test_the_descriptor_may_be_a_link_only_inside_its_folder(tmp_path: Path):
    (tmp_path / "real.json").write_text('{"resources": []}')
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "real.json").write_text('{"resources": []}')
    (tmp_path / "pkg" / "datapackage.json").symlink_to("real.json")
    assert load_descriptor(tmp_path / "pkg").body == {"resources": []}
    (tmp_path / "pkg" / "datapackage.json").unlink()
    (tmp_path / "pkg" / "datapackage.json").symlink_to(tmp_path / "real.json")
    with pytest.raises(Refused, match="leads outside its folder"):
        load_descriptor(tmp_path / "pkg")
    with pytest.raises(Refused, match="not a readable JSON"):
        load_descriptor(_descriptor(tmp_path, "\xff{"))
