"""`python -m dataset init DIR --text ARTICLE.txt --publisher NAME`: start a package folder for one's own article.

It copies the text under `data/sources/`, records its sha256 in a new records file `data/records/<id>.yaml`
with the source and its publisher (an actor: `sources.publisher_actor_id` must reference one), a commented
skeleton of every record kind (generated from the table definitions) and the text's numbered lines as
comments, so that an encoder quotes a line and its exact characters. A `package.yaml` (the package's name,
title and licences) and a `README.md` stub are written when the folder has none, so the same command adds a
second article to a package. Nothing is overwritten without `force`, and `force` replaces only this article's
own files: an id that another article of the package holds (another text under the same name, a source id of
another records file, an actor of another name) is refused with a message that says which option to give.
Ids are made from the title and the publisher by transliteration (`dataset.authoring.slugs`); a name in a script without
an offline transliteration asks for `--source-id` or `--publisher-id` instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from dataset.authoring.metadata import METADATA_FILE
from dataset.authoring.slugs import NoId, ascii_id, slug
from dataset.authoring.yaml_reader import RecordError, read_yaml
from dataset.schema.fields import SLUG, Field
from dataset.schema.lineends import normalize_line_ends
from dataset.schema.tables import RECORD_TABLES, TABLES


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
    publisher_id: str | None = None


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
    lines too, by the offset rule of `dataset.schema.lineends`)."""
    return normalize_line_ends(text).removesuffix("\n").split("\n")


def numbered_lines(text: str) -> list[str]:
    """The text's lines as comments, numbered."""
    lines = text_lines(text)
    width = len(str(len(lines)))
    return [f"# {n:>{width}} | {line}".rstrip() for n, line in enumerate(lines, start=1)]


def _read_records(path: Path) -> dict:
    """A records file of the package as plain data, or {} when it cannot be read (`build` reports why)."""
    try:
        data = read_yaml(path).data  # bounded and strict, as `build` reads it
    except RecordError:
        return {}
    return data if isinstance(data, dict) else {}


def _defined(records_dir: Path, own: Path, key: str, table: str) -> dict[str, tuple[Path, dict]]:
    """The ids of `table` already defined in the package's other records files, with file and record."""
    found: dict[str, tuple[Path, dict]] = {}
    for path in sorted(records_dir.glob("*.yaml")):
        if path != own:
            records = _read_records(path).get(table)
            for record in records if isinstance(records, list) else []:
                if isinstance(record, dict) and isinstance(record.get(key), str):
                    found.setdefault(record[key], (path, record))
    return found


def first_line(text: str) -> str | None:
    """The first non-blank line of a text, without a byte-order mark: the headline, usually (the records file
    says to check it)."""
    return next((line.strip() for line in text.removeprefix("\ufeff").split("\n") if line.strip()), None)


def _id(given: str | None, name: str, origin: str, option: str) -> str:
    """The id an option gives, or the one made from `name` (which `origin` names in a message) by
    transliteration; refuses a malformed one."""
    if given is None:
        try:
            given = ascii_id(name)
        except NoId as err:
            raise InitError(f"{origin} {err}, so no id can be made of it: give the id with {option} (a lowercase "
                            "slug of ASCII letters, digits and single '-')") from None
    if not re.fullmatch(SLUG, given):
        raise InitError(f"{option} {given!r}: must be a lowercase slug (letters, digits, single '-')")
    return given


def _publisher(article: Article, records_dir: Path, own: Path) -> tuple[str, bool]:
    """The publisher's actor id, and whether another records file of the package defines it already. An id
    made from the name that another actor of another name holds is refused, not shared."""
    publisher_id = _id(article.publisher_id, article.publisher, "--publisher", "--publisher-id")
    other = _defined(records_dir, own, "actor_id", "actors").get(publisher_id)
    if other and article.publisher_id is None and other[1].get("name") != article.publisher:
        raise InitError(f"--publisher {article.publisher!r} would be the actor {publisher_id!r}, which {other[0]} "
                        f"defines as {other[1].get('name')!r}: give the publisher its own id with --publisher-id "
                        "(or that actor's id to make it the publisher)")
    return publisher_id, other is not None


def _same_article(folder: Path, text_path: str, records_path: Path, data: bytes) -> bool | None:
    """Whether the files already at this article's paths hold this very text (True), another article (False),
    or cannot tell (None: a records file without its text, unreadable or without a hash)."""
    text_file = folder / text_path
    if text_file.exists():
        try:
            return text_file.read_bytes() == data
        except OSError:  # a folder, or unreadable: not this text
            return False
    recorded = _read_records(records_path).get("text_sha256")
    return None if not isinstance(recorded, str) else recorded == hashlib.sha256(data).hexdigest()


def _check_source_id(folder: Path, article: Article, source_id: str, text_path: str, data: bytes,
                     force: bool) -> None:
    """Refuse an id that another article of the package holds (whatever `force` says: it replaces only this
    article's own files), and this article's files without `force`."""
    records_dir = folder / "data" / "records"
    records_path = records_dir / f"{source_id}.yaml"
    how = "--source-id" if article.source_id else "the id made from " + (
        f"--title {article.title!r}" if article.title else f"the text file's name {article.text.name!r}")
    other = _defined(records_dir, records_path, "source_id", "sources").get(source_id)
    if other:
        raise InitError(f"{how} gives the source id {source_id!r}, which {other[0]} already defines for another "
                        "article: give this article its own id with --source-id")
    existing = [p for p in (folder / text_path, records_path) if p.exists()]
    if not existing:
        return
    same = _same_article(folder, text_path, records_path, data)
    if same is False:
        raise InitError(f"{existing[0]} holds another article (its text differs from --text {article.text}), "
                        f"under the source id {source_id!r} ({how}): not overwritten, with or without --force; give "
                        "this article its own id with --source-id")
    if not force:
        raise InitError(f"{existing[0]} exists: not overwritten (use --force to replace it: this article, the same "
                        "text, was started already, and --force starts its records file again)")


def records_file(article: Article, source_id: str, text_path: str, text: str, sha256: str, publisher_id: str,
                 publisher_defined: bool) -> str:
    """The new records file: file-level text fields, the source, the publisher and the skeletons."""
    title = article.title or first_line(text) or source_id
    out = [
        f"# Records of {text_path}: started by `python -m dataset init`. Encode one record kind at a time",
        "# (see `python -m dataset guide encoding`), then run `python -m dataset build` and",
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
        "# Optional: sentences about your rows of a table, added to the schema's description of it, e.g.",
        "#   tables: {sources: \"The text file holds two pieces published together.\"}",
        "# Optional: the dataset card's hand-written parts (docs/dataset_card.md), e.g.",
        "#   card: {limitations: [\"One article from one outlet.\"], citation_note: \"encodes one article\"}",
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
        "- `package.yaml`: the package's name, title, licence and card text.",
        "- Built by `python -m dataset build .`: `data/*.parquet`, `data/csv/`, `schemas/`, `datapackage.json` and",
        "  `docs/` (dataset card, Croissant metadata, evidence explorer page).",
        "",
        "```bash",
        "python -m pip install 'pakistan-iran-ties-2024[validate]'",
        "python -m dataset build .        # records -> tables; --check reports stale files",
        "python -m dataset validate .     # every layer of checks, exit 0 when valid",
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
    source_id = _id(article.source_id, article.title or article.text.stem,
                    "--title" if article.title else "the text file's name", "--source-id")
    text_path = f"data/sources/{source_id}.txt"
    records_path = folder / "data" / "records" / f"{source_id}.yaml"
    _check_source_id(folder, article, source_id, text_path, data, force)
    publisher_id, defined = _publisher(article, records_path.parent, records_path)
    records = records_file(article, source_id, text_path, text, hashlib.sha256(data).hexdigest(), publisher_id,
                           defined)
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
