"""The user's own code as unlabelled evidence for a candidate module.

Each rule's matches in a corpus (the workspace's Python files) are counted and compared with its examples: a
match *looks like the examples* when every capture has a kind the examples showed and it sits in a syntactic
context (parent node and field) they showed.  A rule that matches a large share of the corpus's statements,
mostly at sites unlike its examples, is suspect: the synthesizer narrows it with a guard that keeps its examples
(`narrowing`), and prefers, among guards that exclude the same wrong rewrites, the one that keeps the most
corpus sites that look like the examples (`typical_kept`).
"""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms.guards import context_signature
from clairvoyant.transforms.terms import kind

SUSPECT_SHARE = 0.2  # of the corpus's statements
MIN_SITES = 4


def parse_corpus(corpus: list[str]) -> list[cst.Module]:
    """The sources that parse (others are skipped: a workspace has broken files)."""
    out = []
    for source in corpus:
        try:
            out.append(cst.parse_module(source))
        except Exception:  # noqa: BLE001, S112 - libcst raises several kinds of errors on bad input
            continue
    return out


def statements(modules: list[cst.Module]) -> int:
    count = 0

    class Count(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            nonlocal count
            count += isinstance(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement))
            return True

    for module in modules:
        module.visit(Count())
    return count


def corpus_fires(source: str, modules: list[cst.Module]) -> dict[str, list]:
    """rule name -> the rewrites the module `source` would make in the corpus (nothing is written)."""
    namespace: dict = {}
    exec(compile(source, "<synthesized transform>", "exec"), namespace)  # noqa: S102 - our own generated code
    out: dict[str, list] = {}
    for module in modules:
        t = namespace["Transform"](record=True)
        try:
            module.visit(t)
        except Exception:  # noqa: BLE001, S112 - a rule crashing on workspace code gives no evidence
            continue
        for fire in t.fires:
            out.setdefault(fire.rule, []).append(fire)
    return out


def looks_like(fire, good: list) -> bool:
    """Whether a corpus rewrite looks like the rule's correct rewrites `good` (capture kinds and context)."""
    if not good:
        return False
    for x, node in fire.bindings.items():
        if x != "node" and isinstance(node, cst.CSTNode) and kind(node) not in {
                kind(f.bindings[x]) for f in good if isinstance(f.bindings.get(x), cst.CSTNode)}:
            return False
    return context_signature(fire.context, 1) in {context_signature(f.context, 1) for f in good}


def suspect(fires: list, good: list, total: int) -> bool:
    """An over-general rule: it matches a large share of the corpus, mostly at sites unlike its examples."""
    unlike = [f for f in fires if not looks_like(f, good)]
    return len(fires) >= MIN_SITES and len(fires) > SUSPECT_SHARE * max(total, 1) and 2 * len(unlike) > len(fires)


def narrowing(fires: list, good: list, candidates: list) -> list:
    """Guards (from `candidates`, each holding on `good`) that exclude the corpus sites unlike the examples;
    [] when they cannot all be excluded."""
    remaining = [f for f in fires if not looks_like(f, good)]
    chosen = []
    while remaining:
        best = max(candidates, key=lambda g: sum(not g.evaluate(f.bindings, f.context) for f in remaining),
                   default=None)
        if best is None or best in chosen or all(best.evaluate(f.bindings, f.context) for f in remaining):
            return []
        chosen.append(best)
        remaining = [f for f in remaining if best.evaluate(f.bindings, f.context)]
    return chosen


def typical_kept(guard, fires: list, good: list) -> int:
    """How many corpus sites that look like the examples `guard` keeps (a tie-breaker between guards)."""
    return sum(guard.evaluate(f.bindings, f.context) for f in fires if looks_like(f, good))


def summary(fires: dict[str, list], goods: dict[str, list], total: int) -> dict:
    """Per rule: corpus sites matched, how many look like the examples, and the corpus's statement count."""
    return {"statements": total,
            "rules": {rule: {"sites": len(fs), "like_examples": sum(looks_like(f, goods.get(rule, [])) for f in fs)}
                      for rule, fs in sorted(fires.items())}}
