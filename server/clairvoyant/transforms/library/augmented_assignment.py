"""Use an augmented assignment: Rewrite `x = x <op> y` as the augmented assignment `x <op>= y` (name or attribute target that is the LEFT operand; operators + - * / // % ** | & ^ << >>).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, augmented, kind, no_call, same

NAME = 'augmented-assignment'
TITLE = 'Use an augmented assignment'
DESCRIPTION = 'Rewrite `x = x <op> y` as the augmented assignment `x <op>= y` (name or attribute target that is the LEFT operand; operators + - * / // % ** | & ^ << >>).'
PRECISE_ONLY = False

# rule_1: learned from 13 site(s); for example
#     total = total + price
# becomes
#     total += price
RULE_1 = m.Assign(
    targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target"))],
    value=m.BinaryOperation(
        left=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
        operator=m.SaveMatchedNode(m.DoNotCare(), "op"),
        right=m.SaveMatchedNode(m.DoNotCare(), "right"),
        lpar=[],
    ),
)


class Transform(RuleTransformer):
    """Use an augmented assignment."""

    NAME = NAME

    def leave_Assign(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Assign like `total = total + price`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            same(b["target"], b["target__2"]) and
            no_call(b["target"]) and
            kind(b["target"]) in {'Attribute', 'Name'} and
            kind(b["op"]) in {'Add', 'BitAnd', 'BitOr', 'BitXor', 'Divide', 'FloorDivide', 'LeftShift', 'Modulo', 'Multiply', 'Power', 'RightShift', 'Subtract'}
        ):
            return None
        try:
            return cst.AugAssign(target=b["target"], operator=augmented(b["op"]), value=b["right"])
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
