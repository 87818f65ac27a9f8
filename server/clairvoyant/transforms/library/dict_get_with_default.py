"""Use dict.get() with a default: Replace `if k in d: v = d[k]` / `else: v = default` with `v = d.get(k, default)` (same key, mapping and target; default a simple call-free expression; a `None` default gives `d.get(k)`).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
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
    same,
    unless_none,
)

NAME = 'dict-get-with-default'
TITLE = 'Use dict.get() with a default'
DESCRIPTION = 'Replace `if k in d: v = d[k]` / `else: v = default` with `v = d.get(k, default)` (same key, mapping and target; default a simple call-free expression; a `None` default gives `d.get(k)`).'
PRECISE_ONLY = False

# rule_1: learned from 4 site(s); for example
#     if "port" in config:
#         port = config["port"]
#     else:
#         port = 8080
# becomes
#     port = config.get("port", 8080)
RULE_1 = [
    m.If(
        test=m.Comparison(
            left=m.SaveMatchedNode(m.DoNotCare(), "left"),
            comparisons=[
                m.ComparisonTarget(operator=m.In(), comparator=m.SaveMatchedNode(m.DoNotCare(), "comparator")),
            ],
            lpar=[],
        ),
        body=m.OneOf(
            m.IndentedBlock(
                body=[
                    m.SimpleStatementLine(
                        body=[
                            m.Assign(
                                targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target"))],
                                value=m.Subscript(
                                    value=m.SaveMatchedNode(m.DoNotCare(), "comparator__2"),
                                    slice=[
                                        m.SubscriptElement(
                                            slice=m.Index(
                                                value=m.SaveMatchedNode(m.DoNotCare(), "left__2"),
                                                star=None,
                                            ),
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
                    m.Assign(
                        targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target"))],
                        value=m.Subscript(
                            value=m.SaveMatchedNode(m.DoNotCare(), "comparator__2"),
                            slice=[
                                m.SubscriptElement(
                                    slice=m.Index(
                                        value=m.SaveMatchedNode(m.DoNotCare(), "left__2"),
                                        star=None,
                                    ),
                                ),
                            ],
                        ),
                    ),
                ],
            ),
        ),
        orelse=m.Else(
            body=m.OneOf(
                m.IndentedBlock(
                    body=[
                        m.SimpleStatementLine(
                            body=[
                                m.Assign(
                                    targets=[
                                        m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target__2")),
                                    ],
                                    value=m.SaveMatchedNode(m.DoNotCare(), "stmt"),
                                ),
                            ],
                        ),
                    ],
                ),
                m.SimpleStatementSuite(
                    body=[
                        m.Assign(
                            targets=[m.AssignTarget(target=m.SaveMatchedNode(m.DoNotCare(), "target__2"))],
                            value=m.SaveMatchedNode(m.DoNotCare(), "stmt"),
                        ),
                    ],
                ),
            ),
        ),
    ),
]


class Transform(RuleTransformer):
    """Use dict.get() with a default."""

    NAME = NAME
    BLOCK_RULES = ((1, "rule_1"),)

    def rule_1(self, stmts):
        """Rewrite statements like `if "port" in config: port = config["port"] else: port = 8080`"""
        b = self.bind(match_window(stmts, RULE_1))
        if b is None or not (
            same(b["comparator"], b["comparator__2"]) and
            same(b["left"], b["left__2"]) and
            same(b["target"], b["target__2"]) and
            no_call(b["left"]) and
            no_call(b["comparator"]) and
            no_call(b["target"]) and
            kind(b["target"]) in {'Attribute', 'Name'} and
            no_call(b["stmt"]) and
            not_contains(b["left"], b["target"]) and
            not_contains(b["comparator"], b["target"]) and
            not_contains(b["stmt"], b["target"])
        ):
            return None
        return [
            cst.SimpleStatementLine(
                body=[
                    cst.Assign(
                        targets=[cst.AssignTarget(target=b["target"])],
                        value=cst.Call(
                            func=cst.Attribute(value=b["comparator"], attr=cst.Name(value='get')),
                            args=[cst.Arg(value=b["left"]), *unless_none(b["stmt"], cst.Arg(value=b["stmt"]))],
                        ),
                    ),
                ],
            ),
        ]
