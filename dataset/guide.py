"""`python -m dataset guide [TOPIC]`: the documents that teach the schema, read from the installed package.

A user with only the wheel has no `docs/` folder, so the wheel carries the encoding guide, the data dictionary, the
code lists, the export crosswalks and the references under `dataset/_docs/` (pyproject.toml's force-include, checked
by tests/test_wheel.py), and this module reads them from there. A source checkout has no `_docs`; it reads the same
files from its `docs/`. Nothing is fetched: the guide works offline.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dataset.exit_codes import EXIT_OK
from dataset.exports import LAYOUTS

TOPICS: dict[str, tuple[str, str]] = {
    "encoding": ("encoding-guide.md", "how to encode an article: init, the records file, each record kind, build"),
    "dictionary": ("data_dictionary.md", "every table and column: type, constraints and meaning"),
    "codes": ("codes.md", "every CAMEO, PLOVER and ACLED code the columns allow, with its source"),
    "references": ("references.md", "the public codebooks, papers and repositories the schema follows"),
    "security": ("SECURITY.md", "the threat model: what a stranger's package cannot make a command do; the limits"),
    "exports": ("exports/index.md", "the export layouts of other event datasets, and how rows become theirs"),
    **{f"exports/{name}": (f"exports/{name}.md", f"the {layout.title} crosswalk: every column, its source and rule")
       for name, layout in LAYOUTS.items()},
}
"""Each topic: its file under the documents folder and one line saying what it teaches."""


def docs_root() -> Path:
    """The documents folder: `_docs` inside the installed package, else the source checkout's `docs/`."""
    here = Path(__file__).resolve().parent
    for root in (here / "_docs", here.parent / "docs"):
        if (root / TOPICS["encoding"][0]).is_file():
            return root
    raise FileNotFoundError(f"no guide documents found in {here / '_docs'} or {here.parent / 'docs'}")


def topic_path(topic: str) -> Path:
    """The file of one topic (a key of `TOPICS`)."""
    return docs_root() / TOPICS[topic][0]


def listing() -> str:
    """The topics, one line each, and how to read one."""
    width = max(map(len, TOPICS))
    lines = [f"  {name:<{width}}  {what}" for name, (_, what) in TOPICS.items()]
    return "\n".join(["python -m dataset guide TOPIC  (--path: where its file is)", "topics:", *lines]) + "\n"


def guide(topic: str | None, path: bool) -> int:
    """Print one topic's document (or, with `path`, where it is), or the list of topics without one."""
    if topic is None:
        sys.stdout.write(f"{docs_root()}\n" if path else listing())
        return EXIT_OK
    file = topic_path(topic)
    sys.stdout.write(f"{file}\n" if path else file.read_text(encoding="utf-8"))
    return EXIT_OK
