"""Generated documentation and discovery metadata: the data dictionary (of the schema), and a package's
Hugging Face dataset card and MLCommons Croissant 1.0 description.

Pure functions of the table definitions (`dataset.schema.tables`), of a package descriptor (`datapackage.json` as a
dict) and of the card text of the package's metadata file (`dataset.authoring.metadata.CardText`): nothing here is about
one package. They return UTF-8 bytes ending in a newline, with no timestamps, so the build can commit them and
the drift tests can compare them byte for byte. Standard library only.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dataset.schema.fields import Field
from dataset.schema.tables import TABLES, Table

if TYPE_CHECKING:
    from dataset.authoring.metadata import CardText

DICTIONARY_PATH = "docs/data_dictionary.md"
CARD_PATH = "docs/dataset_card.md"
CROISSANT_PATH = "docs/croissant.json"

LONG_ENUM = 8
"""Enums with more values than this are listed compactly, in one code span."""

TYPE_LABELS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
               "date": "date", "list": "list of strings"}
CROISSANT_TYPES = {"string": "sc:Text", "integer": "sc:Integer", "number": "sc:Float", "boolean": "sc:Boolean",
                   "date": "sc:Date", "list": "sc:Text"}
CROISSANT_CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileObject": "cr:fileObject",
    "fileProperty": "cr:fileProperty",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
"""The JSON-LD context of Croissant 1.0: the specification's, plus the two terms (`equivalentProperty`,
`samplingRate`) that `mlcroissant` 1.1.1 expects in a standard 1.0 context and warns about when absent."""
CROISSANT_1_0 = "http://mlcommons.org/croissant/1.0"
SIZE_CATEGORIES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"),
                   (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))
"""Hugging Face's `size_categories`, by the first bound the row count is below."""


def markdown_bytes(lines: list[str]) -> bytes:
    """Markdown lines as UTF-8 bytes ending in exactly one newline."""
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def json_bytes(obj: Any) -> bytes:
    """JSON as the build writes every generated JSON file: UTF-8, indented, key order as given, one final newline."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def markdown_cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _number(value: float) -> str:
    """A bound without a spurious `.0`."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _enum_text(values: tuple[str, ...]) -> str:
    """Allowed values: one code span per value, or one span for all of a long list."""
    if len(values) > LONG_ENUM and not any(", " in v for v in values):
        return f"one of {len(values)} values: `{', '.join(values)}`"
    return "one of " + ", ".join(f"`{v}`" for v in values)


def _constraints(field: Field, table: Table) -> str:
    """The constraints cell of a column: key, reference, enum, pattern and bounds."""
    parts = []
    if field.name == table.primary_key:
        parts.append("primary key (unique)")
    if field.references:
        parts.append(f"→ `{field.references}.{TABLES[field.references].primary_key}`")
    return "; ".join(parts + value_constraints(field))


def value_constraints(field: Field) -> list[str]:
    """The constraints on a column's values: enum, pattern and bounds."""
    parts = []
    if field.enum:
        parts.append(_enum_text(field.enum))
    if field.pattern:
        parts.append(f"pattern `{field.pattern}`")
    if field.minimum is not None and field.maximum is not None:
        parts.append(f"{_number(field.minimum)} to {_number(field.maximum)}")
    elif field.minimum is not None:
        parts.append(f"≥ {_number(field.minimum)}")
    elif field.maximum is not None:
        parts.append(f"≤ {_number(field.maximum)}")
    return parts


def _marked_description(field: Field) -> str:
    """The description, marked when the values are verbatim or derived."""
    marks = [m for m, on in (("verbatim from the article", field.verbatim), ("computed by the build", field.derived))
             if on]
    return field.description + "".join(f" *({m})*" for m in marks)


def _referenced_by(table: Table) -> list[str]:
    """Every foreign-key column, in any table, that references `table`."""
    return [f"`{other.name}.{f.name}`" for other in TABLES.values() for f in other.foreign_keys
            if f.references == table.name]


def data_dictionary() -> bytes:
    """`docs/data_dictionary.md`: every table and column, generated from `dataset.schema.tables.TABLES` only."""
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated from dataset/schema/tables.py by `python -m dataset build --toolkit`; do not edit by hand. -->",
        "",
        f"{len(TABLES)} tables, each shipped as `data/<table>.parquet` (with a CSV twin in `data/csv/`). "
        "Columns marked *verbatim from the article* hold characters copied exactly from the source text; columns "
        "marked *computed by the build* are derived and never written by hand. A foreign-key column has the same name "
        "as the primary key it references, except where one table is referenced in several roles "
        "(`speaker_actor_id`, `target_actor_id`, …).",
        "",
        "| table | one row is | primary key | columns |",
        "|---|---|---|---|",
    ]
    lines += [f"| [{t.name}](#{t.name}) | {markdown_cell(t.row)} | `{t.primary_key}` | {len(t.fields)} |"
              for t in TABLES.values()]
    for table in TABLES.values():
        row = table.row[:1].lower() + table.row[1:]
        lines += ["", f"## {table.name}", "", f"**{table.title}.** One row is {row}", "", table.description, "",
                  f"- Primary key: `{table.primary_key}`"]
        if table.foreign_keys:
            lines.append("- Foreign keys:")
            lines += [f"  - `{f.name}` → `{f.references}.{TABLES[str(f.references)].primary_key}`"
                      for f in table.foreign_keys]
        else:
            lines.append("- Foreign keys: none")
        referenced = _referenced_by(table)
        lines.append(f"- Referenced by: {', '.join(referenced) if referenced else 'no other column'}")
        lines += ["", "| column | type | required | constraints | unit | description |",
                  "|---|---|---|---|---|---|"]
        lines += [
            f"| `{f.name}` | {TYPE_LABELS[f.type]} | {'yes' if f.required else 'no'} | "
            f"{markdown_cell(_constraints(f, table))} | {f.unit or ''} | {markdown_cell(_marked_description(f))} |"
            for f in table.fields
        ]
    return markdown_bytes(lines)


def _resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The descriptor's table resources, in descriptor order."""
    return [r for r in descriptor["resources"] if r["name"] in TABLES]


def _licence(descriptor: dict[str, Any]) -> dict[str, Any] | None:
    """The data licence (the first of the descriptor's licences), or None when the package claims none."""
    licences = descriptor.get("licenses") or [None]
    return licences[0]


def _creator(descriptor: dict[str, Any]) -> str:
    """The dataset's creator, as the descriptor names it (else the package's contributors, unnamed)."""
    creators = [c["title"] for c in descriptor.get("contributors", []) if "creator" in c.get("roles", [])]
    return creators[0] if creators else f"{descriptor['name']} contributors"


def _publishers(descriptor: dict[str, Any]) -> list[str]:
    """The publishers of the package's sources, each once, in source order."""
    return list(dict.fromkeys(s["publisher"] for s in descriptor.get("sources", [])))


def cite_as(descriptor: dict[str, Any], card: CardText) -> str:
    """A BibTeX entry for the dataset version described by `descriptor`; its note names the licence and then
    says what the package's metadata file says (`card.citation_note`)."""
    lic = _licence(descriptor)
    note = "; ".join([f"Data licence {lic['name'] if lic else 'not stated'}",
                      *([card.citation_note] if card.citation_note else [])])
    where = f"  howpublished = {{\\url{{{descriptor['homepage']}}}}},\n" if descriptor.get("homepage") else ""
    return (
        f"@misc{{{descriptor['name'].replace('-', '_').replace('.', '_')},\n"
        f"  title = {{{descriptor['title']}}},\n"
        f"  author = {{{{{_creator(descriptor)}}}}},\n"
        f"  version = {{{descriptor['version']}}},\n"
        f"{where}"
        f"  note = {{{note}}}\n"
        "}"
    )


def size_category(rows: int) -> str:
    """The Hugging Face size category of a dataset of `rows` rows."""
    return next((label for bound, label in SIZE_CATEGORIES if rows < bound), "n>100M")


def _yaml_str(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _licence_tag(descriptor: dict[str, Any]) -> str:
    """The card's `license:` value: the licence's SPDX name in lower case, or `unknown` when none is claimed."""
    lic = _licence(descriptor)
    return lic["name"].lower() if lic and lic.get("name") else "unknown"


def dataset_card(descriptor: dict[str, Any], rows: dict[str, int], languages: list[str], card: CardText) -> bytes:
    """`docs/dataset_card.md`: a Hugging Face dataset card with one config per table. `rows` maps each table
    name to its row count (the descriptor carries none), `languages` are the languages of the package's texts
    and `card` the hand-written parts of its metadata file."""
    resources = _resources(descriptor)
    tags = sorted({k.lower().replace(" ", "-") for k in descriptor.get("keywords", [])})
    total = sum(rows[r["name"]] for r in resources)
    lines = ["---", f"license: {_licence_tag(descriptor)}", "language:", *[f"- {code}" for code in languages],
             f"pretty_name: {_yaml_str(descriptor['title'])}", "tags:"]
    lines += [f"- {_yaml_str(t)}" for t in tags]
    lines += ["size_categories:", f"- {size_category(total)}", "configs:"]
    for r in resources:
        lines += [f"- config_name: {r['name']}", "  data_files:", "  - split: train",
                  f"    path: {r['parquet']['path']}"]
    lines += ["---", "",
              "<!-- Generated from datapackage.json and package.yaml by `python -m dataset build`; "
              "do not edit by hand. -->",
              "", f"# {descriptor['title']}", "", f"Version {descriptor['version']}.", ""]

    lines += ["## Dataset summary", "", descriptor.get("description") or descriptor["title"], "",
              f"{len(resources)} tables, {total} rows in all. Each table is one configuration of this card, "
              "because the tables have different columns. Every column is described in the package's "
              "`schemas/<table>.tableschema.json` and in `datapackage.json`.", ""]
    if card.summary:
        lines += [card.summary, ""]

    lines += ["## Tables", "", "| config | rows | one row is | file |", "|---|---|---|---|"]
    lines += [f"| `{r['name']}` | {rows[r['name']]} | {markdown_cell(TABLES[r['name']].row)} | "
              f"`{r['parquet']['path']}` |" for r in resources]
    lines += ["", "Keys: every table has a one-column primary key (`<entity>_id`, a readable slug). Foreign keys "
              "are listed per table in `datapackage.json`; `evidence` links each span of a source text to exactly "
              "one actor, statement, incident or casualty row.", ""]

    lines += ["## Loading", "", "```python", "import dataset  # pip install pakistan-iran-ties-2024",
              "", 'statements = dataset.load("statements", root=".")  # pandas, declared dtypes; "." is this package',
              'tables = dataset.load_all(engine="polars", root=".")  # or "pyarrow"', "```", "",
              "Any Parquet reader works too, e.g. `pandas.read_parquet(\"data/statements.parquet\")`. Note that "
              "the import name `dataset` is also used by an unrelated PyPI package.", ""]

    lines += ["## Source and rights", ""]
    for s in descriptor.get("sources", []):
        where = f" <{s['path']}>" if s.get("path") else " (URL not found)"
        lines.append(f"- {s['publisher']}, “{s['title']}”.{where}")
    lines += ["", f"The source texts belong to their publishers ({', '.join(_publishers(descriptor))}). They are "
              "included only so that every quotation and every evidence span can be verified character by "
              "character; the dataset's licence does not cover them. Each text file's SHA-256 is recorded as its "
              "sources' `version` in `datapackage.json` and in `sources.text_sha256`.", ""]

    lines += [
        "## Coding", "",
        "- **Article first.** Values are what the article says. External sources may normalize a value (a "
        "name, an office, a date) or annotate it, and are then cited in the row's `note`; they never override "
        "the article's words.",
        "- **Verbatim text.** Quotations, aliases, date phrases and place phrases are exact substrings of the "
        "source text. Every statement, incident and casualty row, and every actor the text mentions, has evidence "
        "spans: Unicode code-point offsets into the source text.",
        "- **Dates.** Relative dates (\"on Friday\") keep their words in `date_text` and are resolved to a "
        "window (`date_start`, `date_end`) with a `date_precision` and the anchor used (`date_resolution`). An "
        "undated event gets a `range` window bounded by the article, never a guessed day; an exact day known "
        "only from other sources goes in `incidents.external_date`, with its source.",
        "- **Claims.** Casualty figures are claims: one row per incident, outcome, victim group and claimant, "
        "with low, best and high counts. A stated zero is a row; a number inside a quotation stays in the "
        "statement and is not turned into a figure.",
        "- **Speakers.** Statements are attributed as the article attributes them; where another source gives "
        "the words to someone else, `speaker_disputed` is true and the note cites it.",
        "- **Codes.** Statements and incidents carry CAMEO codes (as strings, with leading zeros), GDELT "
        "Goldstein scores and QuadClass (computed from the code) and PLOVER types; incidents add ACLED event "
        "types and ACLED / UCDP GED location-precision codes. Codes are the coders' judgement, explained in notes.",
        "",
    ]

    if card.limitations:
        lines += ["## Limitations", "", *[f"- {item}" for item in card.limitations], ""]

    lic = _licence(descriptor)
    licence = "The package claims no licence for its encoding: its metadata file names none."
    if lic:
        licence = (f"{lic.get('name') or lic.get('title')}" + (f" ({lic['path']})" if lic.get("path") else "")
                   + " for the encoding: tables, descriptor, schemas and generated documentation. Not for the "
                   "source texts (see above).")
    lines += ["## Licence", "", licence + (f" {card.licence_note}" if card.licence_note else ""), ""]
    lines += ["## Citation", "", "```bibtex", cite_as(descriptor, card), "```", ""]
    return markdown_bytes(lines)


def _croissant_field(table: Table, field: Field) -> dict[str, Any]:
    description = field.description
    if field.enum:
        description += " Allowed values: " + ", ".join(field.enum) + "."
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table.name}/{field.name}",
        "name": field.name,
        "description": description,
        "dataType": CROISSANT_TYPES[field.type],
    }
    if field.type == "list":
        out["repeated"] = True
    if field.references:
        parent = TABLES[field.references]
        target = f"{parent.name}/{parent.primary_key}"
        if parent.name == table.name:
            # mlcroissant (1.1.1) turns `references` into a join and cannot generate the records of a
            # RecordSet that joins itself, so a self-reference is stated in prose only.
            out["description"] += f" References {target} (same record set; not declared as a Croissant reference)."
        else:
            out["references"] = {"field": {"@id": target}}
    out["source"] = {"fileObject": {"@id": f"{table.name}.parquet"}, "extract": {"column": field.name}}
    return out


def croissant(descriptor: dict[str, Any], languages: list[str], card: CardText) -> bytes:
    """`docs/croissant.json`: MLCommons Croissant 1.0 JSON-LD, one FileObject per Parquet file (sha256 from
    the descriptor) and one RecordSet per table with keys and references. `contentUrl`s are relative to the
    package root (the folder of `datapackage.json`). `languages` are those of the package's texts; `card` gives
    the citation's note."""
    resources = _resources(descriptor)
    distribution = []
    for r in resources:
        parquet = r["parquet"]
        algorithm, _, digest = parquet["hash"].partition(":")
        if algorithm != "sha256":
            raise ValueError(f"{r['name']}: expected a sha256 Parquet hash, got {parquet['hash']!r}")
        distribution.append({
            "@type": "cr:FileObject",
            "@id": f"{r['name']}.parquet",
            "name": f"{r['name']}.parquet",
            "description": f"The {r['name']} table as Parquet.",
            "contentUrl": parquet["path"],
            "contentSize": f"{parquet['bytes']} B",
            "encodingFormat": "application/x-parquet",
            "sha256": digest,
        })
    record_sets = []
    for r in resources:
        table = TABLES[r["name"]]
        record_sets.append({
            "@type": "cr:RecordSet",
            "@id": table.name,
            "name": table.name,
            "description": r["description"],
            "key": {"@id": f"{table.name}/{table.primary_key}"},
            "field": [_croissant_field(table, f) for f in table.fields],
        })
    lic = _licence(descriptor)
    doc = {
        "@context": CROISSANT_CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CROISSANT_1_0,
        "name": descriptor["name"],
        "alternateName": descriptor["title"],
        "description": descriptor.get("description") or descriptor["title"],
        **({"license": lic.get("path") or lic.get("name")} if lic else {}),
        **({"url": descriptor["homepage"]} if descriptor.get("homepage") else {}),
        "version": descriptor["version"],
        "citeAs": cite_as(descriptor, card),
        "creator": {"@type": "sc:Organization", "name": _creator(descriptor)},
        "inLanguage": languages[0] if len(languages) == 1 else languages,
        "keywords": list(descriptor.get("keywords", [])),
        "isBasedOn": [
            {"@type": "sc:NewsArticle", "headline": s["title"],
             "publisher": {"@type": "sc:Organization", "name": s["publisher"]},
             **({"url": s["path"]} if s.get("path") else {})}
            for s in descriptor.get("sources", [])
        ],
        "distribution": distribution,
        "recordSet": record_sets,
    }
    return json_bytes(doc)
