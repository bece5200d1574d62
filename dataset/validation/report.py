"""What validation found: problems, per-layer timings, and the two renderings (text for people, JSON for CI)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from dataset.exit_codes import EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from dataset.validation.registry import LAYERS, title_of

__all__ = ["CAP", "LAYERS", "Findings", "LayerResult", "Omitted", "Problem", "Report", "excerpt"]

CAP = 20
"""At most this many problems are listed per (layer, table, column, rule); the rest are counted (`Omitted`), so
that a corpus with a million bad rows gives a readable report in bounded time and memory."""


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
    """The rule's stable id in dataset.validation.registry (e.g. `keys.foreign-key`)."""
    message: str
    value: str | None = None
    fatal: bool = False
    """The package could not be read (exit 2) rather than holding invalid data (exit 1)."""


@dataclass(frozen=True)
class Omitted:
    """A (layer, table, column, rule) with more problems than `CAP`: how many there are, how many are listed."""

    layer: str
    table: str | None
    column: str | None
    rule: str
    total: int
    listed: int


@dataclass
class Findings:
    """What one layer found: the problems listed and, per rule whose list was capped, the total count."""

    problems: list[Problem] = field(default_factory=list)
    omitted: list[Omitted] = field(default_factory=list)

    def add(self, problems: Iterable[Problem], total: int | None = None) -> None:
        """Add the listed problems of one (table, column, rule); `total` counts them all, listed or not."""
        listed = list(problems)
        self.problems.extend(listed)
        if listed and total is not None and total > len(listed):
            p = listed[0]
            self.omitted.append(Omitted(p.layer, p.table, p.column, p.rule, total, len(listed)))

    def extend(self, other: Findings) -> None:
        self.problems.extend(other.problems)
        self.omitted.extend(other.omitted)

    @classmethod
    def capped(cls, problems: Iterable[Problem]) -> Findings:
        """Findings from an uncapped list (a library that reports every problem at once): the first `CAP` of
        each (layer, table, column, rule) listed, the rest counted."""
        groups: dict[tuple[str, str | None, str | None, str], list[Problem]] = {}
        for p in problems:
            groups.setdefault((p.layer, p.table, p.column, p.rule), []).append(p)
        found = cls()
        for group in groups.values():
            found.add(group[:CAP], len(group))
        return found

    def without(self, rules: frozenset[str]) -> Findings:
        """These findings less the problems of skipped rules; a fatal problem (the package cannot be read) is
        never dropped."""
        return Findings([p for p in self.problems if p.fatal or p.rule not in rules],
                        [o for o in self.omitted if o.rule not in rules])


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
    omitted: list[Omitted] = field(default_factory=list)
    mode: str = "in-memory"
    """How the tables were read: "in-memory" (each file read whole) or "out-of-core" (the files scanned)."""
    startup_seconds: float | None = None
    """Time to import the validator and its libraries (polars, pyarrow), measured by the command line, plus
    `import_wait_seconds`."""
    import_wait_seconds: float = 0.0
    """Time the checks waited for the schema layer (pandera), imported in a thread while the files layer ran."""
    skipped_rules: list[str] = field(default_factory=list)
    """The rule ids the caller skipped (`--skip`); their problems are not reported."""

    def found(self, layer: str) -> int:
        """How many problems a layer found, listed or not."""
        listed = sum(p.layer == layer for p in self.problems)
        return listed + sum(o.total - o.listed for o in self.omitted if o.layer == layer)

    @property
    def exit_code(self) -> int:
        if any(p.fatal for p in self.problems):
            return EXIT_UNUSABLE
        return EXIT_INVALID if self.problems else EXIT_OK

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def total_found(self) -> int:
        return len(self.problems) + sum(o.total - o.listed for o in self.omitted)

    def to_json(self) -> str:
        body = {
            "valid": self.valid,
            "exit_code": self.exit_code,
            "package": self.package,
            "rows": self.rows,
            "mode": self.mode,
            "startup_seconds": None if self.startup_seconds is None else round(self.startup_seconds, 6),
            "import_wait_seconds": round(self.import_wait_seconds, 6),
            "layers": [
                {**asdict(layer), "seconds": round(layer.seconds, 6), "problems": self.found(layer.name),
                 "listed": sum(p.layer == layer.name for p in self.problems)}
                for layer in self.layers
            ],
            "skipped_rules": self.skipped_rules,
            "problems": [{**asdict(p), "title": title_of(p.rule)} for p in self.problems],
            "omitted": [asdict(o) for o in self.omitted],
        }
        return json.dumps(body, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"Validating {self.package} ({self.mode})"]
        for layer in self.layers:
            found = self.found(layer.name)
            status = "not run" if not layer.ran else (f"{found} problem(s)" if found else "ok")
            lines.append(f"  {layer.name:<13} {status:<16} {layer.seconds * 1000:9.1f} ms")
            lines.extend(f"      skipped: {s}" for s in layer.skipped)
        lines.extend(f"  skipped rule: {r} ({title_of(r)})" for r in self.skipped_rules)
        if self.problems:
            lines.append("")
            lines.append(f"{self.total_found} problem(s)" + (f", {len(self.problems)} listed:" if self.omitted
                                                               else ":"))
            for p in self.problems:
                lines.append(f"  [{p.layer}] {_place(p.table, p.row, p.column)}: {p.rule}: {p.message}"
                             + (f" [value: {p.value}]" if p.value is not None else ""))
            for o in self.omitted:
                lines.append(f"  [{o.layer}] {_place(o.table, None, o.column)}: {o.rule}: {o.total} problems, the "
                             f"first {o.listed} listed above")
        verdict = {EXIT_OK: "VALID", EXIT_INVALID: "INVALID", EXIT_UNUSABLE: "UNREADABLE"}[self.exit_code]
        total = sum(self.rows.values())
        lines.append(f"{verdict}: {self.total_found} problem(s) in {total} rows of {len(self.rows)} tables")
        return "\n".join(lines)


def _place(table: str | None, row: str | None, column: str | None) -> str:
    return " ".join(x for x in (table and f"table {table}", row and f"row {row}", column and f"column {column}")
                    if x) or "package"
