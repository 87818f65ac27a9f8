"""Use `not in` / `is not`: Rewrite negated membership and identity tests `not x in y` / `not x is y` as `x not in y` / `x is not y`.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, kind, negated

NAME = 'not-in-operator'
TITLE = 'Use `not in` / `is not`'
DESCRIPTION = 'Rewrite negated membership and identity tests `not x in y` / `not x is y` as `x not in y` / `x is not y`.'
PRECISE_ONLY = False

# rule_1: learned from 4 site(s); for example
#     not tag in tags
# becomes
#     tag not in tags
RULE_1 = m.UnaryOperation(
    operator=m.Not(),
    expression=m.Comparison(
        left=m.SaveMatchedNode(m.DoNotCare(), "left"),
        comparisons=[
            m.ComparisonTarget(
                operator=m.SaveMatchedNode(m.DoNotCare(), "op"),
                comparator=m.SaveMatchedNode(m.DoNotCare(), "comparator"),
            ),
        ],
        lpar=[],
    ),
)


class Transform(RuleTransformer):
    """Use `not in` / `is not`."""

    NAME = NAME

    def leave_UnaryOperation(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a UnaryOperation like `not tag in tags`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (kind(b["op"]) in {'In', 'Is', 'IsNot', 'NotIn'}):
            return None
        try:
            return cst.Comparison(
                left=b["left"],
                comparisons=[cst.ComparisonTarget(operator=negated(b["op"]), comparator=b["comparator"])],
            )
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
