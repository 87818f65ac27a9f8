"""Baselines for the pass model, at a given number of compilations (`-Oz` always one of them).

  frequent  the same lists for every module: the most frequent autotuner winners in training labels
  random    lists drawn from the autotuner's candidate families (`autotune.random_candidate`)
The autotuner itself (`autotune.autotune`, ~1,000 evaluations) is the upper reference.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

from clairvoyant.llvm.autotune import random_candidate
from clairvoyant.llvm.optimizer import evaluate_candidates
from clairvoyant.llvm.passes import OZ, VOCABULARY, format_pipeline


def frequent_pipelines(label_files: list[str | Path], k: int) -> list[str]:
    """The `k` pass lists (other than -Oz) that were the best list of most modules in the labels."""
    wins: Counter[str] = Counter()
    for path in label_files:
        for line in Path(path).read_text().splitlines():
            row = json.loads(line)
            if row.get("ok") and row["best_count"] < row["oz_count"]:
                wins[row["best_pipeline"]] += 1
    return [p for p, _ in sorted(wins.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[:k]]


def random_pipelines(k: int, seed: int, vocabulary: tuple[str, ...] = VOCABULARY) -> list[str]:
    """`k` distinct random lists from the autotuner's families (prefix + -Oz, -Oz + suffix, random)."""
    rng, out = random.Random(seed), []
    while len(out) < k:
        pipeline = format_pipeline(random_candidate(rng, vocabulary)[1])
        if pipeline not in out and pipeline != OZ:
            out.append(pipeline)
    return out


def prefix_bests(backend, text: str, pipelines: list[str], sizes: list[int]) -> dict[int, int]:
    """Smallest count among -Oz and the first `n - 1` pipelines, for each `n` in `sizes` (n compilations)."""
    oz = backend.evaluate(text, OZ, want_ir=True)
    if not oz.ok:
        raise RuntimeError(f"-Oz failed: {oz.error}")
    results = evaluate_candidates(backend, text, oz, pipelines[:max(sizes) - 1], float("inf"))
    counts = [r.count if r.ok else None for r in results]
    return {n: min([oz.count] + [c for c in counts[:n - 1] if c is not None]) for n in sizes}
