"""Statistics of the measurements — median, min and max of a series, ratios of medians, how time grows with rows
(the exponent of a power law fitted on log-log) — and how their figures are written."""

from __future__ import annotations

import math
import statistics
from typing import Any


def summary(values: list[float]) -> dict[str, float] | None:
    """Median, min, max and count of `values` (None when there are none)."""
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def median(measurement: dict[str, Any] | None) -> float | None:
    """The median wall seconds of a measurement (`Measurement.to_json`), None if it has no completed run."""
    if measurement is None or measurement["stats"] is None:
        return None
    return measurement["stats"]["median"]


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return None if numerator is None or not denominator else numerator / denominator


def fit_exponent(rows: list[int], times: list[float]) -> float | None:
    """Least-squares slope of log(time) on log(rows) over at least two sizes: time ∝ rows^exponent."""
    if len(rows) < 2:
        return None
    xs = [math.log(r) for r in rows]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def last_step_exponent(rows: list[int], times: list[float]) -> float | None:
    """The exponent between the two largest sizes only."""
    if len(rows) < 2:
        return None
    return math.log(times[-1] / times[-2]) / math.log(rows[-1] / rows[-2])


def size_label(rows: int) -> str:
    return f"{rows // 1_000_000}M" if rows >= 1_000_000 else f"{rows // 1000}k"


def seconds(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def megabytes(n: float | None) -> str:
    if n is None:
        return "—"
    return f"{n / 1024 ** 2:,.1f} MB" if n < 10 * 1024 ** 2 else f"{n / 1024 ** 2:,.0f} MB"
