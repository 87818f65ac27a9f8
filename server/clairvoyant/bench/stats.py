"""Small statistics helpers shared by the benchmarks."""

from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(values_ms: list[float]) -> dict:
    """``{"p50", "p95", "n"}`` rounded to 0.1 ms."""
    def rounded(v):
        return None if v is None else round(v, 1)

    return {"p50": rounded(percentile(values_ms, 50)), "p95": rounded(percentile(values_ms, 95)), "n": len(values_ms)}
