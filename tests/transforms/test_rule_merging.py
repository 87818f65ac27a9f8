"""Merging near-identical clusters into one rule, kept only when no case is lost."""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms.merging import Merger
from clairvoyant.transforms.sites import find_sites
from clairvoyant.transforms.synthesis import _Cluster
from clairvoyant.transforms.terms import to_term


def _cluster(before: str, after: str, example: int) -> _Cluster:
    sites = find_sites(to_term(cst.parse_module(before)), to_term(cst.parse_module(after)), example)
    return _Cluster(sites)


def _clusters() -> list[_Cluster]:
    return [_cluster("if a == None:\n    pass\n", "if a is None:\n    pass\n", 0),
            _cluster("ok = item.parent == None\n", "ok = item.parent is None\n", 1),
            _cluster("n = n + 1\n", "n += 1\n", 2)]


def test_a_merge_that_loses_nothing_is_kept():
    clusters = _clusters()
    merger = Merger()
    assert merger.propose(clusters, (3, 0))
    assert len(clusters) == 2 and len(clusters[0].sites) == 2
    assert merger.settle(clusters, (3, 0)) == (False, (3, 0))
    assert merger.merged == 1 and len(clusters) == 2
    assert not merger.propose(clusters, (3, 0))  # the comparison and the assignment make no one rule


def test_a_merge_that_loses_a_case_is_undone():
    clusters = _clusters()
    originals = list(clusters)
    merger = Merger()
    assert merger.propose(clusters, (3, 0))
    assert merger.settle(clusters, (2, 0)) == (True, (3, 0))
    assert clusters == originals and [len(c.sites) for c in clusters] == [1, 1, 1]
    assert merger.merged == 0


def test_an_unchecked_merge_is_abandoned():
    clusters = _clusters()
    merger = Merger()
    merger.propose(clusters, (3, 0))
    assert merger.abandon(clusters) and len(clusters) == 3
    assert not merger.abandon(clusters)


def test_outputs_negated_by_an_operator_make_one_rule():
    from clairvoyant.transforms import synthesize

    examples = [{"before": "ok = type(v) == int\n", "after": "ok = isinstance(v, int)\n"},
                {"before": "if type(w) != str:\n    pass\n", "after": "if not isinstance(w, str):\n    pass\n"},
                {"before": "bad = type(z) is not float\n", "after": "bad = not isinstance(z, float)\n"}]
    result = synthesize(examples, "type-check")
    assert result.ok and result.rules == 1 and "negate_if(" in result.module_source
    namespace: dict = {}
    exec(compile(result.module_source, "<synthesized>", "exec"), namespace)  # noqa: S102 - synthesizer output
    rewrite = lambda code: cst.parse_module(code).visit(namespace["Transform"]()).code
    assert rewrite("r = type(q) != dict\n") == "r = not isinstance(q, dict)\n"
    assert rewrite("r = type(q) == dict\n") == "r = isinstance(q, dict)\n"
    assert rewrite("r = type(q) < dict\n") == "r = type(q) < dict\n"  # an operator never seen keeps its code


def test_an_argument_left_out_where_it_is_none_makes_one_rule():
    from clairvoyant.transforms import synthesize

    examples = [{"before": "a = pick(xs) if xs else 0\n", "after": "a = pick(xs, 0)\n"},
                {"before": "b = pick(ys) if ys else None\n", "after": "b = pick(ys)\n"},
                {"before": "c = pick(zs) if zs else -1\n", "after": "c = pick(zs, -1)\n"}]
    result = synthesize(examples, "pick-default")
    assert result.ok and result.rules == 1 and "*unless_none(" in result.module_source
    namespace: dict = {}
    exec(compile(result.module_source, "<synthesized>", "exec"), namespace)  # noqa: S102 - synthesizer output
    rewrite = lambda code: cst.parse_module(code).visit(namespace["Transform"]()).code
    assert rewrite("d = pick(q) if q else None\n") == "d = pick(q)\n"
    assert rewrite("e = pick(q) if q else 5\n") == "e = pick(q, 5)\n"
