"""Decoding strategies over a DecoderModel: greedy, and priority sampling with an optional constraint.

Priority sampling (Grubisic et al., 2024) yields unique sequences in order of model confidence: a priority queue holds
the unexpanded branches of the search tree, keyed by the log-probability of their prefix; each round pops the most
probable branch and completes it greedily, pushing the runner-up tokens met along the way as new branches.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import regex

from .decoder import DecoderModel, KVCache

Constraint = Callable[[list[int]], "Iterable[int] | None"]


@dataclass(frozen=True)
class Candidate:
    """One decoded sequence: its tokens (EOS excluded), text, total log-probability, and whether EOS ended it."""

    ids: tuple[int, ...]
    text: str
    logprob: float
    finished: bool

    @property
    def confidence(self) -> float:
        return math.exp(self.logprob)


class RegexConstraint:
    """Allows a token only if the decoded text stays a prefix of a full match of ``pattern``; EOS needs a full match."""

    def __init__(self, model: DecoderModel, pattern: str):
        self.model = model
        self.pattern = regex.compile(pattern)

    def __call__(self, ids: list[int]) -> list[int]:
        text = self.model.decode(ids)
        allowed = [
            tid
            for tid, piece in enumerate(self.model.token_texts)
            if piece and self.pattern.fullmatch(text + piece, partial=True)
        ]
        if self.pattern.fullmatch(text):
            allowed.append(self.model.eos_id)
        return allowed


def _masked(log_probs: np.ndarray, allowed: Iterable[int] | None) -> np.ndarray:
    """Renormalise the distribution over the allowed tokens (all when ``allowed`` is None)."""
    if allowed is None:
        return log_probs
    index = np.fromiter(allowed, dtype=np.int64)
    masked = np.full_like(log_probs, -np.inf)
    if index.size == 0:
        return masked
    masked[index] = log_probs[index]
    top = masked[index].max()
    return masked - (top + np.log(np.exp(masked[index] - top).sum()))


def _top(dist: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest entries, largest first (argpartition: no full sort of the vocabulary)."""
    k = min(k, dist.size)
    part = np.argpartition(-dist, k - 1)[:k]
    return part[np.argsort(-dist[part], kind="stable")]


def greedy_decode(
    model: DecoderModel,
    prompt_ids: list[int],
    max_new_tokens: int,
    constraint: Constraint | None = None,
    cache: KVCache | None = None,
) -> Candidate:
    """The single most likely continuation, token by token (``prompt_ids`` fed after ``cache`` when given)."""
    return priority_sample(model, prompt_ids, 1, max_new_tokens, constraint, cache=cache)[0]


def priority_sample(
    model: DecoderModel,
    prompt_ids: list[int],
    n: int,
    max_new_tokens: int,
    constraint: Constraint | None = None,
    max_expansions: int | None = None,
    branching: int = 8,
    cache: KVCache | None = None,
) -> list[Candidate]:
    """Up to ``n`` unique sequences in decreasing prefix confidence (the first one is the greedy sequence).

    ``max_expansions`` bounds the number of model steps in total; ``branching`` is how many runner-up tokens per step
    become new branches; ``cache`` holds an already encoded prefix that ``prompt_ids`` continue.
    """
    before = cache.length if cache is not None else 0
    max_new_tokens = max(0, min(max_new_tokens, model.n_ctx - before - len(prompt_ids)))
    root_log_probs, root_cache = model.step(list(prompt_ids), cache)
    budget = max_expansions if max_expansions is not None else n * (max_new_tokens + 1) * 2
    counter = itertools.count()
    # Heap entries: (-prefix logprob, tiebreak, generated ids, pending token or None, cache before it, log-probs).
    heap: list = [(0.0, next(counter), (), None, root_cache, root_log_probs)]
    results: list[Candidate] = []
    steps = 0
    while heap and len(results) < n:
        neg_score, _, ids, pending, cache, log_probs = heapq.heappop(heap)
        score = -neg_score
        ids = list(ids)
        if pending is not None:
            if pending == model.eos_id:
                results.append(Candidate(tuple(ids), model.decode(ids), score, True))
                continue
            ids.append(pending)
            if len(ids) >= max_new_tokens:
                results.append(Candidate(tuple(ids), model.decode(ids), score, False))
                continue
            log_probs, cache = model.step([pending], cache)
            steps += 1
        finished = False
        while True:
            dist = _masked(log_probs, constraint(ids) if constraint else None)
            order = _top(dist, branching + 1)
            best = int(order[0])
            if not np.isfinite(dist[best]):
                break  # the constraint allows nothing: a dead end
            for alt in order[1 : branching + 1]:
                alt = int(alt)
                if np.isfinite(dist[alt]):
                    heapq.heappush(heap, (-(score + dist[alt]), next(counter), tuple(ids), alt, cache, None))
            score += float(dist[best])
            if best == model.eos_id:
                finished = True
                break
            ids.append(best)
            if len(ids) >= max_new_tokens or steps >= budget:
                break
            log_probs, cache = model.step([best], cache)
            steps += 1
        if finished or len(ids) >= max_new_tokens or (steps >= budget and ids):
            results.append(Candidate(tuple(ids), model.decode(ids), score, finished))
        if steps >= budget:
            break
    return results


__all__ = ["Candidate", "Constraint", "KVCache", "RegexConstraint", "greedy_decode", "priority_sample"]
