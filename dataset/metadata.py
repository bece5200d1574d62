"""The package-level metadata of a package of one's own articles: `package.yaml` in the package folder, which
`python -m dataset init` writes and `build` turns into the top of `datapackage.json` (name, title, version,
licences, …). This package's own metadata is `dataset.datapackage.PROJECT`.

Without a `package.yaml`, the documented defaults apply: the name is the folder's name as a slug, the title the
sources' titles, the version 0.1.0, and no licence is claimed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from dataset.yaml_reader import RecordError, read_yaml, schema_problems

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


class PackageMetadata(_Strict):
    """The Frictionless package properties a person chooses for their package."""

    name: Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
    title: _Text
    description: _Text | None = None
    version: _Text = "0.1.0"
    homepage: _Text | None = None
    keywords: list[_Text] = []
    licenses: list[Licence] = []
    contributors: list[Contributor] = []

    def descriptor_properties(self) -> dict[str, Any]:
        """The properties for `datapackage.json`, in this order, without the empty ones."""
        return _compact(self.model_dump(exclude_none=True))


def _compact(value: Any) -> Any:
    """`value` without empty lists, at every depth."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def slug(text: str) -> str:
    """A lowercase slug of `text` (for a package name or an id), or 'package' when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "package"


def read_metadata(root: Path, source_titles: list[str]) -> dict[str, Any]:
    """The descriptor properties of the package at `root`, from its `package.yaml` or the defaults."""
    path = root / METADATA_FILE
    if not path.is_file():
        return PackageMetadata(name=slug(root.resolve().name), title="; ".join(source_titles) or root.name
                               ).descriptor_properties()
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
    return metadata.descriptor_properties()
