"""examples/quickstart.ipynb runs, top to bottom without an error, against the installed wheel: executed with nbclient
by a kernel of the fresh virtual environment, from a directory outside the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import run

pytestmark = pytest.mark.wheel

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "quickstart.ipynb"

RUNNER = """
import json, sys
import nbclient, nbformat

notebook, workdir = sys.argv[1], sys.argv[2]
nb = nbformat.read(notebook, as_version=4)
client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": workdir}})
client.execute()  # raises CellExecutionError on the first cell that fails
outputs = [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]
print(json.dumps({
    "errors": [output.get("ename") for output in outputs if output.output_type == "error"],
    "stdout": "".join(output.get("text", "") for output in outputs
                      if output.output_type == "stream" and output.get("name") == "stdout"),
    "images": sum("image/png" in output.get("data", {}) for output in outputs),
}))
"""


def test_notebook_is_stored_clean():
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


def test_notebook_runs_against_the_installed_wheel(installed, tmp_path: Path):
    python, elsewhere = installed
    venv = python.parent.parent
    kernel_cwd = tmp_path / "kernel-cwd"
    kernel_cwd.mkdir()
    # Everything Jupyter, IPython and matplotlib write goes to the temporary directory, and only the venv's own
    # python3 kernelspec (share/jupyter/kernels in the venv, installed with ipykernel) can be found.
    env = {key: value for key, value in os.environ.items() if key not in ("JUPYTER_PATH", "PYTHONPATH")}
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"), JUPYTER_PREFER_ENV_PATH="1",
               IPYTHONDIR=str(tmp_path / "ipython"), MPLCONFIGDIR=str(tmp_path / "matplotlib"))
    done = run([str(python), "-c", RUNNER, str(NOTEBOOK), str(kernel_cwd)], cwd=elsewhere, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["errors"] == []
    # The kernel imported the wheel installed in the venv, not the checkout.
    line = next(line for line in out["stdout"].splitlines() if line.startswith("dataset "))
    location = line.split(" from ", 1)[1]
    assert str(venv) in location and "site-packages" in location, line
    assert out["images"] >= 1  # the timeline was drawn
    assert list(kernel_cwd.iterdir()) == []  # the notebook wrote no files
