"""What validation found: problems, per-layer timings, and the two renderings (text for people, JSON for CI)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

LAYERS = ("files", "schema", "keys", "rules", "provenance", "frictionless")

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def excerpt(value: object, width: int = 60) -> str | None:
    """A short, single-line rendering of an offending value."""
    if value is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass(frozen=True)
class Problem:
    layer: str
    table: str | None
    row: str | None
    """The row's primary key, or '#N' (0-based row position) when the key is unusable."""
    column: str | None
    rule: str
    message: str
    value: str | None = None
    fatal: bool = False
    """The package could not be read (exit 2) rather than holding invalid data (exit 1)."""


@dataclass
class LayerResult:
    name: str
    seconds: float = 0.0
    ran: bool = True
    skipped: list[str] = field(default_factory=list)
    """What this layer could not check, and why (e.g. a table whose columns have the wrong types)."""


@dataclass
class Report:
    package: str
    problems: list[Problem] = field(default_factory=list)
    layers: list[LayerResult] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        if any(p.fatal for p in self.problems):
            return EXIT_UNREADABLE
        return EXIT_INVALID if self.problems else EXIT_VALID

    @property
    def valid(self) -> bool:
        return not self.problems

    def to_json(self) -> str:
        body = {
            "valid": self.valid,
            "exit_code": self.exit_code,
            "package": self.package,
            "rows": self.rows,
            "layers": [
                {**asdict(layer), "seconds": round(layer.seconds, 6),
                 "problems": sum(p.layer == layer.name for p in self.problems)}
                for layer in self.layers
            ],
            "problems": [asdict(p) for p in self.problems],
        }
        return json.dumps(body, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"Validating {self.package}"]
        for layer in self.layers:
            found = [p for p in self.problems if p.layer == layer.name]
            status = "not run" if not layer.ran else (f"{len(found)} problem(s)" if found else "ok")
            lines.append(f"  {layer.name:<13} {status:<16} {layer.seconds * 1000:9.1f} ms")
            lines.extend(f"      skipped: {s}" for s in layer.skipped)
        if self.problems:
            lines.append("")
            lines.append(f"{len(self.problems)} problem(s):")
            for p in self.problems:
                place = " ".join(x for x in (
                    p.table and f"table {p.table}", p.row and f"row {p.row}", p.column and f"column {p.column}",
                ) if x)
                value = f" [value: {p.value}]" if p.value is not None else ""
                lines.append(f"  [{p.layer}] {place or 'package'}: {p.rule}: {p.message}{value}")
        verdict = {EXIT_VALID: "VALID", EXIT_INVALID: "INVALID", EXIT_UNREADABLE: "UNREADABLE"}[self.exit_code]
        total = sum(self.rows.values())
        lines.append(f"{verdict}: {len(self.problems)} problem(s) in {total} rows of {len(self.rows)} tables")
        return "\n".join(lines)
