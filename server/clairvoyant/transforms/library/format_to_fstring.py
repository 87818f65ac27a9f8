"""Convert to an f-string: Convert `"...".format(...)` on a single plain string literal with `{}`/`{0}`/`{name}` fields (format specs and conversions allowed) and simple arguments (names, attributes, simple calls) into the equivalent f-string.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
3 rules; 7 of 15 cases pass; the rest are left unchanged.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer

NAME = 'format-to-fstring'
TITLE = 'Convert to an f-string'
DESCRIPTION = 'Convert `"...".format(...)` on a single plain string literal with `{}`/`{0}`/`{name}` fields (format specs and conversions allowed) and simple arguments (names, attributes, simple calls) into the equivalent f-string.'
PRECISE_ONLY = True

# rule_1: learned from 1 site(s); for example
#     "Hello, {}!".format(name)
# becomes
#     f"Hello, {name}!"
RULE_1 = m.Call(
    func=m.Attribute(value=m.SimpleString(value='"Hello, {}!"'), attr=m.Name(value='format')),
    args=[m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "node"), keyword=None, star='')],
)

# rule_2: learned from 1 site(s); for example
#     "{0} has {1} items".format(cart.owner, len(cart.items))
# becomes
#     f"{cart.owner} has {len(cart.items)} items"
RULE_2 = m.Call(
    func=m.Attribute(value=m.SimpleString(value='"{0} has {1} items"'), attr=m.Name(value='format')),
    args=[
        m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "node"), keyword=None, star=''),
        m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "node_2"), keyword=None, star=''),
    ],
)

# rule_3: learned from 1 site(s); for example
#     "{name:<10} {score:>6.2f}".format(name=player.name, score=player.score)
# becomes
#     f"{player.name:<10} {player.score:>6.2f}"
RULE_3 = m.Call(
    func=m.Attribute(value=m.SimpleString(value='"{name:<10} {score:>6.2f}"'), attr=m.Name(value='format')),
    args=[
        m.Arg(
            value=m.SaveMatchedNode(m.DoNotCare(), "node"),
            keyword=m.SaveMatchedNode(m.DoNotCare(), "keyword"),
            star='',
        ),
        m.Arg(
            value=m.SaveMatchedNode(m.DoNotCare(), "node_2"),
            keyword=m.SaveMatchedNode(m.DoNotCare(), "keyword_2"),
            star='',
        ),
    ],
)


class Transform(RuleTransformer):
    """Convert to an f-string."""

    NAME = NAME

    def leave_Call(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_3, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Call like `"Hello, {}!".format(name)`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None:
            return None
        return cst.FormattedString(
                parts=[
                    cst.FormattedStringText(value='Hello, '),
                    cst.FormattedStringExpression(expression=b["node"]),
                    cst.FormattedStringText(value='!'),
                ],
                start='f"',
                end='"',
            )

    def rule_2(self, node):
        """Rewrite a Call like `"{0} has {1} items".format(cart.owner, len(cart.items))`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None:
            return None
        return cst.FormattedString(
                parts=[
                    cst.FormattedStringExpression(expression=b["node"]),
                    cst.FormattedStringText(value=' has '),
                    cst.FormattedStringExpression(expression=b["node_2"]),
                    cst.FormattedStringText(value=' items'),
                ],
                start='f"',
                end='"',
            )

    def rule_3(self, node):
        """Rewrite a Call like `"{name:<10} {score:>6.2f}".format(name=player.name, score=pl`..."""
        b = self.bind(m.extract(node, RULE_3))
        if b is None:
            return None
        return cst.FormattedString(
                parts=[
                    cst.FormattedStringExpression(
                        expression=b["node"],
                        format_spec=[cst.FormattedStringText(value='<10')],
                    ),
                    cst.FormattedStringText(value=' '),
                    cst.FormattedStringExpression(
                        expression=b["node_2"],
                        format_spec=[cst.FormattedStringText(value='>6.2f')],
                    ),
                ],
                start='f"',
                end='"',
            )
