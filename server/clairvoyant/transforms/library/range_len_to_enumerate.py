"""Use enumerate() instead of range(len(...)): Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    fresh_name,
    kind,
    not_modified_in,
    not_shadowed,
    substitute,
)

NAME = 'range-len-to-enumerate'
TITLE = 'Use enumerate() instead of range(len(...))'
DESCRIPTION = 'Rewrite `for i in range(len(xs)):` loops that only read `xs[i]` into `for i, x in enumerate(xs):`, replacing every `xs[i]` read with a fresh element name (singular of `xs`, else `item`).'
PRECISE_ONLY = False

# rule_1: learned from 6 site(s); for example
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


class Transform(RuleTransformer):
    """Use enumerate() instead of range(len(...))."""

    NAME = NAME

    def leave_For(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

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
