"""The pictures in docs/: the committed PNGs are exactly what `dataset.figures.render()` draws, byte for byte, in
any process."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from dataset import figures

HASHES = """
import hashlib, json
from dataset import figures
print(json.dumps({path: hashlib.sha256(png).hexdigest() for path, png in figures.render().items()}))
"""


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return figures.render()


def _pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        rgba = image.convert("RGBA")
        return rgba.size, rgba.tobytes()


def test_render_gives_both_pictures_as_png(rendered: dict[str, bytes]):
    assert sorted(rendered) == ["docs/actor_map.png", "docs/timeline.png"]
    for png in rendered.values():
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"Matplotlib" not in png  # no version string in the metadata


def test_committed_pictures_are_current(root: Path, rendered: dict[str, bytes]):
    stale = []
    for path, png in rendered.items():
        committed = (root / path).read_bytes() if (root / path).is_file() else b""
        if committed == png:
            continue
        if committed and _pixels(committed) == _pixels(png):
            why = "same pixels, different PNG encoding (another Pillow or zlib than the one that wrote the file)"
        else:
            why = "the picture changed"
        stale.append(f"{path}: {why}")
    assert not stale, "regenerate with `python -m dataset figures`:\n" + "\n".join(stale)


def test_render_is_byte_identical_across_processes(rendered: dict[str, bytes], tmp_path: Path):
    expected = {path: hashlib.sha256(png).hexdigest() for path, png in rendered.items()}
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLCONFIGDIR": str(tmp_path / seed)}
        done = subprocess.run([sys.executable, "-c", HASHES], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == expected


def test_user_style_does_not_leak_in(rendered: dict[str, bytes], tmp_path: Path):
    (tmp_path / "matplotlibrc").write_text("font.family: serif\nfont.size: 20\nlines.linewidth: 5\n"
                                          "savefig.dpi: 50\nsavefig.bbox: tight\ntext.hinting: none\n")
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", HASHES], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {path: hashlib.sha256(png).hexdigest() for path, png in rendered.items()}


def test_text_uses_the_dejavu_sans_shipped_with_matplotlib():
    import matplotlib
    from matplotlib import font_manager

    with figures._style():
        for weight in ("normal", "bold"):
            for style in ("normal", "italic"):
                found = font_manager.findfont(font_manager.FontProperties(weight=weight, style=style),
                                              fallback_to_default=False)
                assert Path(found).is_relative_to(Path(matplotlib.get_data_path())), found
                assert Path(found).name.startswith("DejaVuSans")


def test_figures_are_plain_figures_and_leave_the_backend_alone():
    import matplotlib
    from matplotlib.figure import Figure

    backend = matplotlib.rcParams._get_backend_or_none()  # type: ignore[attr-defined]
    assert isinstance(figures.timeline(), Figure)
    assert isinstance(figures.actor_map(), Figure)
    assert matplotlib.rcParams._get_backend_or_none() == backend  # type: ignore[attr-defined]


def test_importing_dataset_does_not_import_matplotlib(tmp_path: Path):
    script = "import sys, dataset, dataset.figures; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_date_and_label_helpers():
    import datetime as dt

    assert figures._day(dt.date(2023, 12, 15)) == "15 Dec"
    assert figures._date_words({"date_start": dt.date(2023, 12, 1), "date_end": dt.date(2023, 12, 31),
                                "date_precision": "month"}) == "Dec 2023"
    assert figures._date_words({"date_start": dt.date(2024, 1, 16), "date_end": dt.date(2024, 1, 31),
                                "date_precision": "range"}) == "16–31 Jan 2024"
    assert figures.cameo_words("041") == "phone call"
    assert figures.cameo_words("1384") == "Threaten conventional attack"
