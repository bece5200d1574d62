"""The package-level metadata of a package: `package.yaml` in the package folder, beside its records, which
`python -m dataset init` writes and `build` reads for every package alike (this checkout's package included).
It becomes the top of `datapackage.json` (name, title, version, licences, …), adds a package's own sentences to
its table descriptions (`tables:`) and gives its dataset card what only a person can say (`card:`: the
limitations of its sources, a note for its citation, a note on licences). Nothing about one package lives in
the code: the schema's own descriptions are true of every package.

Without a `package.yaml`, the documented defaults apply: the name is the folder's name as a slug, the title the
sources' titles, the version 0.1.0, and no licence is claimed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, field_validator

from dataset.authoring.slugs import slug
from dataset.authoring.yaml_reader import RecordError, read_yaml, schema_problems
from dataset.containment import Folder, Refused
from dataset.schema.tables import TABLES

METADATA_FILE = "package.yaml"
NAME_PATTERN = r"^[a-z0-9._-]+$"
"""The Frictionless package name pattern."""

_Text = Annotated[str, StringConstraints(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Licence(_Strict):
    name: _Text | None = None
    path: _Text | None = None
    title: _Text | None = None


class Contributor(_Strict):
    title: _Text
    email: _Text | None = None
    path: _Text | None = None
    organization: _Text | None = None
    roles: list[_Text] = []


class CardText(_Strict):
    """The dataset card's hand-written parts: what the data alone cannot say."""

    summary: _Text | None = None
    """A paragraph after the card's summary, e.g. where the package's other documents are."""
    limitations: list[_Text] = []
    """One bullet each: what the sources are (outlet, stance, language) and what the package is not fit for."""
    citation_note: _Text | None = None
    """The `note` of the card's BibTeX entry after the licence, e.g. what the package encodes."""
    licence_note: _Text | None = None
    """A sentence after the card's licence paragraph (e.g. the licence of code shipped with the data)."""


class PackageMetadata(_Strict):
    """What a person says about their package: the Frictionless package properties, in descriptor order, then
    the package's own table sentences and card text (which are not descriptor properties)."""

    name: Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
    title: _Text
    description: _Text | None = None
    version: _Text = "0.1.0"
    homepage: _Text | None = None
    keywords: list[_Text] = []
    licenses: list[Licence] = []
    contributors: list[Contributor] = []
    tables: dict[str, _Text] = {}
    """Sentences about this package's rows of a table, appended to the schema's description of the table."""
    card: CardText = CardText()

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(TABLES))
        if unknown:
            raise ValueError(f"no table called {', '.join(map(repr, unknown))} (tables: {', '.join(TABLES)})")
        return value

    def descriptor_properties(self) -> dict[str, Any]:
        """The properties for `datapackage.json`, in this order, without the empty ones."""
        return _compact(self.model_dump(exclude_none=True, exclude={"tables", "card"}))


def _compact(value: Any) -> Any:
    """`value` without empty lists, at every depth."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def read_metadata(root: Path, source_titles: list[str]) -> PackageMetadata:
    """The metadata of the package at `root`, from its `package.yaml` or the defaults."""
    path = root / METADATA_FILE
    if not os.path.lexists(path):
        return PackageMetadata(name=slug(root.resolve().name), title="; ".join(source_titles) or root.name)
    try:
        Folder(root).stat(METADATA_FILE)  # a link out of the folder, a FIFO, a folder: refused, never read
    except Refused as err:
        raise Refused(f"{path}: {err}") from None
    doc = read_yaml(path)  # bounded and strict, like the records files
    errors: list[dict[str, Any]] = []
    try:
        metadata = PackageMetadata.model_validate(doc.data)
    except ValidationError as err:
        errors = err.errors(include_url=False)
    problems = schema_problems(doc, errors, lambda loc: f"field {'.'.join(map(str, loc)) or '(file)'}",
                               lambda e: f"{e['msg']} (got {str(e.get('input'))[:60]!r})")
    if problems:
        raise RecordError(problems)
    return metadata
