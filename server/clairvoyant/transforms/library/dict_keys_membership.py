"""Drop the redundant `.keys()`: Drop a redundant `.keys()` call in membership tests (`k in d.keys()`, `k not in d.keys()`) and in `for k in d.keys():` loops.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, context_in

NAME = 'dict-keys-membership'
TITLE = 'Drop the redundant `.keys()`'
DESCRIPTION = 'Drop a redundant `.keys()` call in membership tests (`k in d.keys()`, `k not in d.keys()`) and in `for k in d.keys():` loops.'
PRECISE_ONLY = False

# rule_1: learned from 3 site(s); for example
#     config.keys()
# becomes
#     config
RULE_1 = m.Call(func=m.Attribute(value=m.SaveMatchedNode(m.DoNotCare(), "func"), attr=m.Name(value='keys')), args=[])


class Transform(RuleTransformer):
    """Drop the redundant `.keys()`."""

    NAME = NAME

    def leave_Call(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Call like `config.keys()`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            context_in(self.context, 1, {(('ComparisonTarget', 'comparator', 'In'),), (('ComparisonTarget', 'comparator', 'NotIn'),), (('For', 'iter'),)})
        ):
            return None
        return b["func"]
