"""Casualty claims of one incident, combined the way a target codebook asks: ACLED's most conservative
estimate, UCDP's low/best/high. Claims are never merged into a figure the article does not give: every
claimant's figures stay visible in the text that goes with the chosen one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dataset.exports.package import PackageRows


@dataclass(frozen=True)
class Claim:
    """Everything one claimant states about one outcome of one incident (the sum of its victim groups)."""

    claimant: str
    """actor_id of the claimant."""
    rows: tuple[dict[str, Any], ...]

    @property
    def low(self) -> int:
        return sum(r["count_low"] for r in self.rows)

    @property
    def best(self) -> int:
        return sum(r["count_best"] for r in self.rows)

    @property
    def high(self) -> int:
        return sum(r["count_high"] for r in self.rows)


def claims(package: PackageRows, incident_id: str, outcome: str) -> list[Claim]:
    """One claim per claimant, by claimant id."""
    by_claimant: dict[str, list[dict[str, Any]]] = {}
    for row in package.casualties_of(incident_id, outcome):
        by_claimant.setdefault(row["claimed_by_actor_id"], []).append(row)
    return [Claim(c, tuple(rows)) for c, rows in sorted(by_claimant.items())]


def most_conservative(found: list[Claim]) -> Claim | None:
    """ACLED: the claim with the lowest total (its low counts); ties go to the first claimant by id."""
    return min(found, key=lambda c: c.low, default=None)


def publisher_or_lowest(package: PackageRows, incident: dict[str, Any], found: list[Claim]) -> Claim | None:
    """UCDP best: the figure the article states in its own voice (the publisher's claim) when there is one,
    else the claim with the lowest best count."""
    publisher = package.source(incident["source_id"])["publisher_actor_id"]
    own = [c for c in found if c.claimant == publisher]
    return own[0] if own else min(found, key=lambda c: c.best, default=None)


def describe(package: PackageRows, claim: Claim, outcome: str) -> str:
    """'11 killed (11 officers), claimed by Tehran Times [casualty ids]'."""
    groups = "; ".join(
        f"{_count(r)} {outcome} ({r['victim_description']})" for r in sorted(claim.rows, key=lambda r: r["casualty_id"])
    )
    return f"{groups}, claimed by {package.actor_name(claim.claimant)}"


def _count(row: dict[str, Any]) -> str:
    low, best, high = row["count_low"], row["count_best"], row["count_high"]
    return str(best) if low == best == high else f"{best} (low {low}, high {high})"


def casualty_keys(package: PackageRows, incident_id: str) -> tuple[tuple[str, str], ...]:
    """(table, key) of every casualty row of an incident, for the provenance column."""
    return tuple(("casualties", c["casualty_id"]) for c in package.casualties_of(incident_id))
