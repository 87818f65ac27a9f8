"""Use `yield from`: Replace a `for x in it:` loop whose whole body is `yield x` (plain-name target, no else) with `yield from it`.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    in_async_function,
    kind,
    match_window,
    no_call,
    not_contains,
    not_read_after,
    same,
)

NAME = 'yield-from'
TITLE = 'Use `yield from`'
DESCRIPTION = 'Replace a `for x in it:` loop whose whole body is `yield x` (plain-name target, no else) with `yield from it`.'
PRECISE_ONLY = False

# rule_1: learned from 4 site(s); for example
#     for item in group:
#         yield item
# becomes
#     yield from group
RULE_1 = [
    m.For(
        target=m.SaveMatchedNode(m.DoNotCare(), "target"),
        iter=m.SaveMatchedNode(m.DoNotCare(), "iter"),
        body=m.OneOf(
            m.IndentedBlock(
                body=[
                    m.SimpleStatementLine(
                        body=[
                            m.Expr(
                                value=m.Yield(value=m.SaveMatchedNode(m.DoNotCare(), "target__2"), lpar=[]),
                            ),
                        ],
                    ),
                ],
            ),
            m.SimpleStatementSuite(
                body=[m.Expr(value=m.Yield(value=m.SaveMatchedNode(m.DoNotCare(), "target__2"), lpar=[]))],
            ),
        ),
        orelse=None,
        asynchronous=None,
    ),
]


class Transform(RuleTransformer):
    """Use `yield from`."""

    NAME = NAME
    BLOCK_RULES = ((1, "rule_1"),)

    def rule_1(self, stmts):
        """Rewrite statements like `for item in group: yield item`"""
        b = self.bind(match_window(stmts, RULE_1))
        if b is None or not (
            same(b["target"], b["target__2"]) and
            not_read_after(self.context, b["target"]) and
            not in_async_function(self.context) and
            no_call(b["target"]) and
            kind(b["target"]) in {'Name'} and
            not_contains(b["iter"], b["target"])
        ):
            return None
        return [cst.SimpleStatementLine(body=[cst.Expr(value=cst.Yield(value=cst.From(item=b["iter"])))])]
