"""Nested rewrites: a feedback site that joins no cluster, explained as rules applied innermost first."""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms.rules import Mismatch, build_rule
from clairvoyant.transforms.sites import Site
from clairvoyant.transforms.terms import to_term


def decompose(clusters: list, site: Site) -> list[tuple] | None:
    """Explain a site that joins no cluster as nested rewrites, the way rules apply (innermost first): a part
    of its before-code that some cluster rewrites into a part of its after-code is replaced by that after-code,
    until the remaining (outer) change joins a cluster too.  Returns the (cluster, site) pairs to add, or None."""
    if site.window or len(site.before) != 1 or len(site.after) != 1 or site.before[0].node is None:
        return None
    nodes = [c for c in clusters if not c.sites[0].window and c.all_sites()]
    if not nodes:
        return None
    after = site.after[0]
    after_keys = {t.key for t in after.walk()}
    pending: dict[int, list[Site]] = {id(c): [] for c in clusters}
    parts: list[tuple] = []

    def joins(cluster, candidate: Site) -> bool:
        try:
            build_rule(cluster.all_sites() + pending[id(cluster)] + [candidate])
        except Mismatch:
            return False
        return True

    def nested(node: cst.CSTNode) -> tuple | None:
        term = to_term(node)
        before_keys = {t.key for t in term.walk()}
        for x in reversed(list(term.walk())[1:]):  # innermost first
            if x.node is None or x.key in after_keys:
                continue
            for cluster in nodes:
                if cluster.sites[0].before[0].type != x.type:
                    continue
                results = {s.after[0].type for s in cluster.all_sites()}
                ancestors = site.ancestors[:-1] + _path(node, x.node)
                for y in after.walk():
                    if y.node is None or y.type not in results or y.key in before_keys or y.key == after.key:
                        continue
                    part = Site((x,), (y,), False, site.example, ancestors, site.imports)
                    if joins(cluster, part):
                        return cluster, part, x.node, y.node
        return None

    node = site.before[0].node
    while len(parts) < 16 and (found := nested(node)) is not None:
        cluster, part, old, new = found
        pending[id(cluster)].append(part)
        parts.append((cluster, part))
        node = node.deep_replace(old, new)  # what the outer rule sees: the nested part already rewritten
    if not parts:
        return None
    outer_term = to_term(node)
    if outer_term.key == after.key:
        return parts  # nothing is left to rewrite outside the nested parts
    outer = Site((outer_term,), site.after, False, site.example, site.ancestors[:-1] + (node,), site.imports)
    for cluster in clusters:
        if not cluster.sites[0].window and joins(cluster, outer):
            return parts + [(cluster, outer)]
    return None


def _path(root: cst.CSTNode, target: cst.CSTNode) -> tuple:
    """The nodes from `root` down to `target` (both included)."""
    stack = [(root, (root,))]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        stack.extend((child, path + (child,)) for child in node.children)
    return (root,)
