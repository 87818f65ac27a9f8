"""Convert to an f-string: Convert `"...".format(...)` on a single plain string literal with `{}`/`{0}`/`{name}` fields (format specs and conversions allowed) and simple arguments (names, attributes, simple calls) into the equivalent f-string.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, fstring, no_call

NAME = 'format-to-fstring'
TITLE = 'Convert to an f-string'
DESCRIPTION = 'Convert `"...".format(...)` on a single plain string literal with `{}`/`{0}`/`{name}` fields (format specs and conversions allowed) and simple arguments (names, attributes, simple calls) into the equivalent f-string.'
PRECISE_ONLY = False

# rule_1: learned from 3 site(s); for example
#     "Hello, {}!".format(name)
# becomes
#     f"Hello, {name}!"
RULE_1 = m.Call(
    func=m.Attribute(value=m.SaveMatchedNode(m.DoNotCare(), "func"), attr=m.Name(value='format')),
    args=m.SaveMatchedNode(m.DoNotCare(), "args"),
)


class Transform(RuleTransformer):
    """Convert to an f-string."""

    NAME = NAME

    def leave_Call(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Call like `"Hello, {}!".format(name)`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (no_call(b["func"])):
            return None
        try:
            return fstring(node)
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
