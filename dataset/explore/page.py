"""The explorer page as bytes: the stylesheet, the script and the data inlined into one HTML file.

A pure function of the package descriptor, the tables (as row dicts) and the source texts, so that the build
(`docs/explorer.html`, drift-checked) and `python -m dataset explore` (any package in this schema) share one
code path and give the same bytes for the same data. Standard library only. The data travels as JSON inside
`<script type="application/json">`, with `<`, `>` and `&` (and U+2028/U+2029) escaped, and the script inserts
it with `textContent` only; a Content-Security-Policy allows nothing but the page's own inline style and script
(by hash), so the page can neither load anything from the network nor run a script that a record smuggled in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from importlib import resources
from typing import Any

from dataset.schema import codes
from dataset.schema.numbers import PATTERN
from dataset.schema.tables import TABLES

EXPLORER_PATH = "docs/explorer.html"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _asset(name: str) -> str:
    """A static asset shipped beside this module; refused if it could end its own inline element."""
    text = (resources.files(__package__) / name).read_text(encoding="utf-8")
    if "</" in text:
        raise ValueError(f"dataset/explore/{name} contains '</', which would end its inline element early")
    return text


def _plain(value: Any) -> Any:
    """A cell as JSON can hold it: dates as ISO strings."""
    return value.isoformat() if isinstance(value, dt.date) else value


def script_json(obj: Any) -> str:
    """JSON safe inside a `<script type="application/json">` element: every character that could close the
    element or start markup is written as a `\\u` escape (they occur only inside JSON strings, where the escape
    means the same character)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return "".join(_JSON_ESCAPES.get(c, c) for c in text)


_IRREGULAR_PLURALS = {"women": "woman", "men": "man", "children": "child", "people": "person", "persons": "person"}


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def victim_group(description: str | None) -> str:
    """The victims a description names, without its numbers and in the singular: "3 women" and "three women"
    are "woman", "11 officers" is "officer"; "No one" or "6" name no group ("")."""
    words = re.findall(r"[^\W\d_]+", re.sub(PATTERN, " ", description or "").lower())
    return " ".join(_singular(w) for w in words)


def conflicting_claims(casualties: list[dict[str, Any]]) -> dict[str, list[str]]:
    """For each casualty row, the other rows that claim different figures for the same incident, outcome and
    victims from another claimant: the claims that contradict it. The same victims: the same victim actor and
    nationality, and the same victim group (`victim_group` of the descriptions; a description that names no
    group, such as "No one", is compared with every group). Two claimants who both say "3 women and 4 children"
    agree: their women rows and their children rows are compared with each other, never a woman row with a
    child row."""
    def group(row: dict[str, Any]) -> tuple[Any, ...]:
        return row["incident_id"], row["outcome"], row["victim_actor_id"], row["nationality_iso3"]

    def figures(row: dict[str, Any]) -> tuple[Any, ...]:
        return row["count_low"], row["count_best"], row["count_high"]

    victims = {row["casualty_id"]: victim_group(row["victim_description"]) for row in casualties}

    def same_victims(a: dict[str, Any], b: dict[str, Any]) -> bool:
        va, vb = victims[a["casualty_id"]], victims[b["casualty_id"]]
        return group(a) == group(b) and (va == vb or not va or not vb)

    return {row["casualty_id"]: sorted(other["casualty_id"] for other in casualties
                                       if same_victims(other, row)
                                       and other["claimed_by_actor_id"] != row["claimed_by_actor_id"]
                                       and figures(other) != figures(row))
            for row in casualties}


def _schema() -> dict[str, Any]:
    """What the script needs to know about the tables, derived from `dataset.schema.tables`: keys, which table each
    evidence column supports, the actor-reference columns and the table titles."""
    evidence = TABLES["evidence"]
    return {
        "keys": {name: table.primary_key for name, table in TABLES.items()},
        "supports": [{"column": f.name, "table": f.references} for f in evidence.foreign_keys
                     if f.references != "sources"],
        "actor_columns": {name: [f.name for f in table.foreign_keys if f.references == "actors"]
                          for name, table in TABLES.items()},
        "titles": {name: table.title for name, table in TABLES.items()},
    }


def page_data(descriptor: dict[str, Any], rows: dict[str, list[dict[str, Any]]],
              texts: dict[str, str]) -> dict[str, Any]:
    """Everything the page shows: every column of every table (rows in primary-key order), the text file of each
    source, the CAMEO descriptions of the codes used and the contradicting casualty claims."""
    tables = {name: sorted(({k: _plain(v) for k, v in row.items()} for row in rows[name]),
                           key=lambda r, key=TABLES[name].primary_key: r[key]) for name in TABLES}
    used = sorted({r["cameo_code"] for name in ("statements", "incidents") for r in tables[name]})
    return {
        "package": {"name": descriptor.get("name"), "title": descriptor.get("title"),
                    "version": descriptor.get("version")},
        "schema": _schema(),
        "tables": tables,
        "texts": {s["text_path"]: texts[s["text_path"]] for s in tables["sources"]},
        "cameo": {c: codes.CAMEO[c][0] for c in used if c in codes.CAMEO},
        "conflicts": conflicting_claims(tables["casualties"]),
    }


def _sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def explorer_html(descriptor: dict[str, Any], rows: dict[str, list[dict[str, Any]]],
                  texts: dict[str, str]) -> bytes:
    """The whole page, UTF-8, byte-stable for the same inputs. `rows` holds every table's rows as dicts;
    `texts` maps each source's `text_path` to the text of that file."""
    style, script = _asset("explorer.css"), _asset("explorer.js")
    policy = (f"default-src 'none'; style-src {_sha256_source(style)}; script-src {_sha256_source(script)}; "
              "img-src 'none'; connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'")
    title = html.escape(f"Evidence explorer — {descriptor.get('title', descriptor.get('name', 'data package'))}")
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="python -m dataset explore">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<noscript><p class="noscript">This page draws the evidence with JavaScript, which is turned off. The same data is
in the package's tables; <code>python -m dataset validate</code> checks every span.</p></noscript>
<script type="application/json" id="explorer-data">{script_json(page_data(descriptor, rows, texts))}</script>
<script>{script}</script>
</body>
</html>
"""
    return page.encode("utf-8")
