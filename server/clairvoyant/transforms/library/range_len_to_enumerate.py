"""Use enumerate() instead of range(len(...)): Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
2 rules; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    fresh_name,
    kind,
    no_call,
    not_modified_in,
    not_shadowed,
    same,
    substitute,
)

NAME = 'range-len-to-enumerate'
TITLE = 'Use enumerate() instead of range(len(...))'
DESCRIPTION = 'Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).'
PRECISE_ONLY = False

# rule_1: learned from 5 site(s); for example
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
                value=m.Call(
                    func=m.Name(value='len'),
                    args=[m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star='')],
                ),
                keyword=None,
                star='',
            ),
        ],
    ),
    body=m.SaveMatchedNode(m.IndentedBlock() | m.SimpleStatementSuite(), "body"),
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
                value=m.Call(
                    func=m.Name(value='len'),
                    args=[m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star='')],
                ),
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
                                    m.Arg(
                                        value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"),
                                        keyword=None,
                                        star='',
                                    ),
                                    m.Arg(
                                        value=m.Call(
                                            func=m.Attribute(
                                                value=m.Subscript(
                                                    value=m.SaveMatchedNode(m.DoNotCare(), "arg__2"),
                                                    slice=[
                                                        m.SubscriptElement(
                                                            slice=m.Index(
                                                                value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                                                star=None,
                                                            ),
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
                            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"), keyword=None, star=''),
                            m.Arg(
                                value=m.Call(
                                    func=m.Attribute(
                                        value=m.Subscript(
                                            value=m.SaveMatchedNode(m.DoNotCare(), "arg__2"),
                                            slice=[
                                                m.SubscriptElement(
                                                    slice=m.Index(
                                                        value=m.SaveMatchedNode(m.DoNotCare(), "target__2"),
                                                        star=None,
                                                    ),
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


class Transform(RuleTransformer):
    """Use enumerate() instead of range(len(...))."""

    NAME = NAME

    def leave_For(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_1)

    def rule_1(self, node):
        """Rewrite a For like `for i in range(len(words)): total += len(words[i])`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            not_modified_in(b["body"], b["arg"]) and
            not_shadowed(self.context, {'enumerate', 'len', 'range'}) and
            kind(b["target"]) in {'Name'}
        ):
            return None
        try:
            return node.with_changes(
                target=cst.Tuple(
                    elements=[
                        cst.Element(value=b["target"]),
                        cst.Element(value=cst.Name(fresh_name(self.context, b["arg"]))),
                    ],
                    lpar=[],
                    rpar=[],
                ),
                iter=cst.Call(func=cst.Name(value='enumerate'), args=[cst.Arg(value=b["arg"])]),
                body=substitute(b["body"], b["arg"], b["target"], fresh_name(self.context, b["arg"])),
                orelse=None,
                asynchronous=None,
            )
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match

    def rule_2(self, node):
        """Rewrite a For like `for i in range(len(lines)): print(i + 1, lines[i].rstrip())`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None or not (
            same(b["arg"], b["arg__2"]) and
            same(b["target"], b["target__2"]) and
            not_shadowed(self.context, {'enumerate', 'len', 'print', 'range'}) and
            kind(b["target"]) in {'Name'} and
            no_call(b["arg_2"]) and
            no_call(b["attr"])
        ):
            return None
        try:
            return node.with_changes(
                target=cst.Tuple(
                    elements=[
                        cst.Element(value=b["target"]),
                        cst.Element(value=cst.Name(fresh_name(self.context, b["arg"]))),
                    ],
                    lpar=[],
                    rpar=[],
                ),
                iter=cst.Call(func=cst.Name(value='enumerate'), args=[cst.Arg(value=b["arg"])]),
                body=substitute(b["body"], b["arg"], b["target"], fresh_name(self.context, b["arg"])),
                orelse=None,
                asynchronous=None,
            )
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
