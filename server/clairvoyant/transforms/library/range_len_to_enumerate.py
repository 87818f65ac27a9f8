"""Use enumerate() instead of range(len(...)): Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
3 rules; 8 of 15 cases pass; the rest are left unchanged.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, not_read_after, same

NAME = 'range-len-to-enumerate'
TITLE = 'Use enumerate() instead of range(len(...))'
DESCRIPTION = 'Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).'
PRECISE_ONLY = True

# rule_1: learned from 1 site(s); for example
#     for i in range(len(words)):
#         total += len(words[i])
# becomes
#     for i, word in enumerate(words):
#         total += len(word)
RULE_1 = m.For(
    target=m.SaveMatchedNode(m.DoNotCare(), "target"),
    iter=m.Call(
        func=m.Name(value='range'),
        args=[
            m.Arg(
                value=m.Call(func=m.Name(value='len'), args=[m.SaveMatchedNode(m.DoNotCare(), "iter")]),
                keyword=None,
                star='',
            ),
        ],
    ),
    body=m.OneOf(
        m.IndentedBlock(
            body=[
                m.SimpleStatementLine(
                    body=[
                        m.AugAssign(
                            target=m.SaveMatchedNode(m.DoNotCare(), "target_2"),
                            operator=m.AddAssign(),
                            value=m.Call(
                                func=m.Name(value='len'),
                                args=[
                                    m.Arg(
                                        value=m.Subscript(
                                            value=m.SaveMatchedNode(m.DoNotCare(), "node"),
                                            slice=[
                                                m.SubscriptElement(
                                                    slice=m.Index(
                                                        value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                                        star=None,
                                                    ),
                                                ),
                                            ],
                                        ),
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
                m.AugAssign(
                    target=m.SaveMatchedNode(m.DoNotCare(), "target_2"),
                    operator=m.AddAssign(),
                    value=m.Call(
                        func=m.Name(value='len'),
                        args=[
                            m.Arg(
                                value=m.Subscript(
                                    value=m.SaveMatchedNode(m.DoNotCare(), "node"),
                                    slice=[
                                        m.SubscriptElement(
                                            slice=m.Index(
                                                value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                                star=None,
                                            ),
                                        ),
                                    ],
                                ),
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
    asynchronous=None,
)

# rule_2: learned from 1 site(s); for example
#     for i in range(len(lines)):
#         print(i + 1, lines[i].rstrip())
# becomes
#     for i, line in enumerate(lines):
#         print(i + 1, line.rstrip())
RULE_2 = m.For(
    target=m.SaveMatchedNode(m.DoNotCare(), "target"),
    iter=m.Call(
        func=m.Name(value='range'),
        args=[
            m.Arg(
                value=m.Call(func=m.Name(value='len'), args=[m.SaveMatchedNode(m.DoNotCare(), "iter")]),
                keyword=None,
                star='',
            ),
        ],
    ),
    body=m.OneOf(
        m.IndentedBlock(
            body=[
                m.SimpleStatementLine(
                    body=[
                        m.Expr(
                            value=m.Call(
                                func=m.Name(value='print'),
                                args=[
                                    m.SaveMatchedNode(m.DoNotCare(), "node"),
                                    m.Arg(
                                        value=m.Call(
                                            func=m.Attribute(
                                                value=m.Subscript(
                                                    value=m.Name(value='lines'),
                                                    slice=[
                                                        m.SubscriptElement(
                                                            slice=m.Index(value=m.Name(value='i'), star=None),
                                                        ),
                                                    ],
                                                ),
                                                attr=m.SaveMatchedNode(m.DoNotCare(), "attr"),
                                            ),
                                            args=[],
                                        ),
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
                        func=m.Name(value='print'),
                        args=[
                            m.SaveMatchedNode(m.DoNotCare(), "node"),
                            m.Arg(
                                value=m.Call(
                                    func=m.Attribute(
                                        value=m.Subscript(
                                            value=m.Name(value='lines'),
                                            slice=[
                                                m.SubscriptElement(
                                                    slice=m.Index(value=m.Name(value='i'), star=None),
                                                ),
                                            ],
                                        ),
                                        attr=m.SaveMatchedNode(m.DoNotCare(), "attr"),
                                    ),
                                    args=[],
                                ),
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
    asynchronous=None,
)

# rule_3: learned from 1 site(s); for example
#     for idx in range(len(data)):
#         if data[idx] == target:
#             return idx
# becomes
#     for idx, item in enumerate(data):
#         if item == target:
#             return idx
RULE_3 = m.For(
    target=m.SaveMatchedNode(m.DoNotCare(), "target"),
    iter=m.Call(
        func=m.Name(value='range'),
        args=[
            m.Arg(
                value=m.Call(func=m.Name(value='len'), args=[m.SaveMatchedNode(m.DoNotCare(), "iter")]),
                keyword=None,
                star='',
            ),
        ],
    ),
    body=m.IndentedBlock(
        body=[
            m.If(
                test=m.Comparison(
                    left=m.Subscript(
                        value=m.SaveMatchedNode(m.DoNotCare(), "left"),
                        slice=[
                            m.SubscriptElement(
                                slice=m.Index(value=m.SaveMatchedNode(m.DoNotCare(), "target__2"), star=None),
                            ),
                        ],
                    ),
                    comparisons=[m.SaveMatchedNode(m.DoNotCare(), "test")],
                    lpar=[],
                ),
                body=m.SaveMatchedNode(m.DoNotCare(), "node"),
                orelse=None,
            ),
        ],
    ),
    orelse=None,
    asynchronous=None,
)


class Transform(RuleTransformer):
    """Use enumerate() instead of range(len(...))."""

    NAME = NAME

    def leave_For(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_1, self.rule_3)

    def rule_1(self, node):
        """Rewrite a For like `for i in range(len(words)): total += len(words[i])`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (same(b["target"], b["target__2"])):
            return None
        return node.with_changes(
                target=cst.Tuple(
                    elements=[cst.Element(value=b["target"]), cst.Element(value=cst.Name(value='word'))],
                ),
                iter=cst.Call(func=cst.Name(value='enumerate'), args=[b["iter"]]),
                body=cst.IndentedBlock(
                    body=[
                        cst.SimpleStatementLine(
                            body=[
                                cst.AugAssign(
                                    target=b["target_2"],
                                    operator=cst.AddAssign(),
                                    value=cst.Call(
                                        func=cst.Name(value='len'),
                                        args=[cst.Arg(value=cst.Name(value='word'))],
                                    ),
                                ),
                            ],
                        ),
                    ],
                ),
                orelse=None,
                asynchronous=None,
            )

    def rule_2(self, node):
        """Rewrite a For like `for i in range(len(lines)): print(i + 1, lines[i].rstrip())`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None:
            return None
        return node.with_changes(
                target=cst.Tuple(
                    elements=[cst.Element(value=b["target"]), cst.Element(value=cst.Name(value='line'))],
                ),
                iter=cst.Call(func=cst.Name(value='enumerate'), args=[b["iter"]]),
                body=cst.IndentedBlock(
                    body=[
                        cst.SimpleStatementLine(
                            body=[
                                cst.Expr(
                                    value=cst.Call(
                                        func=cst.Name(value='print'),
                                        args=[
                                            b["node"],
                                            cst.Arg(
                                                value=cst.Call(
                                                    func=cst.Attribute(
                                                        value=cst.Name(value='line'),
                                                        attr=b["attr"],
                                                    ),
                                                    args=[],
                                                ),
                                            ),
                                        ],
                                    ),
                                ),
                            ],
                        ),
                    ],
                ),
                orelse=None,
                asynchronous=None,
            )

    def rule_3(self, node):
        """Rewrite a For like `for idx in range(len(data)): if data[idx] == target: return `..."""
        b = self.bind(m.extract(node, RULE_3))
        if b is None or not (same(b["target"], b["target__2"]) and not_read_after(self.context, b["left"])):
            return None
        return node.with_changes(
                target=cst.Tuple(
                    elements=[cst.Element(value=b["target"]), cst.Element(value=cst.Name(value='item'))],
                ),
                iter=cst.Call(func=cst.Name(value='enumerate'), args=[b["iter"]]),
                body=cst.IndentedBlock(
                    body=[
                        cst.If(
                            test=cst.Comparison(left=cst.Name(value='item'), comparisons=[b["test"]]),
                            body=b["node"],
                        ),
                    ],
                ),
                orelse=None,
                asynchronous=None,
            )
