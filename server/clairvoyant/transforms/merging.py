"""Merging near-identical rules: one general, guarded rule where clustering left several narrow ones.

Clustering is greedy and in example order, so a site that did not generalize with a cluster when it was seen (a
one-site cluster abstracts only what its output copies) opens a cluster of its own, and later sites can make the
two clusters anti-unify.  `Merger` proposes one such pair at a time (their sites anti-unify into one rule) and
the synthesis loop guards the merged rule against the cases as usual; the merge is kept only when no case that
passed fails and no case is changed wrongly that was not before, otherwise the clusters are restored.
"""

from __future__ import annotations

from clairvoyant.transforms.rules import Mismatch, build_rule


class Merger:
    def __init__(self) -> None:
        self.tried: set[tuple[int, int]] = set()
        self.pending: tuple | None = None  # (snapshot, score before the merge)
        self.merged = 0

    def propose(self, clusters: list, score: tuple[int, int]) -> bool:
        """Merge the first untried pair of clusters whose sites make one rule; False when none is left."""
        for i, a in enumerate(clusters):
            for b in clusters[i + 1:]:
                key = (id(a), id(b))
                if key in self.tried or a.sites[0].window != b.sites[0].window:
                    continue
                self.tried.add(key)
                try:
                    build_rule(a.all_sites() + b.all_sites())
                except Mismatch:
                    continue
                self.pending = (_snapshot(clusters), score)
                merged = type(a)(a.sites + b.sites, a.feedback + b.feedback, [], a.rejected | b.rejected,
                                 {v: set(a.operators.get(v, ())) | set(b.operators.get(v, ()))
                                  for v in a.operators.keys() | b.operators.keys()})
                clusters[clusters.index(a)] = merged
                clusters.remove(b)
                return True
        return False

    def settle(self, clusters: list, score: tuple[int, int]) -> tuple[bool, tuple[int, int]]:
        """Keep or undo the pending merge given the loop's `score` (cases passing, -cases changed wrongly);
        returns whether the clusters were restored and the score now in effect."""
        if self.pending is None:
            return False, score
        snapshot, before = self.pending
        self.pending = None
        if score[0] >= before[0] and score[1] >= before[1]:
            self.merged += 1
            return False, score
        _restore(clusters, snapshot)
        return True, before

    def abandon(self, clusters: list) -> bool:
        """Undo a merge the loop had no time to check; True when something was undone."""
        if self.pending is None:
            return False
        _restore(clusters, self.pending[0])
        self.pending = None
        return True


def _snapshot(clusters: list) -> list:
    return [(c, list(c.sites), list(c.feedback), list(c.guards), set(c.rejected), dict(c.operators))
            for c in clusters]


def _restore(clusters: list, snapshot: list) -> None:
    clusters[:] = [c for c, *_ in snapshot]
    for c, sites, feedback, guards, rejected, operators in snapshot:
        c.sites, c.feedback, c.guards, c.rejected, c.operators = sites, feedback, guards, rejected, operators
