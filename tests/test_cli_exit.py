"""The command line's exit codes in real processes: Ctrl-C is exit 130 with one line, a closed pipe keeps the
result's code, an input of a shape no check foresaw is exit 2 with one line, and `export` refuses a package that
does not validate. No case may print a traceback. Every process has a timeout."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import dataset
from dataset.exit_codes import EXIT_INTERRUPTED
from dataset.exports import InvalidPackage

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the checkout, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402

TIMEOUT = 120
DATASET = [sys.executable, "-m", "dataset"]


def _run(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DATASET, *args], capture_output=True, text=True, timeout=TIMEOUT, **kwargs)


def _no_traceback(*outputs: str) -> bool:
    return all("Traceback" not in o for o in outputs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid package of 100 copies of the article (16,600 rows): `validate` takes several seconds on it,
    most of them in the frictionless layer."""
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out, 100)
    return out


# --- Ctrl-C -----------------------------------------------------------------------------------------------------

def _start(args: list[str]) -> subprocess.Popen:
    """The command as a terminal starts it in the foreground: SIGINT with its default disposition (a shell starts
    background jobs with SIGINT ignored, and a child would inherit that)."""
    return subprocess.Popen([*DATASET, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def _wait_for_library(process: subprocess.Popen, library: str) -> None:
    """Wait until the process has loaded `library`'s shared object: the command has started (`python -m dataset`
    loads no compiled library before `run_cli` runs the command)."""
    deadline = time.monotonic() + TIMEOUT
    maps = Path(f"/proc/{process.pid}/maps")
    while library not in maps.read_text(errors="replace"):
        assert process.poll() is None, "the command ended before it loaded " + library
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.fixture(scope="module")
def validate_seconds(corpus: Path) -> float:
    """How long `validate` of the corpus runs once polars is loaded, on this machine now."""
    process = _start(["validate", str(corpus)])
    _wait_for_library(process, "polars")
    started = time.monotonic()
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    return time.monotonic() - started


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see that the command started")
@pytest.mark.parametrize("share", [0.0, 0.3, 0.6], ids=["importing", "checking", "frictionless"])
def test_ctrl_c_during_validate_exits_130_with_one_line(corpus, validate_seconds, share):
    """SIGINT at a share of the run: in the imports, in the polars layers, in the frictionless layer (the
    last two thirds of the run). polars raises its own KeyboardInterrupt and passes the signal on as well."""
    process = _start(["validate", str(corpus)])
    try:
        _wait_for_library(process, "polars")
        time.sleep(share * validate_seconds)
        assert process.poll() is None, "validation ended before the interrupt: the corpus is too small"
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == EXIT_INTERRUPTED == 130
    assert err.splitlines() == ["interrupted"]
    assert _no_traceback(out, err)


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc to see that the command started")
def test_ctrl_c_during_export_writes_nothing(corpus, tmp_path):
    target = tmp_path / "gdelt.csv"
    process = _start(["export", "gdelt", str(corpus), "--out", str(target)])
    try:
        _wait_for_library(process, "polars")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert (process.returncode, err.splitlines(), out) == (130, ["interrupted"], "")
    assert not target.exists()


# --- closed pipes -------------------------------------------------------------------------------------------------

def _invalid_copy(folder: Path) -> Path:
    """A copy of the package with a duplicate `incident_id` and an `event_type` that is no ACLED type."""
    from corrupt import copy_package, edit_rows

    pkg = copy_package(folder)
    edit_rows(pkg, "incidents", lambda rs: [*rs, dict(rs[0])])
    edit_rows(pkg, "incidents", lambda rs: [{**r, "event_type": "Nonsense"} if i == 1 else r
                                            for i, r in enumerate(rs)])
    return pkg


@pytest.mark.parametrize(("args", "code"), [
    (["validate", "--json", "--no-frictionless"], 0),
    (["validate", "--no-frictionless"], 0),
    (["export", "acled"], 0),
    (["info"], 0),
    (["validate", "--json", "--no-frictionless", "INVALID"], 1),
])
def test_a_pipe_closed_before_the_output_keeps_the_exit_code(tmp_path, args, code):
    """The reader has gone before the command writes (EPIPE on the first write): the code stays the result's."""
    args = [str(_invalid_copy(tmp_path / "pkg")) if a == "INVALID" else a for a in args]
    process = subprocess.Popen([*DATASET, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=TIMEOUT) == code
    assert err == ""


def _into_head(args: list[str], count: int = 100) -> tuple[int, bytes, str]:
    """`python -m dataset ARGS | head -c COUNT`: (the command's exit code, what head printed, the command's
    standard error)."""
    command = subprocess.Popen([*DATASET, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.Popen(["head", "-c", str(count)], stdin=command.stdout, stdout=subprocess.PIPE)
    command.stdout.close()  # head holds the only reader
    shown, _ = head.communicate(timeout=TIMEOUT)
    err = command.stderr.read().decode("utf-8")
    return command.wait(timeout=TIMEOUT), shown, err


def test_validate_json_into_head_exits_0():
    code, shown, err = _into_head(["validate", "--json"])
    assert (code, len(shown), err) == (0, 100, "")
    assert shown.startswith(b'{\n  "valid": true')


def test_an_export_larger_than_the_pipe_into_head_exits_0(corpus):
    """Megabytes into `head -c 100`: the pipe closes while the command writes (EPIPE for certain)."""
    code, shown, err = _into_head(["export", "gdelt", str(corpus), "--format", "json"])
    assert (code, len(shown)) == (0, 100)
    assert shown.startswith(b"[\n{")
    assert err == "" and _no_traceback(err)


# --- inputs of a shape no check foresaw ----------------------------------------------------------------------------

def _hostile(folder: Path, kind: str) -> Path:
    from corrupt import copy_package, edit_descriptor

    if kind == "nested 100,000 levels":
        folder.mkdir()
        (folder / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        return folder
    pkg = copy_package(folder)
    if kind == "resource name is a list":
        edit_descriptor(pkg, lambda body: body["resources"][0].__setitem__("name", ["sources"]))
    else:
        edit_descriptor(pkg, lambda body: body.__setitem__("resources", {"sources": 1}))
    return pkg


@pytest.mark.parametrize("kind", ["nested 100,000 levels", "resource name is a list", "resources is an object"])
@pytest.mark.parametrize("command", [["validate", "PKG", "--no-frictionless"], ["validate", "PKG", "--json"],
                                     ["export", "acled", "PKG"], ["explore", "PKG", "--out", "page.html"]])
def test_a_descriptor_of_the_wrong_shape_exits_2_without_a_traceback(tmp_path, kind, command):
    """Whether a layer reports the bad value (its report, exit 2) or the last line of defence does (one line,
    exit 2), the code is "could not be read" and nothing is written."""
    pkg = _hostile(tmp_path / "pkg", kind)
    done = _run(*[str(pkg) if a == "PKG" else a for a in command], cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert _no_traceback(done.stdout, done.stderr)
    assert not (tmp_path / "page.html").exists()
    if command[0] == "validate":  # the report, on standard output, says why
        assert done.stderr == ""
        assert "UNREADABLE" in done.stdout or "--json" in command
    if "--json" in command:
        report = json.loads(done.stdout)
        assert (report["valid"], report["exit_code"]) == (False, 2) and report["problems"][0]["fatal"]


@pytest.mark.parametrize(("body", "kind"), [
    ("def f(): return f()\nrun_cli(f)", "RecursionError"),
    ("def f(): raise MemoryError('no more')\nrun_cli(f)", "MemoryError"),
    ("run_cli(lambda: {}['resources'])", "KeyError"),
    ("run_cli(lambda: len(1))", "TypeError"),
    ("run_cli(lambda: (1).name)", "AttributeError"),
])
def test_run_cli_turns_an_internal_error_into_one_line_and_exit_2(body, kind):
    done = subprocess.run([sys.executable, "-c", "from dataset.exit_codes import run_cli\n" + body],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: internal error while reading the input: {kind}: ")


@pytest.mark.parametrize(("body", "code", "err"), [
    ("def f(): raise KeyboardInterrupt\nrun_cli(f)", 130, ["interrupted"]),
    ("import sys\nrun_cli(lambda: sys.exit(3))", 3, []),
    ("run_cli(lambda: print('x' * 100_000) or 1)", 1, []),
])
def test_run_cli_exits_with_the_code_of_what_happened(body, code, err):
    done = subprocess.run([sys.executable, "-c", "from dataset.exit_codes import run_cli\n" + body],
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert (done.returncode, done.stderr.splitlines()) == (code, err)
    assert len(done.stdout) in (0, 100_001)


def test_hive_through_run_cli_exits_2_on_a_resource_that_is_not_an_object(tmp_path):
    """`python -m dataset.hive` will run inside run_cli; a non-object entry of `resources` is then exit 2."""
    from corrupt import copy_package, edit_descriptor

    pkg = copy_package(tmp_path / "pkg")
    edit_descriptor(pkg, lambda body: body["resources"].__setitem__(0, 1))
    code = ("import sys\nfrom dataset.exit_codes import run_cli\nfrom dataset.hive import main\n"
            "run_cli(lambda: main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, str(pkg), str(tmp_path / "out")], capture_output=True,
                          text=True, timeout=TIMEOUT)
    assert done.returncode == 2 and _no_traceback(done.stderr)
    assert len(done.stderr.splitlines()) == 1


# --- export refuses a package that does not validate -------------------------------------------------------------

def test_export_refuses_an_invalid_package_and_writes_nothing(tmp_path):
    pkg = _invalid_copy(tmp_path / "pkg")
    target = tmp_path / "acled.csv"
    done = _run("export", "acled", str(pkg), "--out", str(target))
    assert done.returncode == 1 and done.stdout == "" and _no_traceback(done.stderr)
    assert not target.exists()
    assert done.stderr.startswith(f"not exported: {pkg} does not validate\n")
    assert "table incidents row iran-strikes-jaish-ul-adl-in-balochistan column incident_id" in done.stderr
    assert "column event_type" in done.stderr and "[value: Nonsense]" in done.stderr
    assert "INVALID:" in done.stderr


def test_export_to_standard_output_refuses_an_invalid_package(tmp_path):
    done = _run("export", "gdelt", str(_invalid_copy(tmp_path / "pkg")), "--format", "json")
    assert (done.returncode, done.stdout) == (1, "") and "INVALID:" in done.stderr


def test_export_refuses_an_unreadable_package_with_exit_2(tmp_path):
    from corrupt import copy_package, parquet_file, redeclare

    pkg = copy_package(tmp_path / "pkg")
    parquet_file(pkg, "incidents").write_bytes(b"not a parquet file")
    redeclare(pkg, "incidents")
    target = tmp_path / "acled.parquet"
    done = _run("export", "acled", str(pkg), "--format", "parquet", "--out", str(target))
    assert done.returncode == 2 and _no_traceback(done.stderr) and "UNREADABLE:" in done.stderr
    assert not target.exists()


def test_the_python_api_refuses_an_invalid_package_at_root(tmp_path):
    pkg = _invalid_copy(tmp_path / "pkg")
    with pytest.raises(InvalidPackage) as refused:
        dataset.export("ucdp-ged", root=pkg)
    assert refused.value.report.exit_code == 1
    assert {(p.table, p.column) for p in refused.value.report.problems} >= {("incidents", "incident_id"),
                                                                              ("incidents", "event_type")}
    assert str(pkg) in str(refused.value)
