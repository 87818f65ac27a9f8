"""Evidence-based generalization: differential testing of variants, generated near-miss negatives, operators
widened by execution, and the workspace as unlabelled evidence (none of it uses the benchmark's transforms)."""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms import synthesize
from clairvoyant.transforms.differential import Probe, run_probes
from clairvoyant.transforms.evidence import looks_like, suspect
from clairvoyant.transforms.variants import operator_family


def _apply(source: str, code: str) -> str:
    namespace: dict = {}
    exec(compile(source, "<synthesized>", "exec"), namespace)  # noqa: S102 - the synthesizer's output
    return cst.parse_module(code).visit(namespace["Transform"]()).code


TYPE_CHECKS = [
    {"before": "def f(v):\n    if type(v) == int:\n        return 1\n    return 0\n",
     "after": "def f(v):\n    if isinstance(v, int):\n        return 1\n    return 0\n"},
    {"before": "ok = type(obj) is float\n", "after": "ok = isinstance(obj, float)\n"},
]


def test_probes_compare_before_and_after_on_generated_inputs():
    same = Probe("r", "variant", "n = n + k\n", "n += k\n", ("k", "n"))
    differs = Probe("r", "variant", "n = k == None\n", "n = k is None\n", ("k", "n"))  # element-wise __eq__
    broken = Probe("r", "variant", "n = undefined_thing(k)\n", "n = 1\n", ("k", "n"))
    a, b, c = run_probes([same, differs, broken])
    assert a.agrees and a.informative > 0
    assert b.differ > 0
    assert c.informative == 0 and not c.agrees  # the before-code always raises: no evidence


def test_a_probe_that_does_not_stop_is_cut_short_per_input():
    (outcome,) = run_probes([Probe("r", "variant", "while n:\n    pass\n", "pass\n", ("n",))])
    assert outcome is not None and outcome.informative > 0 and outcome.differ == 0  # falsy inputs only


def test_inputs_on_which_the_examples_differ_are_left_out_for_the_variants():
    example = Probe("r", "example", "r = type(x) == int\n", "r = isinstance(x, int)\n", ("r", "x"))  # differs for True
    variant = Probe("r", "variant", "r = type(y) == float\n", "r = isinstance(y, float)\n", ("r", "y"))
    other = Probe("s", "variant", "r = type(y) == int\n", "r = isinstance(y, int)\n", ("r", "y"))
    outcomes = run_probes([example, variant, other])
    assert outcomes[0].differ > 0
    assert outcomes[1].agrees
    assert outcomes[2].differ > 0  # another rule's examples do not excuse it


def test_a_variant_that_changes_behaviour_becomes_a_guarded_near_miss():
    result = synthesize(TYPE_CHECKS, "type-check")
    assert result.ok and result.evidence["negatives"] > 0
    assert _apply(result.module_source, "same = type(a) == type(b)\n") == "same = type(a) == type(b)\n"
    assert _apply(result.module_source, "w = type(q) == 'str'\n") == "w = type(q) == 'str'\n"
    assert _apply(result.module_source, "z = type(q) == float\n") == "z = isinstance(q, float)\n"
    # without the variants, the rule generalizes over the comparator blindly
    blind = synthesize(TYPE_CHECKS, "type-check", differential=False)
    assert _apply(blind.module_source, "same = type(a) == type(b)\n") == "same = isinstance(a, type(b))\n"


def test_operators_shown_to_behave_widen_the_rule():
    examples = [{"before": "count = count + 1\n", "after": "count += 1\n"},
                {"before": "def g(total, x):\n    total = total * x\n    return total\n",
                 "after": "def g(total, x):\n    total *= x\n    return total\n"}]
    result = synthesize(examples, "augment")
    assert _apply(result.module_source, "left = left - step\n") == "left -= step\n"
    assert _apply(result.module_source, "m = m @ other\n") == "m = m @ other\n"  # never ran: not shown
    narrow = synthesize(examples, "augment", differential=False)
    assert _apply(narrow.module_source, "left = left - step\n") == "left = left - step\n"


def test_operator_families():
    assert "Subtract" in operator_family({"Add"}) and "In" not in operator_family({"Add"})
    assert operator_family({"In", "Is"}) >= {"NotIn", "IsNot", "Equal"}


def test_a_rule_matching_much_of_the_workspace_unlike_its_examples_is_narrowed():
    examples = [{"before": "result = compute(value)\n", "after": "result = compute(value, strict=True)\n"}]
    corpus = ["\n".join(f"o{i}.a = compute(xs[{i}])" for i in range(6)) + "\nprint(1)\n"]
    code = "obj.attr = compute(items[0])\nres = compute(v)\n"
    plain = synthesize(examples, "strict")
    assert "obj.attr = compute(items[0], strict" in _apply(plain.module_source, code)
    informed = synthesize(examples, "strict", corpus=corpus)
    out = _apply(informed.module_source, code)
    assert out.startswith("obj.attr = compute(items[0])\n") and "res = compute(v, strict" in out
    assert informed.evidence["corpus"]["statements"] == 7


def test_a_workspace_that_looks_like_the_examples_changes_nothing():
    examples = [{"before": "result = compute(value)\n", "after": "result = compute(value, strict=True)\n"}]
    corpus = ["\n".join(f"r{i} = compute(v{i})" for i in range(6)) + "\n"]
    informed = synthesize(examples, "strict", corpus=corpus)
    assert informed.module_source == synthesize(examples, "strict").module_source
    assert informed.evidence["corpus"]["rules"]["rule_1"] == {"sites": 6, "like_examples": 6}


def test_suspect_needs_a_large_share_of_unlike_sites():
    assert not suspect([], [], 10)
    assert not looks_like(object(), [])
