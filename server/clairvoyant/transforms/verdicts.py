"""Whether a recorded rewrite was right, judged against the expected code of its case and its change sites."""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms.terms import to_term


def good_fire(case, ok: bool, fire) -> bool:
    """Whether a rewrite was right: its case passes, or it rewrote code inside a region that the expected code
    changes (a change site), its output occurs in what that region becomes, and the code it replaced occurs in
    the expected code fewer times than in the input.  A rewrite outside every change site is wrong even when its
    output happens to occur elsewhere in the expected code."""
    if not case.expected_change:
        return False
    if ok:
        return True
    regions = _regions(case)
    index = regions.get(id(fire.node))
    if index is not None:
        keys = {t.key for a in case.sites[index].after for t in a.walk()}
    elif _covers_site(fire.node, case):
        keys = case.after_keys  # the rewrite encloses a change site: judged against the whole expected code
    else:
        return False
    if not all(to_term(n).key in keys for n in fire.replacement):
        return False
    key = to_term(fire.node).key
    if case.after_counts[key] >= case.before_counts[key]:
        return False
    statement = next((n for n in reversed(fire.context.ancestors)
                      if isinstance(n, (cst.BaseSmallStatement, cst.BaseCompoundStatement))), None)
    return statement is None or to_term(statement).key not in case.after_keys  # its statement was rewritten


def _regions(case) -> dict[int, int]:
    """id of every node inside a change site of `case` -> the index of that site (cached on the case)."""
    if case.regions is None:
        case.regions = {}
        for i, site in enumerate(case.sites):
            for term in site.before:
                for t in term.walk():
                    if t.node is not None:
                        case.regions.setdefault(id(t.node), i)
    return case.regions


def _covers_site(node: cst.CSTNode, case) -> bool:
    roots = {id(t.node) for site in case.sites for t in site.before if t.node is not None}
    return bool(roots) and any(id(t.node) in roots for t in to_term(node).walk())
