"""A fixed set of candidate pass lists and their measured effect on each corpus module (the "candidate matrix").

The pass ranker (`ranker.py`) learns which of these lists suits a module. The set is chosen from the
autotuner's training labels only: greedily, the list that adds the most gain over `-Oz` across the training
modules given what is already chosen (per module only the best chosen list counts), so the set covers
different kinds of modules rather than repeating one popular list. Each matrix row records, for one module,
the instruction count after every candidate (None where it failed or ran out of time).
"""
from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path

from clairvoyant.llvm.passes import OZ

_BACKEND = None


def label_gains(rows: list[dict]) -> dict[str, dict[str, float]]:
    """{pipeline: {module: relative gain over -Oz}} from autotuner label rows (their best lists)."""
    gains: dict[str, dict[str, float]] = defaultdict(dict)
    for row in rows:
        if not row.get("ok") or not row.get("oz_count"):
            continue
        for pipeline, count in row.get("top", []):
            gain = (row["oz_count"] - count) / row["oz_count"]
            if gain > 0:
                gains[pipeline][row["file"]] = max(gain, gains[pipeline].get(row["file"], 0.0))
    return gains


def choose_candidates(rows: list[dict], k: int) -> list[str]:
    """Up to `k` pass lists chosen greedily by the gain each adds over the lists chosen before it."""
    gains = label_gains(rows)
    best: dict[str, float] = defaultdict(float)
    chosen: list[str] = []
    while len(chosen) < k:
        def added(p: str) -> float:
            return sum(max(0.0, g - best[m]) for m, g in gains[p].items())
        pool = [p for p in gains if p not in chosen]
        if not pool:
            break
        top = max(pool, key=lambda p: (added(p), len(gains[p]), -len(p), p))
        if added(top) <= 0:  # nothing left to add: fill by how often a list wins at all
            rest = sorted(pool, key=lambda p: (-len(gains[p]), len(p), p))
            chosen += rest[:k - len(chosen)]
            break
        chosen.append(top)
        for m, g in gains[top].items():
            best[m] = max(best[m], g)
    return chosen


def count_candidates(name: str, ir: str, pipelines: list[str], time_limit_s: float | None = None) -> dict:
    """Task: instruction counts of `ir` after `-Oz` and after each pipeline (None: failed or out of time)."""
    global _BACKEND
    from clairvoyant.llvm.backend import make_backend
    from clairvoyant.llvm.optimizer import evaluate_candidates
    if _BACKEND is None:
        _BACKEND = make_backend()
    t0 = time.perf_counter()
    base = _BACKEND.evaluate(ir, "")
    oz = _BACKEND.evaluate(ir, OZ, want_ir=True)
    if not base.ok or not oz.ok:
        return {"file": name, "ok": False, "error": (base.error or oz.error or "")[:500]}
    deadline = t0 + time_limit_s if time_limit_s else float("inf")
    results = {r.pipeline: r for r in evaluate_candidates(_BACKEND, ir, oz, pipelines, deadline)}
    counts = {p: (results[p].count if p in results and results[p].ok else None) for p in pipelines}
    return {"file": name, "ok": True, "input_count": base.count, "oz_count": oz.count, "counts": counts,
            "seconds": round(time.perf_counter() - t0, 3)}


def load_candidates(path: str | Path) -> list[str]:
    return json.loads(Path(path).read_text())["candidates"]


def save_candidates(path: str | Path, candidates: list[str], source: list[str]) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps({"candidates": candidates, "chosen_from": source}, indent=1) + "\n")
