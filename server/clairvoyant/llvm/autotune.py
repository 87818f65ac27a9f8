"""Autotuner: random search over pass lists plus greedy minimisation of the best one.

Candidate families (the papers' and our measurements' best sources of winners):
  prefix   k random entries then `default<Oz>`       (wins most often on -Oz-attributed IR)
  suffix   `default<Oz>` then k random entries       (evaluated on a cached -Oz'd module: cheap)
  random   5-30 random entries
Besides the module's best lists it keeps, per function, the evaluated list that made that function smallest.
Corpus runs (many modules, in parallel, checkpointed) are in `labelling.py`.
"""
from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field

from clairvoyant.llvm.passes import OZ, VOCABULARY, format_pipeline

FAMILIES = (("prefix", 0.5), ("suffix", 0.3), ("random", 0.2))
STANDARD = ("default<Oz>", "default<Os>", "default<O2>", "default<O1>")


@dataclass
class TuneResult:
    """What the autotuner found for one module (counts are instructions)."""

    input_count: int
    oz_count: int
    best_pipeline: str
    best_count: int
    top: list[tuple[str, int]] = field(default_factory=list)  # distinct good pipelines, best first
    evaluations: int = 0
    failures: int = 0
    seconds: float = 0.0
    functions: dict[str, list] = field(default_factory=dict)  # name -> [-Oz count, best count, best pipeline]

    @property
    def gain_vs_oz_pct(self) -> float:
        return 100.0 * (self.oz_count - self.best_count) / self.oz_count if self.oz_count else 0.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["gain_vs_oz_pct"] = self.gain_vs_oz_pct
        return d


def random_candidate(rng: random.Random, vocabulary: tuple[str, ...] = VOCABULARY) -> tuple[str, list[str]]:
    """One random candidate: (family, list of entries)."""
    vocab = [v for v in vocabulary if not v.startswith("default<")]
    family = rng.choices([f for f, _ in FAMILIES], weights=[w for _, w in FAMILIES])[0]
    if family == "prefix":
        return family, rng.choices(vocab, k=rng.randint(1, 6)) + [OZ]
    if family == "suffix":
        return family, [OZ] + rng.choices(vocab, k=rng.randint(1, 8))
    return family, rng.choices(vocab, k=rng.randint(5, 30))


class _Scorer:
    """Evaluates pass lists on one module, caching results and the -Oz'd module for suffix candidates."""

    def __init__(self, backend, ir: str):
        self.backend, self.ir = backend, ir
        self.cache: dict[str, int | None] = {}
        self.evaluations = self.failures = 0
        oz = backend.evaluate(ir, OZ, want_ir=True)
        if not oz.ok:
            raise RuntimeError(f"-Oz failed: {oz.error}")
        self.oz_count, self.oz_ir = oz.count, oz.ir
        self.cache[OZ] = oz.count
        self.evaluations = 1
        self.oz_functions = dict(oz.functions)
        self.best_functions: dict[str, tuple[int, str]] = {n: (c, OZ) for n, c in oz.functions}

    def score(self, passes: list[str]) -> int | None:
        key = format_pipeline(passes)
        if key in self.cache:
            return self.cache[key]
        if passes[0] == OZ and len(passes) > 1:
            r = self.backend.evaluate(self.oz_ir, format_pipeline(passes[1:]))
        else:
            r = self.backend.evaluate(self.ir, key)
        self.evaluations += 1
        self.failures += not r.ok
        self.cache[key] = r.count if r.ok else None
        if r.ok:
            self._note_functions(r.functions, key)
        return self.cache[key]

    def _note_functions(self, functions: list[tuple[str, int]], pipeline: str) -> None:
        for name, count in functions:
            best = self.best_functions.get(name)
            if best is not None and (count, len(pipeline)) < (best[0], len(best[1])):
                self.best_functions[name] = (count, pipeline)

    def improved_functions(self) -> dict[str, list]:
        """Functions some list made smaller than -Oz did: name -> [-Oz count, best count, pipeline]."""
        return {n: [self.oz_functions[n], c, p] for n, (c, p) in self.best_functions.items()
                if c < self.oz_functions[n]}


def minimise(scorer: _Scorer, passes: list[str], count: int, deadline: float = float("inf")) -> tuple[list[str], int]:
    """Greedily drop entries while the count does not get worse (until `deadline`, a perf_counter value)."""
    improved = True
    while improved and len(passes) > 1 and time.perf_counter() < deadline:
        improved = False
        for i in range(len(passes)):
            trial = passes[:i] + passes[i + 1:]
            c = scorer.score(trial)
            if c is not None and c <= count:
                passes, count, improved = trial, c, True
                break
    return passes, count


def autotune(backend, ir: str, budget: int = 200, seed: int = 0, keep: int = 8,
             vocabulary: tuple[str, ...] = VOCABULARY, time_limit_s: float | None = None) -> TuneResult:
    """Random search with `budget` evaluations (or until `time_limit_s`), then greedy minimisation of the best."""
    t0 = time.perf_counter()
    rng = random.Random(seed)
    base = backend.evaluate(ir, "")
    if not base.ok:
        raise RuntimeError(base.error)
    scorer = _Scorer(backend, ir)
    found: dict[str, int] = {OZ: scorer.oz_count}
    for level in STANDARD[1:]:
        c = scorer.score([level])
        if c is not None:
            found[level] = c
    while scorer.evaluations < budget and (time_limit_s is None or time.perf_counter() - t0 < time_limit_s):
        _, passes = random_candidate(rng, vocabulary)
        c = scorer.score(passes)
        if c is not None:
            found[format_pipeline(passes)] = c
    ranked = sorted(found.items(), key=lambda kv: (kv[1], len(kv[0])))
    top: dict[str, int] = {}
    for pipeline, c in ranked[:keep]:
        deadline = t0 + 2 * time_limit_s if time_limit_s else float("inf")
        small, c2 = minimise(scorer, _entries(pipeline), c, deadline)
        top.setdefault(format_pipeline(small), c2)
    best_pipeline, best_count = min(top.items(), key=lambda kv: (kv[1], len(kv[0])))
    return TuneResult(base.count, scorer.oz_count, best_pipeline, best_count,
                      sorted(top.items(), key=lambda kv: (kv[1], len(kv[0]))), scorer.evaluations,
                      scorer.failures, time.perf_counter() - t0, scorer.improved_functions())


def _entries(pipeline: str) -> list[str]:
    from clairvoyant.llvm.passes import split_top_level
    return split_top_level(pipeline)
