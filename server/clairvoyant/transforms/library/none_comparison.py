"""Compare with None using `is`: Replace equality tests against None (`x == None`, `x != None`, `None == x`) with identity tests (`x is None`, `x is not None`).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
2 rules; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, kind

NAME = 'none-comparison'
TITLE = 'Compare with None using `is`'
DESCRIPTION = 'Replace equality tests against None (`x == None`, `x != None`, `None == x`) with identity tests (`x is None`, `x is not None`).'
PRECISE_ONLY = False

# rule_1: learned from 3 site(s); for example
#     user == None
# becomes
#     user is None
RULE_1 = m.Comparison(
    left=m.SaveMatchedNode(m.DoNotCare(), "left"),
    comparisons=[
        m.ComparisonTarget(operator=m.SaveMatchedNode(m.DoNotCare(), "op"), comparator=m.Name(value='None')),
    ],
)
RULE_1_OPERATOR = {"Equal": cst.Is, "NotEqual": cst.IsNot}

# rule_2: learned from 1 site(s); for example
#     None == row.parent
# becomes
#     row.parent is None
RULE_2 = m.Comparison(
    left=m.Name(value='None'),
    comparisons=[
        m.ComparisonTarget(operator=m.Equal(), comparator=m.SaveMatchedNode(m.DoNotCare(), "comparator")),
    ],
)


class Transform(RuleTransformer):
    """Compare with None using `is`."""

    NAME = NAME

    def leave_Comparison(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Comparison like `user == None`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (kind(b["op"]) in RULE_1_OPERATOR):
            return None
        try:
            return node.with_changes(
                left=b["left"],
                comparisons=[
                    cst.ComparisonTarget(
                        operator=RULE_1_OPERATOR[kind(b["op"])](),
                        comparator=cst.Name(value='None'),
                    ),
                ],
            )
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match

    def rule_2(self, node):
        """Rewrite a Comparison like `None == row.parent`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None:
            return None
        return node.with_changes(
            left=b["comparator"],
            comparisons=[cst.ComparisonTarget(operator=cst.Is(), comparator=cst.Name(value='None'))],
        )
