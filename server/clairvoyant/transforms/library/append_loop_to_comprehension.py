"""Replace the append loop with a list comprehension: Replace `res = []` immediately followed by a `for` loop whose only statement is `res.append(expr)` (optionally inside a single `if cond:`) with `res = [expr for x in xs]` / `res = [expr for x in xs if cond]`.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
2 rules; 14 of 15 cases pass; the rest are left unchanged.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    kind,
    match_window,
    no_call,
    not_contains,
    not_in_class_body,
    not_read_after,
    same,
)

NAME = 'append-loop-to-comprehension'
TITLE = 'Replace the append loop with a list comprehension'
DESCRIPTION = 'Replace `res = []` immediately followed by a `for` loop whose only statement is `res.append(expr)` (optionally inside a single `if cond:`) with `res = [expr for x in xs]` / `res = [expr for x in xs if cond]`.'
PRECISE_ONLY = True

# rule_1: learned from 7 site(s); for example
#     result = []
#     for n in nums:
#         result.append(n * n)
# becomes
#     result = [n * n for n in nums]
RULE_1 = [
    m.SimpleStatementLine(
        body=[
            m.Assign(
                targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target"))],
                value=m.List(elements=[]),
            ),
        ],
    ),
    m.For(
        target=m.SaveMatchedNode(m.DoNotCare(), "target_2"),
        iter=m.SaveMatchedNode(m.DoNotCare(), "iter"),
        body=m.OneOf(
            m.IndentedBlock(
                body=[
                    m.SimpleStatementLine(
                        body=[
                            m.Expr(
                                value=m.Call(
                                    func=m.Attribute(
                                        value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                        attr=m.Name(value='append'),
                                    ),
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
                ],
            ),
            m.SimpleStatementSuite(
                body=[
                    m.Expr(
                        value=m.Call(
                            func=m.Attribute(
                                value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                attr=m.Name(value='append'),
                            ),
                            args=[m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star='')],
                        ),
                    ),
                ],
            ),
        ),
        orelse=None,
        asynchronous=None,
    ),
]

# rule_2: learned from 1 site(s); for example
#     names = []
#     for user in users:
#         if user.active:
#             names.append(user.name)
# becomes
#     names = [user.name for user in users if user.active]
RULE_2 = [
    m.SimpleStatementLine(
        body=[
            m.Assign(
                targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target"))],
                value=m.List(elements=[]),
            ),
        ],
    ),
    m.For(
        target=m.SaveMatchedNode(m.DoNotCare(), "target_2"),
        iter=m.SaveMatchedNode(m.DoNotCare(), "iter"),
        body=m.IndentedBlock(
            body=[
                m.If(
                    test=m.SaveMatchedNode(m.DoNotCare(), "test"),
                    body=m.OneOf(
                        m.IndentedBlock(
                            body=[
                                m.SimpleStatementLine(
                                    body=[
                                        m.Expr(
                                            value=m.Call(
                                                func=m.Attribute(
                                                    value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                                    attr=m.Name(value='append'),
                                                ),
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
                            ],
                        ),
                        m.SimpleStatementSuite(
                            body=[
                                m.Expr(
                                    value=m.Call(
                                        func=m.Attribute(
                                            value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                            attr=m.Name(value='append'),
                                        ),
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
                    ),
                    orelse=None,
                ),
            ],
        ),
        orelse=None,
        asynchronous=None,
    ),
]


class Transform(RuleTransformer):
    """Replace the append loop with a list comprehension."""

    NAME = NAME
    BLOCK_RULES = ((2, "rule_2"), (2, "rule_1"),)

    def rule_1(self, stmts):
        """Rewrite statements like `result = []; for n in nums: result.append(n * n)`"""
        b = self.bind(match_window(stmts, RULE_1))
        if b is None or not (
            same(b["target"], b["target__2"]) and
            not_read_after(self.context, b["target_2"]) and
            no_call(b["target"]) and
            kind(b["target"]) in {'Name'} and
            kind(b["target_2"]) in {'Name', 'Tuple'} and
            not_contains(b["iter"], b["target"]) and
            not_contains(b["arg"], b["target"]) and
            not_contains(b["iter"], b["target_2"]) and
            not_in_class_body(self.context)
        ):
            return None
        return [
            stmts[0].with_changes(
                body=[
                    cst.Assign(
                        targets=[cst.AssignTarget(target=b["target"])],
                        value=cst.ListComp(
                            elt=b["arg"],
                            for_in=cst.CompFor(target=b["target_2"], iter=b["iter"], ifs=[]),
                        ),
                    ),
                ],
            ),
        ]

    def rule_2(self, stmts):
        """Rewrite statements like `names = []; for user in users: if user.active: names.append(user.name)`"""
        b = self.bind(match_window(stmts, RULE_2))
        if b is None or not (
            same(b["target"], b["target__2"]) and
            not_read_after(self.context, b["target_2"]) and
            no_call(b["target"]) and
            kind(b["target"]) in {'Name'} and
            kind(b["target_2"]) in {'Name'} and
            not_contains(b["iter"], b["target"]) and
            not_contains(b["test"], b["target"]) and
            not_contains(b["arg"], b["target"]) and
            not_contains(b["iter"], b["target_2"]) and
            not_in_class_body(self.context)
        ):
            return None
        return [
            stmts[0].with_changes(
                body=[
                    cst.Assign(
                        targets=[cst.AssignTarget(target=b["target"])],
                        value=cst.ListComp(
                            elt=b["arg"],
                            for_in=cst.CompFor(
                                target=b["target_2"],
                                iter=b["iter"],
                                ifs=[cst.CompIf(test=b["test"])],
                            ),
                        ),
                    ),
                ],
            ),
        ]
