"""Merge nested if statements: Merge `if a:` whose only statement is `if b:` (no else/elif on either) into `if a and b:`, parenthesizing `or`/conditional/lambda/walrus operands and dedenting the inner body.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
2 rules; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer

NAME = 'merge-nested-if'
TITLE = 'Merge nested if statements'
DESCRIPTION = 'Merge `if a:` whose only statement is `if b:` (no else/elif on either) into `if a and b:`, parenthesizing `or`/conditional/lambda/walrus operands and dedenting the inner body.'
PRECISE_ONLY = False

# rule_1: learned from 2 site(s); for example
#     if order.paid:
#         if order.items:
#             ship(order)
#             notify(order.customer)
# becomes
#     if order.paid and order.items:
#         ship(order)
#         notify(order.customer)
RULE_1 = m.If(
    test=m.SaveMatchedNode(m.DoNotCare(), "test"),
    body=m.IndentedBlock(
        body=[
            m.If(
                test=m.SaveMatchedNode(m.DoNotCare(), "test_2"),
                body=m.IndentedBlock(
                    body=[
                        m.SimpleStatementLine(
                            body=[
                                m.Expr(
                                    value=m.Call(
                                        func=m.SaveMatchedNode(m.DoNotCare(), "func"),
                                        args=[
                                            m.Arg(
                                                value=m.SaveMatchedNode(m.DoNotCare(), "arg"),
                                                keyword=None,
                                                star='',
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        ),
                        m.SimpleStatementLine(
                            body=[
                                m.Expr(
                                    value=m.Call(
                                        func=m.SaveMatchedNode(m.DoNotCare(), "func_2"),
                                        args=[
                                            m.Arg(
                                                value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"),
                                                keyword=None,
                                                star='',
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        ),
                    ],
                ),
                orelse=None,
            ),
        ],
    ),
    orelse=None,
)

# rule_2: learned from 1 site(s); for example
#     if user.active:
#         if user.is_admin or user.is_staff:
#             grant(user)
# becomes
#     if user.active and (user.is_admin or user.is_staff):
#         grant(user)
RULE_2 = m.If(
    test=m.SaveMatchedNode(m.DoNotCare(), "test"),
    body=m.IndentedBlock(
        body=[
            m.If(
                test=m.SaveMatchedNode(m.DoNotCare(), "test_2"),
                body=m.SaveMatchedNode(m.DoNotCare(), "stmt"),
                orelse=None,
            ),
        ],
    ),
    orelse=None,
)


class Transform(RuleTransformer):
    """Merge nested if statements."""

    NAME = NAME

    def leave_If(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1, self.rule_2)

    def rule_1(self, node):
        """Rewrite a If like `if order.paid: if order.items: ship(order) notify(order.customer)`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None:
            return None
        return node.with_changes(
            test=cst.BooleanOperation(left=b["test"], operator=cst.And(), right=b["test_2"]),
            body=cst.IndentedBlock(
                body=[
                    cst.SimpleStatementLine(
                        body=[cst.Expr(value=cst.Call(func=b["func"], args=[cst.Arg(value=b["arg"])]))],
                    ),
                    cst.SimpleStatementLine(
                        body=[cst.Expr(value=cst.Call(func=b["func_2"], args=[cst.Arg(value=b["arg_2"])]))],
                    ),
                ],
            ),
            orelse=None,
        )

    def rule_2(self, node):
        """Rewrite a If like `if user.active: if user.is_admin or user.is_staff: grant(user)`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None:
            return None
        return node.with_changes(
            test=cst.BooleanOperation(left=b["test"], operator=cst.And(), right=b["test_2"]),
            body=b["stmt"],
            orelse=None,
        )
