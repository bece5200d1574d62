"""`python -m dataset init DIR --text ARTICLE.txt --publisher NAME`: start a package folder for one's own article.

It copies the text under `data/sources/`, records its sha256 in a new records file `data/records/<id>.yaml`
with the source and its publisher (an actor: `sources.publisher_actor_id` must reference one), a commented
skeleton of every record kind (generated from the table definitions) and the text's numbered lines as
comments, so that an encoder quotes a line and its exact characters. A `package.yaml` (the package's name,
title and licences) and a `README.md` stub are written when the folder has none, so the same command adds a
second article to a package. Nothing is overwritten without `force`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dataset.fields import SLUG, Field
from dataset.lineends import normalize_line_ends
from dataset.metadata import METADATA_FILE, slug
from dataset.tables import RECORD_TABLES, TABLES


class InitError(ValueError):
    """The article cannot be started: a file exists, the text is unreadable, or an option is malformed."""


@dataclass(frozen=True)
class Article:
    """What the person said about the article on the command line."""

    text: Path
    publisher: str
    source_id: str | None = None
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    language: str = "en"


def _q(value: object) -> str:
    """A YAML scalar (JSON is YAML): strings quoted, so that 'null', '050' or '2024' stay strings."""
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, dt.date) else value.isoformat()


def _field_comment(field: Field) -> str:
    need = "required" if field.required else "optional"
    choice = f"; one of: {', '.join(field.enum)}" if field.enum else ""
    return f"{need}, {field.type}{choice}. {field.description}"


def skeleton(table_name: str) -> list[str]:
    """A commented template of one record kind: every column a person writes, with what it takes."""
    table = TABLES[table_name]
    place = "below the publisher" if table_name == "actors" else f"under `{table_name}:`, replacing its `[]`"
    lines = [f"# {table_name}: {table.row}",
             f"# Copy the block below (without '# ') {place}; an optional field may be left out."]
    for n, field in enumerate(f for f in table.fields if not f.derived):
        lead = "- " if n == 0 else "  "
        lines.append(f"# {lead}{field.name}:    # {_field_comment(field)}")
    lines += ["#   evidence:    # the spans of the text that support the record: line, exact quote, field",
              "#     - {line: 1, quote: \"exact characters of line 1\", field: name}"]
    return lines


def text_lines(text: str) -> list[str]:
    """The lines of a text as evidence `line:` counts them (a final newline ends the last line; CRLF and CR end
    lines too, by the offset rule of `dataset.lineends`)."""
    return normalize_line_ends(text).removesuffix("\n").split("\n")


def numbered_lines(text: str) -> list[str]:
    """The text's lines as comments, numbered."""
    lines = text_lines(text)
    width = len(str(len(lines)))
    return [f"# {n:>{width}} | {line}".rstrip() for n, line in enumerate(lines, start=1)]


def _existing_actor_ids(records_dir: Path, own: Path) -> set[str]:
    """Actor ids already defined in the package's other records files (the publisher is defined once)."""
    ids: set[str] = set()
    for path in records_dir.glob("*.yaml"):
        if path == own:
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # `build` reports that file's problems
        actors = data.get("actors") if isinstance(data, dict) else None
        ids |= {a["actor_id"] for a in actors or [] if isinstance(a, dict) and isinstance(a.get("actor_id"), str)}
    return ids


def first_line(text: str) -> str | None:
    """The first non-blank line of a text: the headline, usually (the records file says to check it)."""
    return next((line.strip() for line in text.split("\n") if line.strip()), None)


def records_file(article: Article, source_id: str, text_path: str, text: str, sha256: str,
                 publisher_defined: bool) -> str:
    """The new records file: file-level text fields, the source, the publisher and the skeletons."""
    title = article.title or first_line(text) or source_id
    publisher_id = slug(article.publisher)
    out = [
        f"# Records of {text_path}: started by `python -m dataset init`. Encode one record kind at a time",
        "# (see docs/encoding-guide.md of pakistan-iran-ties-2024), then run `python -m dataset build` and",
        "# `python -m dataset validate` in the package folder. The text's numbered lines are at the end of this file.",
        "",
        f"text_path: {text_path}",
        f"text_sha256: {sha256}",
        "",
        "sources:",
        f"  - source_id: {source_id}",
        f"    lines: [1, {len(text_lines(text))}]  # first and last line of the piece (split it if the text has more)",
        f"    title: {_q(title)}" + ("" if article.title else "    # taken from the first line of the text: check it"),
        f"    publisher: {_q(article.publisher)}",
        f"    publisher_actor_id: {publisher_id}",
        f"    url: {_q(article.url)}",
        f"    published_date: {_q(article.published) if article.published else 'null'}",
        "    dateline: null    # the dateline printed at the start of the body, verbatim, if any",
        f"    language: {article.language}    # ISO 639-1 code of the text's language",
        "",
    ]
    if publisher_defined:
        out += [f"# The publisher actor {publisher_id!r} is defined in another records file of this package.",
                "actors: []"]
    else:
        out += ["actors:",
                f"  - actor_id: {publisher_id}",
                f"    name: {_q(article.publisher)}",
                "    aliases: []    # names the text prints for the publisher, verbatim (with evidence)",
                "    actor_type: media",
                "    evidence: []    # a publisher needs no evidence: the text need not name it"]
    for table_name in RECORD_TABLES:
        if table_name != "actors":
            out += ["", f"{table_name}: []"]
        out += ["", *skeleton(table_name)]
    out += ["", f"# The text ({text_path}), line by line:", *numbered_lines(text)]
    return "\n".join(out) + "\n"


def package_yaml(name: str, title: str) -> str:
    return "\n".join([
        "# The package as a whole: becomes the top of datapackage.json when `python -m dataset build` runs.",
        f"name: {name}    # lowercase letters, digits, '.', '_' or '-'",
        f"title: {_q(title)}",
        "description: null",
        "version: 0.1.0",
        "homepage: null",
        "keywords: []",
        "# The licence of YOUR encoding (the article text keeps its publisher's rights), e.g.",
        "#   - {name: CC-BY-4.0, path: \"https://creativecommons.org/licenses/by/4.0/\"}",
        "licenses: []",
        "contributors: []    # e.g. - {title: Your Name, roles: [creator]}",
        "",
    ])


def readme(name: str) -> str:
    return "\n".join([
        f"# {name}",
        "",
        "Articles encoded as evidence-linked event tables in the schema of the `pakistan-iran-ties-2024` package",
        "(sources, actors, statements, incidents, casualties, evidence), as Parquet with a Frictionless descriptor.",
        "",
        "- `data/records/*.yaml`: the encoding, one file per article (edit these).",
        "- `data/sources/`: the article texts, which belong to their publishers.",
        "- `package.yaml`: the package's name, title and licence.",
        "- Built by `python -m dataset build .`: `data/*.parquet`, `data/csv/`, `schemas/`, `datapackage.json`.",
        "",
        "```bash",
        "python -m pip install 'pakistan-iran-ties-2024[validate]'",
        "python -m dataset build .        # records -> tables; --check reports stale files",
        "python -m dataset validate .     # six layers of checks, exit 0 when valid",
        "python -c \"import dataset; print(dataset.load('statements', root='.'))\"",
        "```",
        "",
    ])


def init(folder: Path, article: Article, *, force: bool = False) -> list[Path]:
    """Start `folder` for `article`; returns the files written. Raises InitError, writing nothing, when a file
    of this article exists (without `force`) or the input is unusable."""
    try:
        data = article.text.read_bytes()
        text = data.decode("utf-8")
    except OSError as err:
        raise InitError(f"--text {article.text}: cannot be read: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise InitError(f"--text {article.text}: not UTF-8 text ({err})") from None
    source_id = article.source_id or slug(article.title or article.text.stem)
    if not re.fullmatch(SLUG, source_id):
        raise InitError(f"--source-id {source_id!r}: must be a lowercase slug (letters, digits, single '-')")
    text_path = f"data/sources/{source_id}.txt"
    records_dir = folder / "data" / "records"
    records_path = records_dir / f"{source_id}.yaml"
    existing = [p for p in (folder / text_path, records_path) if p.exists()]
    if existing and not force:
        raise InitError(f"{existing[0]} exists: not overwritten (use --force to replace it)")
    defined = slug(article.publisher) in _existing_actor_ids(records_dir, records_path)
    records = records_file(article, source_id, text_path, text, hashlib.sha256(data).hexdigest(), defined)
    article_files = {folder / text_path: data, records_path: records.encode("utf-8")}
    name = slug(folder.resolve().name)
    title = article.title or first_line(text) or name
    package_files = {folder / METADATA_FILE: package_yaml(name, title).encode("utf-8"),
                     folder / "README.md": readme(name).encode("utf-8")}
    written = []
    for path, content in {**article_files, **package_files}.items():
        if path in package_files and path.exists() and not force:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
