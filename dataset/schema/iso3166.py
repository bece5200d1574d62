"""The ISO 3166 code lists (countries: alpha-2, alpha-3, numeric; subdivisions) that the validator and the exports
use, read from `iso3166.json` beside this module. `python -m dataset build --toolkit` extracts that file from
pycountry's copy of the ISO data, so that neither the validator nor the exports load pycountry's databases."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ISO3166_PATH = Path(__file__).resolve().parent / "iso3166.json"


@cache
def iso3166() -> dict[str, Any]:
    """The code lists: `alpha_2_of_alpha_3`, `numeric_of_alpha_3` and `subdivisions`."""
    return json.loads(ISO3166_PATH.read_text(encoding="utf-8"))
